"""python -m benchmarks.streaming: peak RSS of a long recording streamed to a counting sink.

    python -m benchmarks.streaming --calls 10000000      # the issue's 10-million-call check
    python -m benchmarks.streaming --calls 100000        # quick
    python -m benchmarks.streaming --calls 200000 --keep # the same loop keeping every call, for contrast

The traced program is a loop whose every iteration makes the same 6 recorded calls (``next`` of the
loop, ``%``, a dict display, ``[]``, ``*``, ``+=``) and creates a new dict each time, so a
recorder that kept calls (or their arguments) alive would grow with the run.  The number of
iterations is calibrated from two short runs so that at least ``--calls`` calls are recorded.
The sink only counts.  Peak RSS is ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (the process's
high-water mark, including the interpreter itself); the figure before the run is reported too.
CPU time is ``time.process_time``.
"""
import argparse
import json
import math
import platform
import resource
import sys
import time

import sidefx

from benchmarks.suite import hot_path_info

SOURCE = '''
def churn(n):
    total = 0
    for i in range(n):
        d = {"k": i % 7}
        total += d["k"] * 3
    return total

result = churn(N)
'''


def max_rss_bytes():
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB, macOS bytes


def current_rss_bytes():
    """Current resident set size (Linux /proc; None elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return None


class CountingSink:
    def __init__(self, progress_every=0, log=None):
        self.count = 0
        self.progress_every = progress_every
        self.log = log

    def __call__(self, call):
        self.count += 1
        if self.progress_every and self.count % self.progress_every == 0 and self.log:
            self.log("  %d calls, RSS now %.1f MB" % (self.count, (current_rss_bytes() or 0) / 1e6))


def record(n, backend, sink):
    code = compile(SOURCE, "<streaming>", "exec")
    return sidefx.exec_and_record_function_calls(code, {"N": n, "__name__": "__streaming__"}, backend=backend, sink=sink)


def calibrate(backend):
    """(calls per iteration, fixed calls) from two short runs."""
    a = record(1000, backend, CountingSink()).calls_emitted
    b = record(2000, backend, CountingSink()).calls_emitted
    per = (b - a) / 1000.0
    return per, a - 1000 * per


def run(calls, backend="settrace", keep=False, log=None, progress_every=0):
    per_iteration, fixed = calibrate(backend)
    n = max(1, int(math.ceil((calls - fixed) / per_iteration)))
    rss_before = max_rss_bytes()
    current_before = current_rss_bytes()
    sink = None if keep else CountingSink(progress_every, log)
    if log:
        log("recording %d iterations (~%d calls, %.0f per iteration), backend %s, %s" % (
            n, n * per_iteration + fixed, per_iteration, backend, "keeping calls" if keep else "counting sink"))
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    recording = record(n, backend, sink)
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    rss_peak = max_rss_bytes()
    emitted = recording.calls_emitted
    kept = len(recording.function_calls)
    problems = len(recording.internal_errors) + len(recording.stack_read_errors) + len(recording.not_implemented_ops)
    return {
        "python": platform.python_version(),
        "sidefx_version": sidefx.__version__,
        "hot_path": hot_path_info(),
        "backend": backend,
        "mode": "keep" if keep else "sink",
        "target_calls": calls,
        "iterations": n,
        "calls_per_iteration": per_iteration,
        "calls_recorded": emitted,
        "sink_count": None if keep else sink.count,
        "calls_kept": kept,
        "cpu_s": cpu,
        "wall_s": wall,
        "calls_per_s": emitted / cpu if cpu else None,
        "peak_rss_bytes": rss_peak,
        "peak_rss_before_bytes": rss_before,
        "rss_before_bytes": current_before,
        "rss_after_bytes": current_rss_bytes(),
        "recording_problems": problems,
        "machine": platform.platform(),
    }


def format_result(r):
    lines = [
        "sidefx %s (%s) streaming check on Python %s, backend %s, %s" % (
            r["sidefx_version"], r["hot_path"]["status"], r["python"], r["backend"],
            "keeping every call (no sink)" if r["mode"] == "keep" else "counting sink"),
        "  calls recorded     %d (%d iterations x %.0f)" % (r["calls_recorded"], r["iterations"], r["calls_per_iteration"]),
        "  CPU time           %.1f s (wall %.1f s)" % (r["cpu_s"], r["wall_s"]),
        "  recorded calls/s   %.0f (%.2f us per call)" % (r["calls_per_s"] or 0, 1e6 / r["calls_per_s"] if r["calls_per_s"] else 0),
        "  peak RSS           %.1f MB (ru_maxrss; %.1f MB before the run)" % (r["peak_rss_bytes"] / 1e6, r["peak_rss_before_bytes"] / 1e6),
    ]
    if r["mode"] == "sink":
        lines.append("  sink received      %d calls; calls kept in the Recording: %d" % (r["sink_count"], r["calls_kept"]))
    if r["recording_problems"]:
        lines.append("  recording problems: %d" % r["recording_problems"])
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.streaming", description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=10000000, help="calls to record, at least (default 10,000,000)")
    parser.add_argument("--backend", choices=("settrace", "monitoring"), default="settrace")
    parser.add_argument("--keep", action="store_true", help="keep every call (no sink), for contrast")
    parser.add_argument("--json", metavar="FILE", help="write the result to FILE")
    parser.add_argument("--progress", type=int, default=0, metavar="K", help="print RSS every K calls")
    args = parser.parse_args(argv)
    if args.backend == "monitoring" and sys.version_info < (3, 12):
        parser.error("the monitoring backend needs CPython 3.12+")

    def log(message):
        print(message, file=sys.stderr, flush=True)

    result = run(args.calls, args.backend, args.keep, log, args.progress)
    print(format_result(result))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1, sort_keys=True)
            f.write("\n")
    return 0 if result["calls_recorded"] >= args.calls and not result["recording_problems"] else 1


if __name__ == "__main__":
    sys.exit(main())
