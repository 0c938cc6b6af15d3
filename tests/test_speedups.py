"""The optional compiled hot path (sidefx._speedups via sidefx._fast) against the pure-Python path.

tox runs the whole suite twice per interpreter: with the extension (the default when it is built)
and with SIDEFX_PURE_PYTHON=1.  The tests here compare the two paths directly, in one process:
the C reader against the ctypes reader at every opcode event of the reader corpus, and whole
recordings (every field of every call) of the construct matrix and of extra programs.
"""
import asyncio  # noqa: F401  (imported by traced code; keep it loaded so traces are stable)
import os
import sys
import threading

import pytest

import constructs
import sidefx
from sidefx import _fast
from sidefx._function_call import FunctionCall
from sidefx._recorder import exec_and_record_function_calls
from sidefx._stack import NULL, StackReadError, reader_for_running_python
from sidefx._render import call_text

V = sys.version_info[:2]
BACKENDS_HERE = ["settrace"] + (["monitoring"] if V >= (3, 12) else [])  # each one's own restore path
PY_READER = reader_for_running_python()

needs_speedups = pytest.mark.skipif(not _fast.available(), reason=_fast.UNAVAILABLE or "")


def test_extension_is_built_where_required():
    """tox sets SIDEFX_REQUIRE_SPEEDUPS=1: the editable install must have compiled the extension."""
    if os.environ.get("SIDEFX_REQUIRE_SPEEDUPS", "") not in ("", "0"):
        assert _fast.available(), _fast.UNAVAILABLE
    if _fast.available():
        assert _fast._speedups.BUILT_FOR >> 16 == (V[0] << 8 | V[1])


def test_stale_builds_are_refused():
    import types
    current = types.SimpleNamespace(API_VERSION=_fast.API_VERSION, SOURCE_DIGEST="")
    assert _fast._stale(current) is None  # built by hand: no digest to compare
    assert "API_VERSION" in _fast._stale(types.SimpleNamespace(API_VERSION=-1))
    other = types.SimpleNamespace(API_VERSION=_fast.API_VERSION, SOURCE_DIGEST="0" * 64)
    source = os.path.join(os.path.dirname(_fast.__file__), "_speedups.c")
    if os.path.isfile(source):  # editable install: the source is next to the build
        assert "another version" in _fast._stale(other)
        if _fast.available():
            assert _fast._stale(_fast._speedups) is None
            assert len(_fast._speedups.SOURCE_DIGEST) == 64  # setup.py compiled the digest in


@needs_speedups
def test_untrack_refuses_objects_that_cannot_die_untracked():
    """Bound methods and slices unlink themselves from the collector's list when they die,
    tracked or not: untracking one would crash the interpreter later, so it is refused."""
    import gc

    class Holder:
        def method(self):
            return 0

    for unsafe in (Holder().method, slice(1, None)):
        with pytest.raises(TypeError, match="untrack takes lists, dicts"):
            _fast._speedups.untrack([], unsafe)
    record, values, names = Holder(), [1], {"a": 1}
    _fast._speedups.untrack(record, values, names, 7)  # (7: no GC object, left alone)
    assert not any(gc.is_tracked(o) for o in (record, values, names))
    _fast._speedups.track(record, values, names)
    assert all(gc.is_tracked(o) for o in (record, values, names))


def test_environment_switch(monkeypatch):
    monkeypatch.setenv("SIDEFX_PURE_PYTHON", "1")
    assert not _fast.enabled()
    assert _fast.backend("settrace") is sidefx._backends.SettraceBackend
    assert _fast.reader(PY_READER) is PY_READER
    assert "pure Python" in _fast.status()
    monkeypatch.setenv("SIDEFX_PURE_PYTHON", "0")
    assert _fast.enabled() == _fast.available()
    monkeypatch.delenv("SIDEFX_PURE_PYTHON")
    assert _fast.enabled() == _fast.available()
    if _fast.available():
        assert _fast.backend("settrace") is _fast.CompiledSettraceBackend
        assert isinstance(_fast.reader(PY_READER), _fast.CompiledReader)
        assert "compiled" in _fast.status()
        if V >= (3, 12):
            assert _fast.backend("monitoring") is _fast.CompiledMonitoringBackend
    monkeypatch.setenv("SIDEFX_PURE_PYTHON", "1")
    assert _fast.backend("monitoring") is sidefx._backends.MonitoringBackend


# -- whole recordings: compiled == pure -----------------------------------------------------------

_prelude = {"__name__": "__main__"}
exec(compile(constructs.PRELUDE, "<prelude>", "exec"), _prelude)


def _fields(call):
    return (call_text(call), call.offset, call.line, call.opname, type(call.raised).__name__,
            getattr(call.code, "co_name", None))


def _record(source, pure, monkeypatch, backend="settrace", prelude=True):
    if pure:
        monkeypatch.setenv("SIDEFX_PURE_PYTHON", "1")
    else:
        monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    globals_ = dict(_prelude) if prelude else {"__name__": "__main__"}
    code = compile(source, "<program>", "exec")
    error = None
    try:
        recording = exec_and_record_function_calls(code, globals_, backend=backend)
    except Exception as exc:  # compared, not hidden
        recording, error = None, repr(exc)
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    if recording is None:
        return error
    return ([_fields(c) for c in recording.function_calls], recording.not_implemented_ops,
            recording.stack_read_errors, recording.internal_errors, recording.calls_emitted)


BACKENDS = ["settrace"] + (["monitoring"] if V >= (3, 12) else [])
CASES = constructs.applicable(V)


@needs_speedups
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_construct_recordings_identical(name, backend, monkeypatch):
    compiled = _record(CASES[name], False, monkeypatch, backend)
    pure = _record(CASES[name], True, monkeypatch, backend)
    assert compiled == pure


PROGRAMS = {
    "loop": "acc = 0\nout = []\nfor i in range(300):\n    acc = acc + i\n    out.append(acc)\n",
    "recursion": "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nx = fib(8)\n",
    "exceptions": (
        "def f(n):\n"
        "    try:\n        return 10 // n\n    except ZeroDivisionError as e:\n        return str(e)\n"
        "    finally:\n        len('x')\n"
        "out = [f(i) for i in range(-2, 3)]\n"
        "try:\n    int('x')\nexcept ValueError:\n    pass\n"
    ),
    "generators": (
        "def gen(n):\n    for i in range(n):\n        x = yield i * 2\n        if x:\n            len(x)\n"
        "g = gen(5)\nout = [next(g), g.send('ab'), *g]\n"
        "def outer():\n    yield from gen(3)\n    return sum(range(4))\n"
        "out2 = list(outer())\n"
    ),
    "async": (
        "import asyncio\n"
        "async def double(v):\n    await asyncio.sleep(0)\n    return v * 2\n"
        "async def main():\n    return [await double(i) for i in range(3)]\n"
        "out = asyncio.run(main())\n"
    ),
    "escaping": (
        "def make():\n    def inner(v):\n        return v + 1\n    return inner\n"
        "f = make()\nout = list(map(f, range(5))) + sorted([3, 1, 2], key=lambda v: -v)\n"
    ),
    "threads": (
        "import threading\n"
        "out = []\n"
        "def work(n):\n    out.append(n * 2)\n"
        "class T(threading.Thread):\n    def __repr__(self):\n        return '<T>'\n"
        "t = T(target=work, args=(3,))\nt.start()\nt.join()\nwork(4)\n"
    ),
    "big": "def big(x):\n" + "".join("    v%d = x + %d\n" % (i, i) for i in range(300))
           + "    return " + " + ".join("v%d" % i for i in range(0, 300, 7)) + "\nr = big(1)\n",
    "raises": "def f():\n    raise KeyError('k')\ntry:\n    f()\nexcept KeyError:\n    pass\nlen([1, 2])\n",
}


