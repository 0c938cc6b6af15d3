"""Recorder behaviour: every execution recorded, scoping, exceptions, tracer hygiene, bad input."""
import asyncio  # noqa: F401  (imported by traced code; keep it loaded so the trace is stable)
import operator
import os
import sys

import pytest

import sidefx
from sidefx import FunctionCall
from sidefx._recorder import translator_module
from sidefx._render import call_text


def record(source, globals_=None):
    globals_ = {} if globals_ is None else globals_
    recording = sidefx.exec_and_record_function_calls(compile(source, "<test>", "exec"), globals_)
    assert recording.not_implemented_ops == []
    assert recording.stack_read_errors == []
    return recording.function_calls, globals_


def test_loop_records_every_iteration():
    calls, g = record("acc = 0\nout = []\nfor i in range(1000):\n    acc = acc + i\n    out.append(acc)\n")
    adds = [c for c in calls if c.fn is operator.add]
    appends = [c for c in calls if getattr(c.fn, "__name__", "") == "append"]
    assert len(adds) == 1000 and len(appends) == 1000
    running = 0
    for i, (add, append) in enumerate(zip(adds, appends)):
        assert add.args == [running, i]
        running += i
        assert add.res == running
        assert append.args == [running] and append.res is None
        assert append.fn.__self__ is g["out"]
    # in program order: add, getattr(append), append for each iteration
    order = [c.fn for c in calls if c.fn in (operator.add, getattr) or getattr(c.fn, "__name__", "") == "append"]
    assert order[:6] == [operator.add, getattr, appends[0].fn, operator.add, getattr, appends[1].fn]


def test_recursion_records_each_level():
    calls, _ = record("def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nx = fib(6)\n")
    fib_calls = [c for c in calls if getattr(c.fn, "__name__", "") == "fib"]
    assert len(fib_calls) == 25  # fib(6) makes 25 calls of fib
    assert fib_calls[-1].args == [6] and fib_calls[-1].res == 8


def test_lambda_called_from_c_is_traced():
    calls, g = record("out = list(map(lambda v: v * 10, [1, 2, 3]))\n")
    muls = [c for c in calls if c.fn is operator.mul]
    assert [c.args for c in muls] == [[1, 10], [2, 10], [3, 10]]
    assert g["out"] == [10, 20, 30]


def test_code_outside_is_not_recorded():
    import json
    calls, _ = record("s = dumps({'a': [1, 2]})\n", {"dumps": json.dumps})
    # json.dumps's own Python code makes many calls; only the traced code's are recorded
    assert [c.fn for c in calls] == [sidefx.model.build_list, sidefx.model.build_dict, json.dumps]


def test_generator_calls_recorded_at_each_resumption():
    calls, g = record("def gen():\n    for i in range(3):\n        yield i + 100\nout = [v for v in gen()]\n")
    adds = [c for c in calls if c.fn is operator.add]
    assert [c.res for c in adds] == [100, 101, 102]


def test_async_driven_by_asyncio_run():
    source = (
        "import asyncio\n"
        "async def double(v):\n    await asyncio.sleep(0)\n    return v * 2\n"
        "async def main():\n    return [await double(i) for i in range(3)]\n"
        "out = asyncio.run(main())\n"
    )
    calls, g = record(source)
    assert g["out"] == [0, 2, 4]
    assert [c.args for c in calls if c.fn is operator.mul] == [[0, 2], [1, 2], [2, 2]]


def test_exception_propagates_unchanged_and_call_recorded_as_raised():
    previous = sys.gettrace()
    code = compile("x = len('ab')\ny = int('not a number')\n", "<test>", "exec")
    for backend in ["settrace"] + (["monitoring"] if sys.version_info >= (3, 12) else []):
        with pytest.raises(ValueError, match="not a number"):
            sidefx.exec_and_record_function_calls(code, {}, backend=backend)
        assert sys.gettrace() is previous


def test_raised_call_inside_try_is_recorded_with_its_exception():
    calls, _ = record("try:\n    int('x')\nexcept ValueError as e:\n    err = e\n")
    (call,) = [c for c in calls if c.fn is int]
    assert isinstance(call.raised, ValueError) and call.res is None
    assert call == FunctionCall(int, ["x"], {}, None)  # location and exception do not take part in equality


