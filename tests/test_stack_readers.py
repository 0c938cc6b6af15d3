"""Tests of sidefx._stack: the value-stack readers, checked at every opcode event of a corpus.

The tracer never touches ``frame.f_locals`` (3.12.1 hazard) and never reads the stack at
``exception`` events.  Locals are checked against a shadow copy built from what the stack held at
each ``STORE_FAST``.
"""
import asyncio
import builtins
import collections
import contextlib
import dis
import sys
import types

import pytest

import sidefx._stack as stack
import sidefx._stack._common as common
from sidefx._stack import (
    NULL, SUPPORTED, StackReadError, UnsupportedInterpreterError, reader_for_running_python)

V = sys.version_info[:2]
READER = reader_for_running_python()

# Where the depth comes from a saved stack pointer, static_depths must agree with it at every event
# (3.8 books its ``finally`` blocks differently: static depth is informational there).
STATIC_MUST_MATCH = V >= (3, 9)
FOLDS_EXTENDED_ARG = V <= (3, 11)   # the instruction after EXTENDED_ARG gets no event of its own

LOAD_FAST_NAMES = {"LOAD_FAST", "LOAD_FAST_CHECK", "LOAD_FAST_BORROW"}
LOAD_FAST_PAIRS = {"LOAD_FAST_LOAD_FAST", "LOAD_FAST_BORROW_LOAD_FAST_BORROW"}
BUILD_TYPES = {
    "BUILD_TUPLE": tuple, "BUILD_LIST": list, "BUILD_MAP": dict, "BUILD_SET": set,
    "BUILD_CONST_KEY_MAP": dict, "BUILD_STRING": str, "BUILD_SLICE": slice,
}
TOTALS = collections.Counter()


def _instruction_table(code):
    """offset -> (instruction as executed, fall-through offset); EXTENDED_ARG folded on <= 3.11."""
    instrs = list(dis.get_instructions(code))
    table = {}
    for i, instr in enumerate(instrs):
        j = i
        if FOLDS_EXTENDED_ARG:
            while instrs[j].opname == "EXTENDED_ARG" and j + 1 < len(instrs):
                j += 1
        after = instrs[j + 1].offset if j + 1 < len(instrs) else None
        table[instr.offset] = (instrs[j], after)
    handlers = {}   # handler offset -> lasti pushed (3.11+), or None for <= 3.10 block handlers
    parse = getattr(dis, "_parse_exception_table", None)
    if parse is not None:
        for entry in parse(code):
            handlers[entry.target] = entry.lasti
    else:
        for instr in instrs:
            if instr.opname in ("SETUP_FINALLY", "SETUP_WITH", "SETUP_ASYNC_WITH"):
                handlers[instr.argval] = None
    return table, handlers


