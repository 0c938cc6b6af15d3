"""python -m benchmarks.matrix: run the suite under every interpreter in .venv/pythons.

    python -m benchmarks.matrix --repeat 3               # 3.8 ... 3.14, results in benchmarks/results/
    python -m benchmarks.matrix --versions 3.11,3.12 --quick
    python -m benchmarks.matrix --table-only             # re-print the tables from benchmarks/results/

The interpreters are the links made by ``bash scripts/dev.sh setup``; they have no third-party
packages, and each runs ``python -m benchmarks`` with ``PYTHONPATH`` = the repository root (sidefx
needs nothing else at runtime; ``tomli`` is only for the table generator).  Each is first checked
with ``import sidefx``; an interpreter that is missing or cannot import sidefx is reported and
skipped (``--extra-pythonpath DIR`` can supply a missing pure-Python package, ``--python
X.Y=EXE`` another interpreter).  The third-party modules workloads import (``Workload.requires``:
numpy) are installed, on first use, for each version into ``.venv/bench-packages/X.Y`` (wheels
for that version, by this interpreter's pip) and put on that run's ``PYTHONPATH``; where that
fails, or with ``--no-packages``, those workloads report themselves skipped.  Runs are sequential (parallel runs would disturb each other's timings).  Options other
than the ones below (``--repeat``, ``--backend``, ``--quick``, ``--workload``, ``--no-memory``)
are passed to each run.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHONS = os.path.join(REPO, ".venv", "pythons")
PACKAGES = os.path.join(REPO, ".venv", "bench-packages")
RESULTS = os.path.join(REPO, "benchmarks", "results")
VERSIONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")


def _env(extra=()):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([REPO] + list(extra) + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.pop("PYTHONHOME", None)
    return env


def check_interpreter(exe, extra=()):
    """None if ``exe`` runs and imports sidefx with PYTHONPATH=repo root, else the problem."""
    if not os.path.exists(exe):
        return "not found (run: bash scripts/dev.sh setup)"
    probe = "import sys, sidefx; print('%d.%d' % sys.version_info[:2], sidefx.__version__)"
    try:
        out = subprocess.run([exe, "-c", probe], env=_env(extra), cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return "cannot run: %s" % exc
    if out.returncode != 0:
        return "import sidefx failed: %s" % (out.stderr.strip().splitlines() or ["?"])[-1]
    return None


def requirements():
    """The third-party modules the workloads import (each is also its package's name on PyPI)."""
    from benchmarks.workloads import all_workloads
    return sorted({module for workload in all_workloads() for module in workload.requires})


def ensure_packages(version, root=PACKAGES):
    """The directory holding the workloads' third-party packages for CPython ``version``, installed
    there first if need be (binary wheels for that version, by this interpreter's pip); None, with
    the reason printed, if they cannot be installed."""
    target = os.path.join(root, version)
    wanted = requirements()
    marker = os.path.join(target, ".sidefx-installed")
    if os.path.exists(marker):
        with open(marker) as f:
            if f.read().split() == wanted:
                return target
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade",
           "--target", target, "--python-version", version, "--implementation", "cp", "--only-binary=:all:"] + wanted
    print("[matrix] python%s: installing %s into %s" % (version, " ".join(wanted), target), file=sys.stderr, flush=True)
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    if done.returncode != 0:
        print("[matrix] python%s: could not install %s (their workloads are skipped): %s"
              % (version, " ".join(wanted), (done.stdout.strip().splitlines() or ["?"])[-1]), file=sys.stderr, flush=True)
        return None
    with open(marker, "w") as f:
        f.write("\n".join(wanted) + "\n")
    return target


def result_path(version, quick=False, results=RESULTS, pure=False):
    return os.path.join(results, "py%s%s%s.json" % (version, "-pure" if pure else "", "-quick" if quick else ""))


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m benchmarks.matrix", description=__doc__.split("\n")[0])
    parser.add_argument("--versions", default=",".join(VERSIONS),
                        help="comma-separated versions to run (default: %(default)s)")
    parser.add_argument("--results", default=RESULTS, help="directory for the JSON files (default: benchmarks/results)")
    parser.add_argument("--table-only", action="store_true", help="do not run; print the tables from the JSON files")
    parser.add_argument("--full-tables", action="store_true", help="also print each version's full table")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, 1 repeat")
    parser.add_argument("--python", action="append", default=[], metavar="X.Y=EXE",
                        help="use EXE for version X.Y instead of .venv/pythons/pythonX.Y (repeatable)")
    parser.add_argument("--extra-pythonpath", action="append", default=[], metavar="DIR",
                        help="append DIR to PYTHONPATH after the repository root (repeatable), e.g. a "
                             "directory holding a package the bare interpreters lack")
    parser.add_argument("--no-packages", action="store_true",
                        help="do not install the workloads' third-party packages (numpy): their workloads are skipped")
    parser.add_argument("--pure-python", action="store_true",
                        help="force the pure-Python path (results in py3.X-pure.json; tables show both kinds found)")
    return parser


def load_results(results, versions, quick=False):
    """The result documents of ``versions`` in ``results`` (compiled-path and pure-Python runs)."""
    docs = []
    for version in versions:
        for pure in (False, True):
            path = result_path(version, quick, results, pure)
            if os.path.exists(path):
                with open(path) as f:
                    docs.append(json.load(f))
    return docs


def main(argv=None):
    parser = build_parser()
    args, passthrough = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    versions = [v.strip() for v in args.versions.split(",") if v.strip()]
    os.makedirs(args.results, exist_ok=True)
    overrides = {}
    for item in args.python:
        version, sep, exe = item.partition("=")
        if not sep or not exe:
            parser.error("--python wants X.Y=EXE, got %r" % item)
        overrides[version.strip()] = os.path.abspath(exe)
    extra = [os.path.abspath(p) for p in args.extra_pythonpath]
    problems = {}
    if not args.table_only:
        for version in versions:
            exe = overrides.get(version) or os.path.join(PYTHONS, "python" + version)
            packages = None if args.no_packages else ensure_packages(version)
            run_path = extra + ([packages] if packages else [])
            problem = check_interpreter(exe, run_path)
            if problem is not None:
                problems[version] = problem
                print("[matrix] python%s: %s -- skipped" % (version, problem), file=sys.stderr, flush=True)
                continue
            out = result_path(version, args.quick, args.results, args.pure_python)
            cmd = [exe, "-m", "benchmarks", "--json", out, "--quiet"] + (["--quick"] if args.quick else []) + (
                ["--pure-python"] if args.pure_python else []) + passthrough
            print("[matrix] python%s: %s" % (version, " ".join(cmd)), file=sys.stderr, flush=True)
            start = time.time()
            done = subprocess.run(cmd, env=_env(run_path), cwd=REPO, stdout=subprocess.PIPE, universal_newlines=True)
            print("[matrix] python%s finished in %.0f s (exit %d)" % (version, time.time() - start, done.returncode),
                  file=sys.stderr, flush=True)
            if args.full_tables:
                print(done.stdout)
            if done.returncode != 0:
                problems[version] = "benchmark run exited %d" % done.returncode
    from benchmarks.report import format_matrix, format_run

    docs = load_results(args.results, versions, args.quick)
    if args.table_only and args.full_tables:
        for doc in docs:
            print(format_run(doc))
            print()
    if docs:
        print(format_matrix(docs))
    for version, problem in sorted(problems.items()):
        print("python%s: %s" % (version, problem))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
