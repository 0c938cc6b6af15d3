"""The benchmark workloads: each module defines ``WORKLOAD``, a :class:`Workload`.

A workload is Python source that is compiled once and exec'd in a fresh globals dict per run,
untraced and traced alike; it leaves a comparable value in the global ``result`` so a traced
run can be checked against an untraced one.  Sizes are fixed per workload (the same on every
Python version, so ratios compare across versions) and chosen so an untraced run takes roughly
5-50 ms on CPython 3.11 on a current x86-64 machine; ``quick`` sizes are tiny, for CI.
"""
import importlib


class Workload:
    """One benchmark program.

    ``source``: the program; it reads its size from the global ``N`` and must set ``result``.
    ``sizes``: ``{"full": n, "quick": n}``.  ``requires``: modules the program imports that may
    be missing (the workload is then skipped, never failed).  ``setup(n)``: optional extra
    globals computed outside the timed region (e.g. an input file's text), shared by all runs.
    """

    def __init__(self, name, description, source, sizes, requires=(), setup=None):
        self.name = name
        self.description = description
        self.source = source
        self.sizes = dict(sizes)
        self.requires = tuple(requires)
        self.setup = setup

    def missing_requirement(self):
        """The reason this workload cannot run here (e.g. ``"numpy not installed"``), or None."""
        for module in self.requires:
            try:
                importlib.import_module(module)
            except ImportError:
                return "%s not installed" % module
        return None

    def requirement_versions(self):
        """``{module: its __version__}`` of the modules the program imports (after
        ``missing_requirement`` found them all), for the results."""
        return {module: getattr(importlib.import_module(module), "__version__", None) for module in self.requires}

    def size(self, quick):
        return self.sizes["quick" if quick else "full"]

    def compile(self):
        return compile(self.source, "<benchmark %s>" % self.name, "exec")

    def globals_factory(self, quick):
        """A function returning a fresh globals dict for one run."""
        n = self.size(quick)
        extra = self.setup(n) if self.setup is not None else {}

        def fresh():
            g = {"__name__": "__benchmark__", "__builtins__": __builtins__, "N": n}
            g.update(extra)
            return g

        return fresh


_MODULES = (
    "arith_loop",
    "containers",
    "methods",
    "recursion",
    "comprehensions",
    "fstrings",
    "numpy_vector",
    "csv_report",
)


def all_workloads():
    """Every workload, in the suite's order."""
    return [importlib.import_module("benchmarks.workloads." + name).WORKLOAD for name in _MODULES]


def names():
    return list(_MODULES)
