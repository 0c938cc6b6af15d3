"""Check one program: the recorder's trace against the reference's, and the recorder's transparency.

``check_program(source)`` runs the program three times, each in fresh globals:

- untraced (``exec``): the ground truth for the transparency oracle;
- under ``sidefx.exec_and_record_function_calls``;
- under the independent reference (``fuzz.reference.record_reference``).

and returns an :class:`Outcome` with the first divergence between the two traces (if any) and the
differences between the traced and the untraced run's final state (globals, output, exception).

Comparing two traces of two separate executions needs a canonical form of values, because every
object the program creates exists once per run.  :class:`Canonicalizer` maps each value to a
nested tuple that is equal across runs exactly when the values play the same role:

- numbers, strings, bytes, ``None``, slices, ranges, tuples, frozensets: by value (floats by
  ``repr``, so ``nan`` equals ``nan`` and ``-0.0`` differs from ``0.0``);
- lists, dicts, sets: by value *and* by their ordinal, the position of the object's first
  appearance in the trace (so recording a copy instead of the program's own object diverges);
- classes, functions and instances the program created, iterators, generators, exceptions,
  ``super`` objects, tracebacks, any other object: by type (qualified name), ordinal and, where
  they have one, their state (the attributes of a program instance, an exception's args);
  program functions also by ``__qualname__``, ``co_name`` and first line;
- bound methods by their ``__self__`` and ``__func__`` (each access creates a new bound method
  object), builtin methods by their ``__self__`` and name;
- everything the program did not create and that both runs share (builtins, ``operator``
  functions, library functions and classes, modules): by identity.
"""
import builtins
import contextlib
import dis
import io
import linecache
import os
import re
import signal
import sys
import threading
import types
import warnings

import sidefx
import sidefx._recorder
from sidefx._render import call_text, value_text

FILENAME = "<fuzz>"
PROGRAM_MODULE = "__main__"  # the programs' __name__: _render prints their names unqualified
VERSION_TEXT = "CPython %s" % sys.version.split()[0]

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class ProgramTimeout(BaseException):
    """Raised (by a timer) into a program that runs too long; never part of a comparison."""


# ---- running a program -------------------------------------------------------------------------

class Run:
    """The outcome of one execution of a program."""

    def __init__(self, kind):
        self.kind = kind            # 'plain' | 'recorder' | 'reference'
        self.calls = None           # list of FunctionCall (None: not available)
        self.exception = None
        self.stdout = ""
        self.globals = None
        self.not_implemented_ops = []
        self.stack_read_errors = []
        self.internal_errors = []
        self.tracer_changed = False


def fresh_globals():
    return {"__name__": PROGRAM_MODULE, "__builtins__": builtins}


def _recording_from_traceback(exc):
    """The Recording of an exec_and_record_function_calls call that ``exc`` propagated out of.

    The API returns the recording only when the program ends normally; the calls made before an
    exception are still held by the recorder, whose frame the traceback keeps.
    """
    tb = exc.__traceback__
    target = sidefx._recorder.exec_and_record_function_calls.__code__
    while tb is not None:
        if tb.tb_frame.f_code is target:
            for value in tb.tb_frame.f_locals.values():
                for candidate in (value, getattr(value, "recording", None)):
                    if isinstance(candidate, sidefx.Recording):
                        return candidate
        tb = tb.tb_next
    return None


def _execute(run, body):
    out = io.StringIO()
    previous_tracer = sys.gettrace()
    try:
        with contextlib.redirect_stdout(out):
            body()
    except (ProgramTimeout, KeyboardInterrupt):
        raise
    except BaseException as exc:  # the program's own exception (SystemExit too) is part of the outcome
        run.exception = exc
    finally:
        run.stdout = out.getvalue()
        run.tracer_changed = sys.gettrace() is not previous_tracer
        if run.tracer_changed:
            sys.settrace(previous_tracer)
    return run


def run_plain(code):
    run = Run("plain")
    run.globals = fresh_globals()
    return _execute(run, lambda: exec(code, run.globals))


