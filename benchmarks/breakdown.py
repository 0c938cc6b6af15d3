"""Where the time of a recording goes: the same workload recorded with parts of the work switched off.

    python -m benchmarks.breakdown                    # arith_loop, settrace, 5 repeats, table
    python -m benchmarks.breakdown --json out.json --workload methods --backend monitoring

Stages (CPU time traced / untraced, median of the per-repeat ratios, like ``python -m benchmarks``):

- ``events``: the backend delivers its events and the engine's entry point returns at once
  (``Engine.instruction`` replaced by a no-op): the cost of observing instructions at all;
- ``translate``: the translators run and read the stack, but calls are never completed
  (``Engine._finish`` a no-op): the cost of reading and translating;
- ``record``: the full recording, every call kept;
- ``record, GC-tracked``: the same with records left in the cyclic garbage collector's view (what
  the recorder did before ``_speedups.untrack``; compiled path only).

The stages replace engine methods for the measurement only; the recording they make is thrown
away.  Which path runs (compiled or pure) is reported; ``SIDEFX_PURE_PYTHON=1`` forces pure.
"""
import argparse
import json
import statistics
import sys

import sidefx
from sidefx import _fast, _recorder

from benchmarks.suite import CLOCK, UNTRACED_INNER, _timed, hot_path_info, python_info
from benchmarks.workloads import all_workloads

STAGES = ("events", "translate", "record", "record, GC-tracked")


class _Switched:
    """Context manager: replace ``Engine`` attributes for the duration."""

    def __init__(self, **replacements):
        self.replacements, self.saved = replacements, {}

    def __enter__(self):
        for name, value in self.replacements.items():
            self.saved[name] = getattr(_recorder.Engine, name)
            setattr(_recorder.Engine, name, value)

    def __exit__(self, *exc):
        for name, value in self.saved.items():
            setattr(_recorder.Engine, name, value)


def _gc_tracked_init(self, *args, **kwargs):
    _ORIGINAL_INIT(self, *args, **kwargs)
    self.untrack = None


_ORIGINAL_INIT = _recorder.Engine.__init__

SWITCHES = {
    "events": dict(instruction=lambda self, frame, st, offset: None),
    "translate": dict(_finish=lambda self, st, frame, pending, res, raised: None),
    "record": {},
    "record, GC-tracked": dict(__init__=_gc_tracked_init),
}


def measure(workload, backend, repeat, quick):
    stages = [s for s in STAGES if s != "record, GC-tracked" or _fast.enabled()]
    ratios = {s: [] for s in stages}
    calls = None
    fresh = workload.globals_factory(quick)
    record = lambda code: sidefx.exec_and_record_function_calls(code, fresh(), backend=backend)
    for _ in range(repeat):
        untraced = statistics.median(
            _timed(lambda code: exec(code, fresh()), workload)[0] for _ in range(UNTRACED_INNER))
        for stage in stages:
            with _Switched(**SWITCHES[stage]):
                elapsed, recording = _timed(record, workload)
            if stage == "record":
                calls = len(recording.function_calls)
            ratios[stage].append(elapsed / untraced)
    return {"workload": workload.name, "backend": backend, "calls": calls,
            "ratio": {s: statistics.median(r) for s, r in ratios.items()}}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.breakdown", description=__doc__.split("\n\n")[0])
    parser.add_argument("--workload", action="append", help="workload name (repeatable; default arith_loop)")
    parser.add_argument("--backend", default="settrace", choices=("settrace", "monitoring"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat (smoke run)")
    parser.add_argument("--json", help="also write the results to this file")
    options = parser.parse_args(argv)
    if options.backend == "monitoring" and sys.version_info < (3, 12):
        parser.error("the monitoring backend needs CPython 3.12+")
    workloads = {w.name: w for w in all_workloads()}
    names = options.workload or ["arith_loop"]
    unknown = [n for n in names if n not in workloads]
    if unknown:
        parser.error("unknown workload(s) %s; one of %s" % (", ".join(unknown), ", ".join(workloads)))
    size = "quick" if options.quick else "full"
    repeat = 1 if options.quick else options.repeat
    results = [measure(workloads[n], options.backend, repeat, options.quick) for n in names]
    document = {"schema": "sidefx-breakdown/1", "python": python_info(), "hot_path": hot_path_info(),
                "clock": CLOCK.__name__, "repeat": repeat, "size": size, "results": results}
    print("CPython %s, %s, %s path" % (sys.version.split()[0], options.backend,
                                        "compiled" if _fast.enabled() else "pure Python"))
    for r in results:
        cells = "  ".join("%s %.0fx" % (stage, ratio) for stage, ratio in r["ratio"].items())
        print("  %-14s %8d calls  %s" % (r["workload"], r["calls"], cells))
    if options.json:
        with open(options.json, "w") as handle:
            json.dump(document, handle, indent=2, sort_keys=True)
            handle.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
