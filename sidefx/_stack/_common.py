"""Shared pieces of the stack readers: errors, the NULL sentinel, raw memory access, slot conversion.

Everything that touches memory goes through here.  The family modules (``_py38`` ...) only know
struct offsets and how a family finds the stack top; they read words with :data:`WORDS` (set up by
:func:`memory_views`) and turn stack words into objects with :func:`plain_slots` (PyObject* stacks,
3.8-3.13) or :func:`tagged_slots` (_PyStackRef stacks, 3.14).

Memory access uses two ctypes arrays laid over the whole address space: ``WORDS[addr >> 3]`` is the
signed machine word at ``addr`` and ``OBJECTS[addr >> 3]`` is the object whose pointer is stored at
``addr`` (ctypes returns a new strong reference).  Indexing them costs ~30 ns, against ~80 ns for
``c_ssize_t.from_address(addr).value`` and ~600 ns for ``ctypes.cast(ptr, py_object).value``.
Reading an address that is not mapped still crashes the process, exactly as ``from_address`` would,
so callers validate every pointer before they follow it.
"""
import ctypes
import sys
import weakref

from sidefx._stack import _static as static_analysis

SUPPORTED = "CPython 3.8\u20133.14 (default GIL builds)"

WORD = 8                 # 64-bit only: the offsets in the family modules assume it
HEADER = 2 * WORD        # PyObject_HEAD without Py_TRACE_REFS


class _NullType(object):
    """The type of :data:`NULL`; a single instance exists."""

    __slots__ = ()
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = object.__new__(cls)
        return cls._instance

    def __repr__(self):
        return "<NULL>"

    def __reduce__(self):
        return (_NullType, ())


#: Returned by ``peek`` for a NULL stack slot (not a Python object: the interpreter's "no value").
NULL = _NullType()


class StackReadError(RuntimeError):
    """The value stack of a frame cannot be read safely right now."""


class UnsupportedInterpreterError(RuntimeError):
    """The running interpreter is not one whose frame layout sidefx knows."""


def version_text():
    impl = getattr(sys, "implementation", None)
    name = getattr(impl, "name", "?")
    return "%s %s" % (name, ".".join(str(part) for part in sys.version_info[:3]))


def stack_error(reason):
    return StackReadError("cannot read the value stack on %s: %s" % (version_text(), reason))


def _gil_disabled():
    """True on a free-threaded build (3.13t+), whatever the runtime GIL setting."""
    try:
        import sysconfig
        if sysconfig.get_config_var("Py_GIL_DISABLED"):
            return True
    except Exception:  # pragma: no cover - sysconfig is always there on CPython
        pass
    return False


def check_interpreter():
    """Return ``(major, minor)`` or raise :class:`UnsupportedInterpreterError`.

    Reads ``sys`` at call time so tests can mock the attributes it looks at.
    """
    impl = getattr(getattr(sys, "implementation", None), "name", None)
    problem = None
    if impl != "cpython":
        problem = "implementation %r is not CPython" % (impl,)
    elif tuple(sys.version_info[:2]) < (3, 8) or tuple(sys.version_info[:2]) > (3, 14):
        problem = "version %s is outside 3.8\u20133.14" % ".".join(str(p) for p in sys.version_info[:3])
    elif _gil_disabled():
        problem = "free-threaded builds store the stack differently"
    elif hasattr(sys, "gettotalrefcount"):
        problem = "debug builds (Py_DEBUG/Py_REF_DEBUG) are not supported"
    elif ctypes.sizeof(ctypes.c_void_p) != WORD or sys.maxsize != 2 ** 63 - 1:
        problem = "only 64-bit builds are supported"
    elif sys.byteorder != "little":
        problem = "only little-endian builds are supported"
    elif object.__basicsize__ != HEADER:
        problem = "object header is %d bytes, expected %d (Py_TRACE_REFS build?)" % (
            object.__basicsize__, HEADER)
    if problem is not None:
        raise UnsupportedInterpreterError(
            "sidefx cannot read the value stack of this interpreter (%s): %s; supported: %s"
            % (version_text(), problem, SUPPORTED))
    return tuple(sys.version_info[:2])