@needs_speedups
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_recordings_identical(name, backend, monkeypatch):
    compiled = _record(PROGRAMS[name], False, monkeypatch, backend, prelude=False)
    pure = _record(PROGRAMS[name], True, monkeypatch, backend, prelude=False)
    assert compiled == pure
    assert compiled[1:4] == ([], [], [])


@pytest.mark.skipif(V < (3, 12), reason="sys.monitoring exists from 3.12 on")
@pytest.mark.parametrize("pure", [False, True], ids=["compiled", "pure"])
def test_settrace_after_monitoring_on_the_same_code(pure, monkeypatch):
    """3.13/3.14 lost the opcode events of a code object traced, then monitored, then traced."""
    if not pure and not _fast.available():
        pytest.skip(_fast.UNAVAILABLE)
    monkeypatch.setenv("SIDEFX_PURE_PYTHON", "1" if pure else "0")
    code = compile(PROGRAMS["recursion"], "<p>", "exec")
    counts = [len(exec_and_record_function_calls(code, {}, backend=backend).function_calls)
              for backend in ("settrace", "monitoring", "settrace", "monitoring", "settrace")]
    assert counts[0] > 50 and counts == [counts[0]] * 5


@needs_speedups
def test_uncaught_exception_propagates_identically(monkeypatch):
    source = "len('ab')\nx = int('nope')\n"
    results = []
    for pure in (False, True):
        if pure:
            monkeypatch.setenv("SIDEFX_PURE_PYTHON", "1")
        previous = sys.gettrace()
        for backend in BACKENDS_HERE:
            with pytest.raises(ValueError, match="nope"):
                exec_and_record_function_calls(compile(source, "<p>", "exec"), {}, backend=backend)
            assert sys.gettrace() is previous
        results.append(pure)
    assert results == [False, True]


# -- the tracer ------------------------------------------------------------------------------------

@needs_speedups
def test_tracer_answers_most_opcode_events_in_c(monkeypatch):
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    seen = {}
    original = _fast.CompiledSettraceBackend.run

    def run(self, code, globals_):
        try:
            original(self, code, globals_)
        finally:
            seen["stats"] = self.tracer.stats()

    monkeypatch.setattr(_fast.CompiledSettraceBackend, "run", run)
    recording = exec_and_record_function_calls(compile(PROGRAMS["loop"], "<p>", "exec"), {}, backend="settrace")
    stats = seen["stats"]
    assert len(recording.function_calls) >= 4 * 300
    assert stats["skipped"] > 0 and stats["forwarded"] > 0
    # each call takes at most two engine visits (the instruction, then its result)
    assert stats["forwarded"] <= 2 * len(recording.function_calls) + 20


@needs_speedups
@pytest.mark.skipif(V < (3, 12), reason="sys.monitoring exists from 3.12 on")
def test_monitor_hook_answers_most_events_in_c(monkeypatch):
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    seen = {}
    original = _fast.CompiledMonitoringBackend.run

    def run(self, code, globals_):
        try:
            original(self, code, globals_)
        finally:
            seen["stats"] = self.hook.stats()
            seen["callback"] = self.on_instruction

    monkeypatch.setattr(_fast.CompiledMonitoringBackend, "run", run)
    recording = exec_and_record_function_calls(compile(PROGRAMS["loop"], "<p>", "exec"), {}, backend="monitoring")
    stats = seen["stats"]
    assert len(recording.function_calls) >= 4 * 300
    assert stats["forwarded"] <= 2 * len(recording.function_calls) + 20
    # DISABLEd offsets stop reporting: far fewer events than instructions executed
    assert stats["forwarded"] + stats["skipped"] < 3 * len(recording.function_calls)
    assert seen["callback"].__func__ is sidefx._backends.MonitoringBackend.on_instruction
    assert sys.monitoring.get_tool(5) is None


DEFERRING_PROGRAM = """
class Box:
    def __init__(self):
        self.items = []
    def put(self, a, b):
        self.items.append(a - b)
        return a * b
def work(n):
    box, total = Box(), 0
    for i in range(n):
        total = total + i * 7 + 3
        x = box.put(i, 2)
        total = total - (x >> 1) // 3
    return total, box.items[-1]
"""


def _deferring_code():
    namespace = {}
    module = compile(DEFERRING_PROGRAM, "<deferring>", "exec")
    exec(module, namespace)
    return module, namespace["work"].__code__


@pytest.mark.skipif(V < (3, 12), reason="sys.monitoring exists from 3.12 on")
def test_results_landing_on_pushes_are_read_at_the_next_kept_instruction():
    """The method form of box.put lands on the pushes of its two arguments: its result (two
    slots) is read at the CALL, under them."""
    import dis
    from sidefx._recorder import _CodeInfo, translator_module
    _, work = _deferring_code()
    info = _CodeInfo(work, translator_module())
    instructions = list(dis.get_instructions(work))
    load = next(i for i, ins in enumerate(instructions) if ins.opname == "LOAD_ATTR" and ins.argval == "put")
    call = next(ins for ins in instructions[load:] if ins.opname == "CALL")
    assert info.deferred_landings[instructions[load + 1].offset] == (call.offset, 2, -1)
    # `+ 3` lands on the constant's push, read at the next + (one slot)
    assert any(slots == 1 and local == -1 for _, slots, local in info.deferred_landings.values())
    # `x = box.put(i, 2)` stores it, and the next instruction that keeps its event (>>) reads x
    store = next(ins for ins in instructions[load:] if ins.opname == "STORE_FAST" and ins.argval == "x")
    shift = next(ins for ins in instructions[load:] if ins.opname == "BINARY_OP" and ins.argrepr == ">>")
    assert info.deferred_landings[store.offset] == (shift.offset, 0, work.co_varnames.index("x"))
    # a landing never defers to an instruction whose event would not be kept anyway
    assert all(target in info.steps or target in info.branch_landings
               for target, _, _ in info.deferred_landings.values())


def _monitoring_events(program, call, pure, monkeypatch, sizes=(50, 150)):
    """Run ``program`` then ``result = call(n)`` for each n of ``sizes`` on both backends (the
    Python lane, or the compiled one): the traces must be equal.  Per n: the monitoring events
    ((code name, offset) each; the compiled hook only counts them: None each), and the calls."""
    from sidefx._recorder import Engine
    if pure:
        monkeypatch.setenv("SIDEFX_PURE_PYTHON", "1")
    else:
        monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    seen = {}
    original_event, original_run = Engine.instruction, _fast.CompiledMonitoringBackend.run

    def instruction(self, frame, st, offset):  # (the pure backend hands every event to it)
        seen["events"].append((frame.f_code.co_name, offset))
        return original_event(self, frame, st, offset)

    def run(self, code, globals_):
        try:
            original_run(self, code, globals_)
        finally:
            stats = self.hook.stats()
            seen["events"] = [None] * (stats["forwarded"] + stats["skipped"])

    monkeypatch.setattr(Engine, "instruction", instruction)
    monkeypatch.setattr(_fast.CompiledMonitoringBackend, "run", run)
    events, calls = [], []
    for n in sizes:
        traces = {}
        for backend in ("settrace", "monitoring"):
            seen["events"] = []
            source = compile(program + "result = %s(%d)\n" % (call, n), "<program>", "exec")
            recording = exec_and_record_function_calls(source, {}, backend=backend)
            assert recording.stack_read_errors == [] and recording.internal_errors == []
            traces[backend] = [call_text(c) for c in recording.function_calls]
        assert traces["monitoring"] == traces["settrace"]
        events.append(seen["events"])
        calls.append(len(traces["settrace"]))
    return events, calls


