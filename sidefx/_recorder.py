"""exec_and_record_function_calls: run a code object under opcode tracing and record its calls.

At each opcode event of a traced frame the generated translator for the running CPython reads
the instruction's stack inputs and returns a Pending call; the frame's next event completes it
with the result (or the exception event with what it raised).  Only frames whose code object is
the given one or nested in it are traced, however they are called (from C too).
"""
import dis
import importlib
import sys
import types

from sidefx import _runtime as rt
from sidefx._function_call import FunctionCall
from sidefx._stack import StackReadError, UnsupportedInterpreterError, reader_for_running_python

SUPPORTED = ((3, 8), (3, 9), (3, 10), (3, 11), (3, 12), (3, 13), (3, 14))
SUPPORTED_TEXT = "CPython 3.8–3.14"
_COMPREHENSION_NAMES = {"<listcomp>", "<setcomp>", "<dictcomp>"}


def translator_module(version=None):
    """The generated translator module for ``version`` (default: the running interpreter)."""
    version = tuple(version or sys.version_info[:2])
    if sys.implementation.name != "cpython" or version not in SUPPORTED:
        raise UnsupportedInterpreterError(
            "sidefx supports %s; this is %s %s" % (SUPPORTED_TEXT, sys.implementation.name, ".".join(map(str, version)))
        )
    return importlib.import_module("sidefx._generated.cpython_%d_%d" % version)


class Recording:
    """What exec_and_record_function_calls returns."""

    def __init__(self):
        self.function_calls = []
        #: Opcodes met that the running version's table neither translates nor declares callless.
        self.not_implemented_ops = []
        #: (code name, offset, opname, message) of events whose stack could not be read safely.
        self.stack_read_errors = []

    def __repr__(self):
        return "<Recording %d calls, not implemented: %s>" % (len(self.function_calls), self.not_implemented_ops)


class _CodeInfo:
    """Per code object: what to run at each offset, computed once."""

    __slots__ = ("steps", "fallthrough", "lines", "name")

    def __init__(self, code, module):
        self.name = code.co_name
        self.steps = {}        # offset -> (translator, oparg, opname)
        self.fallthrough = {}  # offset -> offset of the next instruction
        self.lines = {}
        translators, no_call = module.TRANSLATORS, module.NO_CALL
        folded = module.TRACING.get("extended_arg_event") == "folded"
        instructions = list(dis.get_instructions(code))
        prefix_offsets = []
        line = None
        for index, ins in enumerate(instructions):
            following = instructions[index + 1].offset if index + 1 < len(instructions) else None
            if getattr(ins, "starts_line", None) not in (None, False, True):
                line = ins.starts_line  # <= 3.12: the line number itself
            elif getattr(ins, "line_number", None) is not None:
                line = ins.line_number
            self.lines[ins.offset] = line
            if ins.opname == "EXTENDED_ARG" and folded:
                prefix_offsets.append(ins.offset)
                continue
            translator = translators.get(ins.opname)
            if translator is None and ins.opname not in no_call:
                translator = _not_implemented
            step = (translator, ins.arg or 0, ins.opname) if translator is not None else None
            for offset in prefix_offsets + [ins.offset]:
                self.fallthrough[offset] = following
                if step is not None:
                    self.steps[offset] = step
                self.lines[offset] = line
            prefix_offsets = []


def _not_implemented(ctx, st, frame, oparg):
    raise NotImplementedError


class _FrameState:
    __slots__ = ("info", "pending", "kw_names", "converted", "displays", "match_values")

    def __init__(self, info):
        self.info = info
        self.match_values = None
        self.pending = None
        self.kw_names = None
        self.converted = None
        self.displays = {}

    def open_display(self, container, call, slot):
        """Remember a display record by container identity and the stack slot it was built in."""
        displays = self.displays
        displays[id(container)] = (call, slot)
        if len(displays) > 64:  # displays never extended again are forgotten oldest first
            del displays[next(iter(displays))]