def check_layout(condition, what):
    if not condition:
        raise UnsupportedInterpreterError(
            "sidefx cannot read the value stack of this interpreter (%s): frame layout check failed"
            " (%s); supported: %s" % (version_text(), what, SUPPORTED))


# -- raw memory -------------------------------------------------------------------------------

_SPAN = 1 << 56          # array length: covers every user-space address (< 2**59)
WORDS = None             # ctypes.c_ssize_t array at address 0: WORDS[addr >> 3]
OBJECTS = None           # ctypes.py_object array at address 0: OBJECTS[addr >> 3]


def memory_views():
    """Create :data:`WORDS` and :data:`OBJECTS` (after :func:`check_interpreter` passed)."""
    global WORDS, OBJECTS
    if WORDS is None:
        WORDS = (ctypes.c_ssize_t * _SPAN).from_address(0)
        OBJECTS = (ctypes.py_object * _SPAN).from_address(0)
    return WORDS, OBJECTS


def int32(word):
    """The low 32 bits of a word as a signed C int (little-endian field at the word's address)."""
    word &= 0xFFFFFFFF
    return word - 0x100000000 if word & 0x80000000 else word


# -- stack slots -> objects -------------------------------------------------------------------

def plain_slots(top, n):
    """The ``n`` PyObject* slots below address ``top`` (3.8-3.13), bottom -> top.

    Word 0 is NULL; any other word must be 8-aligned (a PyObject*).  ``top`` and ``n`` must have
    been validated by the caller (n <= depth).
    """
    words = WORDS
    objects = OBJECTS
    result = []
    append = result.append
    index = (top >> 3) - n
    for index in range(index, index + n):
        word = words[index]
        if word == 0:
            append(NULL)
        elif word & 7:
            raise stack_error("slot %d holds 0x%x, not an object pointer" % (index - (top >> 3), word))
        else:
            append(objects[index])
    return result


class _Scratch(object):
    """A one-word buffer read back as a ``py_object``: turns a pointer into its object (3.14).

    Faster than ``ctypes.cast`` by an order of magnitude.  Another thread can overwrite the buffer
    between our write and read (the GIL may switch there); the pointer it writes is then a live
    object of that thread's suspended stack, so the read is safe but may be the wrong object: the
    ``id`` check catches that and falls back to ``ctypes.cast``.
    """

    def __init__(self):
        self.buffer = (ctypes.c_void_p * 1)()
        self.view = ctypes.py_object.from_buffer(self.buffer)


_SCRATCH = None


def tagged_slots(top, n):
    """The ``n`` _PyStackRef slots below address ``top`` (3.14 GIL build), bottom -> top.

    Word 1 is NULL; low bits 0b11 tag a small int (returned as its int value, e.g. the ``lasti``
    pushed under an exception); low bits 0b10 never occur in a GIL build and are refused; otherwise
    the object pointer is ``word & ~1`` (bit 0 marks a borrowed/immortal reference).
    """
    global _SCRATCH
    if _SCRATCH is None:
        _SCRATCH = _Scratch()
    buffer = _SCRATCH.buffer
    view = _SCRATCH.view
    words = WORDS
    objects = OBJECTS
    result = []
    append = result.append
    index = (top >> 3) - n
    for index in range(index, index + n):
        word = words[index]
        tag = word & 3
        if tag == 0:
            if word == 0:
                raise stack_error("slot %d holds a zero _PyStackRef" % (index - (top >> 3)))
            if word & 7:
                raise stack_error("slot %d holds 0x%x, not an object pointer" % (index - (top >> 3), word))
            append(objects[index])
        elif tag == 1:
            if word == 1:
                append(NULL)
                continue
            pointer = word - 1
            if pointer & 7:
                raise stack_error("slot %d holds 0x%x, not an object pointer" % (index - (top >> 3), word))
            buffer[0] = pointer
            value = view.value
            if id(value) != pointer:  # another thread used the buffer in between
                value = ctypes.cast(pointer, ctypes.py_object).value
            append(value)
        elif tag == 3:
            append(word >> 2)  # arithmetic shift: the tagged int's value
        else:
            raise stack_error("slot %d holds 0x%x, an invalid _PyStackRef tag" % (index - (top >> 3), word))
    return result