@pytest.mark.skipif(V < (3, 12), reason="sys.monitoring exists from 3.12 on")
@pytest.mark.parametrize("pure", [True, False] if _fast.available() else [True])
def test_monitoring_keeps_no_events_where_results_are_read_further_on(pure, monkeypatch):
    """Per loop iteration the Python backend and the C hook keep the same events, none at a
    deferred landing (after its first event), and record what settrace records."""
    from sidefx._recorder import _CodeInfo, translator_module
    _, work = _deferring_code()
    deferred = set(_CodeInfo(work, translator_module()).deferred_landings)
    events, calls = _monitoring_events(DEFERRING_PROGRAM, "work", pure, monkeypatch)
    if pure:
        assert all(events[1].count(("work", offset)) <= 1 for offset in deferred)
    # per iteration, work: FOR_ITER, *, +, +, getattr(put), put, >>, //, -; put: getattr(items),
    # getattr(append), -, append, *
    assert calls[1] - calls[0] == 100 * 14
    # kept events per iteration: the 14 instructions that call, and the landings not deferred
    # (work: the last STORE_FAST total, before the jump back; put: POP_TOP, RETURN_VALUE); the
    # landings on pushes (work: + 3, box.put's arguments, >> 1's 3; put: append's arguments) and on
    # stores read further on (work: i, the loop's next; total; x) keep none
    assert len(events[1]) - len(events[0]) == 100 * 17


#: Branches on a bool a call made: `in` falls into a `+` (through pushes) or jumps to a store into
#: the dict (through pushes); `>` first jumps (to the `not in`), later falls (into a `-`); the last
#: `not in` falls into a constant's store and the jump back, where no call is made: it keeps its
#: event.  (The branch of `i % 7 in seen` is taken the other way first, on the first pass.)
BRANCHING_PROGRAM = """
def decide(n):
    seen, hits, limit = {}, 0, n * 3 // 2
    for i in range(n):
        key = i % 7
        if key in seen:
            hits = hits + 1
        else:
            seen[key] = i
        if i * 3 > limit:
            hits = hits - key
        if key not in seen:
            hits = -1
    return hits, len(seen)
"""


@pytest.mark.skipif(V < (3, 13), reason="3.13+ branches pop only bools (TO_BOOL before them); 3.12's test any value")
@pytest.mark.parametrize("pure", [True, False] if _fast.available() else [True])
def test_monitoring_learns_a_bool_from_the_way_its_branch_went(pure, monkeypatch):
    """A call's bool result that a branch pops is not read at the branch but learnt where each
    way leads (a kept event): the branch and the instructions on the way keep no event (after
    their first), both lanes record what settrace records (`in` and `>` True and False, `not in`
    negated), and the branch whose way reaches no call keeps its event."""
    import dis
    from sidefx._recorder import _CodeInfo, translator_module
    namespace = {}
    exec(compile(BRANCHING_PROGRAM, "<branching>", "exec"), namespace)
    decide = namespace["decide"].__code__
    info = _CodeInfo(decide, translator_module())
    instructions = list(dis.get_instructions(decide))
    branches = [ins for ins in instructions if ins.opname.startswith("POP_JUMP_IF")]
    assert len(branches) == 3
    first, compare, last = branches
    assert set(info.branch_reads) == {first.offset, compare.offset}
    after = {ins.offset: instructions[index + 1:] for index, ins in enumerate(instructions)}
    plus = next(ins for ins in after[first.offset] if ins.opname == "BINARY_OP")
    store = next(ins for ins in after[first.offset] if ins.opname == "STORE_SUBSCR")
    assert plus.argrepr == "+" and info.branch_reads[first.offset] == (plus.offset, store.offset, True)
    minus = next(ins for ins in after[compare.offset] if ins.opname == "BINARY_OP")
    contains = next(ins for ins in after[compare.offset] if ins.opname == "CONTAINS_OP")
    assert minus.argrepr == "-" and info.branch_reads[compare.offset] == (minus.offset, contains.offset, True)
    assert info.branch_passes and not info.branch_passes & {plus.offset, store.offset, minus.offset, contains.offset}
    events, calls = _monitoring_events(BRANCHING_PROGRAM, "decide", pure, monkeypatch, sizes=(40, 140))
    # per iteration: FOR_ITER, %, in, + (or the store into seen), *, >, not in, and - once
    # i * 3 > limit (i > 20 of 40, i > 70 of 140)
    assert calls[1] - calls[0] == 100 * 7 + (69 - 19)
    # kept events per iteration: those calls and the last branch; the landings of FOR_ITER, %, +
    # (a store, then a jump over the else), the store into seen, * and - are read further on, and
    # the first two branches keep none
    assert len(events[1]) - len(events[0]) == 100 * 8 + (69 - 19)
    if pure:
        quiet = {first.offset, compare.offset} | info.branch_passes
        assert all(events[1].count(("decide", offset)) <= 1 for offset in quiet)
        assert events[1].count(("decide", last.offset)) == 140


#: `not in` falls into a method call and jumps to a `+`: its record is `contains`, the negation of
#: what the branch pops.
NEGATED_BRANCH_PROGRAM = """
def negate(n):
    seen, total = set(), 0
    for i in range(n):
        if i % 3 not in seen:
            seen.add(i % 3)
        else:
            total = total + i
    return total
"""


@pytest.mark.skipif(V < (3, 13), reason="3.13+ branches pop only bools (TO_BOOL before them); 3.12's test any value")
@pytest.mark.parametrize("pure", [True, False] if _fast.available() else [True])
def test_a_negated_result_is_learnt_negated(pure, monkeypatch):
    """The record of `x not in s` is contains(s, x): where the branch falls through (it popped
    True) the result learnt is False, where it jumps, True; both lanes record what settrace does."""
    import dis
    from sidefx._recorder import _CodeInfo, translator_module
    namespace = {}
    exec(compile(NEGATED_BRANCH_PROGRAM, "<negated>", "exec"), namespace)
    code = namespace["negate"].__code__
    [branch] = [ins for ins in dis.get_instructions(code) if ins.opname.startswith("POP_JUMP_IF")]
    assert _CodeInfo(code, translator_module()).branch_reads[branch.offset][2] is False
    events, calls = _monitoring_events(NEGATED_BRANCH_PROGRAM, "negate", pure, monkeypatch, sizes=(30, 60))
    # per iteration: FOR_ITER, %, not in, then getattr(add) and add (3 times) or + (the rest)
    assert calls[1] - calls[0] == 30 * 4
    if pure:
        assert events[1].count(("negate", branch.offset)) <= 1


#: A store releases the value it replaces, whose __del__ may run traced code: the call whose result
#: is stored comes first, though the monitoring backend reads it only at the next kept event.  (A
#: recording keeps every argument and result alive, so the value must come from untraced code: the
#: driver sends it into the generator and lets go of it.)
RELEASING_PROGRAM = """
log = []
class Noisy:
    def __del__(self):
        log.append(abs(-1))
def consumer():
    keep = None
    for i in range(5):
        sent = yield
        if sent is not None:
            keep = sent
            continue
        keep = i * 2
        check = keep + 1
drive(consumer, Noisy)
"""


def _drive(generator_function, make_item):
    """Untraced: runs the generator, sending it an object at its third step (i == 2)."""
    generator = generator_function()
    next(generator)
    next(generator)
    next(generator)
    generator.send(make_item())  # kept by the generator's locals only, until `keep = i * 2`
    for _ in range(3):
        next(generator, None)