def test_with_on_exception_path_calls_exit_with_exception():
    class Swallow:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return True

    calls, _ = record("with S():\n    raise KeyError('k')\nafter = 1\n", {"S": Swallow})
    exit_call = calls[-1]
    assert exit_call.fn.__name__ == "__exit__"
    assert exit_call.args[0] is KeyError and isinstance(exit_call.args[1], KeyError)
    assert exit_call.res is True


def test_extended_arg_big_code_object():
    names = ["v%d" % i for i in range(400)]
    source = "\n".join("%s = %d" % (n, i) for i, n in enumerate(names)) + "\nx = v399 * v398\n"
    calls, g = record(source)
    assert calls == [FunctionCall(operator.mul, [399, 398], {}, 399 * 398)]


def test_location_fields():
    calls, _ = record("a = 1\nb = a + 2\n")
    (call,) = calls
    assert call.line == 2 and call.offset >= 0 and call.opname in ("BINARY_ADD", "BINARY_OP")
    assert call.code.co_filename == "<test>"


def test_previous_tracer_is_restored():
    seen = []

    def debugger(frame, event, arg):
        seen.append(event)
        return None

    sys.settrace(debugger)
    try:
        for backend in ["settrace"] + (["monitoring"] if sys.version_info >= (3, 12) else []):
            sidefx.exec_and_record_function_calls(compile("x = abs(-1)", "<t>", "exec"), {}, backend=backend)
            assert sys.gettrace() is debugger
    finally:
        sys.settrace(None)


def test_traced_program_behaves_as_untraced():
    source = (
        "import itertools\n"
        "data = {k: [i * k for i in range(5)] for k in range(1, 4)}\n"
        "flat = sorted(itertools.chain.from_iterable(data.values()), reverse=True)\n"
        "text = ', '.join(f'{v:03d}' for v in flat[:4])\n"
        "class P:\n    def __init__(self, x): self.x = x\n    def __repr__(self): return f'P({self.x!r})'\n"
        "ps = [P(v) for v in flat if v % 2]\nrep = repr(ps)\n"
    )
    untraced = {}
    exec(compile(source, "<t>", "exec"), untraced)
    _, traced = record(source)
    for key in ("data", "flat", "text", "rep"):
        assert traced[key] == untraced[key]


def test_non_code_argument_is_a_type_error():
    with pytest.raises(TypeError, match="code object"):
        sidefx.exec_and_record_function_calls("x = 1", {})
    with pytest.raises(TypeError, match="dict"):
        sidefx.exec_and_record_function_calls(compile("x = 1", "<t>", "exec"), [])


def test_unsupported_version_names_the_supported_ones():
    with pytest.raises(sidefx.UnsupportedInterpreterError, match="3.8–3.14"):
        translator_module((3, 7))
    with pytest.raises(sidefx.UnsupportedInterpreterError, match="3.8–3.14"):
        translator_module((3, 15))


def test_running_version_has_a_translator_module():
    module = translator_module()
    assert module.PYTHON == sys.version_info[:2]


STREAM_PROGRAM = (
    "rows = [[i, i * 2] for i in range(50)]\n"
    "pairs = {k: v for k, v in rows if k % 3}\n"
    "flat = [*rows[0], *[x for r in rows for x in r if x > 90]]\n"
    "text = ', '.join(f'{k}:{v!r}' for k, v in pairs.items())\n"
    # records dropped or closed after the fact: an aborted comprehension, a failed * item,
    # a display consumed by an operator, a display bound by :=
    "for k in [1, 0]:\n"
    "    try:\n"
    "        part = [1 // v for v in [1, k]]\n"
    "    except ZeroDivisionError:\n"
    "        part = None\n"
    "try:\n"
    "    broken = [*rows[0], *None]\n"
    "except TypeError:\n"
    "    pass\n"
    "same = [0, *((0, *[]) + ())]\n"
    "named = [*(inner := [1, 2]), 3]\n"
)


def test_sink_receives_the_same_calls_in_the_same_order():
    code = compile(STREAM_PROGRAM, "<t>", "exec")
    kept = sidefx.exec_and_record_function_calls(code, {}).function_calls
    streamed = []
    recording = sidefx.exec_and_record_function_calls(code, {}, sink=streamed.append)
    assert recording.function_calls == [] and recording.calls_emitted == len(streamed)
    # separate runs create separate iterators: compare the rendered calls
    assert [call_text(c) for c in streamed] == [call_text(c) for c in kept] and len(kept) > 300