# -- the reader base class --------------------------------------------------------------------

def nlocalsplus(code):
    """``co_nlocalsplus`` (3.11+): locals, then cells, then free variables, each name once.

    A cell that is also an argument shares the argument's slot, so it is in both ``co_varnames``
    and ``co_cellvars`` but counted once.
    """
    varnames = code.co_varnames
    cellvars = code.co_cellvars
    shared = len(set(varnames).intersection(cellvars)) if cellvars else 0
    return len(varnames) + len(cellvars) + len(code.co_freevars) - shared


class StackReader(object):
    """Reads the value stack of the frame whose trace function is running.

    ``depth(frame)`` and ``peek(frame, n)`` are meant for ``opcode`` (and ``line``) events of that
    very frame; they raise :class:`StackReadError` whenever a consistency check fails (frame not
    executing, layout mismatch, depth out of ``[0, co_stacksize]``, NULL/tagged word where a pointer
    must be).  Never call them at ``exception`` events: the failing instruction may already have
    released its inputs.
    """

    #: (major, minor) this reader was built for.
    version = None
    #: True if depth() at opcode events comes from the static analysis (3.12/3.13).
    uses_static_depth = False

    def __init__(self):
        self._code_info = {}   # id(code) -> [weakref to code, nlocalsplus, StaticDepths or None]

    # per-code cache ------------------------------------------------------------------------
    def _entry(self, code):
        entry = self._code_info.get(id(code))
        if entry is None or entry[0]() is not code:
            entry = self._new_entry(code)
        return entry

    def _new_entry(self, code):
        key = id(code)
        cache = self._code_info

        def forget(ref, key=key, cache=cache):
            current = cache.get(key)
            if current is not None and current[0] is ref:
                del cache[key]

        entry = [weakref.ref(code, forget), nlocalsplus(code), None]
        cache[key] = entry
        return entry

    def _static(self, code):
        entry = self._entry(code)
        if entry[2] is None:
            entry[2] = static_analysis.compute(code, self._effect)
        return entry[2]

    def _effect(self, instr, jump):
        """Stack effect of ``instr`` as the interpreter executes it (families override quirks)."""
        if instr.opname == "RETURN_GENERATOR":
            return 1  # dis says 0 on 3.11/3.12; the resumed frame holds the sent value
        return static_analysis._default_effect(instr, jump)

    # public API ----------------------------------------------------------------------------
    def static_depths(self, code):
        """``{offset: depth before the instruction}``, cached per code object (do not mutate).

        Offsets that the analysis cannot reach, or reaches with conflicting depths, are absent.
        """
        return self._static(code).depths

    def depth(self, frame):
        """Number of value-stack items of ``frame`` at its current trace event."""
        return self._locate(frame)[1]

    def peek(self, frame, n):
        """The top ``n`` stack items of ``frame``, bottom -> top; :data:`NULL` for NULL slots."""
        top, depth = self._locate(frame)
        if n.__class__ is not int or not 0 <= n <= depth:
            raise stack_error("peek(%r) with stack depth %d" % (n, depth))
        return self._slots(top, n)

    def local(self, frame, index):
        """The value of ``frame``'s fast local ``index`` (3.11+, where the locals lie just below
        the value stack; :data:`NULL` if unbound), after the checks of ``peek``."""
        top, depth = self._locate(frame)
        count = self._entry(frame.f_code)[1]
        if index.__class__ is not int or not 0 <= index < count:
            raise stack_error("local(%r) of a frame with %d locals" % (index, count))
        return self._slots(top - 8 * (depth + count - index - 1), 1)[0]

    _slots = staticmethod(plain_slots)

    def _locate(self, frame):  # pragma: no cover - abstract
        """Return ``(address just above TOS, depth)`` after validating the frame."""
        raise NotImplementedError

    def _saved_depth(self, frame):
        """The depth saved by the interpreter, or None if it saved none (tests cross-check)."""
        return self._locate(frame)[1]
