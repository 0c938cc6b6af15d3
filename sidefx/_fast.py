"""The optional compiled hot path (``sidefx._speedups``) and the switch to pure Python.

``sidefx._speedups`` is a C extension that the package's own build compiles when it can
(``setup.py``, ``optional=True``: without a compiler the install still succeeds).  It provides

* ``Reader``: ``peek``/``depth`` of the value stack without per-slot ctypes calls, over the very
  offsets the family module of :mod:`sidefx._stack` declares (``C_LAYOUT``) and with the same
  checks before any word is followed;
* ``Tracer``: a C trace function with the event semantics of
  :class:`sidefx._backends.SettraceBackend` that answers, without calling Python, every
  ``opcode`` event at which the engine would do nothing (no pending call in the frame, no
  translator at the offset);
* ``MonitorHook`` (3.12+): the same for the ``INSTRUCTION`` callback of
  :class:`sidefx._backends.MonitoringBackend`, which also returns ``DISABLE`` by itself;
* ``FastLane``: runs the calls of the simple rows (operators, subscripts, attributes, method
  loads, calls, ``next`` of a loop, unpacking, list elements of comprehensions: the tables'
  generated ``FAST_PLANS``) from start to record without calling Python, and makes and drops
  frame states; the Tracer and MonitorHook hand it each event first, and whatever it leaves
  (displays, pattern matching, exceptions, a loop's end) reaches ``Engine`` as before
  (``SIDEFX_FAST_LANE=0`` sends everything there);
* ``CallLog``: ``Recording.function_calls`` on this path, a sequence of ``FunctionCall`` to which
  the fast lane appends a call's references without making any object; an entry becomes a
  ``FunctionCall`` when it is first read (and stays that object), a method call's bound method
  too (until then: its function and self).  A kept call then costs the traced program 40 bytes
  plus 8 per argument, not a record, an argument list, a bound method or a slice;
* ``untrack``: takes each record (and its argument list) out of the cyclic garbage collector's
  view while the recorder holds it, and the list of records while it grows; a long recording
  otherwise makes every collection traverse all the records kept so far (3.14's incremental
  collector visits the list at nearly every step).  ``track_records`` gives records back when
  they are handed over (the recording ends, a sink receives them): cycles through them must be
  garbage again;
* ``huge_arenas``: while a compiled recording runs, pymalloc's arenas are placed in aligned
  mappings advised to use transparent huge pages (Linux), because the objects a recording keeps
  alive make the traced program take fresh arenas all along and fault in each 4 KiB page
  (``SIDEFX_HUGE_ARENAS=0`` leaves arenas where pymalloc's own allocator puts them);
* ``keep_log_memory``: a freed log's arrays (mappings of huge pages) are kept, lazily given back
  to the kernel (MADV_FREE), for the process's next log, which would otherwise have the kernel
  zero tens of megabytes of fresh pages again (``SIDEFX_KEEP_LOG_MEMORY=0`` keeps none).

The pure-Python path stays complete and is used when the extension is missing, stale (another
``API_VERSION``) or disabled with ``SIDEFX_PURE_PYTHON=1`` (read at each recording, so tests can
switch).  Results are identical either way; the test matrix runs both.
"""
import array
import collections.abc
import contextlib
import functools
import hashlib
import os
import sys

from sidefx import _backends
from sidefx import _runtime as rt
from sidefx import model
from sidefx._recorder import _INT32
from sidefx._stack import NULL, StackReadError
from sidefx._stack._common import stack_error

#: The ``_speedups.API_VERSION`` this module was written for.
API_VERSION = 8


def _stale(module):
    """Why ``module`` does not match this source tree, or None.

    An editable install builds the extension in place, next to its source: after an edit of
    ``_speedups.c`` without a reinstall the old build would still load.  A wheel install has no
    source next to it, and a build without the digest (compiled by hand) is taken as is.
    """
    if getattr(module, "API_VERSION", None) != API_VERSION:
        return "API_VERSION %r, expected %d" % (getattr(module, "API_VERSION", None), API_VERSION)
    built = getattr(module, "SOURCE_DIGEST", "")
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_speedups.c")
    if built and os.path.isfile(source):
        with open(source, "rb") as handle:
            if hashlib.sha256(handle.read()).hexdigest() != built:
                return "built from another version of %s" % source
    return None


