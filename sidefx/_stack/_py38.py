"""CPython 3.8 and 3.9: the frame object holds the stack; ``f_stacktop`` is saved at trace events.

PyFrameObject (64-bit, after PyObject_VAR_HEAD = 24 bytes): f_back +24, f_code +32,
f_valuestack +64, f_stacktop +72 (NULL while the frame runs outside a trace call),
f_localsplus +360.  The static depth disagrees with the interpreter inside 3.8 ``finally`` blocks, so
depth always comes from ``f_stacktop``.
"""
import sys

from sidefx._stack._common import (
    StackReader, check_layout, memory_views, stack_error)

FRAME_BASICSIZE = 368
LOCALSPLUS = 360

#: The same offsets for the compiled reader (sidefx._speedups.Reader, see sidefx._fast).
C_LAYOUT = dict(mode=1, frame_code=32, frame_bottom=64, frame_top=72)


class Reader(StackReader):

    def __init__(self):
        StackReader.__init__(self)
        self.version = tuple(sys.version_info[:2])
        self._words = memory_views()[0]
        self._validate()

    def _validate(self):
        frame = sys._getframe()  # a running frame that is not at a trace event
        words = self._words
        code = frame.f_code
        base = id(frame) >> 3
        check_layout(type(frame).__basicsize__ == FRAME_BASICSIZE, "sizeof(PyFrameObject)")
        check_layout(words[base + 3] == id(frame.f_back), "f_back at +24")
        check_layout(words[base + 4] == id(code), "f_code at +32")
        slots = code.co_nlocals + len(code.co_cellvars) + len(code.co_freevars)
        check_layout(words[base + 8] == id(frame) + LOCALSPLUS + 8 * slots, "f_valuestack at +64")
        check_layout(words[base + 9] == 0, "f_stacktop at +72 is NULL while running")

    def _locate(self, frame):
        words = self._words
        code = frame.f_code
        base = id(frame) >> 3
        if words[base + 4] != id(code):
            raise stack_error("f_code of the frame object does not match frame.f_code")
        bottom = words[base + 8]
        top = words[base + 9]
        if top == 0 or bottom == 0:
            raise stack_error("the frame has no saved stack pointer (not at a trace event of this frame)")
        size = top - bottom
        depth = size >> 3
        if size < 0 or size & 7 or depth > code.co_stacksize:
            raise stack_error("saved stack depth %d/8 is outside [0, co_stacksize=%d]" % (size, code.co_stacksize))
        return top, depth
