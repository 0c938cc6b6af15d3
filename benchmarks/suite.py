"""Measurement: untraced vs sidefx-traced vs setprofile-baseline runs of each workload.

Method (also written into the JSON under ``"method"``):

- Clock: ``time.process_time`` (CPU time of this process) for every timing, so that other load
  on the machine disturbs the ratios as little as possible.
- Each repeat runs, back to back: the untraced program (``UNTRACED_INNER`` times; the median of
  those is the repeat's untraced time, because one untraced run is only a few ms), the traced
  program once per backend (``exec_and_record_function_calls`` keeping every call), and the
  setprofile baseline once.  The ratio of a repeat is traced / untraced of that same repeat; the
  reported ratio is the median of the per-repeat ratios, the reported times the medians of the
  per-repeat times.
- Every run gets a fresh globals dict and a freshly compiled code object (compiled outside the
  timed region), so no run inherits another's state (3.11+ specialization, sys.monitoring
  instrumentation left on a code object).  The garbage of a run (its recording) is released and
  collected outside the timed region.
- Peak memory: a separate run per backend (and one untraced, one baseline) under ``tracemalloc``,
  never timed: tracemalloc slows allocation several-fold, so timing and memory are not measured in
  the same run.  The figure is tracemalloc's peak of Python allocations during the run, which for
  a traced run includes the kept recording.
"""
import gc
import platform
import statistics
import sys
import time
import tracemalloc

import sidefx

from benchmarks.baseline import exec_and_profile
from benchmarks.workloads import all_workloads

CLOCK = time.process_time
CLOCK_NAME = "time.process_time"
UNTRACED_INNER = 3
SCHEMA = "sidefx-benchmarks/1"


def available_backends():
    """The sidefx backends this interpreter can run."""
    backends = ["settrace"]
    if sys.version_info >= (3, 12) and hasattr(sys, "monitoring"):
        backends.append("monitoring")
    return backends


def resolve_backends(choice):
    """``--backend`` value -> (backends to run, {backend: reason} for requested-but-unavailable)."""
    available = available_backends()
    if choice == "all":
        return available, {}
    if choice in available:
        return [choice], {}
    return [], {choice: "the %s backend needs CPython 3.12+ (sys.monitoring)" % choice}


def _timed(fn, workload):
    """CPU time of ``fn(code)`` with a freshly compiled code object (compiled outside the timing)."""
    code = workload.compile()
    gc.collect()
    start = CLOCK()
    out = fn(code)
    elapsed = CLOCK() - start
    return elapsed, out


def _peak(fn, workload, summary=None):
    """(tracemalloc peak in bytes, ``summary(out)``) of ``out = fn(code)``, freshly compiled."""
    code = workload.compile()
    gc.collect()
    tracemalloc.start()
    try:
        out = fn(code)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    summarized = summary(out) if summary is not None else None
    del out
    gc.collect()
    return peak, summarized


def _median(xs):
    return statistics.median(xs) if xs else None


def _recording_problems(recording):
    errors = list(recording.internal_errors) + list(recording.stack_read_errors)
    return {
        "not_implemented_ops": list(recording.not_implemented_ops),
        "stack_read_errors": len(recording.stack_read_errors),
        "internal_errors": len(recording.internal_errors),
        "first_error": repr(errors[0])[:300] if errors else None,
    }