@pytest.mark.skipif(V < (3, 12), reason="sys.monitoring exists from 3.12 on")
@pytest.mark.parametrize("sink", [False, True])
@pytest.mark.parametrize("lanes", ["compiled", "python lane", "pure"])
def test_calls_whose_stored_result_releases_a_value_come_before_what_that_runs(lanes, sink, monkeypatch):
    if lanes == "pure" or not _fast.available():
        monkeypatch.setenv("SIDEFX_PURE_PYTHON", "1")
    else:
        monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    if lanes == "python lane":
        monkeypatch.setenv("SIDEFX_FAST_LANE", "0")
    code = compile(RELEASING_PROGRAM, "<releasing>", "exec")
    traces = {}
    for backend in ("settrace", "monitoring"):
        texts = traces[backend] = []
        globals_ = {"__name__": "releasing", "drive": _drive}
        recording = exec_and_record_function_calls(
            code, globals_, backend=backend, sink=(lambda call: texts.append(call_text(call))) if sink else None)
        assert recording.stack_read_errors == [] and recording.internal_errors == []
        if not sink:
            texts += [call_text(c) for c in recording.function_calls]
        assert globals_["log"] == [1]
    assert traces["monitoring"] == traces["settrace"]
    texts = [text.split(" -> ")[0] for text in traces["settrace"]]
    # i == 3: keep = i * 2 releases the Noisy, whose __del__ runs before keep + 1
    made = texts.index("operator.mul(3, 2)")
    after = texts[made + 1:made + 5]
    assert after[0].startswith("builtins.getattr(") and after[0].endswith(", 'append')")
    assert after[1:] == ["builtins.abs(-1)", "bound list.append(1)", "operator.add(6, 1)"]


@needs_speedups
@pytest.mark.skipif(V < (3, 12), reason="sys.monitoring exists from 3.12 on")
def test_monitor_hook_falls_back_on_unusual_calls():
    """Called other than by sys.monitoring, the hook defers to the Python callback."""
    from sidefx._recorder import _FrameState
    calls = []
    hook = _fast._speedups.MonitorHook(
        states={}, on_state=len, on_instruction=len, map_for=len,
        fallback=lambda *args, **kwargs: calls.append((args, kwargs)) or "fallback",
        disable=sys.monitoring.DISABLE, state_type=_FrameState,
        pending=_FrameState.__dict__["pending"])
    assert hook((lambda: 0).__code__, 0) == "fallback"  # not the running frame's code
    assert hook(1, 2, 3) == "fallback"
    assert hook(None, offset=1) == "fallback"
    assert len(calls) == 3
    hook.release()
    assert hook(None, 0) is None
    with pytest.raises(TypeError):
        _fast._speedups.MonitorHook(
            states={}, on_state=len, on_instruction=len, map_for=len, fallback=len,
            disable=None, state_type=_FrameState, pending=len)


@needs_speedups
def test_previous_tracers_restored(monkeypatch):
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    events = []

    def debugger(frame, event, arg):
        events.append(event)
        return None

    code = compile("x = len('abc')\n", "<p>", "exec")
    previous = sys.gettrace()
    sys.settrace(debugger)
    try:
        recordings = [exec_and_record_function_calls(code, {}, backend=b) for b in BACKENDS_HERE]
        assert sys.gettrace() is debugger
    finally:
        sys.settrace(previous)
    assert all([c.fn for c in r.function_calls] == [len] for r in recordings)


@needs_speedups
def test_nested_recordings(monkeypatch):
    """Traced code that records something itself: the outer compiled tracer comes back."""
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    source = (
        "inner = record(compile('y = abs(-3)', '<inner>', 'exec'), {})\n"
        "z = len([1, 2])\n"
    )
    globals_ = {"record": exec_and_record_function_calls}
    outer = exec_and_record_function_calls(compile(source, "<outer>", "exec"), globals_)
    assert [c.fn for c in globals_["inner"].function_calls] == [abs]
    names = [getattr(c.fn, "__name__", "") for c in outer.function_calls]
    assert "len" in names and "exec_and_record_function_calls" in names


@needs_speedups
def test_suspended_generator_outlives_the_recording(monkeypatch):
    """A generator of traced code resumed later, under another tracer, after stop()."""
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    globals_ = {}
    source = "def gen():\n    for i in range(4):\n        yield i * 3\ng = gen()\nfirst = next(g)\n"
    exec_and_record_function_calls(compile(source, "<p>", "exec"), globals_)
    events = []

    def debugger(frame, event, arg):
        events.append(event)
        return debugger

    previous = sys.gettrace()
    sys.settrace(debugger)
    try:
        rest = list(globals_["g"])
    finally:
        sys.settrace(previous)
    assert globals_["first"] == 0 and rest == [3, 6, 9]
    assert list(globals_["g"]) == []


@needs_speedups
def test_engine_failure_disables_tracing_like_settrace(monkeypatch):
    """A BaseException out of the engine behaves as out of a Python trace function."""
    from sidefx._recorder import Engine

    def explode(self, frame_or_code):
        raise KeyboardInterrupt("from the engine")

    outcomes = []
    for pure in (False, True):
        with monkeypatch.context() as patch:
            if pure:
                patch.setenv("SIDEFX_PURE_PYTHON", "1")
            else:
                patch.delenv("SIDEFX_PURE_PYTHON", raising=False)
            patch.setattr(Engine, "state_for", explode)  # the Python lane's way to a frame state
            patch.setattr(Engine, "info_for", explode)  # the C lane's (and each lane's per code object)
            previous = sys.gettrace()
            for backend in BACKENDS_HERE:
                with pytest.raises(KeyboardInterrupt, match="from the engine"):
                    exec_and_record_function_calls(compile("x = 1\n", "<p>", "exec"), {}, backend=backend)
                outcomes.append(sys.gettrace() is previous)
    assert outcomes == [True] * 2 * len(BACKENDS_HERE)


@needs_speedups
def test_tracer_arguments_are_checked():
    from sidefx._recorder import _FrameState
    speedups = _fast._speedups
    good = dict(states={}, on_call=len, on_instruction=len, on_exception=len, on_exit=len,
                bitmap_for=len, own=[], state_type=_FrameState,
                pending=_FrameState.__dict__["pending"], trace_first=False)
    tracer = speedups.Tracer(**good)
    tracer.stop()   # never started: only releases
    with pytest.raises(TypeError):
        speedups.Tracer(**dict(good, pending=_FrameState.__dict__["info"].__get__))
    with pytest.raises(TypeError):
        speedups.Tracer(**dict(good, own=[1]))
    started = speedups.Tracer(**good)
    previous = sys.gettrace()
    started.start()
    try:
        with pytest.raises(RuntimeError):
            started.start()
    finally:
        started.stop()
    assert sys.gettrace() is previous
    assert started(None, "line", None) is None  # as a frame's f_trace it does nothing


# -- the reader --------------------------------------------------------------------------------------

def _compare_readers(function, *args):
    """Run function with opcode events; compare the compiled reader with the ctypes reader."""
    compiled = _fast.CompiledReader(PY_READER)
    counts = {"events": 0, "items": 0, "errors": 0}
    problems = []

    def tracer(frame, event, arg):
        if event == "call":
            if V >= (3, 13):
                frame.f_trace = tracer
            frame.f_trace_opcodes = True
            return tracer
        if event not in ("opcode", "line"):
            return tracer
        counts["events"] += 1
        try:
            expected = PY_READER.depth(frame), PY_READER.peek(frame, PY_READER.depth(frame))
        except StackReadError as exc:
            expected = ("error", str(exc))
        try:
            got = compiled.depth(frame), compiled.peek(frame, compiled.depth(frame))
        except StackReadError as exc:
            got = ("error", str(exc))
        if expected[0] == "error":
            counts["errors"] += 1
            same = got == expected
        else:
            same = got[0] == expected[0] and len(got[1]) == len(expected[1]) and all(
                a is b or (type(a) is int and type(b) is int and a == b)
                for a, b in zip(got[1], expected[1]))
            counts["items"] += len(got[1])
        if not same and len(problems) < 5:
            problems.append((frame.f_code.co_name, frame.f_lasti, event, expected, got))
        return tracer

    previous = sys.gettrace()
    here = sys._getframe()
    here.f_trace_opcodes = True
    sys.settrace(tracer)
    try:
        result = function(*args)
    finally:
        sys.settrace(previous)
        here.f_trace_opcodes = False
    assert problems == []
    return counts, result


