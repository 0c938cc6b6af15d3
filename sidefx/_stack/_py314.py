"""CPython 3.14: interpreter frame stack of tagged _PyStackRef words; stack pointer saved at events.

PyFrameObject: f_frame +24.  _PyInterpreterFrame: f_executable +0 (a _PyStackRef: mask ``& ~3``),
frame_obj +48, stackpointer +64 (a pointer), owner +74 (char), localsplus +80.  The stack starts at
``localsplus[co_nlocalsplus]``.  Slots are decoded by :func:`sidefx._stack._common.tagged_slots`:
NULL is the word 1, a word with low bits 0b11 is a tagged small int (returned as that int).
"""
import sys

from sidefx._stack._common import (
    StackReader, check_layout, memory_views, stack_error, tagged_slots)
from sidefx._stack import _debug_offsets

FRAME_BASICSIZE = 152
LOCALSPLUS = 80
OWNED_BY_FRAME_OBJECT = 2   # owners 0 (thread) and 1 (generator) hold a live frame

#: The same offsets for the compiled reader (sidefx._speedups.Reader, see sidefx._fast).
C_LAYOUT = dict(mode=4, iframe=24, iframe_code=0, code_mask=3, iframe_frame=48, iframe_owner=74,
                owner_limit=OWNED_BY_FRAME_OBJECT, iframe_stack=64, localsplus=LOCALSPLUS, tagged=1)


class Reader(StackReader):

    _slots = staticmethod(tagged_slots)

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
        check_layout(words[iframe >> 3] & ~3 == id(frame.f_code), "_PyInterpreterFrame.f_executable at +0")
        check_layout(words[(iframe >> 3) + 6] == id(frame), "_PyInterpreterFrame.frame_obj at +48")
        check_layout((words[(iframe >> 3) + 9] >> 16) & 0xFF == 0, "owner at +74 is 'thread'")
        _debug_offsets.check(self.version, executable=0, instr_ptr=56, localsplus=LOCALSPLUS,
                             owner=74, stackpointer=64)

    def _locate(self, frame):
        words = self._words
        code = frame.f_code
        iframe = words[(id(frame) >> 3) + 3]
        if iframe == 0 or iframe & 7:
            raise stack_error("the frame object has no interpreter frame")
        base = iframe >> 3
        if words[base] & ~3 != id(code) or words[base + 6] != id(frame):
            raise stack_error("the interpreter frame does not belong to this frame object")
        if (words[base + 9] >> 16) & 0xFF >= OWNED_BY_FRAME_OBJECT:
            raise stack_error("the frame has finished executing")
        entry = self._code_info.get(id(code))
        if entry is None or entry[0]() is not code:
            entry = self._new_entry(code)
        top = words[base + 8]
        size = top - (iframe + LOCALSPLUS + 8 * entry[1])
        depth = size >> 3
        if size < 0 or size & 7 or depth > code.co_stacksize:
            raise stack_error("saved stack depth %d/8 is outside [0, co_stacksize=%d]" % (size, code.co_stacksize))
        return top, depth