def run_recorder(code, backend=None):
    run = Run("recorder")
    run.globals = fresh_globals()
    options = {"backend": backend} if backend else {}

    def body():
        try:
            recording = sidefx.exec_and_record_function_calls(code, run.globals, **options)
        except BaseException as exc:
            _take(run, _recording_from_traceback(exc))
            raise
        _take(run, recording)

    return _execute(run, body)


def _take(run, recording):
    if recording is not None:
        run.calls = list(recording.function_calls)
        run.not_implemented_ops = list(recording.not_implemented_ops)
        run.stack_read_errors = list(recording.stack_read_errors)
        run.internal_errors = list(getattr(recording, "internal_errors", ()))


def available_backends():
    """The recorder backends usable on this interpreter (the default one first)."""
    names = list(getattr(sidefx._recorder, "BACKENDS", ()))
    default = getattr(sidefx._recorder, "default_backend", lambda: None)()
    usable = []
    for name in sorted(names, key=lambda n: n != default):
        try:
            sidefx.exec_and_record_function_calls(compile("pass", FILENAME, "exec"), fresh_globals(), backend=name)
        except (ValueError, NotImplementedError, sidefx.UnsupportedInterpreterError):
            continue
        usable.append(name)
    return usable or [None]


def reference_function():
    """``record_reference`` of fuzz.reference (``SIDEFX_FUZZ_REFERENCE=module:function`` overrides)."""
    override = os.environ.get("SIDEFX_FUZZ_REFERENCE")
    if override:
        import importlib

        module, _, name = override.partition(":")
        return getattr(importlib.import_module(module), name or "record_reference")
    from fuzz.reference import record_reference

    return record_reference


def run_reference(source, filename=FILENAME, record_reference=None):
    record_reference = record_reference or reference_function()
    run = Run("reference")
    run.globals = fresh_globals()

    # names the reference itself keeps in the program's globals (its runtime)
    run.own_globals = {getattr(sys.modules.get(getattr(record_reference, "__module__", ""), None), "RT", None)} - {None}

    def body():
        result = record_reference(source, run.globals, filename=filename)
        run.calls = list(result.calls)
        if result.exception is not None:
            raise result.exception

    return _execute(run, body)