def run_workload(workload, backends, repeat, quick, skipped_backends=None, memory=True, log=None):
    """Measure one workload; returns its JSON-ready dict (never raises for workload problems)."""
    entry = {
        "name": workload.name,
        "description": workload.description,
        "size": workload.size(quick),
        "status": "ok",
    }
    missing = workload.missing_requirement()
    if missing is not None:
        entry.update(status="skipped", reason=missing, backends={}, baseline=None)
        return entry
    if workload.requires:
        entry["requires"] = workload.requirement_versions()

    fresh = workload.globals_factory(quick)

    def untraced(code):
        g = fresh()
        exec(code, g)
        return g

    def traced(backend):
        def run(code):
            g = fresh()
            recording = sidefx.exec_and_record_function_calls(code, g, backend=backend)
            return g, recording
        return run

    def profiled(code):
        g = fresh()
        recorder = exec_and_profile(code, g)
        return g, recorder

    try:
        reference = untraced(workload.compile())["result"]  # warm-up (imports, caches) and the expected result
    except Exception as exc:  # a broken workload is reported, not fatal
        entry.update(status="error", reason="untraced run failed: %r" % (exc,), backends={}, baseline=None)
        return entry
    # Warm sidefx up (translator module import) outside the timed runs.
    for backend in backends:
        sidefx.exec_and_record_function_calls(compile("w = 1", "<warm-up>", "exec"), {}, backend=backend)

    untraced_samples = []
    per_backend = {b: {"samples": [], "ratios": [], "read_ratios": [], "calls": None, "errors": None,
                       "same_result": True, "problems": None} for b in backends}
    base = {"samples": [], "ratios": [], "calls": None, "same_result": True}

    for rep in range(repeat):
        inner = []
        for _ in range(UNTRACED_INNER):
            t, g = _timed(untraced, workload)
            inner.append(t)
            del g
        t_untraced = statistics.median(inner)
        untraced_samples.append(t_untraced)
        for backend in backends:
            state = per_backend[backend]
            if state["errors"] is not None:
                continue
            try:
                t, (g, recording) = _timed(traced(backend), workload)
            except Exception as exc:
                state["errors"] = "traced run raised %r" % (exc,)
                continue
            state["samples"].append(t)
            state["ratios"].append(t / t_untraced if t_untraced > 0 else None)
            # reading every record afterwards (the compiled path makes each FunctionCall when it is
            # first read): recording and reading all of it, as a user who looks at every call pays
            start = CLOCK()
            for _ in recording.function_calls:
                pass
            read = CLOCK() - start
            state["read_ratios"].append((t + read) / t_untraced if t_untraced > 0 else None)
            calls = recording.calls_emitted
            if state["calls"] is None:
                state["calls"] = calls
                state["problems"] = _recording_problems(recording)
            elif state["calls"] != calls:
                state["calls_varied"] = True
            if g.get("result") != reference:
                state["same_result"] = False
            del g, recording
            gc.collect()
        t, (g, recorder) = _timed(profiled, workload)
        base["samples"].append(t)
        base["ratios"].append(t / t_untraced if t_untraced > 0 else None)
        base["calls"] = len(recorder.calls)
        if g.get("result") != reference:
            base["same_result"] = False
        del g, recorder
        gc.collect()
        if log:
            log("  %s repeat %d/%d done" % (workload.name, rep + 1, repeat))

    untraced_peak = _peak(untraced, workload)[0] if memory else None
    entry["untraced_s"] = _median(untraced_samples)
    entry["untraced_samples_s"] = untraced_samples
    entry["untraced_peak_memory_bytes"] = untraced_peak

    results = {}
    for backend in backends:
        state = per_backend[backend]
        if state["errors"] is not None:
            results[backend] = {"status": "error", "reason": state["errors"]}
            continue
        traced_s = _median(state["samples"])
        peak = memory_calls = None
        if memory:
            try:
                peak, memory_calls = _peak(traced(backend), workload, lambda out: out[1].calls_emitted)
            except Exception as exc:  # reported in the row, never fatal
                memory_calls = "memory run raised %r" % (exc,)
        ratios = [r for r in state["ratios"] if r is not None]
        row = {
            "status": "ok",
            "traced_s": traced_s,
            "traced_samples_s": state["samples"],
            "ratio": _median(ratios),
            "ratio_samples": ratios,
            "ratio_with_reading": _median([r for r in state["read_ratios"] if r is not None]),
            "calls_recorded": state["calls"],
            "calls_per_s": (state["calls"] / traced_s) if traced_s else None,
            "us_per_call": (traced_s / state["calls"] * 1e6) if state["calls"] else None,
            "peak_memory_bytes": peak,
            "memory_run_calls_recorded": memory_calls,
            "same_result": state["same_result"],
            "recording_problems": state["problems"],
        }
        if state.get("calls_varied"):
            row["calls_varied_between_repeats"] = True
        results[backend] = row
    counts = {r["calls_recorded"] for r in results.values() if r["status"] == "ok"}
    entry["calls_consistent_across_backends"] = len(counts) <= 1
    for backend, reason in (skipped_backends or {}).items():
        results[backend] = {"status": "skipped", "reason": reason}
    entry["backends"] = results

    base_s = _median(base["samples"])
    entry["baseline"] = {
        "kind": "sys.setprofile recorder (benchmarks/baseline.py)",
        "time_s": base_s,
        "samples_s": base["samples"],
        "ratio": _median([r for r in base["ratios"] if r is not None]),
        "calls_recorded": base["calls"],
        "calls_per_s": (base["calls"] / base_s) if base_s else None,
        "peak_memory_bytes": _peak(profiled, workload)[0] if memory else None,
        "same_result": base["same_result"],
    }
    return entry