@needs_speedups
def test_compiled_reader_matches_ctypes_reader_on_the_corpus():
    import test_stack_readers as corpus
    totals = {"events": 0, "items": 0}
    for function, args in corpus.CORPUS + [(corpus.run_async, ())]:
        counts, _ = _compare_readers(function, *args)
        totals["events"] += counts["events"]
        totals["items"] += counts["items"]
    assert totals["events"] > 2000 and totals["items"] > 2000


@needs_speedups
def test_compiled_reader_passes_the_reader_checker():
    import test_stack_readers as corpus
    reader = _fast.CompiledReader(PY_READER)
    checker = corpus.Checker(reader)
    for function, args in corpus.CORPUS:
        checker.run(function, *args)
    checker.assert_ok()
    assert checker.counts["opcode"] > 1000


@needs_speedups
def test_compiled_reader_refusals():
    reader = _fast.CompiledReader(PY_READER)
    with pytest.raises(TypeError):
        reader.depth("not a frame")
    seen = []

    def probe():
        return len("x")

    def tracer(frame, event, arg):
        if event == "call":
            if V >= (3, 13):
                frame.f_trace = tracer
            frame.f_trace_opcodes = True
            return tracer
        if event == "opcode" and frame.f_code is probe.__code__ and not seen:
            depth = reader.depth(frame)
            for bad in (-1, depth + 1, 1.0, "1", None, True, 2 ** 70):
                with pytest.raises(StackReadError):
                    reader.peek(frame, bad)
            assert reader.peek(frame, 0) == []
            seen.append(depth)
        return tracer

    previous = sys.gettrace()
    here = sys._getframe()
    here.f_trace_opcodes = True
    sys.settrace(tracer)
    try:
        probe()
    finally:
        sys.settrace(previous)
        here.f_trace_opcodes = False
    assert seen

    def finished():
        return sys._getframe()

    frame = finished()
    try:
        depth = reader.depth(frame)
    except StackReadError as exc:
        with pytest.raises(StackReadError) as info:
            PY_READER.depth(frame)
        assert str(info.value) == str(exc)
        assert "%d.%d" % V in str(exc)
    else:
        assert depth == PY_READER.depth(frame) == 0
    if V <= (3, 10):  # a running frame outside a trace call saved no stack pointer
        with pytest.raises(StackReadError):
            reader.depth(sys._getframe())


@needs_speedups
def test_compiled_reader_on_suspended_generator():
    def counter(n):
        for i in range(n):
            yield i

    gen = counter(3)
    next(gen)
    reader = _fast.CompiledReader(PY_READER)
    frame = gen.gi_frame
    assert reader.depth(frame) == PY_READER.depth(frame)
    got = reader.peek(frame, reader.depth(frame))
    expected = PY_READER.peek(frame, PY_READER.depth(frame))
    assert len(got) == len(expected) and all(a is b or a == b for a, b in zip(got, expected))


@needs_speedups
def test_compiled_reader_delegates_the_rest():
    reader = _fast.CompiledReader(PY_READER)
    assert reader.version == PY_READER.version
    assert reader.uses_static_depth == PY_READER.uses_static_depth
    code = test_compiled_reader_delegates_the_rest.__code__
    assert reader.static_depths(code) is PY_READER.static_depths(code)
    assert NULL is not None


def test_threads_program_records_in_pure_mode_too(monkeypatch):
    """The pure path stays complete on its own (runs whether or not the extension is built)."""
    result = _record(PROGRAMS["threads"], True, monkeypatch, prelude=False)
    assert result[1:4] == ([], [], [])
    assert threading.active_count() >= 1


@needs_speedups
def _tracked_while_recording(monkeypatch, source, **options):
    """(records, {id(record): (record, args) tracked?} of the records that exist as objects just
    before the recording ended, without making any: what the calls' container references)."""
    import gc
    from sidefx._recorder import Engine
    seen = {}
    original = Engine.finish

    def finish(self):
        held = self.calls if isinstance(self.calls, list) else gc.get_referents(self.calls)
        for call in held:
            if isinstance(call, FunctionCall):
                seen[id(call)] = (gc.is_tracked(call), gc.is_tracked(call.args))
        seen["list"] = gc.is_tracked(self.calls)
        seen["entries"] = len(self.calls)
        original(self)

    monkeypatch.setattr(Engine, "finish", finish)
    calls = exec_and_record_function_calls(compile(source, "<gc>", "exec"), {}, **options).function_calls
    monkeypatch.setattr(Engine, "finish", original)
    return calls, seen


@needs_speedups
@pytest.mark.parametrize("lane", ["fast", "python"])
def test_records_are_kept_out_of_the_cyclic_gc_while_recording(lane, monkeypatch):
    import gc
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    monkeypatch.setenv("SIDEFX_FAST_LANE", "1" if lane == "fast" else "0")
    source = "class Node:\n    pass\nn = Node()\nn.me = [n]\nfor i in range(9):\n    x = i + 1\n"
    calls, seen = _tracked_while_recording(monkeypatch, source)
    assert len(calls) > 20 and seen["list"] is False and seen["entries"] == len(calls)
    records = [value for key, value in seen.items() if isinstance(key, int)]
    assert all(value == (False, False) for value in records)  # the collector never walked them
    if lane == "fast":  # the lane's calls are no objects at all until read (CallLog)
        assert len(records) < len(calls) // 2
    else:
        assert len(records) == len(calls)
    # handed over: ordinary objects again (a cycle through them must be garbage; next test)
    assert all(gc.is_tracked(c) and gc.is_tracked(c.args) for c in calls) and gc.is_tracked(calls)
    assert all(c._kwargs is None for c in calls)  # no keyword arguments: no dict of their own until read
    assert calls[0].kwargs == {} and calls[0].kwargs is calls[0].kwargs
    monkeypatch.setenv("SIDEFX_PURE_PYTHON", "1")
    pure = exec_and_record_function_calls(compile(source, "<gc>", "exec"), {}).function_calls
    assert all(gc.is_tracked(c) for c in pure)  # the pure path leaves the collector alone


# -- the fast lane: simple rows run from start to record in C (sidefx._speedups.FastLane) --------

FAST_LANE_PROGRAM = '''
class Base:
    def __init__(self, v):
        self.v = v
    def get(self, k=1):
        return self.v * k
    @classmethod
    def make(cls, v):
        return cls(v)
    also = get                      # a method stored under another name
def kw(a, b=2, *, c=3):
    return a + b + c
b = Base.make(3)
out = []
for i in range(6):
    x = i * 7 + 3                   # operators
    y = -x if x % 2 else ~x
    out.append(b.get(k=i))          # a method call with a keyword (KW_NAMES / CALL_KW)
    out.append(b.also(i))
    d = {"a": i}
    d["b"] = d["a"] + 1             # subscripts
    b.v = d["b"]                    # attributes
    p, q = divmod(x, 5)             # unpacking
    z = kw(p, c=q)
    w = len([p, q]) + len((p, q))   # displays passed to a call: the Python lane closes them
    if i not in d.values() and b.v is not None:
        pass
    try:
        r = 10 // (i - 3)           # raises once: the exception event adopts the call
    except ZeroDivisionError:
        r = None
squares = [n * n for n in range(5) if n % 2]   # a comprehension: its own function before 3.12;
residues = {n % 3 for n in range(5)}            # list elements are added to the display's record
table = {n: [n] for n in range(3)}              # in C, set and dict ones in Python
'''


def _fast_lane_record(monkeypatch, backend, enabled, sink=None, source=FAST_LANE_PROGRAM):
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    monkeypatch.setenv("SIDEFX_FAST_LANE", "1" if enabled else "0")
    seen = {}
    backend_class = _fast.backend(backend)
    original = backend_class.run

    def run(self, code, globals_):
        try:
            original(self, code, globals_)
        finally:
            seen["lane"] = self.fast

    monkeypatch.setattr(backend_class, "run", run)
    recording = exec_and_record_function_calls(compile(source, "<fast>", "exec"), {}, backend=backend, sink=sink)
    monkeypatch.setattr(backend_class, "run", original)
    return recording, seen["lane"]