try:
    from sidefx import _speedups
except ImportError as exc:  # no compiler at install time, or a build for another interpreter
    _speedups = None
    UNAVAILABLE = "sidefx._speedups is not built (%s)" % exc
else:
    UNAVAILABLE = _stale(_speedups)
    if UNAVAILABLE is not None:
        UNAVAILABLE = "sidefx._speedups is stale (%s): reinstall sidefx" % UNAVAILABLE
        _speedups = None
    else:
        collections.abc.Sequence.register(_speedups.CallLog)


def available():
    """True if the compiled extension is importable (whatever ``SIDEFX_PURE_PYTHON`` says)."""
    return _speedups is not None


def enabled():
    """True if recordings use the compiled path: available and not disabled by the environment."""
    return _speedups is not None and os.environ.get("SIDEFX_PURE_PYTHON", "") in ("", "0")


def status():
    """One line for diagnostics: which path recordings take, and why."""
    if _speedups is None:
        return "pure Python: %s" % UNAVAILABLE
    if not enabled():
        return "pure Python: SIDEFX_PURE_PYTHON=%s" % os.environ.get("SIDEFX_PURE_PYTHON")
    return "compiled: %s" % _speedups.__file__


# -- hooks used by sidefx._recorder ------------------------------------------------------------

def reader(python_reader):
    """The reader a recording uses: compiled peek/depth when enabled, else ``python_reader``."""
    if not enabled():
        return python_reader
    return CompiledReader(python_reader)


def call_log():
    """A new, empty ``CallLog`` for a recording's calls, or None (pure path: a list)."""
    if not enabled():
        return None
    from sidefx._function_call import FunctionCall
    _speedups.keep_log_memory(os.environ.get("SIDEFX_KEEP_LOG_MEMORY", "") in ("", "1"))
    return _speedups.CallLog(FunctionCall)


def untrack():
    """``untrack(*objects)`` that takes records out of the cyclic GC's view, or None (pure path)."""
    return _speedups.untrack if enabled() else None


def track():
    """``track(*objects)`` that undoes ``untrack``, or None (pure path)."""
    return _speedups.track if enabled() else None


def hand_over():
    """``hand_over(records)``: records (a list, tuple or CallLog) leave the recorder, back in the
    cyclic GC's view with their argument lists and keyword dicts; or None (pure path: they never
    left it)."""
    if not enabled():
        return None
    from sidefx._function_call import FunctionCall
    return lambda records: _speedups.track_records(records, FunctionCall)


def backend(name):
    """The backend class for ``name`` ("settrace" or "monitoring")."""
    if name == "settrace":
        return CompiledSettraceBackend if enabled() else _backends.SettraceBackend
    if enabled() and hasattr(_speedups, "MonitorHook"):
        return CompiledMonitoringBackend
    return _backends.MonitoringBackend


@contextlib.contextmanager
def huge_arenas():
    """Within: pymalloc's arenas come from huge pages (``_speedups.huge_arenas``), unless
    ``SIDEFX_HUGE_ARENAS=0``."""
    if os.environ.get("SIDEFX_HUGE_ARENAS", "") not in ("", "1"):
        yield
        return
    _speedups.huge_arenas(True)
    try:
        yield
    finally:
        _speedups.huge_arenas(False)


# -- the compiled pieces -------------------------------------------------------------------------



class CompiledReader(object):
    """A family reader whose ``peek``/``depth`` run in C; everything else is the Python reader's."""

    def __init__(self, python_reader):
        module = sys.modules[type(python_reader).__module__]
        self.python = python_reader
        # (a function of the Python reader, not a method: the C reader would hold this object in a cycle)
        self.compiled = _speedups.Reader(dict(module.C_LAYOUT), NULL, StackReadError, stack_error("").args[0],
                                         functools.partial(_static_table, python_reader))
        self.peek = self.compiled.peek
        self.depth = self.compiled.depth

    def __getattr__(self, name):
        return getattr(self.python, name)


