"""The sidefx command line and the JSON Lines trace format."""
import io
import json
import os
import subprocess
import sys

import pytest

import sidefx
from sidefx._cli import main, table_diff
from sidefx._generator.tables import resolve
from sidefx.trace_format import TraceFormatError, load_trace, write_trace

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = "import sys\nvalues = [int(a) for a in sys.argv[1:]]\ntotal = sum(values)\nprint('total', total)\n"


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "sidefx"] + list(args), cwd=cwd or REPO,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "prog.py"
    path.write_text(SCRIPT)
    return str(path)


def test_trace_prints_a_table_with_the_scripts_calls(script):
    done = run_cli("trace", script, "3", "4")
    assert done.returncode == 0, done.stderr
    assert "total 7" in done.stdout
    assert "builtins.int('3') -> 3" in done.stdout and "builtins.sum([3, 4]) -> 7" in done.stdout
    assert "calls recorded" in done.stdout.splitlines()[-1]


def test_trace_jsonl_loads_back(script, tmp_path):
    out = str(tmp_path / "trace.jsonl")
    done = run_cli("trace", "-o", out, script, "5", "6")
    assert done.returncode == 0, done.stderr
    trace = load_trace(out)
    assert trace.header["python"].startswith("%d.%d" % sys.version_info[:2])
    assert trace.header["tables"]["version"] == "%d.%d" % sys.version_info[:2]
    names = [c.name for c in trace.calls]
    assert "int" in names and "sum" in names and "print" in names
    summed = trace.calls[names.index("sum")]
    assert summed.res["repr"] == "11" and summed.res["type"] == "int"
    assert summed.location["line"] == 3 and summed.location["file"] == script
    assert trace.end["calls"] == len(trace.calls)


def test_write_trace_round_trip_keeps_identity_and_exceptions():
    code = compile("a = [1]\nb = a\nb.append(2)\ntry:\n    int('x')\nexcept ValueError:\n    pass\n", "<t>", "exec")
    recording = sidefx.exec_and_record_function_calls(code, {})
    stream = io.StringIO()
    write_trace(recording, stream, script="<t>")
    stream.seek(0)
    trace = load_trace(stream)
    assert len(trace.calls) == len(recording.function_calls)
    build, get, append, failed = trace.calls
    assert get.args[0]["id"] == build.res["id"]  # the same list object
    assert append.fn["bound_to"]["id"] == build.res["id"] and append.name == "bound list.append"
    assert failed.raised["type"] == "ValueError" and failed.res is None


def test_load_trace_rejects_other_files(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"kind": "header", "format": "sidefx-trace", "schema": 99}) + "\n")
    with pytest.raises(TraceFormatError, match="schema 99"):
        load_trace(str(path))
    path.write_text("not json\n")
    with pytest.raises(TraceFormatError, match="line 1: not JSON"):
        load_trace(str(path))


def test_errors_have_clear_messages_and_exit_codes(tmp_path):
    missing = run_cli("trace", str(tmp_path / "nope.py"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    bad = tmp_path / "bad.py"
    bad.write_text("x = (\n")
    broken = run_cli("trace", str(bad))
    assert broken.returncode == 2 and "syntax error" in broken.stderr
    raising = tmp_path / "raising.py"
    raising.write_text("x = abs(-2)\nraise KeyError('k')\n")
    raised = run_cli("trace", str(raising))
    assert raised.returncode == 1 and "KeyError" in raised.stderr
    assert "builtins.abs(-2) -> 2" in raised.stdout  # the calls before the exception are kept
    assert "sidefx/_" not in raised.stderr  # the traceback shows the script, not the recorder
    exiting = tmp_path / "exiting.py"
    exiting.write_text("import sys\nsys.exit(3)\n")
    assert run_cli("trace", str(exiting)).returncode == 3


def test_tables_commands():
    assert main(["tables", "list"]) == 0
    assert main(["tables", "show", "3.11"]) == 0
    assert main(["tables", "show", "2.7"]) == 2
    lines = table_diff(resolve("3.10"), resolve("3.11"))
    assert any(line.startswith("+ BINARY_OP") for line in lines)
    assert any(line.startswith("- BINARY_ADD") for line in lines)
    assert not any("GET_ITER" in line for line in lines)  # unchanged between the two


def test_line_numbers_start_at_one():
    recording = sidefx.exec_and_record_function_calls(compile("x = abs(-1)\n", "<t>", "exec"), {})
    assert recording.function_calls[0].line == 1


def test_effects_command(tmp_path):
    script = tmp_path / "fx.py"
    script.write_text("data = [3, 1]\ndata.sort()\nalias = data\n")
    done = run_cli("effects", str(script))
    assert done.returncode == 0, done.stderr
    assert "calls recorded" in done.stdout and "AccessedGlobals" in done.stdout
    assert "'data'" in done.stdout and "'alias'" in done.stdout


def test_fuzz_command_forwards_options():
    done = run_cli("fuzz", "--examples", "2", "--seed", "3", "--corpus", os.devnull + ".d")
    assert done.returncode in (0, 1), done.stderr  # 1 would mean a divergence, reported in the JSON
    assert '"programs"' in done.stdout
