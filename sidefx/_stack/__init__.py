"""Read the value stack of a traced frame (CPython 3.8-3.14, 64-bit default GIL builds).

    reader = reader_for_running_python()
    reader.depth(frame)          # items on the stack at the current opcode event of `frame`
    reader.peek(frame, n)        # top n items, bottom -> top; NULL for NULL slots
    reader.static_depths(code)   # {offset: depth before the instruction}, cached per code object

Only call ``depth``/``peek`` from the trace function of ``frame`` itself, at ``opcode`` (or ``line``)
events; never at ``exception`` events.  Every read is preceded by consistency checks and raises
:class:`StackReadError` rather than following a pointer that does not check out.

Families (one module each; shared memory access and slot decoding in ``_common``):

* ``_py38``  - 3.8, 3.9: ``f_valuestack``/``f_stacktop`` in the frame object.
* ``_py310`` - 3.10: ``f_valuestack``/``f_stackdepth``.
* ``_py311`` - 3.11: ``_PyInterpreterFrame.stacktop``.
* ``_py312`` - 3.12, 3.13: stack pointer not saved at opcode events: static depth (``_static``).
* ``_py314`` - 3.14: ``_PyInterpreterFrame.stackpointer`` over tagged ``_PyStackRef`` words; a
  tagged small int slot (e.g. the ``lasti`` under an exception handler) is returned as an ``int``.
"""
from sidefx._stack._common import (
    NULL, SUPPORTED, StackReadError, StackReader, UnsupportedInterpreterError, check_interpreter)

__all__ = [
    "NULL", "SUPPORTED", "StackReadError", "StackReader", "UnsupportedInterpreterError",
    "reader_for_running_python",
]

_FAMILIES = {
    (3, 8): "_py38", (3, 9): "_py38", (3, 10): "_py310", (3, 11): "_py311",
    (3, 12): "_py312", (3, 13): "_py312", (3, 14): "_py314",
}

_reader = None


def reader_for_running_python():
    """The :class:`StackReader` for this interpreter (created and validated on first use).

    Raises :class:`UnsupportedInterpreterError` on anything but 64-bit CPython 3.8-3.14 default
    (GIL, non-debug) builds, or if the frame layout checks fail.
    """
    global _reader
    version = check_interpreter()
    if _reader is not None and _reader.version == version:
        return _reader
    import importlib
    module = importlib.import_module("sidefx._stack." + _FAMILIES[version])
    _reader = module.Reader()
    return _reader