def test_sink_window_stays_bounded():
    from sidefx._recorder import _CallStream
    seen = []
    stream = _CallStream(seen.append)
    first = FunctionCall(sidefx.model.build_list, [], {}, [])
    stream.append(first)
    stream.opened(first)  # an open display holds back what follows it ...
    for i in range(_CallStream.WINDOW + 5):
        stream.append(FunctionCall(abs, [i], {}, i))
    assert len(stream.window) <= _CallStream.WINDOW  # ... but only up to the window size
    assert seen[0] is first


def test_bad_backend_and_sink_are_clear_errors():
    code = compile("x = 1", "<t>", "exec")
    with pytest.raises(ValueError, match="settrace, monitoring"):
        sidefx.exec_and_record_function_calls(code, {}, backend="ptrace")
    with pytest.raises(TypeError, match="sink must be callable"):
        sidefx.exec_and_record_function_calls(code, {}, sink=[])


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="sys.monitoring exists from 3.12 on")
def test_monitoring_backend_needs_312():
    with pytest.raises(ValueError, match="3.12"):
        sidefx.exec_and_record_function_calls(compile("x = 1", "<t>", "exec"), {}, backend="monitoring")


@pytest.mark.skipif(sys.version_info < (3, 12), reason="sys.monitoring exists from 3.12 on")
def test_monitoring_backend_matches_settrace_and_releases_its_tool_id():
    code = compile(STREAM_PROGRAM + "try:\n    int('x')\nexcept ValueError:\n    pass\n", "<t>", "exec")
    by_settrace = sidefx.exec_and_record_function_calls(code, {}).function_calls
    by_monitoring = sidefx.exec_and_record_function_calls(code, {}, backend="monitoring").function_calls
    assert [call_text(c) for c in by_monitoring] == [call_text(c) for c in by_settrace]
    assert isinstance(by_monitoring[-1].raised, ValueError)
    assert all(sys.monitoring.get_tool(tool) is None for tool in range(6))


def test_suspended_generator_does_not_keep_the_recording_alive():
    import gc
    import weakref
    code = compile("def gen():\n    yield abs(-1)\n    yield 2\ng = gen()\nfirst = next(g)\n", "<t>", "exec")
    globals_ = {}
    recording = sidefx.exec_and_record_function_calls(code, globals_)
    assert [c.fn for c in recording.function_calls][-2:] == [abs, next]
    ref = weakref.ref(recording)
    del recording
    gc.collect()
    assert ref() is None  # globals_['g'] is suspended inside traced code, yet nothing holds the recording
    assert next(globals_["g"]) == 2  # and the generator still runs, untraced