@contextlib.contextmanager
def time_limit(seconds):
    """Raise ProgramTimeout into whatever runs after ``seconds`` (main thread, POSIX only)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    armed = [True]

    def expire(signum, frame):
        if armed[0]:
            raise ProgramTimeout("program ran longer than %ss" % seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    # Fires again every half second: an exception raised inside a weakref callback or __del__ is
    # printed and dropped by the interpreter, and the program would otherwise run on unbounded.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        while True:
            try:
                armed[0] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                break
            except ProgramTimeout:  # fired just before disarming: the program had finished
                continue


# ---- canonical values ------------------------------------------------------------------------

_BY_VALUE = (type(None), bool, int, str, bytes, complex)
_MUTABLE = (list, dict, set, bytearray)
_BUILTIN_CALLABLE = (types.BuiltinFunctionType,)
_METHOD_WRAPPER = type("".__add__)
_WRAPPER_DESCRIPTOR = type(object.__init__)
_METHOD_DESCRIPTOR = type(str.upper)
_CONSTANTS = {id(Ellipsis): "Ellipsis", id(NotImplemented): "NotImplemented", id(sidefx.NOT_OBSERVED): "NOT_OBSERVED"}


def _qualname(obj):
    return getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None) or type(obj).__name__


class Canonicalizer:
    """Canonical forms of one run's values; program-created objects get ordinals by first appearance."""

    def __init__(self, filename=FILENAME):
        self.filename = filename
        self.ordinals = {}   # id -> ordinal
        self.keep = []       # registered objects stay alive, so their ids stay theirs
        self.active = set()  # ids being canonicalized (cycles)

    def clone(self):
        other = Canonicalizer(self.filename)
        other.ordinals, other.keep = dict(self.ordinals), list(self.keep)
        return other

    def ordinal(self, obj):
        key = id(obj)
        number = self.ordinals.get(key)
        if number is None:
            number = self.ordinals[key] = len(self.ordinals)
            self.keep.append(obj)
        return number

    def is_program_class(self, cls):
        """Classes the program defined (their __module__ is the program's __name__)."""
        if getattr(cls, "__module__", None) != PROGRAM_MODULE:
            return False
        main = sys.modules.get("__main__")  # a class of the real __main__ (the harness) is shared
        return getattr(main, getattr(cls, "__qualname__", ""), None) is not cls

    def is_program_function(self, fn):
        code = getattr(fn, "__code__", None)
        return code is not None and code.co_filename == self.filename

    def __call__(self, value):
        t = type(value)
        if t in _BY_VALUE:
            return (t.__name__, value)
        if t is float:
            return ("float", repr(value))
        constant = _CONSTANTS.get(id(value))
        if constant is not None:
            return (constant,)
        key = id(value)
        if key in self.active:
            return ("cycle", t.__name__, self.ordinals.get(key))
        self.active.add(key)
        try:
            return self._compound(value, t)
        finally:
            self.active.discard(key)

    def _compound(self, value, t):
        if t is tuple:
            return ("tuple", tuple(self(x) for x in value))
        if t is slice:
            return ("slice", self(value.start), self(value.stop), self(value.step))
        if t is range:
            return ("range", value.start, value.stop, value.step)
        if t is frozenset:
            return ("frozenset", tuple(sorted((self(x) for x in value), key=repr)))
        if t in _MUTABLE:
            number = self.ordinal(value)
            if t is dict:
                return ("dict", number, tuple((self(k), self(v)) for k, v in value.items()))
            if t is set:
                return ("set", number, tuple(sorted((self(x) for x in value), key=repr)))
            if t is list:
                return ("list", number, tuple(self(x) for x in value))
            return (t.__name__, number, bytes(value))
        if isinstance(value, types.ModuleType):
            return ("module", value.__name__)
        if isinstance(value, type):
            if self.is_program_class(value):
                return ("class", value.__qualname__, self.ordinal(value))
            return ("type", value.__module__, value.__qualname__, id(value))
        if t is types.MethodType:
            return ("method", self(value.__func__), self(value.__self__))
        if t is types.FunctionType:
            if self.is_program_function(value):
                code = value.__code__
                return ("function", value.__qualname__, code.co_name, code.co_firstlineno, self.ordinal(value))
            return ("external", _qualname(value), id(value))
        if t in _BUILTIN_CALLABLE or t is _METHOD_WRAPPER:
            owner = getattr(value, "__self__", None)
            if owner is None or isinstance(owner, types.ModuleType):
                return ("builtin", _qualname(value), id(value))
            return ("builtin method", value.__name__, self(owner))
        if t in (_WRAPPER_DESCRIPTOR, _METHOD_DESCRIPTOR):
            return ("descriptor", _qualname(value), id(value))
        if t in (classmethod, staticmethod):
            return (t.__name__, self(value.__func__))
        if t is super:
            return ("super", self.ordinal(value), self(value.__thisclass__), self(value.__self__))
        if isinstance(value, BaseException):
            return ("exception", self(type(value)), self.ordinal(value), self(value.args))
        if self.is_program_class(t):
            number = self.ordinal(value)
            state = vars(value) if hasattr(value, "__dict__") else {}
            return ("instance", self(t), number, tuple((k, self(v)) for k, v in state.items()))
        if t in (types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType):
            return (t.__name__, value.__qualname__, self.ordinal(value))
        # iterators, views, map/filter/zip objects, tracebacks, frames, anything else
        return ("object", t.__module__, t.__qualname__, self.ordinal(value))

    def raised(self, exc):
        if exc is None:
            return None
        return "%s.%s" % (type(exc).__module__, type(exc).__qualname__)

    def call(self, call):
        """The canonical form of a FunctionCall, field by field (fn, args, kwargs, res, raised)."""
        return (
            self(call.fn),
            tuple(self(a) for a in call.args),
            tuple((k, self(v)) for k, v in call.kwargs.items()),
            self(call.res),
            self.raised(call.raised),
        )