class _Recorder:
    def __init__(self, code, module, reader):
        self.module = module
        self.reader = reader
        self.peek = reader.peek
        self.recording = Recording()
        self.calls = self.recording.function_calls
        self.own = {}
        self._collect(code)
        self.comprehensions = {id(c) for c in self.own.values() if c.co_name in _COMPREHENSION_NAMES}
        self.infos = {}
        self.states = {}
        self.missing = set()
        self.opcode_trace_first = sys.version_info >= (3, 13)

    def _collect(self, code):
        self.own[id(code)] = code
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                self._collect(const)

    # -- hooks used by translators and runtime helpers --
    def make_call(self, pending, args, res, raised=None, fn=None):
        return FunctionCall(
            pending.fn if fn is None else fn, args, pending.kwargs or {}, res, raised,
            pending.code, pending.offset, pending.lines.get(pending.offset), pending.opname,
        )

    def append(self, call):
        self.calls.append(call)

    def retract(self, call):
        calls = self.calls
        for index in range(len(calls) - 1, -1, -1):
            if calls[index] is call:
                del calls[index]
                return

    def move_to_end(self, call):
        self.retract(call)
        self.calls.append(call)

    # -- tracing --
    def global_trace(self, frame, event, arg):
        if event != "call":
            return None
        code = frame.f_code
        if id(code) not in self.own:
            return None
        if frame not in self.states:
            info = self.infos.get(id(code))
            if info is None:
                info = self.infos[id(code)] = _CodeInfo(code, self.module)
            self.states[frame] = _FrameState(info)
        if self.opcode_trace_first:
            frame.f_trace = self.local_trace
        frame.f_trace_opcodes = True
        return self.local_trace

    def local_trace(self, frame, event, arg):
        st = self.states.get(frame)
        if st is None:
            return self.local_trace
        if event == "opcode":
            try:
                self._opcode(frame, st)
            except StackReadError as exc:
                st.pending = None
                self.recording.stack_read_errors.append((frame.f_code.co_name, frame.f_lasti, str(exc)))
        elif event == "exception":
            pending = st.pending
            if pending is not None:
                st.pending = None
                self._finish(st, frame, pending, None, arg[1])
        elif event == "return":
            self.states.pop(frame, None)
        return self.local_trace

    def _opcode(self, frame, st):
        offset = frame.f_lasti
        pending = st.pending
        if pending is not None:
            st.pending = None
            if pending.flags & rt.EXHAUSTS and offset != pending.fallthrough:
                self._finish(st, frame, pending, None, StopIteration())
            else:
                result = pending.result
                if result is None:
                    res = self.peek(frame, 1)[0]
                elif result is rt.RESULT_NONE:
                    res = None
                else:
                    res = result(self.peek(frame, pending.n_out), pending.oparg)
                self._finish(st, frame, pending, res, None)
        step = st.info.steps.get(offset)
        if step is None:
            return
        translator, oparg, opname = step
        try:
            pending = translator(self, st, frame, oparg)
        except StackReadError:
            raise
        except Exception:
            if opname not in self.missing:
                self.missing.add(opname)
                self.recording.not_implemented_ops.append(opname)
            return
        if pending is not None:
            pending.offset, pending.oparg, pending.opname = offset, oparg, opname
            pending.code, pending.lines = frame.f_code, st.info.lines
            pending.fallthrough = st.info.fallthrough.get(offset)
            st.pending = pending

    def _finish(self, st, frame, pending, res, raised):
        if pending.hook is not None:
            if raised is None:
                pending.hook(self, st, frame, pending, res)
            elif pending.fn is not None:
                self.calls.append(self.make_call(pending, pending.args or [], None, raised))
            return
        fn = pending.fn
        if st.match_values is not None and pending.args and pending.args[0] is st.match_values:
            return
        if pending.flags & rt.HIDE_COMPREHENSION and id(getattr(fn, "__code__", None)) in self.comprehensions:
            return
        call = self.make_call(pending, pending.args, res, raised)
        self.calls.append(call)
        if pending.flags & rt.DISPLAY and raised is None:
            st.open_display(res, call, self.reader.depth(frame) - 1)


def exec_and_record_function_calls(code, globals_):
    """Execute ``code`` in ``globals_`` and record every call its bytecode makes.

    Returns a :class:`Recording`.  Exceptions raised by the code propagate unchanged, after the
    tracer that was active before the call has been restored.
    """
    if not isinstance(code, types.CodeType):
        raise TypeError("exec_and_record_function_calls needs a code object (from compile()), got %s" % type(code).__name__)
    if not isinstance(globals_, dict):
        raise TypeError("globals_ must be a dict, got %s" % type(globals_).__name__)
    recorder = _Recorder(code, translator_module(), reader_for_running_python())
    previous = sys.gettrace()
    here = sys._getframe()
    # 3.12 delivers opcode events only if some frame asked for them before settrace (gh-103615).
    here.f_trace_opcodes = True
    sys.settrace(recorder.global_trace)
    try:
        exec(code, globals_)
    finally:
        sys.settrace(previous)
        here.f_trace_opcodes = False
    return recorder.recording