class Checker(object):
    """A trace function that checks the reader at every opcode and line event."""

    def __init__(self, reader=READER):
        self.reader = reader
        self.counts = collections.Counter()
        self.failures = []
        self.tables = {}
        self.pending = {}     # frame -> (fall-through offset, instruction)
        self.shadow = {}      # frame -> {local name: value stored by STORE_FAST}
        self.raised = set()   # frames whose last event was 'exception'

    # -- running ----------------------------------------------------------------------------
    def run(self, function, *args, **kwargs):
        previous = sys.gettrace()
        here = sys._getframe()
        old_opcodes = here.f_trace_opcodes
        here.f_trace_opcodes = True  # 3.12: some frame must want opcodes before settrace()
        sys.settrace(self.trace)
        try:
            return function(*args, **kwargs)
        finally:
            sys.settrace(previous)
            here.f_trace_opcodes = old_opcodes
            self.pending.clear()
            self.shadow.clear()
            self.raised.clear()
            for key, value in self.counts.items():
                TOTALS[key] += value

    def assert_ok(self):
        assert not self.failures, "\n".join(self.failures[:20])
        assert self.counts["opcode"] > 0

    def trace(self, frame, event, arg):
        if event == "call":
            frame.f_trace = self.trace      # 3.13+: before f_trace_opcodes
            frame.f_trace_opcodes = True
            return self.trace
        try:
            if event == "opcode":
                self.on_opcode(frame)
            elif event == "line":
                self.on_line(frame)
            elif event == "exception":      # never read the stack here
                self.pending.pop(frame, None)
                self.raised.add(frame)
            elif event == "return":
                self.pending.pop(frame, None)
        except Exception as exc:  # keep tracing; report at the end
            self.fail(frame, "%s at %s event: %r" % (type(exc).__name__, event, exc))
        return self.trace

    def fail(self, frame, message):
        code = frame.f_code
        self.failures.append("%s:%s (line %s) offset %d: %s" % (
            code.co_filename.rsplit("/", 1)[-1], code.co_name, frame.f_lineno, frame.f_lasti, message))

    def table(self, code):
        entry = self.tables.get(code)
        if entry is None:
            entry = self.tables[code] = _instruction_table(code)
        return entry

    # -- checks -----------------------------------------------------------------------------
    def on_line(self, frame):
        reader = self.reader
        code = frame.f_code
        static = reader.static_depths(code).get(frame.f_lasti)
        if reader.uses_static_depth:
            saved = reader._saved_depth(frame)
            if saved is None:
                self.counts["line_unsaved"] += 1
                return
        else:
            saved = reader.depth(frame)
        if not STATIC_MUST_MATCH and not reader.uses_static_depth:
            return
        self.counts["line_static_checked"] += 1
        if static != saved:
            self.fail(frame, "line event: static depth %r != saved depth %r" % (static, saved))

    def on_opcode(self, frame):
        reader = self.reader
        code = frame.f_code
        lasti = frame.f_lasti
        counts = self.counts
        counts["opcode"] += 1
        depth = reader.depth(frame)
        if not 0 <= depth <= code.co_stacksize:
            self.fail(frame, "depth %d outside [0, %d]" % (depth, code.co_stacksize))
            return
        items = reader.peek(frame, depth)
        if len(items) != depth:
            self.fail(frame, "peek(%d) returned %d items" % (depth, len(items)))
            return
        try:
            reader.peek(frame, depth + 1)
        except StackReadError:
            counts["overpeek_refused"] += 1
        else:
            self.fail(frame, "peek(depth + 1) did not raise")
        counts["items_read"] += depth
        counts["nulls_seen"] += sum(1 for item in items if item is NULL)

        if not reader.uses_static_depth and STATIC_MUST_MATCH:
            static = reader.static_depths(code).get(lasti)
            counts["static_vs_saved"] += 1
            if static != depth:
                self.fail(frame, "static depth %r != saved depth %d" % (static, depth))
        elif not reader.uses_static_depth and reader.static_depths(code).get(lasti) != depth:
            counts["static_vs_saved_mismatch_3_8"] += 1

        table, handlers = self.table(code)
        raised = frame in self.raised
        if raised:
            self.raised.discard(frame)
            if lasti in handlers:
                self.check_handler(frame, items, handlers[lasti])

        pending = self.pending.pop(frame, None)
        if pending is not None and pending[0] == lasti:
            self.check_result(frame, pending[1], items)

        row = table.get(lasti)
        if row is None:
            self.fail(frame, "no instruction at this offset")
            return
        instr, after = row
        self.update_shadow(frame, instr, items)
        self.pending[frame] = (after, instr)

    def check_handler(self, frame, items, lasti):
        self.counts["handler_entries"] += 1
        if lasti is None:  # <= 3.10: traceback, value, type of the exception on top
            if len(items) < 3 or not isinstance(items[-2], BaseException) or not (
                    isinstance(items[-1], type) and issubclass(items[-1], BaseException)):
                self.fail(frame, "exception handler: top %r is not (tb, exc, type)" % (items[-3:],))
        elif not items or not isinstance(items[-1], BaseException):
            self.fail(frame, "exception handler: TOS %r is not an exception" % (items[-1:],))
        elif lasti:
            if len(items) < 2 or type(items[-2]) is not int:
                self.fail(frame, "exception handler: lasti slot %r is not an int" % (items[-2:-1],))
            else:
                self.counts["handler_lasti_int"] += 1

    def update_shadow(self, frame, instr, items):
        name = instr.opname
        if name in ("STORE_FAST", "STORE_FAST_LOAD_FAST", "STORE_FAST_STORE_FAST",
                    "DELETE_FAST", "LOAD_FAST_AND_CLEAR"):
            shadow = self.shadow.setdefault(frame, {})
            if name == "DELETE_FAST" or name == "LOAD_FAST_AND_CLEAR":
                shadow.pop(instr.argval, None)
                return
            names = instr.argval if isinstance(instr.argval, tuple) else (instr.argval,)
            if name == "STORE_FAST_STORE_FAST":
                values = [items[-1], items[-2]]
            else:
                values = [items[-1]]
            for local, value in zip(names, values):
                if value is NULL:  # 3.12 restores a comprehension variable that was unbound
                    shadow.pop(local, None)
                else:
                    shadow[local] = value

    def check_result(self, frame, instr, items):
        """``instr`` fell through to this event: its result is on top of the stack."""
        name = instr.opname
        counts = self.counts
        top = items[-1] if items else None
        if name == "LOAD_CONST":
            counts["load_const"] += 1
            if not items or top is not instr.argval:
                self.fail(frame, "after LOAD_CONST %r TOS is %r" % (instr.argval, top))
        elif name == "LOAD_SMALL_INT":
            counts["load_const"] += 1
            if top != instr.arg or type(top) is not int:
                self.fail(frame, "after LOAD_SMALL_INT %r TOS is %r" % (instr.arg, top))
        elif name in LOAD_FAST_NAMES or name in LOAD_FAST_PAIRS or name == "STORE_FAST_LOAD_FAST":
            shadow = self.shadow.get(frame, {})
            if name in LOAD_FAST_PAIRS:
                names, values = instr.argval, items[-2:]
            elif name == "STORE_FAST_LOAD_FAST":
                names, values = instr.argval[1:], items[-1:]
            else:
                names, values = (instr.argval,), items[-1:]
            for local, value in zip(names, values):
                if local in shadow:
                    counts["load_fast"] += 1
                    if value is not shadow[local]:
                        self.fail(frame, "after %s %s TOS is %r, stored %r" % (name, local, value, shadow[local]))
        elif name in BUILD_TYPES:
            counts["build"] += 1
            if type(top) is not BUILD_TYPES[name]:
                self.fail(frame, "after %s TOS is %r" % (name, top))
        elif name == "PUSH_NULL":
            counts["push_null"] += 1
            if top is not NULL:
                self.fail(frame, "after PUSH_NULL TOS is %r" % (top,))
        elif name == "LOAD_GLOBAL":
            counts["load_global"] += 1
            value = frame.f_globals.get(instr.argval, vars(builtins).get(instr.argval, NULL))
            if V >= (3, 11) and instr.arg & 1:
                pair = items[-2:]
                expected = [value, NULL] if V >= (3, 13) else [NULL, value]
                counts["load_global_null"] += 1
                if len(pair) != 2 or pair[0] is not expected[0] or pair[1] is not expected[1]:
                    self.fail(frame, "after LOAD_GLOBAL %s (with NULL) top is %r" % (instr.argval, pair))
            elif top is not value:
                self.fail(frame, "after LOAD_GLOBAL %s TOS is %r" % (instr.argval, top))
        elif name == "LOAD_METHOD" or (name == "LOAD_ATTR" and V >= (3, 12) and instr.arg & 1):
            counts["method_load"] += 1
            pair = items[-2:]
            if V >= (3, 13):
                ok = pair[0] is not NULL
                null_seen = pair[1] is NULL
            else:
                ok = pair[1] is not NULL
                null_seen = pair[0] is NULL
            counts["method_load_null"] += null_seen
            if not ok:
                self.fail(frame, "after %s %s top is %r" % (name, instr.argval, pair))


