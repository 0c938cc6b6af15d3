"""Objects to nodes: which objects reach which, through recorded relations and real structure.

Two kinds of relations connect objects:

- *recorded* ones, from the specs of the calls (``contains``: the first object holds the second;
  ``views``: the objects share state, both ways);
- *structural* ones, read from the objects after the execution: the items of lists, tuples,
  sets and dicts, the attributes of instances (``__dict__`` and slots), the base of a numpy
  array and the object under a memoryview.  Reading them runs no user code.

An input node is mutated when an object it reaches was mutated; two nodes are views of each
other when they reach a common mutable object.
"""
import types
from collections import deque

from sidefx.effects._inspector import NON_DATA, is_atom, is_data

#: Upper bound of objects visited from one node (huge inputs are cut off, see docs).
MAX_REACH = 200000
_GETSET = types.GetSetDescriptorType
_MEMBER = types.MemberDescriptorType
_SEQUENCES = (list, tuple, set, frozenset)


def _instance_dict(obj):
    """``obj.__dict__`` when it is the interpreter's own descriptor (no user code), else None."""
    for klass in type(obj).__mro__:
        d = klass.__dict__
        if "__dict__" in d:
            desc = d["__dict__"]
            if isinstance(desc, _GETSET):
                try:
                    value = desc.__get__(obj, type(obj))
                except Exception:
                    return None
                return value if type(value) is dict else None
            return None
    return None


def _slot_values(obj):
    out = []
    for klass in type(obj).__mro__:
        slots = klass.__dict__.get("__slots__")
        if not slots:
            continue
        if isinstance(slots, str):
            slots = [slots]
        for name in slots:
            desc = klass.__dict__.get(name)
            if isinstance(desc, _MEMBER):
                try:
                    out.append(desc.__get__(obj, type(obj)))
                except Exception:
                    pass
    return out


_NUMPY_TYPES = {}


def _is_numpy_array(obj):
    kind = type(obj)
    hit = _NUMPY_TYPES.get(kind)
    if hit is None:
        hit = any(k.__name__ == "ndarray" and k.__module__.startswith("numpy") for k in kind.__mro__)
        if len(_NUMPY_TYPES) < 4096:
            _NUMPY_TYPES[kind] = hit
    return hit


def structural_aliases(obj):
    """Objects that share ``obj``'s storage by construction: a numpy array's base chain, a
    memoryview's exporter."""
    out = []
    if isinstance(obj, memoryview):
        try:
            out.append(obj.obj)
        except Exception:
            pass
    elif _is_numpy_array(obj):
        base = getattr(obj, "base", None)
        depth = 0
        while base is not None and depth < 32:
            out.append(base)
            base = getattr(base, "base", None) if _is_numpy_array(base) else None
            depth += 1
    return [o for o in out if o is not None and not is_atom(o)]


def structural_children(obj):
    """Objects ``obj`` holds by reference as part of its value (no user code runs)."""
    if is_atom(obj) or isinstance(obj, NON_DATA):
        return []
    out = []
    try:
        if isinstance(obj, dict):
            for k, v in dict.items(obj):
                out.append(k)
                out.append(v)
        elif isinstance(obj, list):
            out.extend(list.__iter__(obj))
        elif isinstance(obj, tuple):
            out.extend(tuple.__iter__(obj))
        elif isinstance(obj, set):
            out.extend(set.__iter__(obj))
        elif isinstance(obj, frozenset):
            out.extend(frozenset.__iter__(obj))
        elif type(obj).__name__ == "deque" and type(obj).__module__ == "collections":
            out.extend(iter(obj))
    except Exception:
        pass
    d = _instance_dict(obj)
    if d is not None:
        out.extend(d.values())
    if type(obj).__module__ != "builtins":
        out.extend(_slot_values(obj))
    return [o for o in out if not is_atom(o) and not isinstance(o, NON_DATA)]


def is_mutable_data(obj):
    """Objects whose own state can change (a view needs one in common)."""
    return is_data(obj) and not isinstance(obj, (tuple, frozenset))


class ObjectGraph:
    def __init__(self, max_reach=MAX_REACH):
        self.keep = {}
        self.down = {}
        self.alias = {}
        self.mutated = {}  # id -> obj, in order
        self.max_reach = max_reach
        self._children = {}
        self._aliased = set()

    def _hold(self, obj):
        self.keep[id(obj)] = obj
        return id(obj)

    def add_contains(self, container, item, fresh=True):
        if not is_data(container) or not is_data(item) or container is item:
            return
        self.down.setdefault(self._hold(container), {})[self._hold(item)] = fresh

    def add_view(self, a, b, fresh=True):
        if not is_data(a) or not is_data(b) or a is b:
            return
        ia, ib = self._hold(a), self._hold(b)
        self.alias.setdefault(ia, {})[ib] = fresh
        self.alias.setdefault(ib, {})[ia] = fresh

    def note_object(self, obj):
        """Register the structural aliases of an object seen in the recording (numpy views ...)."""
        if type(obj) is not memoryview and not _is_numpy_array(obj):
            return
        if id(obj) in self._aliased:
            return
        self._aliased.add(id(obj))
        for base in structural_aliases(obj):
            self.add_view(obj, base, fresh=False)

    def add_mutated(self, obj):
        if is_atom(obj):
            return
        self.mutated.setdefault(self._hold(obj), obj)
        for base in structural_aliases(obj):
            self.mutated.setdefault(self._hold(base), base)

    def children(self, oid, obj):
        cached = self._children.get(oid)
        if cached is None:
            cached = structural_children(obj)
            self._children[oid] = cached
            for child in cached:
                self.keep.setdefault(id(child), child)
        return cached

    def reach(self, obj):
        """id -> (object, fresh) for every object ``obj`` reaches (itself included).

        ``fresh`` is True when the object is reached through a relation this execution created:
        a recorded relation, or the structure of an object the execution mutated.
        """
        start = id(obj)
        self.keep.setdefault(start, obj)
        seen = {start: False}
        objects = {start: obj}
        queue = deque([(start, obj, False)])
        while queue and len(seen) < self.max_reach:
            oid, o, fresh = queue.popleft()
            if seen.get(oid) is not fresh and seen.get(oid) is True:
                continue
            steps = []
            for target, f in self.down.get(oid, {}).items():
                steps.append((target, self.keep[target], fresh or f))
            for target, f in self.alias.get(oid, {}).items():
                steps.append((target, self.keep[target], fresh or f))
            mutated_here = oid in self.mutated
            for child in self.children(oid, o):
                steps.append((id(child), child, fresh or mutated_here))
            for tid, t, f in steps:
                old = seen.get(tid)
                if old is None or (f and not old):
                    seen[tid] = f
                    objects[tid] = t
                    queue.append((tid, t, f))
        return {oid: (objects[oid], f) for oid, f in seen.items()}