def machine_info():
    uname = platform.uname()
    info = {
        "platform": platform.platform(),
        "system": uname.system,
        "release": uname.release,
        "machine": uname.machine,
        "processor": uname.processor or platform.processor(),
        "cpu_count": _cpu_count(),
    }
    model = _cpu_model()
    if model:
        info["cpu_model"] = model
    return info


def _cpu_count():
    import os
    return os.cpu_count()


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def source_info():
    """The sidefx being measured: its path, and the git commit / uncommitted changes if available."""
    import os
    import subprocess

    root = os.path.dirname(os.path.dirname(os.path.abspath(sidefx.__file__)))
    info = {"sidefx_path": os.path.dirname(os.path.abspath(sidefx.__file__))}

    def git(*args):
        try:
            out = subprocess.run(("git",) + args, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 universal_newlines=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if commit:
        info["git_commit"] = commit
        dirty = git("status", "--porcelain", "--", "sidefx")
        info["sidefx_uncommitted_changes"] = dirty.splitlines() if dirty else []
    return info


def hot_path_info():
    """Which path recordings take: the compiled extension (sidefx._speedups) or pure Python."""
    try:
        from sidefx import _fast
    except ImportError:
        return {"compiled": False, "status": "pure Python (this sidefx has no compiled path)"}
    try:
        return {"compiled": bool(_fast.enabled()), "compiled_available": bool(_fast.available()),
                "status": _fast.status()}
    except Exception as exc:  # an in-progress or changed sidefx._fast must not stop the suite
        return {"compiled": None, "status": "unknown (%r)" % (exc,)}


def python_info():
    return {
        "version": platform.python_version(),
        "version_info": list(sys.version_info[:3]),
        "implementation": platform.python_implementation(),
        "build": " ".join(platform.python_build()),
        "compiler": platform.python_compiler(),
        "executable": sys.executable,
    }


def run_suite(workload_names=None, backend="all", repeat=5, quick=False, memory=True, log=None):
    """Run the selected workloads; returns the JSON-ready result document."""
    if quick:
        repeat = 1
    chosen = [w for w in all_workloads() if not workload_names or w.name in workload_names]
    backends, skipped = resolve_backends(backend)
    started = time.time()
    entries = []
    for workload in chosen:
        if log:
            log("%s ..." % workload.name)
        entries.append(run_workload(workload, backends, repeat, quick, skipped, memory=memory, log=log))
    return {
        "schema": SCHEMA,
        "python": python_info(),
        "sidefx_version": sidefx.__version__,
        "source": source_info(),
        "hot_path": hot_path_info(),
        "backends": backends,
        "backends_skipped": skipped,
        "machine": machine_info(),
        "clock": CLOCK_NAME,
        "repeat": repeat,
        "quick": quick,
        "method": {
            "untraced_inner_runs": UNTRACED_INNER,
            "ratio": "median over repeats of traced/untraced measured in the same repeat",
            "times": "medians over repeats",
            "memory": "tracemalloc peak in separate, untimed runs",
        },
        "started_unix": started,
        "duration_s": time.time() - started,
        "workloads": entries,
    }