def check(function, *args, **kwargs):
    checker = Checker()
    result = checker.run(function, *args, **kwargs)
    checker.assert_ok()
    return checker, result


# -- the corpus ---------------------------------------------------------------------------------

def loops(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            continue
        j = 0
        while j < i:
            j += 2
            if j > 7:
                break
        else:
            total -= 1
        total += i * j
    for a, (b, c) in [(1, (2, 3)), (4, (5, 6))]:
        total += a + b - c
    return total


def try_except_finally(x):
    out = []
    for value in (x, 0, "s", None):
        try:
            try:
                out.append(10 // value)
            except ZeroDivisionError as e:
                out.append(type(e).__name__)
            except TypeError:
                out.append("type")
                continue
            else:
                out.append("else")
            finally:
                out.append("finally")
        finally:
            out.append(len(out))
    try:
        raise KeyError("k")
    except (KeyError, ValueError) as err:
        out.append(err.args)
    return out


def finally_return():
    try:
        return "body"
    finally:
        print_it = str("cleanup")  # noqa: F841


def nested_raise(depth):
    if depth == 0:
        raise ValueError("bottom")
    try:
        nested_raise(depth - 1)
    except ValueError:
        if depth % 2:
            raise
        return depth


class Manager(object):
    def __init__(self, suppress=False):
        self.suppress = suppress
        self.log = []

    def __enter__(self):
        self.log.append("enter")
        return self

    def __exit__(self, kind, value, tb):
        self.log.append(("exit", kind))
        return self.suppress


def with_statements():
    with Manager() as m, Manager() as n:
        m.log.append(n is m)
    with Manager(suppress=True) as s:
        raise RuntimeError("suppressed")
    try:
        with Manager():
            raise KeyError("through")
    except KeyError:
        pass
    with contextlib.suppress(IndexError):
        [][1]
    return m.log, s.log


def comprehensions(data):
    x = "outer"
    squares = [x * x for x in data if x % 2]
    pairs = {k: v for k, v in zip(data, reversed(data))}
    unique = {x % 3 for x in data}
    nested = [[i * j for j in range(i)] for i in data]
    gen = sum(v for v in data if v > 1)
    funcs = [lambda: y for y in range(3)]
    return x, squares, pairs, unique, nested, gen, [f() for f in funcs]


def counter(n):
    for i in range(n):
        received = yield i
        if received:
            yield received * 2


def delegating(n):
    result = yield from counter(n)
    yield "done", result


def generators():
    out = list(counter(4))
    g = counter(5)
    out.append(next(g))
    out.append(g.send(7))
    out.append(next(g))
    g.close()
    d = delegating(3)
    out.extend(d)
    t = counter(3)
    next(t)
    try:
        t.throw(ValueError("thrown"))
    except ValueError as e:
        out.append(str(e))
    return out


def target(a, b=2, *args, c=3, **kwargs):
    return a, b, args, c, kwargs


class Thing(object):
    def __init__(self):
        self.callback = lambda *a: a   # an instance attribute: method loads push NULL for it

    def method(self, x, *, y=1):
        return x + y

    @staticmethod
    def static(x):
        return -x

    @classmethod
    def klass(cls, x):
        return cls.__name__, x


def calls():
    t = Thing()
    out = [
        target(1),
        target(1, 2, 3, 4, c=5, d=6),
        target(*[1, 2], **{"c": 9}),
        target(a=1, b=2),
        t.method(1, y=2),
        t.method(3),
        t.callback(1, 2),
        Thing.static(4),
        t.klass(5),
        len("abc"),
        sorted([3, 1, 2], key=lambda v: -v, reverse=True),
        "{}-{}".format(1, 2),
        max(*(i for i in range(4))),
        dict(zip("ab", range(2)), c=3),
    ]
    return out


def closures(seed):
    cell = [seed]

    def inner(step):
        nonlocal seed
        seed += step
        cell.append(seed)
        return seed

    def uses_arg_cell(arg):
        return lambda: arg * 2

    inner(1)
    inner(2)
    return cell, uses_arg_cell(seed)()


def misc(values):
    a, *rest = values
    b = values[1:3]
    values[0:1] = [a]
    d = {"k": 1}
    d["k"] += 1
    s = f"{a!r:>5} {b} {d['k']:03d}"
    if (n := len(rest)) > 1:
        s += str(n)
    assert isinstance(s, str), "never"
    del b
    t = (a, -a, not a, ~a, a ** 2, a @ Matrix() if False else a, a < 3 < 5, a is None, a in values)
    cls = type("Dyn", (), {"x": 1})
    return s, t, cls.x, [*rest, *values], {**d, "z": 0}


class Matrix(object):
    def __rmatmul__(self, other):
        return other


def class_body():
    class Body(object):
        attr = [i for i in range(3)]
        doubled = {i: i * 2 for i in attr}

        def method(self):
            return __class__, super().__repr__()

    return Body().method()[0] is Body, Body.doubled


def _make_big():
    lines = ["def big(seed):"]
    lines += ["    v%d = seed + %d" % (i, i) for i in range(300)]
    lines += ["    total = 0", "    for k in range(3):"]
    lines += ["        total += v%d * k + %d.5" % (i, i) for i in range(0, 300, 3)]
    lines += ["        if total > 10 ** 9:", "            break"]
    lines += ["    return total, v299, " + ", ".join("'s%d'" % i for i in range(280))]
    namespace = {}
    exec(compile("\n".join(lines), "<big>", "exec"), namespace)
    return namespace["big"]


big = _make_big()


async def ticker(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i


class AsyncManager(object):
    async def __aenter__(self):
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc):
        return False


async def async_work(n):
    total = 0
    async for i in ticker(n):
        total += i
    async with AsyncManager() as manager:
        total += manager is not None
    try:
        await asyncio.wait_for(asyncio.sleep(0), 1)
    except asyncio.TimeoutError:
        pass
    results = await asyncio.gather(asyncio.sleep(0, "a"), asyncio.sleep(0, "b"))
    return total, results, [x async for x in ticker(2)]


def run_async():
    return asyncio.run(async_work(3))


CORPUS = [
    (loops, (12,)),
    (try_except_finally, (5,)),
    (finally_return, ()),
    (nested_raise, (4,)),
    (with_statements, ()),
    (comprehensions, ([1, 2, 3, 4, 5],)),
    (generators, ()),
    (calls, ()),
    (closures, (3,)),
    (misc, ([1, 2, 3, 4],)),
    (class_body, ()),
    (big, (1,)),
]


# -- tests --------------------------------------------------------------------------------------

@pytest.mark.parametrize("function,args", CORPUS, ids=[f.__name__ for f, _ in CORPUS])
def test_corpus(function, args):
    expected = function(*args)
    checker, result = check(function, *args)
    assert repr(result) == repr(expected)
    assert checker.counts["overpeek_refused"] == checker.counts["opcode"]


def test_async_corpus():
    checker, result = check(run_async)
    assert result[0] == 4
    assert checker.counts["opcode"] > 1000


def stdlib_workload():
    import dataclasses
    import difflib
    import json
    import re
    import textwrap
    point = dataclasses.make_dataclass("Point", [("x", int), ("y", int, dataclasses.field(default=0))])
    text = json.dumps({"a": [1, 2.5, None, True], "b": {"c": "d"}}, indent=1, sort_keys=True)
    pattern = re.compile(r"(?P<w>[a-z]+)_%d\s*(?:x|y){1,3}" % id(point))
    diff = list(difflib.unified_diff(["a\n", "b\n", "c\n"], ["a\n", "B\n", "c\n"]))
    return point(1), json.loads(text), pattern.pattern, diff, textwrap.fill("word " * 30, width=20)


def test_stdlib_workload():
    checker, _ = check(stdlib_workload)
    assert checker.counts["opcode"] > 5000


def test_results_are_observed():
    """The corpus really exercised the value checks (not just depth bounds)."""
    checker = Checker()
    for function, args in CORPUS:
        checker.run(function, *args)
    checker.assert_ok()
    counts = checker.counts
    for key in ("load_const", "load_fast", "build", "load_global", "method_load", "handler_entries"):
        assert counts[key] > 0, key
    assert counts["nulls_seen"] > 0
    assert counts["method_load_null"] > 0          # Thing().callback(...) loads [NULL, attr]
    if V >= (3, 11):
        assert counts["push_null"] + counts["load_global_null"] > 0
        assert counts["handler_lasti_int"] > 0     # 3.14: a tagged int, returned as int
    if READER.uses_static_depth:
        assert counts["line_static_checked"] > 0
    elif STATIC_MUST_MATCH:
        assert counts["static_vs_saved"] == counts["opcode"]


def test_extended_arg_function_really_has_extended_args():
    assert any(i.opname == "EXTENDED_ARG" for i in dis.get_instructions(big))


def test_tracer_is_restored():
    sentinel_calls = []

    def outer_tracer(frame, event, arg):
        sentinel_calls.append(event)
        return None

    previous = sys.gettrace()
    sys.settrace(outer_tracer)
    try:
        check(loops, 3)
        assert sys.gettrace() is outer_tracer
    finally:
        sys.settrace(previous)


def test_null_sentinel():
    assert repr(NULL) == "<NULL>"
    assert type(NULL)() is NULL
    import pickle
    assert pickle.loads(pickle.dumps(NULL)) is NULL


def test_reader_is_cached_and_typed():
    assert reader_for_running_python() is READER
    assert isinstance(READER, stack.StackReader)
    assert READER.version == V


def test_static_depths_cached_and_bounded():
    assert READER.static_depths(loops.__code__) is READER.static_depths(loops.__code__)
    codes = []

    def collect(code):
        codes.append(code)
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                collect(const)

    import inspect
    for module in (asyncio.base_events, asyncio.tasks, contextlib, dis, inspect, sys.modules[__name__]):
        with open(module.__file__) as handle:
            collect(compile(handle.read(), module.__file__, "exec"))
    conflicts = 0
    for code in codes:
        static = READER._static(code)
        conflicts += bool(static.conflicts)
        for offset, depth in static.depths.items():
            assert 0 <= depth <= code.co_stacksize, (code.co_name, offset, depth)
    TOTALS["static_codes"] += len(codes)
    if V >= (3, 9):
        assert conflicts == 0


def test_peek_refuses_bad_arguments():
    seen = []

    def tracer(frame, event, arg):
        if event == "call":
            frame.f_trace = tracer
            frame.f_trace_opcodes = True
        elif event == "opcode" and frame.f_code is loops.__code__ and not seen:
            depth = READER.depth(frame)
            for bad in (-1, depth + 1, 1.0, "1", None):
                with pytest.raises(StackReadError):
                    READER.peek(frame, bad)
            assert READER.peek(frame, 0) == []
            seen.append(depth)
        return tracer

    previous = sys.gettrace()
    here = sys._getframe()
    here.f_trace_opcodes = True
    sys.settrace(tracer)
    try:
        loops(2)
    finally:
        sys.settrace(previous)
        here.f_trace_opcodes = False
    assert seen


def test_refuses_frames_without_saved_stack():
    def finished():
        return sys._getframe()

    frame = finished()
    try:
        depth = READER.depth(frame)
    except StackReadError:
        pass
    else:  # 3.10 keeps f_stackdepth 0 after the frame returned: harmless, nothing is read
        assert depth == 0 and READER.peek(frame, 0) == []
    if V <= (3, 10):  # a running frame outside a trace call saved no stack pointer
        with pytest.raises(StackReadError):
            READER.depth(sys._getframe())


def test_suspended_generator_frame():
    gen = counter(3)
    next(gen)
    frame = gen.gi_frame
    depth = READER.depth(frame)
    assert 0 <= depth <= frame.f_code.co_stacksize
    items = READER.peek(frame, depth)
    assert any(type(item) is range or type(item).__name__ == "range_iterator" for item in items)


def test_stack_errors_name_the_version():
    try:
        READER.peek(sys._getframe(), 10 ** 6)
    except StackReadError as exc:
        assert "%d.%d" % V in str(exc)
    else:
        pytest.fail("peek(10**6) did not raise")


@pytest.mark.parametrize("version", [(3, 7, 17, "final", 0), (3, 15, 0, "alpha", 1), (2, 7, 18, "final", 0)])
def test_unsupported_versions(monkeypatch, version):
    monkeypatch.setattr(sys, "version_info", version)
    with pytest.raises(UnsupportedInterpreterError) as info:
        reader_for_running_python()
    assert SUPPORTED in str(info.value)
    assert "CPython 3.8\u20133.14 (default GIL builds)" in str(info.value)


def test_unsupported_builds(monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(sys, "implementation", types.SimpleNamespace(name="pypy"))
        with pytest.raises(UnsupportedInterpreterError, match="not CPython"):
            reader_for_running_python()
    with monkeypatch.context() as patch:
        patch.setattr(common, "_gil_disabled", lambda: True)
        with pytest.raises(UnsupportedInterpreterError, match="free-threaded"):
            reader_for_running_python()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "gettotalrefcount", lambda: 0, raising=False)
        with pytest.raises(UnsupportedInterpreterError, match="debug"):
            reader_for_running_python()
    with monkeypatch.context() as patch:
        patch.setattr(common, "HEADER", 32)
        with pytest.raises(UnsupportedInterpreterError, match="header"):
            reader_for_running_python()
    assert reader_for_running_python() is READER


def test_layout_validation_refuses_wrong_frame_size(monkeypatch):
    module = sys.modules[type(READER).__module__]
    size = module.FRAME_BASICSIZE
    monkeypatch.setattr(module, "FRAME_BASICSIZE", {k: 1 for k in size} if isinstance(size, dict) else 1)
    with pytest.raises(UnsupportedInterpreterError, match="layout"):
        type(READER)()


def test_totals_report():
    """Prints how much was checked (run pytest with -s to see it)."""
    print("\nstack reader totals on %d.%d: %s" % (V + (dict(sorted(TOTALS.items())),)))
