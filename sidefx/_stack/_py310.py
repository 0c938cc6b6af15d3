"""CPython 3.10: the frame object holds the stack; ``f_stackdepth`` is saved at trace events.

PyFrameObject (64-bit, after PyObject_VAR_HEAD = 24 bytes): f_back +24, f_code +32,
f_valuestack +64, f_stackdepth +80 (C int, -1 while the frame runs outside a trace call),
f_localsplus +352.
"""
import sys

from sidefx._stack._common import (
    StackReader, check_layout, int32, memory_views, stack_error)

FRAME_BASICSIZE = 360
LOCALSPLUS = 352

#: The same offsets for the compiled reader (sidefx._speedups.Reader, see sidefx._fast).
C_LAYOUT = dict(mode=2, frame_code=32, frame_bottom=64, frame_depth=80)


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
        check_layout(int32(words[base + 10]) == -1, "f_stackdepth at +80 is -1 while running")

    def _locate(self, frame):
        words = self._words
        code = frame.f_code
        base = id(frame) >> 3
        if words[base + 4] != id(code):
            raise stack_error("f_code of the frame object does not match frame.f_code")
        bottom = words[base + 8]
        depth = words[base + 10] & 0xFFFFFFFF   # C int f_stackdepth (little-endian)
        if depth & 0x80000000:
            depth -= 0x100000000
        if depth < 0:
            raise stack_error("the frame has no saved stack depth (not at a trace event of this frame)")
        if depth > code.co_stacksize or bottom == 0 or bottom & 7:
            raise stack_error("saved stack depth %d is outside [0, co_stacksize=%d]" % (depth, code.co_stacksize))
        return bottom + 8 * depth, depth