@needs_speedups
@pytest.mark.parametrize("backend", BACKENDS)
def test_fast_lane_records_what_the_python_lane_records(backend, monkeypatch):
    fast, lane = _fast_lane_record(monkeypatch, backend, True)
    slow, no_lane = _fast_lane_record(monkeypatch, backend, False)
    assert no_lane is None
    assert [_fields(c) for c in fast.function_calls] == [_fields(c) for c in slow.function_calls]
    assert not fast.internal_errors and not fast.stack_read_errors and not fast.not_implemented_ops
    stats = lane.stats()
    # most calls of the loop are simple rows: started and completed in C
    assert stats["completed"] > len(fast.function_calls) // 2
    assert stats["started"] >= stats["completed"]
    # frames of the traced functions got their states here, and gave them back at their exits
    assert stats["states_made"] >= 6 * 3 and stats["states_dropped"] >= 6 * 3
    kinds = {c.fn for c in fast.function_calls}
    assert {divmod, len, sidefx.model.unpack_sequence, sidefx.model.build_list}.issubset(kinds)
    raised = [c for c in fast.function_calls if c.raised is not None and not isinstance(c.raised, StopIteration)]
    assert [(c.fn, type(c.raised)) for c in raised] == [(__import__("operator").floordiv, ZeroDivisionError)]


@needs_speedups
@pytest.mark.parametrize("backend", BACKENDS)
def test_fast_lane_streams_to_a_sink(backend, monkeypatch):
    kept, _ = _fast_lane_record(monkeypatch, backend, True)
    streamed = []
    recording, lane = _fast_lane_record(monkeypatch, backend, True, sink=streamed.append)
    assert lane.stats()["completed"] > 0
    assert [_fields(c) for c in streamed] == [_fields(c) for c in kept.function_calls]
    assert recording.calls_emitted == len(streamed)


def _same_records_on_every_lane(monkeypatch, backend, source, before_reading=None):
    """Record source with the fast lane, kept and streamed, and with the Python lane alone: the
    records must be the same.  Returns the fast lane's recording, the streamed records, and what
    before_reading(recording) said of the fast lane's recording before any call of it was read."""
    fast, lane = _fast_lane_record(monkeypatch, backend, True, source=source)
    seen = before_reading(fast) if before_reading is not None else None
    streamed = []
    _fast_lane_record(monkeypatch, backend, True, sink=streamed.append, source=source)
    slow, _ = _fast_lane_record(monkeypatch, backend, False, source=source)
    assert lane.stats()["completed"] > 0 and not fast.internal_errors and not fast.stack_read_errors
    expected = [_fields(c) for c in slow.function_calls]
    assert [_fields(c) for c in fast.function_calls] == expected == [_fields(c) for c in streamed]
    return fast, streamed, seen


LATE_BOUND_PROGRAM = '''
class Box:
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v
    def fail(self):
        raise ValueError(self.v)
items = []
for v in range(3):
    items.append(Box(v).get())      # the Box lives on in the recording only
size = None.__sizeof__()            # a method descriptor of object, bound to None
try:
    Box(9).fail()                   # raises: the Python engine takes the started call over
except ValueError:
    pass
getter = items.append               # an attribute load that is not of the method form
'''


@needs_speedups
@pytest.mark.parametrize("backend", BACKENDS)
def test_methods_the_fast_lane_binds_late_are_the_methods_python_binds(backend, monkeypatch):
    """The fast lane keeps a method call's callee (and a method-form load's result) as function and
    self, bound when the record is made: the records are those of the Python lane, kept or
    streamed, with a bound method of the right self everywhere."""
    import gc
    import types
    fast, streamed, _ = _same_records_on_every_lane(monkeypatch, backend, LATE_BOUND_PROGRAM)
    # read in one go (iterated): the methods bound then are in the cyclic GC's view like any
    methods = [x for c in fast.function_calls for x in (c.fn, c.res)
               if isinstance(x, (types.MethodType, types.BuiltinMethodType)) and x.__self__ is not None]
    assert len(methods) >= 12 and all(gc.is_tracked(m) for m in methods)
    for calls in (fast.function_calls, streamed):
        gets = [c for c in calls if getattr(c.fn, "__name__", None) == "get"]
        assert [(type(c.fn).__name__, c.fn.__func__.__qualname__, c.fn.__self__.v, c.res) for c in gets] == \
            [("method", "Box.get", v, v) for v in range(3)]
        loads = [c for c in calls if c.fn is getattr and c.args[1] in ("get", "append", "__sizeof__")]
        assert [(c.args[1], c.res == getattr(c.args[0], c.args[1]), c.res.__self__ is c.args[0]) for c in loads] == \
            [("append", True, True), ("get", True, True)] * 3 + [("__sizeof__", True, True), ("append", True, True)]
        sized = [c for c in calls if getattr(c.fn, "__name__", None) == "__sizeof__"]
        assert len(sized) == 1 and sized[0].fn.__self__ is None and sized[0].res == None.__sizeof__()
        failed = [c for c in calls if getattr(c.fn, "__name__", None) == "fail"]
        assert len(failed) == 1 and failed[0].fn.__self__.v == 9 and type(failed[0].raised) is ValueError


SLICING_PROGRAM = '''
word = "abcdefgh"
parts = []
for i in range(4):
    parts.append(word[i:i + 3])     # BINARY_SLICE on 3.12+: the slice lives in the recording only
    parts[i][1:]
chars = list(word)
chars[i - 2:i] = ["x"]              # STORE_SLICE (i is 3)
head = chars[:True]                 # a start or stop of another type
seven = 7
try:
    seven[1:2]                      # raises: the Python engine takes the started call over
except TypeError:
    pass
'''


@needs_speedups
@pytest.mark.parametrize("backend", BACKENDS)
def test_slices_the_fast_lane_makes_late_are_the_slices_python_makes(backend, monkeypatch):
    """3.12+'s BINARY_SLICE and STORE_SLICE index with a slice the program never makes: the fast
    lane keeps its start and stop until the record is made (before that, the log holds no slice);
    the records are those of the Python lane, kept or streamed."""
    import gc
    fast, _, slices_held = _same_records_on_every_lane(
        monkeypatch, backend, SLICING_PROGRAM,
        lambda recording: [o for o in gc.get_referents(recording.function_calls) if type(o) is slice])
    sliced = [c.args[1] for c in fast.function_calls if len(c.args) > 1 and type(c.args[1]) is slice]
    assert sliced[:9] == [s for i in range(4) for s in (slice(i, i + 3), slice(1, None))] + [slice(1, 3)]
    assert sliced[9].stop is True and sliced[10] == slice(1, 2) and len(sliced) == 11
    failed = [c for c in fast.function_calls if c.raised is not None and c.fn is not next]
    assert len(failed) == 1 and failed[0].args == [7, slice(1, 2)] and type(failed[0].raised) is TypeError
    # no slice held before the records are read but the program's own: its constants (3.14 folds
    # constant slices), and on 3.8-3.11 the results of BUILD_SLICE, a call the program makes (at
    # least the loop's eight and chars[:True]'s)
    module = next(c.code for c in fast.function_calls if c.code.co_name == "<module>")
    not_constants = [o for o in slices_held if not any(o is k for k in module.co_consts)]
    assert (not_constants == []) if V >= (3, 12) else len(not_constants) >= 9


@needs_speedups
def test_fast_lane_contains_a_failing_sink(monkeypatch):
    def sink(call):
        if call.fn is divmod:
            raise RuntimeError("sink is full")
    recording, lane = _fast_lane_record(monkeypatch, "settrace", True, sink=sink)
    assert lane.stats()["completed"] > 0
    # the traced program ran to its end; each failure is noted, never raised into it
    assert recording.internal_errors and all("sink is full" in e[2] for e in recording.internal_errors)