def _static_table(python_reader, code):
    """3.12/3.13: the static depth per code unit (-1: none), or None if it is ambiguous."""
    static = python_reader._static(code)
    if static.conflicts:
        return None
    table = array.array(_INT32, [-1]) * (len(code.co_code) // 2 + 1)
    for offset, depth in static.depths.items():
        table[offset >> 1] = depth
    return table.tobytes()


def fast_lane(engine):
    """The compiled lane for ``engine``'s simple calls (``SIDEFX_FAST_LANE=0`` turns it off, to
    measure it or to compare the two paths)."""
    if os.environ.get("SIDEFX_FAST_LANE", "") not in ("", "1"):
        return None
    from sidefx._function_call import FunctionCall
    from sidefx._recorder import _FrameState
    return _speedups.FastLane(
        reader=engine.reader.compiled,
        plans_for=engine.fast_plans,
        calls=engine.calls,
        internal_errors=engine.recording.internal_errors,
        record_type=FunctionCall,
        state_type=_FrameState,
        bind=rt.bind,
        hidden=[code for code in engine.own.values() if id(code) in engine.comprehensions],
        states=engine.states,
        info_for=engine.info_for,
        template=_FrameState(None, engine.calls),
        build_list=model.build_list,
        stores=engine.stores,
    )


class CompiledSettraceBackend(_backends.SettraceBackend):
    """:class:`~sidefx._backends.SettraceBackend` with its trace function in C (``_speedups.Tracer``)."""

    tracer = fast = None

    def _bitmap(self, code):
        size = len(code.co_code) // 2 + 1
        bits = bytearray(size)
        for offset in self.engine.info_for(code).steps:
            bits[offset >> 1] = 1
        return bytes(bits)

    def run(self, code, globals_):
        from sidefx._recorder import _FrameState
        engine = self.engine
        self.fast = fast_lane(engine)
        tracer = self.tracer = _speedups.Tracer(
            states=engine.states,
            on_call=engine.state_for,
            on_instruction=engine.instruction,
            on_exception=engine.exception,
            on_exit=engine.frame_exit,
            bitmap_for=self._bitmap,
            own=list(engine.own.values()),
            state_type=_FrameState,
            pending=_FrameState.__dict__["pending"],
            trace_first=self.trace_first,
            fast=self.fast,
        )
        here = sys._getframe()
        # 3.12 delivers opcode events only if some frame asked for them before settrace (gh-103615).
        here.f_trace_opcodes = True
        with huge_arenas():
            tracer.start()
            try:
                exec(code, globals_)
            finally:
                tracer.stop()
            here.f_trace_opcodes = False
            del here  # (the frame would hold itself, and through self the recording, in a cycle)
            self.box[0] = None  # (as SettraceBackend.run: local_trace would hold this backend in a cycle)


class CompiledMonitoringBackend(_backends.MonitoringBackend):
    """:class:`~sidefx._backends.MonitoringBackend` with its ``INSTRUCTION`` callback in C."""

    hook = fast = None

    def _map(self, code):
        """One byte per code unit: 1 = a translator runs here, 2 = keep the event here, 4 = a
        result landing here, or passing by, is read further on (disable the event even when one
        is read here)."""
        size = len(code.co_code) // 2 + 1
        bits = bytearray(size)
        info = self.engine.info_for(code)
        for offset in info.steps:
            bits[offset >> 1] |= 1
        for offset in self._wanted(code):
            bits[offset >> 1] |= 2
        for offset in info.read_further:
            bits[offset >> 1] |= 4
        return bytes(bits)

    def run(self, code, globals_):
        from sidefx._recorder import _FrameState
        engine = self.engine
        python_callback, python_exit = self.on_instruction, self.on_exit
        self.fast = fast_lane(engine)
        self.hook = self.on_instruction = _speedups.MonitorHook(
            states=engine.states,
            on_state=engine.state_for,
            on_instruction=engine.instruction,
            map_for=self._map,
            fallback=python_callback,
            disable=self.DISABLE,
            state_type=_FrameState,
            pending=_FrameState.__dict__["pending"],
            fast=self.fast,
            exit_fallback=python_exit,
            settle=engine.settle_stores,
            stores=engine.stores,
        )
        self.on_exit = self.hook.exit
        try:
            with huge_arenas():
                _backends.MonitoringBackend.run(self, code, globals_)
        finally:
            self.hook.release()
            # the class's methods again (bound methods kept on the instance would hold it in a cycle)
            del self.on_instruction, self.on_exit
