"""Smoke tests of the benchmark suite (benchmarks/): quick mode only, structure not speed.

No timing thresholds: only that the suite runs, its JSON has the documented shape, something was
recorded and the ratios are positive numbers.
"""
import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_module(args, tmp_path):
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return subprocess.run(
        [sys.executable, "-m"] + args, cwd=str(tmp_path), env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=600,
    )


def expected_backends():
    return ["settrace", "monitoring"] if sys.version_info >= (3, 12) else ["settrace"]


def positive_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x > 0


def test_quick_suite_json(tmp_path):
    out = tmp_path / "bench.json"
    done = run_module(["benchmarks", "--quick", "--workload", "arith_loop", "--json", str(out)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "arith_loop" in done.stdout  # the printed table
    doc = json.loads(out.read_text())

    for key in ("schema", "python", "sidefx_version", "backends", "machine", "clock", "repeat", "quick", "workloads"):
        assert key in doc, key
    assert doc["quick"] is True and doc["repeat"] == 1
    assert doc["clock"] == "time.process_time"
    assert doc["python"]["version_info"][:2] == list(sys.version_info[:2])
    assert doc["machine"]["machine"] == __import__("platform").machine()
    assert doc["backends"] == expected_backends()

    [workload] = doc["workloads"]
    assert workload["name"] == "arith_loop" and workload["status"] == "ok"
    assert positive_number(workload["untraced_s"])
    assert set(workload["backends"]) == set(expected_backends())
    for backend, row in workload["backends"].items():
        assert row["status"] == "ok", (backend, row)
        assert isinstance(row["calls_recorded"], int) and row["calls_recorded"] > 0
        assert positive_number(row["ratio"])
        assert row["ratio_with_reading"] >= row["ratio"]  # (the same runs, plus reading every call)
        assert positive_number(row["traced_s"])
        assert positive_number(row["calls_per_s"])
        assert positive_number(row["peak_memory_bytes"])
        assert row["same_result"] is True
        assert row["recording_problems"]["not_implemented_ops"] == []
    baseline = workload["baseline"]
    assert positive_number(baseline["ratio"]) and baseline["calls_recorded"] > 0

    # the matrix's combined tables accept the document
    sys.path.insert(0, REPO)
    try:
        from benchmarks.report import format_matrix, format_run
    finally:
        sys.path.remove(REPO)
    assert "arith_loop" in format_matrix([doc]) and "arith_loop" in format_run(doc)


def test_missing_numpy_is_a_skip_not_a_failure(tmp_path):
    out = tmp_path / "bench.json"
    done = run_module(["benchmarks", "--quick", "--no-memory", "--workload", "numpy_vector", "--json", str(out)],
                      tmp_path)
    assert done.returncode == 0, done.stderr
    [workload] = json.loads(out.read_text())["workloads"]
    try:
        import numpy  # noqa: F401
    except ImportError:
        assert workload["status"] == "skipped" and workload["reason"] == "numpy not installed"
        assert "numpy not installed" in done.stdout
    else:
        assert workload["status"] == "ok" and workload["requires"] == {"numpy": numpy.__version__}


def test_matrix_installs_the_workloads_packages_once_per_version(tmp_path, monkeypatch, capsys):
    """The matrix installs numpy for each version it runs (wheels for that version) into its own
    directory, once; an install that fails leaves the workload to report itself skipped."""
    sys.path.insert(0, REPO)
    try:
        from benchmarks import matrix
    finally:
        sys.path.remove(REPO)
    installs = []

    def pip(cmd, **kwargs):
        installs.append(cmd)
        if cmd[cmd.index("--python-version") + 1] == "3.98":
            return subprocess.CompletedProcess(cmd, 1, stdout="ERROR: No matching distribution found for numpy\n")
        os.makedirs(cmd[cmd.index("--target") + 1], exist_ok=True)
        return subprocess.CompletedProcess(cmd, 0, stdout="")

    monkeypatch.setattr(matrix.subprocess, "run", pip)
    where = matrix.ensure_packages("3.99", root=str(tmp_path))
    assert where == str(tmp_path / "3.99")
    [cmd] = installs
    assert cmd[cmd.index("--python-version") + 1] == "3.99" and "--only-binary=:all:" in cmd and cmd[-1] == "numpy"
    assert matrix.ensure_packages("3.99", root=str(tmp_path)) == where and len(installs) == 1
    assert matrix.ensure_packages("3.98", root=str(tmp_path)) is None and len(installs) == 2
    assert "No matching distribution found for numpy" in capsys.readouterr().err
    assert not (tmp_path / "3.98" / ".sidefx-installed").exists()


def test_every_workload_defined():
    sys.path.insert(0, REPO)
    try:
        from benchmarks.workloads import all_workloads
    finally:
        sys.path.remove(REPO)
    workloads = all_workloads()
    assert len(workloads) >= 8
    assert len({w.name for w in workloads}) == len(workloads)
    for w in workloads:
        compile(w.source, w.name, "exec")
        assert w.sizes["quick"] < w.sizes["full"]


@pytest.mark.parametrize("backend", expected_backends())
def test_streaming_quick(tmp_path, backend):
    out = tmp_path / "stream.json"
    done = run_module(["benchmarks.streaming", "--calls", "3000", "--backend", backend, "--json", str(out)], tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    assert result["calls_recorded"] >= 3000
    assert result["sink_count"] == result["calls_recorded"] and result["calls_kept"] == 0
    assert positive_number(result["peak_rss_bytes"]) and positive_number(result["calls_per_s"])


def test_breakdown_quick(tmp_path):
    out = tmp_path / "breakdown.json"
    done = run_module(["benchmarks.breakdown", "--quick", "--json", str(out)], tmp_path)
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text())
    (result,) = document["results"]
    assert result["workload"] == "arith_loop" and result["calls"] > 1000
    stages = set(result["ratio"])
    assert {"events", "translate, Python lane", "record"} <= stages
    # the Python lane is a separate stage only where the compiled fast lane exists
    assert ("record, Python lane" in stages) == document["hot_path"]["compiled"]
    assert all(positive_number(r) for r in result["ratio"].values())
    # reading every call is timed after the same runs as "record": never cheaper
    assert result["ratio"]["record, read every call"] >= result["ratio"]["record"]
    assert ("compiled path" if document["hot_path"]["compiled"] else "pure Python path") in done.stdout