@needs_speedups
def test_fast_lane_arguments_are_checked():
    from sidefx._function_call import FunctionCall
    from sidefx._recorder import _FrameState
    reader = _fast.CompiledReader(PY_READER).compiled
    calls = _fast._speedups.CallLog(FunctionCall)
    good = dict(reader=reader, plans_for=len, calls=calls, internal_errors=[], record_type=FunctionCall,
                state_type=_FrameState, bind=len, hidden=(), states={}, info_for=len,
                template=_FrameState(None, calls), build_list=list)
    _fast._speedups.FastLane(**good)
    with pytest.raises(TypeError, match="calls must be a CallLog or have append and move_to_end, got list"):
        _fast._speedups.FastLane(**dict(good, calls=[]))
    with pytest.raises(TypeError, match="__slots__ member"):
        _fast._speedups.FastLane(**dict(good, record_type=type("NoSlots", (), {})))
    with pytest.raises(TypeError, match="__slots__ member"):
        _fast._speedups.FastLane(**dict(good, state_type=FunctionCall, template=FunctionCall(len)))
    with pytest.raises(TypeError, match="code objects"):
        _fast._speedups.FastLane(**dict(good, hidden=[1]))
    with pytest.raises(TypeError, match="template"):
        _fast._speedups.FastLane(**dict(good, template=object()))
    with pytest.raises(TypeError, match="FastLane"):
        _fast._speedups.Tracer(states={}, on_call=len, on_instruction=len, on_exception=len, on_exit=len,
                               bitmap_for=len, own=(), state_type=_FrameState,
                               pending=_FrameState.__dict__["pending"], trace_first=False, fast=1)


class _Node:
    pass


FRAME_HOPPING_PROGRAM = """
def step(a, b):
    return a * b + 1          # a new frame per call, very likely at the address of the last one
def counter(n):
    for i in range(n):
        yield i * 2           # suspended and resumed: events alternate between frames
total = 0
for i in range(40):
    total += step(i, 3)
left, right = counter(30), counter(30)
pairs = [(next(left) - next(right), next(right) % 7) for _ in range(10)]
try:
    step(None, 1)             # an exception leaves the frame between its events
except TypeError:
    pass
"""


@needs_speedups
@pytest.mark.parametrize("backend", BACKENDS)
def test_frames_hopping_and_reusing_addresses_keep_their_own_states(backend, monkeypatch):
    """The compiled tracers remember the state of the last frame that had an event; frames that
    exit, suspend, raise, and new frames at a dead frame's address must each get their own."""
    compiled = _record(FRAME_HOPPING_PROGRAM, False, monkeypatch, backend)
    pure = _record(FRAME_HOPPING_PROGRAM, True, monkeypatch, backend)
    assert compiled == pure
    texts = [text for text, *_ in compiled[0]]
    assert sum(text.startswith("step(") for text in texts) == 41 and compiled[3] == []


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("pure", [False, True], ids=["compiled", "pure"])
def test_a_dropped_recording_is_freed_without_the_cyclic_gc(backend, pure, monkeypatch):
    """The recorder leaves no reference cycle behind (its frames, backends, readers), so a recording
    a user drops frees its calls, and the objects they keep alive, at once."""
    import gc
    import weakref
    if pure:
        monkeypatch.setenv("SIDEFX_PURE_PYTHON", "1")
    else:
        monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    source = "class Box:\n    pass\nkept = [Box() for _ in range(3)]\nfor i in range(50):\n    t = i * 2\n"
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        globals_ = {}
        recording = exec_and_record_function_calls(compile(source, "<freed>", "exec"), globals_, backend=backend)
        boxes = [weakref.ref(box) for box in globals_["kept"]]
        assert len(recording.function_calls) > 50
        freed = weakref.ref(recording)
        del recording, globals_
        assert freed() is None and all(box() is None for box in boxes)
    finally:
        if enabled:
            gc.enable()


@needs_speedups
@pytest.mark.parametrize("backend", BACKENDS)
def test_call_log_is_the_list_of_its_records(backend, monkeypatch):
    """The compiled path's Recording.function_calls (a CallLog, which makes each record when it
    is first read) behaves as the list the pure path returns."""
    import collections.abc
    import copy
    import gc
    source = "t = 0\nfor i in range(5):\n    t = t + i * 2\nd = {'k': t}\nd['k'] -= 1\n"
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    calls = exec_and_record_function_calls(compile(source, "<log>", "exec"), {}, backend=backend).function_calls
    monkeypatch.setenv("SIDEFX_PURE_PYTHON", "1")
    expected = exec_and_record_function_calls(compile(source, "<log>", "exec"), {}, backend=backend).function_calls
    assert isinstance(expected, list) and type(calls) is _fast._speedups.CallLog
    assert isinstance(calls, collections.abc.Sequence)
    assert [_fields(c) for c in calls] == [_fields(c) for c in expected]  # location fields too
    # made in one go when iterated, then handed to the cyclic GC like any object
    assert all(gc.is_tracked(c) and gc.is_tracked(c.args) for c in calls)
    records = [calls[i] for i in range(len(calls))]
    assert len(calls) == len(records) > 10 and all(type(r) is FunctionCall for r in records)
    assert calls[0] is records[0] and calls[-1] is records[-1]  # each record is made once
    assert calls == records and records == calls and not calls != records and calls == calls
    assert calls[2:9:3] == records[2:9:3] and calls[::-1] == records[::-1] and calls[5:2] == []
    assert list(calls) == records and list(reversed(calls)) == records[::-1]
    assert repr(calls) == repr(records)
    assert records[3] in calls and calls.index(records[3]) == records.index(records[3])
    assert calls.index(records[-1], -1) == len(calls) - 1 and calls.count(records[3]) == records.count(records[3])
    shorter, changed = records[:-1], records[:-1] + [FunctionCall(len)]
    assert calls != shorter and calls != changed and changed != calls and calls != tuple(records)
    copied = copy.copy(calls)  # (pickles, and copies, as the list of its records)
    assert type(copied) is list and copied == records and copied[0] is records[0]
    records[1].args.append("x")  # a record read is the record kept: mutations stay
    assert calls[1].args[-1] == "x"
    with pytest.raises(IndexError, match="out of range"):
        calls[len(calls)]
    with pytest.raises(TypeError, match="integers or slices"):
        calls["0"]
    with pytest.raises(ValueError, match="not in the calls"):
        calls.index(FunctionCall(len))
    with pytest.raises(TypeError, match="unhashable"):
        hash(calls)
    # its own memory: at least 40 bytes per call (the entries) and 8 per argument
    assert sys.getsizeof(calls) >= 40 * len(calls) + 8 * sum(len(c.args) for c in records)


@needs_speedups
@pytest.mark.parametrize("backend", BACKENDS)
def test_call_log_keeps_every_call_across_its_mapped_growth(backend, monkeypatch):
    """A log's arrays become memory mappings (of whole 2 MiB pages) from 512 KiB up, on Linux, and
    grow in place: 180,000 calls take the entry array (40 bytes each) from the heap through several
    mapped sizes, and the argument array (8 bytes per argument) past 512 KiB as well."""
    import operator
    import tracemalloc
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    n = 60000
    source = "t = 0\nfor i in range(N):\n    t = t + i * 2\n"
    tracemalloc.start()
    try:
        calls = exec_and_record_function_calls(compile(source, "<grow>", "exec"), {"N": n},
                                               backend=backend).function_calls
        mapped = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.DomainFilter(True, _fast._speedups.TRACEMALLOC_DOMAIN)])
    finally:
        tracemalloc.stop()
    assert type(calls) is _fast._speedups.CallLog
    assert sys.getsizeof(calls) >= 40 * len(calls) + 8 * 5 * n > 2 * 2 ** 21
    # memory measurements see the mappings: tracemalloc traces them in the log's own domain
    traced = sum(trace.size for trace in mapped.traces)
    assert len(mapped.traces) == 2 and sys.getsizeof(calls) - 200 < traced <= sys.getsizeof(calls)
    steps = [(c.fn, c.args, c.res) for c in calls[3:3 * n + 2]]  # (after range, iter, the first next)
    t = 0
    for i in range(n):
        step = steps[3 * i:3 * i + 3]
        assert step[:2] == [(operator.mul, [i, 2], i * 2), (operator.add, [t, i * 2], t + i * 2)], i
        t += i * 2
        assert step[2:] == ([(next, step[2][1], i + 1)] if i + 1 < n else [])
    assert calls[-1].fn is next and calls[-1].res is None and len(calls) == 3 + 3 * n


