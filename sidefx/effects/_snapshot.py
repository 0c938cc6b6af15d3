"""State before the execution: globals, input fingerprints (observed mode) and external state.

The recorder keeps the objects a call touched, not their state at the time, so "did this call
change its argument" cannot be answered from a recording alone.  What can be observed is the
state of the *input nodes* before and after the whole execution: :class:`ExecutionContext`
takes fingerprints before, :func:`function_calls_to_side_effects` compares after.

A fingerprint is a structural summary of an object's value, including the identity of every
container in it (replacing an element by an equal copy is a change).  It is *complete* when
every object reached is understood: atoms, built-in containers, bytearrays, instances whose
state is in ``__dict__`` or slots, numpy arrays and pandas objects.  Anything else (an open
file, a C object without visible state) makes it incomplete: for such inputs an observed change
is reported, but the absence of one proves nothing.
"""
import io
import os
import sys

from sidefx.effects._graph import _instance_dict, _slot_values, _is_numpy_array
from sidefx.effects._inspector import NON_DATA, is_atom

_HEAPTYPE = 1 << 9
#: Globals the interpreter itself adds while code runs (exec's builtins, the warnings registry).
_INTERPRETER_NAMES = frozenset(["__builtins__", "__warningregistry__"])


def _c_state(kind):
    """True when a class derives from a C type other than object (its state may live in C)."""
    return any(not (k.__flags__ & _HEAPTYPE) for k in kind.__mro__ if k is not object)


#: Objects visited per fingerprint before giving up (the fingerprint is then incomplete).
FINGERPRINT_LIMIT = 200000


class _Fingerprinter:
    def __init__(self, limit):
        self.limit = limit
        self.count = 0
        self.memo = {}
        self.complete = True
        self.keep = []

    def fp(self, obj, depth=0):
        if is_atom(obj):
            if isinstance(obj, (float, complex)):
                return (type(obj).__name__, repr(obj))
            return (type(obj).__name__, obj)
        if isinstance(obj, NON_DATA):
            return ("code", id(obj))
        oid = id(obj)
        if oid in self.memo:
            return ("ref", self.memo[oid])
        self.count += 1
        if self.count > self.limit or depth > 400:
            self.complete = False
            return ("cut", oid)
        self.memo[oid] = len(self.memo)
        self.keep.append(obj)
        kind = type(obj)
        name = "%s.%s" % (kind.__module__, kind.__qualname__)
        try:
            if isinstance(obj, dict):
                items = tuple((self.fp(k, depth + 1), self.fp(v, depth + 1)) for k, v in dict.items(obj))
                return (name, oid, items, self._attrs(obj, depth))
            if isinstance(obj, list):
                return (name, oid, tuple(self.fp(v, depth + 1) for v in list.__iter__(obj)), self._attrs(obj, depth))
            if isinstance(obj, tuple):
                return (name, oid, tuple(self.fp(v, depth + 1) for v in tuple.__iter__(obj)))
            if isinstance(obj, (set, frozenset)):
                it = set.__iter__(obj) if isinstance(obj, set) else frozenset.__iter__(obj)
                return (name, oid, tuple(sorted((self.fp(v, depth + 1) for v in it), key=repr)))
            if isinstance(obj, bytearray):
                return (name, oid, bytes(obj))
            if kind.__module__ == "collections" and kind.__name__ == "deque":
                return (name, oid, tuple(self.fp(v, depth + 1) for v in list(obj)))
            if _is_numpy_array(obj):
                base = getattr(obj, "base", None)
                if obj.dtype.hasobject:
                    return (name, oid, str(obj.dtype), obj.shape, tuple(self.fp(v, depth + 1) for v in obj.ravel().tolist()))
                return (name, oid, str(obj.dtype), obj.shape, obj.tobytes(), None if base is None else id(base))
            if isinstance(obj, (io.StringIO, io.BytesIO)):
                return (name, oid, obj.getvalue(), obj.tell(), self._attrs(obj, depth))
            pandas = self._pandas(obj)
            if pandas is not None:
                return pandas
        except Exception:
            self.complete = False
            return ("error", oid)
        attrs = self._attrs(obj, depth)
        if kind is not object and (attrs is None or _c_state(kind)):
            # a C type keeps its state out of reach (files, generators, iterators, ...)
            self.complete = False
            return ("opaque", name, oid, attrs)
        return (name, oid, attrs)

    def _attrs(self, obj, depth):
        d = _instance_dict(obj)
        slots = _slot_values(obj) if type(obj).__module__ != "builtins" else []
        if d is None and not slots:
            return None
        items = tuple((k, self.fp(v, depth + 1)) for k, v in dict.items(d)) if d is not None else ()
        return items + tuple(self.fp(v, depth + 1) for v in slots)

    def _pandas(self, obj):
        module = type(obj).__module__
        if not module.startswith("pandas"):
            return None
        pandas = sys.modules.get("pandas")
        if pandas is None:
            return None
        if isinstance(obj, (pandas.DataFrame, pandas.Series)):
            hashed = pandas.util.hash_pandas_object(obj, index=True).values.tobytes()
            columns = tuple(map(repr, obj.columns)) if isinstance(obj, pandas.DataFrame) else None
            dtypes = repr(obj.dtypes) if isinstance(obj, pandas.DataFrame) else repr(obj.dtype)
            return (module, id(obj), hashed, columns, dtypes, obj.shape)
        return None