FIELDS = ("fn", "args", "kwargs", "res", "raised")
_GENERIC_CALLS = ("CALL", "PRECALL")  # CALL, CALL_FUNCTION*, CALL_METHOD, CALL_KW, ...


# ---- divergences -------------------------------------------------------------------------------

class Divergence:
    """The first difference between the recorder's run and the reference's."""

    def __init__(self, kind, index=None, recorder_call=None, reference_call=None, fields=(), detail="",
                 recorder_calls=(), reference_calls=()):
        # 'call' | 'missing' | 'extra' | 'exception' | 'not_implemented' | 'stack_read_error' | 'internal_error' | 'tracer'
        self.kind = kind
        self.index = index
        self.recorder_call = recorder_call
        self.reference_call = reference_call
        self.fields = tuple(fields)
        self.detail = detail
        self.recorder_count = len(recorder_calls or ())
        self.reference_count = len(reference_calls or ())
        self.context = list(recorder_calls[max(0, (index or 0) - 3): index or 0]) if recorder_calls else []
        self.canonical = []  # (field, recorder's canonical form, reference's) of the differing fields
        self.version = VERSION_TEXT

    @property
    def opname(self):
        call = self.recorder_call
        if call is not None and call.opname:
            return call.opname
        if self.kind == "missing" and self.reference_call is not None:
            return "(missing %s)" % call_name(self.reference_call)
        return "(%s)" % self.kind

    @property
    def line(self):
        for call in (self.recorder_call, self.reference_call):
            if call is not None and getattr(call, "line", None) is not None:
                return call.line
        return None

    def signature(self):
        """What identifies the bug for deduplication (coarse on purpose: a campaign that counts a
        variant of a known bug as new keeps shrinking towards variants instead of finding bugs).

        The opcode (for a missing call, the callable and whether it raised); the callables on
        both sides only when the opcode is a generic call instruction; the differing fields.
        """
        # generated programs number their names (fn3, C2.m): the numbers do not tell bugs apart
        side = lambda c: re.sub(r"\d+", "N", call_name(c)) if c is not None else "-"
        if self.kind == "missing" and self.reference_call is not None:
            raised = self.reference_call.raised
            return ("trace", self.opname, "-", side(self.reference_call),
                    ("raised " + type(raised).__name__,) if raised is not None else ())
        if self.kind in ("call", "extra"):
            if self.opname.startswith(_GENERIC_CALLS):
                return ("trace", self.opname, side(self.recorder_call), side(self.reference_call), self.fields)
            return ("trace", self.opname, "", "", ())
        return (self.kind, self.opname, "", "", ())

    def summary(self):
        where = ""
        if self.index is not None:
            where = " at call #%d" % self.index
        if self.line is not None:
            where += ", line %d" % self.line
        return "%s: %s%s, opcode %s%s" % (self.version, self.kind, where, self.opname,
                                         " (differs in %s)" % ", ".join(self.fields) if self.fields else "")

    def report(self, source=None, filename=FILENAME):
        lines = ["divergence between the recorder and the reference on %s" % self.version]
        if self.kind in ("call", "missing", "extra"):
            lines.append("first differing call: #%d (the recorder recorded %d calls, the reference %d)%s" % (
                self.index, self.recorder_count, self.reference_count,
                "; differs in " + ", ".join(self.fields) if self.fields else ""))
            rec = self.recorder_call
            if rec is not None:
                lines.append("  opcode %s at offset %s, line %s of %s" % (
                    rec.opname or "?", rec.offset, rec.line, getattr(rec.code, "co_name", "?")))
            elif self.line is not None and source is not None:
                lines.append("  the recorder recorded nothing here; call-producing opcodes on line %d: %s" % (
                    self.line, ", ".join(opnames_on_line(source, self.line, filename)) or "?"))
            if self.context:
                lines.append("  preceding calls (equal on both sides):")
                lines += ["      %s" % safe_call_text(c) for c in self.context]
            lines.append("  recorder : %s" % (safe_call_text(rec) if rec is not None else "(no call)"))
            ref = self.reference_call
            lines.append("  reference: %s" % (safe_call_text(ref) if ref is not None else "(no call)"))
        else:
            lines.append("%s: %s" % (self.kind, self.detail))
        if self.detail and self.kind in ("call", "missing", "extra"):
            lines.append("  " + self.detail)
        if self.canonical and self.recorder_call is not None and self.reference_call is not None and (
                safe_call_text(self.recorder_call).split("    [")[0] == safe_call_text(self.reference_call).split("    [")[0]):
            lines.append("  the renderings agree; the canonical forms (fuzz.compare.Canonicalizer) differ:")
            for name, x, y in self.canonical:
                lines.append("    %s: recorder %s" % (name, _clip(repr(x), 300).rstrip()))
                lines.append("    %s  reference %s" % (" " * len(name), _clip(repr(y), 300).rstrip()))
        line = self.line
        if source is not None and line is not None:
            text = source.splitlines()[line - 1] if 0 < line <= len(source.splitlines()) else "?"
            lines.append("  source line %d: %s" % (line, text.strip()))
        return "\n".join(lines)

    def __repr__(self):
        return "<Divergence %s>" % self.summary()