@needs_speedups
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a log's arrays are mappings on Linux only")
def test_a_freed_logs_mappings_serve_the_next_log(monkeypatch):
    """A log's arrays of 512 KiB and more are mappings; freed, the process keeps them (at most two)
    for its next log, which then takes their pages as they are instead of fresh ones the kernel
    must zero.  The calls recorded are the same; SIDEFX_KEEP_LOG_MEMORY=0 keeps none."""
    import gc
    import operator
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    monkeypatch.delenv("SIDEFX_KEEP_LOG_MEMORY", raising=False)
    kept = _fast._speedups.log_memory_kept  # (bytes kept, how many times a kept mapping was taken)
    code = compile("t = 0\nfor i in range(N):\n    t = t + i * 2\n", "<kept>", "exec")

    def record():  # (a few numbers stand for the calls: no object of theirs outlives the log)
        calls = exec_and_record_function_calls(code, {"N": 60000}).function_calls
        summary = (len(calls), sum(c.res for c in calls if c.fn is operator.add),
                   sum(c.args[0] * c.args[1] for c in calls if c.fn is operator.mul),
                   sum(1 for c in calls if c.fn is next))
        size = sys.getsizeof(calls)
        del calls
        gc.collect()
        return summary, size

    first, first_size = record()
    held, taken = kept()
    assert held >= 2 * 2 ** 21  # the entry and argument arrays, in whole 2 MiB pages
    second, second_size = record()
    n = 60000
    assert second == first == (3 + 3 * n, (n - 1) * n * (n + 1) // 3, n * (n - 1), n + 1)
    assert kept()[1] == taken + 2 and kept()[0] == held  # both arrays came from the kept ones, and went back
    assert second_size >= first_size  # (a kept mapping is taken whole)
    monkeypatch.setenv("SIDEFX_KEEP_LOG_MEMORY", "0")
    third, _ = record()
    assert third == first and kept() == (0, taken + 2)  # released when the next log was made; none kept since


@needs_speedups
@pytest.mark.parametrize("backend", BACKENDS)
def test_huge_arenas_place_a_recordings_objects_and_change_nothing_else(backend, monkeypatch):
    """While a compiled recording runs, pymalloc's new arenas come from huge-page mappings (on
    Linux; nowhere else); outside recordings, and with SIDEFX_HUGE_ARENAS=0, from pymalloc's own
    allocator; arenas made so are freed through the mappings later; the calls are the same."""
    import gc
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    counts = _fast._speedups.huge_arena_counts  # (arenas made, their bytes, how many freed, chunks)
    code = compile("kept = []\nfor i in range(N):\n    kept.append((i * 0.5, str(i)))\n", "<arenas>", "exec")

    def record():
        calls = exec_and_record_function_calls(code, {"N": 30000}, backend=backend).function_calls
        def value(v):  # (the iterator compares by identity, `kept` by its 30,000 items: types stand for them)
            return v if isinstance(v, (int, float, str, tuple, type(None))) else type(v)
        return [(c.fn.__qualname__, [value(a) for a in c.args], value(c.res)) for c in calls]

    monkeypatch.setenv("SIDEFX_HUGE_ARENAS", "0")
    before = counts()
    plain = record()
    assert counts()[:2] == before[:2]
    monkeypatch.delenv("SIDEFX_HUGE_ARENAS")
    placed = record()
    made = counts()
    assert placed == plain and len(placed) > 4 * 30000
    if sys.platform.startswith("linux"):
        # 30,000 tuples, floats and strings kept alive take several arenas (256 KiB before 3.10)
        assert made[0] - before[0] >= 2 and made[1] - before[1] >= (made[0] - before[0]) * 256 * 1024
    else:
        assert made == before == (0, 0, 0, 0)
    between = [str(i) * 3 for i in range(100000)]  # (new arenas too, but pymalloc's own)
    assert counts()[:2] == made[:2]
    del placed, plain, between
    gc.collect()
    if sys.platform.startswith("linux"):
        assert counts()[2] > made[2]  # emptied arenas go back through the mappings


@needs_speedups
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="huge-page arenas are made on Linux only")
def test_huge_arena_chunks_are_given_back_with_their_last_arena(monkeypatch):
    """Arenas come from 64 MiB mappings: a mapping whose arenas were all freed is given back (and
    forgotten), so that recording after recording the mappings held are those of arenas alive
    (then at most one per live arena, and the one arenas are handed out from), not all ever made."""
    import gc
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    monkeypatch.delenv("SIDEFX_HUGE_ARENAS", raising=False)
    counts = _fast._speedups.huge_arena_counts  # (arenas made, their bytes, how many freed, chunks)
    code = compile("kept = []\nfor i in range(N):\n    kept.append((i * 0.5, str(i)))\n", "<arenas>", "exec")
    before = counts()
    for _ in range(4):
        exec_and_record_function_calls(code, {"N": 50000})
        gc.collect()
    made, _, freed, chunks = counts()
    assert made - before[0] >= 16 and freed - before[2] >= (made - before[0]) * 3 // 4
    # (3.8's arenas, a quarter of the size, took seven mappings in all here, and one is held after)
    assert 1 <= chunks <= 1 + (made - freed)


@needs_speedups
def test_call_log_keeps_the_recorders_records_in_order():
    log = _fast._speedups.CallLog(FunctionCall)
    first, second, third = FunctionCall(len, [1]), FunctionCall(abs, [2]), FunctionCall(min, [3])
    for record in (first, second, third):
        log.append(record)
    assert log[0] is first and len(log) == 3
    log.move_to_end(first)
    log.move_to_end(FunctionCall(len, [1]))  # equal but not the same record: nothing moves
    assert list(log) == [second, third, first] and log[2] is first
    assert log.retract(third) is True and log.retract(third) is False
    assert list(log) == [second, first]
    with pytest.raises(TypeError, match="__slots__ member"):
        _fast._speedups.CallLog(type("NoSlots", (), {}))
    with pytest.raises(TypeError):
        _fast._speedups.CallLog(42)


@pytest.mark.parametrize("lane", ["fast", "python"])
@pytest.mark.parametrize("streamed", [False, True], ids=["kept", "streamed"])
def test_records_in_a_cycle_are_collected(lane, streamed, monkeypatch):
    """Records leave the collector's view only while the recorder holds them: once handed over
    (the recording ends, or a sink receives them) a cycle through them is garbage like any other
    (a record's ``raised`` traceback reaching a frame that holds the recording is such a cycle)."""
    import gc
    import weakref
    monkeypatch.delenv("SIDEFX_PURE_PYTHON", raising=False)
    monkeypatch.setenv("SIDEFX_FAST_LANE", "1" if lane == "fast" else "0")
    node = _Node()
    received = []
    sink = received.append if streamed else None
    recording = exec_and_record_function_calls(compile("y = id(node)\nz = [node]\n", "<cycle>", "exec"),
                                               {"node": node}, sink=sink)
    calls = received if streamed else recording.function_calls
    assert any(c.args == [node] for c in calls)
    node.calls = calls  # node -> calls -> record -> args -> node
    alive = weakref.ref(node)
    del node, calls, received, recording, sink
    gc.collect()
    assert alive() is None
