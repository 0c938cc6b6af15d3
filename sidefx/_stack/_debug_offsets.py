"""Cross-check our frame offsets against ``_PyRuntime.debug_offsets`` (CPython 3.13+).

3.13 and later export, at the start of ``_PyRuntime``, a table of struct offsets for out-of-process
debuggers: the cookie ``b"xdebugpy"``, ``PY_VERSION_HEX``, a free-threaded flag, then sections of
``uint64_t`` offsets.  The ``interpreter_frame`` section starts at word 28 on 3.13 and word 31 on
3.14 (``size, previous, executable, instr_ptr, localsplus, owner[, stackpointer, tlbc_index]``).

If the symbol cannot be found (an embedding that does not export it) the check is skipped: the
direct frame checks in the readers still run.  A table that is found but disagrees is fatal.
"""
import ctypes
import sys

from sidefx._stack._common import check_layout

_FRAME_SECTION = {(3, 13): 28, (3, 14): 31}
_FIELDS = ("size", "previous", "executable", "instr_ptr", "localsplus", "owner", "stackpointer")


def _runtime_address():
    try:
        return ctypes.addressof(ctypes.c_char.in_dll(ctypes.pythonapi, "_PyRuntime"))
    except (AttributeError, ValueError, OSError):
        return None


def check(version, **expected):
    """Compare ``expected`` frame offsets (by field name) with the runtime's own table."""
    address = _runtime_address()
    if address is None:
        return False
    words = (ctypes.c_uint64 * 48).from_address(address)
    if ctypes.string_at(address, 8) != b"xdebugpy":
        return False
    check_layout(words[1] == sys.hexversion, "_Py_DebugOffsets.version == sys.hexversion")
    check_layout(words[2] == 0, "_Py_DebugOffsets.free_threaded == 0")
    start = _FRAME_SECTION[version]
    for name, value in expected.items():
        check_layout(words[start + _FIELDS.index(name)] == value,
                     "_Py_DebugOffsets.interpreter_frame.%s == %d" % (name, value))
    return True