def call_name(call):
    from sidefx._render import callable_name

    try:
        return callable_name(call.fn)
    except Exception:
        return type(call.fn).__name__


def safe_call_text(call):
    try:
        text = call_text(call)
    except Exception as exc:  # a broken __repr__ must not hide the report
        text = "<call_text failed: %s>" % type(exc).__name__
    line = getattr(call, "line", None)
    return text + ("    [line %s]" % line if line is not None else "")


def opnames_on_line(source, line, filename=FILENAME):
    """The call-producing opcodes (those the running version's translators handle) on ``line``."""
    try:
        producing = set(sidefx._recorder.translator_module().TRANSLATORS)
    except Exception:
        producing = None
    names = []
    try:
        code = compile(source, filename, "exec")
    except SyntaxError:
        return names
    stack = [code]
    while stack:
        c = stack.pop()
        current = None
        for ins in dis.get_instructions(c):
            starts = getattr(ins, "starts_line", None)
            if starts not in (None, False, True):
                current = starts
            elif getattr(ins, "line_number", None) is not None:
                current = ins.line_number
            if current == line and ins.opname not in names and (producing is None or ins.opname in producing):
                names.append(ins.opname)
        stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    return names


def _aligned(left, right, recorder_calls, reference_calls, i, j, window=3):
    """Do recorder_calls[i:] and reference_calls[j:] agree on their next ``window`` calls?"""
    left, right = left.clone(), right.clone()
    pairs = list(zip(recorder_calls[i:i + window], reference_calls[j:j + window]))
    if not pairs and (i < len(recorder_calls) or j < len(reference_calls)):
        return False
    return all(left.call(a) == right.call(b) for a, b in pairs) and (
        len(recorder_calls) - i == len(reference_calls) - j or len(pairs) == window)