def fingerprint(obj, limit=FINGERPRINT_LIMIT, keep=None):
    """(fingerprint, complete) of ``obj``'s current value.

    Identities are part of a fingerprint; pass a list as ``keep`` to hold the objects visited
    (so their ids cannot be reused while the fingerprint is in use)."""
    f = _Fingerprinter(limit)
    value = f.fp(obj)
    if keep is not None:
        keep.extend(f.keep)
    return value, f.complete


def external_snapshot():
    """Observable external state: environment variables and working directory, random states."""
    snap = {"environment": (dict(os.environ), _cwd())}
    random = sys.modules.get("random")
    if random is not None:
        try:
            snap["random"] = [random.getstate()]
        except Exception:
            pass
    numpy_random = sys.modules.get("numpy.random")
    if numpy_random is not None:
        try:
            state = numpy_random.get_state()
            snap.setdefault("random", []).append((state[0], state[1].tobytes(), state[2:]))
        except Exception:
            pass
    return snap


def _cwd():
    try:
        return os.getcwd()
    except OSError:
        return None


class ExecutionContext:
    """What the effect analysis needs from before the execution.

    Create it with :meth:`before` right before running the code, pass it to
    :func:`function_calls_to_side_effects` as ``context=``.  It holds the code object (for the
    globals the code reads), the globals as they were (for what it bound and deleted), and in
    observed mode fingerprints of the input nodes and of observable external state.
    """

    def __init__(self, code=None, globals_=None, values_before=None, input_fingerprints=None, external_before=None,
                 keep=None):
        self.keep = keep or []
        self.code = code
        self.globals = globals_
        self.values_before = values_before
        self.input_fingerprints = input_fingerprints
        self.external_before = external_before

    @classmethod
    def before(cls, code=None, globals_=None, input_nodes=None, observe=False):
        values = dict(globals_) if globals_ is not None else None
        fps = None
        external = None
        keep = []
        if observe:
            fps = {}
            for node_id, value in (input_nodes or {}).items():
                fps[node_id] = fingerprint(value, keep=keep)
            external = external_snapshot()
        return cls(code, globals_, values, fps, external, keep)

    @property
    def observe(self):
        return self.input_fingerprints is not None

    @property
    def names_before(self):
        return None if self.values_before is None else set(self.values_before)

    def changed_globals(self, globals_=None):
        """Globals added or rebound (to another object) since :meth:`before`: name -> value."""
        g = self.globals if globals_ is None else globals_
        before = self.values_before or {}
        out = {}
        for name, value in g.items():
            if name in _INTERPRETER_NAMES:
                continue
            if name not in before or before[name] is not value:
                out[name] = value
        return out

    def deleted_globals(self, globals_=None):
        g = self.globals if globals_ is None else globals_
        if self.values_before is None or g is None:
            return []
        return [name for name in self.values_before if name not in g and name not in _INTERPRETER_NAMES]

    def observed_external_changes(self):
        """External state names whose observable state differs from :meth:`before`."""
        if self.external_before is None:
            return []
        now = external_snapshot()
        return [name for name, value in self.external_before.items() if name in now and now[name] != value]
