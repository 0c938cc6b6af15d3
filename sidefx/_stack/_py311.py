"""CPython 3.11: the stack lives in the _PyInterpreterFrame; ``stacktop`` is saved at trace events.

PyFrameObject: f_frame +24.  _PyInterpreterFrame: f_code +32, frame_obj +40, stacktop +64 (C int,
index into localsplus), owner +69 (char), localsplus +72.  The stack starts at
``localsplus[co_nlocalsplus]``.
"""
import sys

from sidefx._stack._common import (
    StackReader, check_layout, int32, memory_views, stack_error)
from sidefx._stack import _static as static_analysis

FRAME_BASICSIZE = 120
LOCALSPLUS = 72
OWNED_BY_FRAME_OBJECT = 2   # owners 0 (thread) and 1 (generator) hold a live frame

#: The same offsets for the compiled reader (sidefx._speedups.Reader, see sidefx._fast).
C_LAYOUT = dict(mode=3, iframe=24, iframe_code=32, iframe_frame=40, iframe_owner=69,
                owner_limit=OWNED_BY_FRAME_OBJECT, iframe_stack=64, localsplus=LOCALSPLUS)


class Reader(StackReader):

    def __init__(self):
        StackReader.__init__(self)
        self.version = tuple(sys.version_info[:2])
        self._words = memory_views()[0]
        self._validate()

    def _validate(self):
        frame = sys._getframe()  # a running frame that is not at a trace event
        words = self._words
        check_layout(type(frame).__basicsize__ == FRAME_BASICSIZE, "sizeof(PyFrameObject)")
        iframe = words[(id(frame) >> 3) + 3]
        check_layout(iframe != 0 and iframe & 7 == 0, "f_frame at +24")
        check_layout(words[(iframe >> 3) + 4] == id(frame.f_code), "_PyInterpreterFrame.f_code at +32")
        check_layout(words[(iframe >> 3) + 5] == id(frame), "_PyInterpreterFrame.frame_obj at +40")
        word = words[(iframe >> 3) + 8]
        check_layout(int32(word) == -1, "stacktop at +64 is -1 while running")
        check_layout((word >> 40) & 0xFF == 0, "owner at +69 is 'thread'")

    def _effect(self, instr, jump):
        # The compiler books PRECALL n as -n and CALL n as -1; the interpreter does nothing at
        # PRECALL and pops callable, self-or-NULL and the n arguments at CALL, pushing the result.
        name = instr.opname
        if name == "PRECALL":
            return 0
        if name == "CALL":
            return -(instr.arg + 1)
        if name == "RETURN_GENERATOR":
            return 1
        return static_analysis._default_effect(instr, jump)

    def _locate(self, frame):
        words = self._words
        code = frame.f_code
        iframe = words[(id(frame) >> 3) + 3]
        if iframe == 0 or iframe & 7:
            raise stack_error("the frame object has no interpreter frame")
        base = iframe >> 3
        if words[base + 4] != id(code) or words[base + 5] != id(frame):
            raise stack_error("the interpreter frame does not belong to this frame object")
        word = words[base + 8]
        if (word >> 40) & 0xFF >= OWNED_BY_FRAME_OBJECT:
            raise stack_error("the frame has finished executing")
        stacktop = word & 0xFFFFFFFF           # C int stacktop (little-endian)
        if stacktop & 0x80000000:
            stacktop -= 0x100000000
        if stacktop < 0:
            raise stack_error("the frame has no saved stack pointer (not at a trace event of this frame)")
        entry = self._code_info.get(id(code))
        if entry is None or entry[0]() is not code:
            entry = self._new_entry(code)
        depth = stacktop - entry[1]
        if not 0 <= depth <= code.co_stacksize:
            raise stack_error("saved stack depth %d is outside [0, co_stacksize=%d]" % (depth, code.co_stacksize))
        return iframe + LOCALSPLUS + 8 * stacktop, depth