def test_unbounded_recursion_does_not_abort_the_interpreter():
    # A trace function running past the recursion limit makes CPython 3.8 abort the process
    # ("Cannot recover from stack overflow"); the recorder leaves the deepest frames untraced.
    # (CPython then drops the trace function at the RecursionError on 3.9+: recording ends there,
    # the program's own behaviour is unchanged — see docs/call-model.md, "Limits".)
    import subprocess
    program = (
        "import sidefx\n"
        "source = 'def f(n):\\n    return f(n + 1)\\ntry:\\n    f(0)\\nexcept RecursionError:\\n    after = abs(-7)\\n'\n"
        "g = {}\n"
        "r = sidefx.exec_and_record_function_calls(compile(source, '<t>', 'exec'), g)\n"
        "print(g['after'], len(r.function_calls) > 100)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["7", "True"]


def test_recording_needs_no_toml_parser():
    # tomli (a dependency below 3.11) is imported only when side-effect specs are read
    script = (
        "import sys; sys.modules['tomli'] = None\n"
        "import sidefx\n"
        "calls = sidefx.exec_and_record_function_calls(compile('x = [1]', 's', 'exec'), {}).function_calls\n"
        "assert [c.args for c in calls] == [[1]], calls\n"
        "try:\n"
        "    sidefx.FunctionInspector()\n"
        "except ImportError as exc:\n"
        "    print('needs', exc)\n"
        "else:\n"
        "    print('inspector ok')\n"
    )
    import subprocess
    done = subprocess.run([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert done.returncode == 0, done.stdout
    if sys.version_info >= (3, 11):  # tomllib is in the standard library
        assert done.stdout.strip() == "inspector ok"
    else:
        assert "needs tomli" in done.stdout


def test_sink_never_receives_a_record_dropped_later():
    # nothing older keeps the window open: a record must be retracted before it is closed
    program = ("for k in [1, 0]:\n    try:\n        part = [1 // v for v in [1, k]]\n"
               "    except ZeroDivisionError:\n        part = None\nx = [5]\n")
    code = compile(program, "<t>", "exec")
    kept = sidefx.exec_and_record_function_calls(code, {}).function_calls
    streamed = []
    sidefx.exec_and_record_function_calls(code, {}, sink=streamed.append)
    assert [call_text(c) for c in streamed] == [call_text(c) for c in kept]
    assert "sidefx.model.build_list(1) -> [1]" not in [call_text(c) for c in kept]


def _infos(source):
    from sidefx._recorder import _CodeInfo, translator_module
    from sidefx._stack import reader_for_running_python
    import types as _types
    module, reader = translator_module(), reader_for_running_python()
    todo, infos = [compile(source, "<patterns>", "exec")], []
    while todo:
        code = todo.pop()
        infos.append(_CodeInfo(code, module, reader.static_depths(code)))
        todo.extend(c for c in code.co_consts if isinstance(c, _types.CodeType))
    return infos


def test_table_patterns_match_this_versions_bytecode():
    # each pattern of the running version's table finds the bytecode shape it is written for
    comprehensions = _infos("y = [1]\na = [x for x in y]\nb = {x for x in y}\nc = {x: 1 for x in y}\n")
    assert sum(len(i.accumulators) for i in comprehensions) == 3
    named = _infos("d = [*(a := [1]), 2]\n")
    steps = [s for i in named for s in i.steps.values()]
    assert any(translator.__name__ == "keep_display" for translator, _, _ in steps)
    # x is None as a condition: no step compares (<= 3.10 by elision, 3.11+ by the compiler)
    branch = _infos("x = None\nif x is None:\n    pass\n")
    opnames = [opname for i in branch for _, _, opname in i.steps.values()]
    assert "IS_OP" not in opnames and "COMPARE_OP" not in opnames
    # a display built over several instructions: [*y, len(y)] is BUILD_LIST + LIST_EXTEND +
    # LIST_APPEND on 3.9+; on 3.8 the group (len(y),) is a tuple BUILD_LIST_UNPACK absorbs
    built = _infos("y = [1]\nz = [*y, len(y)]\n")
    assert sum(len(i.constructions) for i in built) == 1


def test_default_backend_is_the_tables_choice():
    from sidefx._recorder import default_backend
    # 3.12+ tables choose sys.monitoring (same traces in the fuzz campaigns, at most settrace's cost)
    assert default_backend() == ("monitoring" if sys.version_info >= (3, 12) else "settrace")


def test_generator_suspended_inside_a_display_keeps_its_record():
    # the frame's exit event at a yield is a suspension, not an exception leaving the display
    source = ("def g(xs):\n    got = [*xs, (yield 5), 2]\n    yield got\n"
              "it = g([1])\na = next(it)\nb = it.send(9)\n")
    calls = sidefx.exec_and_record_function_calls(compile(source, "<t>", "exec"), {}).function_calls
    lists = [c for c in calls if c.fn is sidefx.model.build_list]
    assert [c.res for c in lists] == [[1], [1, 9, 2]]


@pytest.mark.skipif(sys.version_info >= (3, 10), reason="3.10+ compilers always rotate; only 3.8/3.9's peephole optimizer can leave the pair")
def test_tuple_built_and_unpacked_at_once_records_nothing():
    # `a, b = x, y` as 3.8/3.9 compile it where the peephole optimizer skipped the code object
    # (fuzz/corpus/divergence-tuple-unpack-unoptimized-code-py39.py shows one such program)
    import dis
    code = compile("x = 1\ny = [2]\na, b = x, y\n", "<swap>", "exec")
    rot = dis.opmap["ROT_TWO"]
    raw = code.co_code
    at = [i for i in range(0, len(raw), 2) if raw[i] == rot]
    assert len(at) == 1
    pair = bytes([dis.opmap["BUILD_TUPLE"], 2, dis.opmap["UNPACK_SEQUENCE"], 2])
    unoptimized = code.replace(co_code=raw[:at[0]] + pair + raw[at[0] + 2:])
    assert [i.opname for i in dis.get_instructions(unoptimized)].count("UNPACK_SEQUENCE") == 1
    globals_ = {}
    calls = sidefx.exec_and_record_function_calls(unoptimized, globals_).function_calls
    assert (globals_["a"], globals_["b"]) == (1, [2])
    # only the list display remains: no tuple, no unpacking
    assert [c.fn for c in calls] == [sidefx.model.build_list]