def compare_calls(recorder_calls, reference_calls, filename=FILENAME):
    """(first Divergence or None, number of calls found equal).

    When the traces differ at call ``i`` and one side's call ``i`` is followed by calls equal to
    the other side's from ``i`` on, the divergence is a missing (or extra) call rather than a
    changed one, and is reported as such.
    """
    left, right = Canonicalizer(filename), Canonicalizer(filename)
    for index, (rec, ref) in enumerate(zip(recorder_calls, reference_calls)):
        before = left.clone(), right.clone()
        a, b = left.call(rec), right.call(ref)
        if a != b:
            common = dict(recorder_calls=recorder_calls, reference_calls=reference_calls)
            if _aligned(before[0], before[1], recorder_calls, reference_calls, index, index + 1):
                return Divergence("missing", index, None, ref, detail="the recorder did not record a call the "
                                  "reference made (the calls after it agree)", **common), index
            if _aligned(before[0], before[1], recorder_calls, reference_calls, index + 1, index):
                return Divergence("extra", index, rec, None, detail="the recorder recorded a call the reference "
                                  "did not make (the calls after it agree)", **common), index
            fields = [name for name, x, y in zip(FIELDS, a, b) if x != y]
            divergence = Divergence("call", index, rec, ref, fields, **common)
            divergence.canonical = [(name, x, y) for name, x, y in zip(FIELDS, a, b) if x != y]
            return divergence, index
    common = min(len(recorder_calls), len(reference_calls))
    if len(recorder_calls) > common:
        return Divergence("extra", common, recorder_calls[common], None,
                          detail="the recorder recorded a call the reference did not make",
                          recorder_calls=recorder_calls, reference_calls=reference_calls), common
    if len(reference_calls) > common:
        return Divergence("missing", common, None, reference_calls[common],
                          detail="the recorder did not record a call the reference made",
                          recorder_calls=recorder_calls, reference_calls=reference_calls), common
    return None, common


def exception_type(exc):
    """An exception's type by name: a class the program defines is a different object per run."""
    return None if exc is None else (type(exc).__module__, type(exc).__qualname__)


def exception_text(exc):
    if exc is None:
        return "no exception"
    try:
        message = str(exc)
    except Exception:
        message = "<str failed>"
    return "%s: %s" % (type(exc).__name__, _ADDRESS.sub("", message))


def compare_runs(recorder, reference, filename=FILENAME):
    """(first Divergence or None, calls compared) between a recorder Run and a reference Run."""
    compared = 0
    if recorder.calls is not None and reference.calls is not None:
        divergence, compared = compare_calls(recorder.calls, reference.calls, filename)
        if divergence is not None:
            return divergence, compared
    if exception_type(recorder.exception) != exception_type(reference.exception):
        return Divergence("exception", detail="the recorder's run ended with %s, the reference's with %s" % (
            exception_text(recorder.exception), exception_text(reference.exception))), compared
    if recorder.calls is None:
        return Divergence("exception", detail="the recorder's calls are not available after %s" % (
            exception_text(recorder.exception))), compared
    if recorder.not_implemented_ops:
        return Divergence("not_implemented", detail="opcodes without translator: %s" % ", ".join(
            recorder.not_implemented_ops)), compared
    if recorder.stack_read_errors:
        return Divergence("stack_read_error", detail="; ".join(map(str, recorder.stack_read_errors))), compared
    if recorder.internal_errors:
        return Divergence("internal_error", detail="; ".join(map(str, recorder.internal_errors))), compared
    if recorder.tracer_changed:
        return Divergence("tracer", detail="exec_and_record_function_calls left a different sys.gettrace()"), compared
    return None, compared


# ---- transparency ----------------------------------------------------------------------------

def describe(value, active=None):
    """A run-independent description of a final value: simple values by value, others by type/repr."""
    active = active if active is not None else set()
    t = type(value)
    if t in _BY_VALUE:
        return value
    if t is float:
        return ("float", repr(value))
    if id(value) in active:
        return ("cycle", t.__name__)
    active.add(id(value))
    try:
        if t in (list, tuple):
            return (t.__name__, [describe(x, active) for x in value])
        if t is dict:
            return ("dict", [(describe(k, active), describe(v, active)) for k, v in value.items()])
        if t in (set, frozenset):
            return (t.__name__, sorted((describe(x, active) for x in value), key=repr))
        if isinstance(value, type):
            return ("class", value.__module__, value.__qualname__)
        if isinstance(value, types.ModuleType):
            return ("module", value.__name__)
        if isinstance(value, (types.FunctionType, types.MethodType)):
            return (t.__name__, _qualname(getattr(value, "__func__", value)))
        if isinstance(value, BaseException):
            return ("exception", t.__qualname__, describe(value.args, active))
        if getattr(t, "__module__", None) == PROGRAM_MODULE and hasattr(value, "__dict__"):
            return ("instance", t.__qualname__, describe(dict(vars(value)), active))
        return ("object", t.__qualname__, value_text(value, limit=200))
    finally:
        active.discard(id(value))


