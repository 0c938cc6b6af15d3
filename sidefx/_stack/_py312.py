"""CPython 3.12 and 3.13: interpreter frame stack; depth from a static analysis at opcode events.

PyFrameObject: f_frame +24.  _PyInterpreterFrame: f_code (3.12) / f_executable (3.13, a plain
PyObject*) +0, frame_obj +48, stacktop +64 (C int), owner +70 (char), localsplus +72.

While a frame executes, ``stacktop`` is -1: the eval loop keeps the stack pointer in a register and
does not save it for ``opcode`` events.  The depth there is the static depth of the instruction at
``f_lasti`` (see :mod:`sidefx._stack._static`).  Where the interpreter did save ``stacktop``
(``line`` events, suspended generators) that saved value is used instead.
"""
import sys

from sidefx._stack._common import (
    StackReader, check_layout, int32, memory_views, stack_error)
from sidefx._stack import _debug_offsets

FRAME_BASICSIZE = {(3, 12): 120, (3, 13): 136}
LOCALSPLUS = 72
OWNED_BY_FRAME_OBJECT = 2   # owners 0 (thread) and 1 (generator) hold a live frame

#: The same offsets for the compiled reader (sidefx._speedups.Reader, see sidefx._fast).
C_LAYOUT = dict(mode=3, iframe=24, iframe_code=0, iframe_frame=48, iframe_owner=70,
                owner_limit=OWNED_BY_FRAME_OBJECT, iframe_stack=64, localsplus=LOCALSPLUS,
                static_depth=1)


class Reader(StackReader):

    uses_static_depth = True

    def __init__(self):
        StackReader.__init__(self)
        self.version = tuple(sys.version_info[:2])
        self._words = memory_views()[0]
        self._validate()

    def _validate(self):
        frame = sys._getframe()  # a running frame that is not at a trace event
        words = self._words
        check_layout(type(frame).__basicsize__ == FRAME_BASICSIZE[self.version], "sizeof(PyFrameObject)")
        iframe = words[(id(frame) >> 3) + 3]
        check_layout(iframe != 0 and iframe & 7 == 0, "f_frame at +24")
        check_layout(words[iframe >> 3] == id(frame.f_code), "_PyInterpreterFrame code at +0")
        check_layout(words[(iframe >> 3) + 6] == id(frame), "_PyInterpreterFrame.frame_obj at +48")
        word = words[(iframe >> 3) + 8]
        check_layout(int32(word) == -1, "stacktop at +64 is -1 while running")
        check_layout((word >> 48) & 0xFF == 0, "owner at +70 is 'thread'")
        if self.version >= (3, 13):
            _debug_offsets.check(self.version, executable=0, instr_ptr=56, localsplus=LOCALSPLUS,
                                 owner=70)

    def _locate(self, frame):
        words = self._words
        code = frame.f_code
        iframe = words[(id(frame) >> 3) + 3]
        if iframe == 0 or iframe & 7:
            raise stack_error("the frame object has no interpreter frame")
        base = iframe >> 3
        if words[base] != id(code) or words[base + 6] != id(frame):
            raise stack_error("the interpreter frame does not belong to this frame object")
        word = words[base + 8]
        if (word >> 48) & 0xFF >= OWNED_BY_FRAME_OBJECT:
            raise stack_error("the frame has finished executing")
        entry = self._code_info.get(id(code))
        if entry is None or entry[0]() is not code:
            entry = self._new_entry(code)
        stacktop = word & 0xFFFFFFFF           # C int stacktop (little-endian); -1: not saved
        if stacktop == 0xFFFFFFFF:
            static = entry[2]
            if static is None:
                static = self._static(code)
            if static.conflicts:
                raise stack_error("the static stack depth of %s is ambiguous" % code.co_name)
            depth = static.depths.get(frame.f_lasti)
            if depth is None:
                raise stack_error("no static stack depth for offset %d of %s" % (frame.f_lasti, code.co_name))
        else:
            depth = stacktop - entry[1]
        if not 0 <= depth <= code.co_stacksize:
            raise stack_error("stack depth %d is outside [0, co_stacksize=%d]" % (depth, code.co_stacksize))
        return iframe + LOCALSPLUS + 8 * (entry[1] + depth), depth

    def _saved_depth(self, frame):
        """The saved ``stacktop`` as a depth, or None at events where it is not saved."""
        self._locate(frame)  # validates the frame first
        iframe = self._words[(id(frame) >> 3) + 3]
        stacktop = int32(self._words[(iframe >> 3) + 8])
        if stacktop == -1:
            return None
        return stacktop - self._entry(frame.f_code)[1]
