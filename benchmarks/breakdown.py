"""Where the time of a recording goes: the same workload recorded with parts of the work switched off.

    python -m benchmarks.breakdown                    # arith_loop, settrace, 5 repeats, table
    python -m benchmarks.breakdown --json out.json --workload methods --backend monitoring

Stages (CPU time traced / untraced, median of the per-repeat ratios, like ``python -m benchmarks``):

- ``events``: the backend delivers its events and nothing is read: on the compiled path the C
  trace function (or monitoring callback) is told that no instruction makes a call, so no Python
  runs per event; on the pure path ``Engine.instruction`` is a no-op.  The cost of observing
  instructions at all;
- ``translate, Python lane``: the Python translators run and read the stack, but calls are never
  completed (``Engine._finish`` a no-op; compiled fast lane off);
- ``record, Python lane``: the full recording with every call going through the Python engine
  (``SIDEFX_FAST_LANE=0``; compiled path only, the pure path's ``record`` is the same);
- ``record``: the full recording as users get it (compiled path: simple rows in the C fast lane);
- ``record, read every call``: the same, then every call of the recording read once (the compiled
  path's ``CallLog`` makes each ``FunctionCall`` when it is first read: this is what a user who
  looks at every call pays in all);
- ``record, no cyclic GC``: the same with the cyclic garbage collector paused (measurement only:
  the recorder never does this).  Kept records keep the program's objects alive, and CPython's own
  collector traverses them again and again as they pile up; this stage shows how much of
  ``record`` that is (a sink, which lets objects go, avoids it).

The stages patch the recorder for the measurement only; the recording they make is thrown away.
Which path runs (compiled or pure) is reported; ``SIDEFX_PURE_PYTHON=1`` forces pure.
"""
import argparse
import gc
import json
import os
import statistics
import sys

import sidefx
from sidefx import _fast, _recorder

from benchmarks.suite import CLOCK, UNTRACED_INNER, _timed, hot_path_info, python_info
from benchmarks.workloads import all_workloads

STAGES = ("events", "translate, Python lane", "record, Python lane", "record", "record, read every call",
          "record, no cyclic GC")
READ = "record, read every call"  # (timed within the "record" stage's run)


def _no_steps(self, code):
    return bytes(len(code.co_code) // 2 + 1)  # CompiledSettraceBackend: no translator anywhere


def _all_kept_no_steps(self, code):
    return b"\x02" * (len(code.co_code) // 2 + 1)  # CompiledMonitoringBackend: keep every event, run nothing


class _Switched:
    """Context manager: replace class attributes and environment variables for the duration."""

    def __init__(self, patches, environ, collect=True):
        self.patches, self.environ, self.saved, self.collect = patches, environ, [], collect

    def __enter__(self):
        if not self.collect:
            gc.disable()
        for owner, name, value in self.patches:
            self.saved.append((owner, name, owner.__dict__[name]))
            setattr(owner, name, value)
        self.saved_environ = {k: os.environ.get(k) for k in self.environ}
        os.environ.update(self.environ)

    def __exit__(self, *exc):
        if not self.collect:
            gc.enable()
        for owner, name, value in reversed(self.saved):
            setattr(owner, name, value)
        self.saved = []
        for key, value in self.saved_environ.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _switches(compiled):
    python_lane = {"SIDEFX_FAST_LANE": "0"}
    if compiled:
        events = [(_fast.CompiledSettraceBackend, "_bitmap", _no_steps)]
        if hasattr(_fast, "CompiledMonitoringBackend"):
            events.append((_fast.CompiledMonitoringBackend, "_map", _all_kept_no_steps))
        events = _Switched(events, python_lane)
    else:
        events = _Switched([(_recorder.Engine, "instruction", lambda self, frame, st, offset: None)], {})
    switches = {
        "events": events,
        "translate, Python lane": _Switched(
            [(_recorder.Engine, "_finish", lambda self, st, frame, pending, res, raised: None)], python_lane),
        "record, Python lane": _Switched([], python_lane),
        "record": _Switched([], {}),
        "record, no cyclic GC": _Switched([], {}, collect=False),
    }
    if not compiled:
        del switches["record, Python lane"]
    return switches


def measure(workload, backend, repeat, quick):
    switches = _switches(_fast.enabled())
    stages = [s for s in STAGES if s in switches]
    ratios = {s: [] for s in stages + [READ]}
    calls = None
    fresh = workload.globals_factory(quick)
    record = lambda code: sidefx.exec_and_record_function_calls(code, fresh(), backend=backend)
    for _ in range(repeat):
        untraced = statistics.median(
            _timed(lambda code: exec(code, fresh()), workload)[0] for _ in range(UNTRACED_INNER))
        for stage in stages:
            with switches[stage]:
                elapsed, recording = _timed(record, workload)
            if stage == "record":
                calls = len(recording.function_calls)
                start = CLOCK()
                for _ in recording.function_calls:
                    pass
                ratios[READ].append((elapsed + CLOCK() - start) / untraced)
            del recording  # before the next timed run: a kept recording is work for the collector
            ratios[stage].append(elapsed / untraced)
    return {"workload": workload.name, "backend": backend, "calls": calls,
            "ratio": {s: statistics.median(ratios[s]) for s in STAGES if ratios.get(s)}}


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