def describe_globals(globals_):
    return {name: describe(value) for name, value in globals_.items() if not (name.startswith("__") and name.endswith("__"))}


def transparency_differences(plain, traced):
    """What differs between an untraced run and a traced one of the same program (empty: nothing)."""
    problems = []
    if exception_text(plain.exception) != exception_text(traced.exception):
        problems.append("exception: untraced %s, traced %s" % (exception_text(plain.exception), exception_text(traced.exception)))
    if plain.stdout != traced.stdout:
        problems.append("stdout differs:\n--- untraced\n%s--- traced\n%s" % (_clip(plain.stdout), _clip(traced.stdout)))
    a, b = describe_globals(plain.globals), describe_globals(traced.globals)
    for name in getattr(traced, "own_globals", ()):
        b.pop(name, None)
    for name in sorted(set(a) | set(b)):
        if name not in b:
            problems.append("global %s: missing in the traced run (untraced: %s)" % (name, _clip(repr(a[name]), 200)))
        elif name not in a:
            problems.append("global %s: only in the traced run (%s)" % (name, _clip(repr(b[name]), 200)))
        elif a[name] != b[name]:
            problems.append("global %s: untraced %s, traced %s" % (name, _clip(repr(a[name]), 200), _clip(repr(b[name]), 200)))
    if traced.tracer_changed:
        problems.append("sys.gettrace() changed by the traced run")
    return problems


def _clip(text, limit=2000):
    return text if len(text) <= limit else text[:limit] + "...(%d more characters)\n" % (len(text) - limit)


# ---- one program -------------------------------------------------------------------------------

class Outcome:
    def __init__(self, source):
        self.source = source
        self.divergence = None
        self.calls_compared = 0
        self.transparency = []            # recorder run vs untraced run
        self.reference_transparency = []  # reference run vs untraced run (a reference problem)
        self.timed_out = False
        self.plain = self.recorder = self.reference = None

    @property
    def ok(self):
        return self.divergence is None and not self.transparency

    def report(self, filename=FILENAME):
        parts = []
        if self.divergence is not None:
            parts.append(self.divergence.report(self.source, filename))
        if self.transparency:
            parts.append("transparency failure on %s (traced vs untraced run):\n  %s" % (
                VERSION_TEXT, "\n  ".join(self.transparency)))
        if self.reference_transparency:
            parts.append("(reference) the reference's run differs from the untraced run:\n  %s" % "\n  ".join(
                self.reference_transparency))
        return "\n\n".join(parts) or "no divergence"


def check_program(source, filename=FILENAME, timeout=10.0, record_reference=None, backend=None):
    """Run ``source`` untraced, under the recorder and under the reference, and compare.

    ``backend`` is the recorder's backend (default: sidefx's default).
    """
    with warnings.catch_warnings():
        # programs may 'break' in 'finally' (3.14 warns) or compare with 'is' to a literal
        warnings.simplefilter("ignore", SyntaxWarning)
        return _check_program(source, filename, timeout, record_reference, backend)


def _check_program(source, filename, timeout, record_reference, backend):
    outcome = Outcome(source)
    code = compile(source, filename, "exec")
    _register_source(source, filename)
    try:
        with time_limit(timeout):
            outcome.plain = run_plain(code)
        with time_limit(timeout):
            outcome.recorder = run_recorder(code, backend)
        with time_limit(timeout):
            outcome.reference = run_reference(source, filename, record_reference)
    except ProgramTimeout:
        outcome.timed_out = True
        return outcome
    outcome.divergence, outcome.calls_compared = compare_runs(outcome.recorder, outcome.reference, filename)
    outcome.transparency = transparency_differences(outcome.plain, outcome.recorder)
    outcome.reference_transparency = transparency_differences(outcome.plain, outcome.reference)
    return outcome


def _register_source(source, filename):
    """Let tracebacks of programs show their lines."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
