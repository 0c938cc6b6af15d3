"""FunctionInspector: what one recorded call did to the objects it touched.

A call is matched to a spec entry by the *names* of what was called — ``(module, qualified
name)`` pairs computed from the callable without importing anything — so specs for numpy,
pandas or scikit-learn apply when those libraries are in use and cost nothing otherwise.
Spec files are found through ``specs/index.toml`` and parsed the first time a call from one of
their modules is inspected.
"""
import functools
import os
import types
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from sidefx.model import NOT_OBSERVED
from sidefx.effects import _infer
from sidefx.effects._spec import Entry, ObjectDecl, SpecFile, _toml, load_spec_file
from sidefx.effects._types import ExternalState

SHIPPED_SPECS = Path(__file__).resolve().parent / "specs"
UNANNOTATED_MODES = ("infer", "pure", "conservative")

MISSING = type("Missing", (), {"__repr__": lambda self: "MISSING"})()

_METHOD_WRAPPER = type([].__add__)
_WRAPPER_DESCRIPTOR = type(list.__add__)
_METHOD_DESCRIPTOR = type(list.append)
_CLASSMETHOD_DESCRIPTOR = type(dict.__dict__["fromkeys"])
_BUILTIN = types.BuiltinFunctionType
_HEAPTYPE = 1 << 9
_SUSPENDS = 0x20 | 0x80 | 0x200  # generator, coroutine, async generator

#: Types whose values never change and hold no references worth following.
ATOMS = (int, float, complex, str, bytes, bool, type(None), range, slice, type(Ellipsis), type(NotImplemented))
#: Objects that are code, not data: never mutated data, never views.
NON_DATA = (
    types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType, types.MethodType,
    types.CodeType, _METHOD_WRAPPER, _WRAPPER_DESCRIPTOR, _METHOD_DESCRIPTOR, _CLASSMETHOD_DESCRIPTOR,
    property, classmethod, staticmethod, functools.partial,
)


_ATOM_TYPES = frozenset([int, float, complex, str, bytes, bool, type(None), range, slice])
_DATA_TYPES = frozenset([list, dict, set, tuple, frozenset, bytearray])


def is_atom(obj):
    t = type(obj)
    if t in _ATOM_TYPES:
        return True
    if t in _DATA_TYPES:
        return False
    return isinstance(obj, ATOMS) or obj is NOT_OBSERVED


def is_data(obj):
    """Objects that can be mutated data (not atoms, not code)."""
    t = type(obj)
    if t in _DATA_TYPES:
        return True
    if t in _ATOM_TYPES:
        return False
    return not (is_atom(obj) or isinstance(obj, NON_DATA) or isinstance(obj, ExternalState))


_LIBRARY_DIRS = None


def _library_dirs():
    global _LIBRARY_DIRS
    if _LIBRARY_DIRS is None:
        import sysconfig
        dirs = set()
        for scheme_key in ("stdlib", "platstdlib", "purelib", "platlib"):
            path = sysconfig.get_paths().get(scheme_key)
            if path:
                dirs.add(os.path.realpath(path))
        try:
            import site
            for path in site.getsitepackages() + [site.getusersitepackages()]:
                dirs.add(os.path.realpath(path))
        except Exception:
            pass
        _LIBRARY_DIRS = tuple(sorted(d.rstrip(os.sep) + os.sep for d in dirs))
    return _LIBRARY_DIRS


_LIBRARY_CODE: Dict[str, bool] = {}


def is_library_code(code):
    """True for code of the standard library or of installed packages (site-packages).

    The ``infer`` default summarises only other Python code (earlier cells, the user's modules):
    a library's internals (caches, lazy attributes) look like mutations to a bytecode summary, so
    library functions rely on their specs."""
    filename = code.co_filename
    hit = _LIBRARY_CODE.get(filename)
    if hit is None:
        if filename.startswith("<frozen") or filename.startswith("<built-in"):
            hit = True
        elif filename.startswith("<"):
            hit = False
        else:
            real = os.path.realpath(filename)
            hit = any(real.startswith(d) for d in _library_dirs())
        if len(_LIBRARY_CODE) < 16384:
            _LIBRARY_CODE[filename] = hit
    return hit


class Target:
    """A callable resolved to spec keys, its bound ``self`` and its arguments."""

    __slots__ = ("keys", "self_obj", "args", "kwargs", "impl", "bound")

    def __init__(self, keys, self_obj, args, kwargs, impl, bound):
        self.keys, self.self_obj, self.args, self.kwargs = keys, self_obj, args, kwargs
        self.impl, self.bound = impl, bound


_KEYS_CACHE = {}


def _type_keys(klass, name):
    """Spec keys of method ``name`` looked up on ``klass`` (cached)."""
    cache_key = (klass, name)
    keys = _KEYS_CACHE.get(cache_key)
    if keys is None:
        keys = _class_keys(klass.__mro__, name)
        if len(_KEYS_CACHE) > 8192:
            _KEYS_CACHE.clear()
        _KEYS_CACHE[cache_key] = keys
    return list(keys)


def _class_keys(classes, name):
    keys = []
    for klass in classes:
        module = getattr(klass, "__module__", None)
        qual = getattr(klass, "__qualname__", None)
        if isinstance(module, str) and isinstance(qual, str):
            keys.append((module, qual + "." + name))
    return keys


def _mro(obj_or_type):
    try:
        return type.__getattribute__(obj_or_type, "__mro__") if isinstance(obj_or_type, type) else type(obj_or_type).__mro__
    except Exception:
        return ()


def resolve_callable(fn, args, kwargs, depth=0):
    """A :class:`Target` for ``fn(*args, **kwargs)`` (None if nothing can be said about ``fn``)."""
    args = list(args)
    kwargs = dict(kwargs or {})
    if isinstance(fn, types.MethodType):
        self_obj = fn.__self__
        func = fn.__func__
        name = getattr(func, "__name__", None)
        klass = self_obj if isinstance(self_obj, type) else type(self_obj)
        keys = _type_keys(klass, name) if isinstance(name, str) else []
        impl = func if isinstance(func, types.FunctionType) else None
        if impl is not None:
            keys.append((impl.__module__, impl.__qualname__))
        return Target(keys, self_obj, args, kwargs, impl, True)
    if isinstance(fn, (_BUILTIN, _METHOD_WRAPPER)):
        self_obj = getattr(fn, "__self__", None)
        name = getattr(fn, "__name__", None)
        if self_obj is None or isinstance(self_obj, types.ModuleType):
            module = getattr(fn, "__module__", None)
            if module is None and isinstance(self_obj, types.ModuleType):
                module = self_obj.__name__
            qual = getattr(fn, "__qualname__", name)
            return Target([(module, qual)] if module else [], MISSING, args, kwargs, None, False)
        klass = self_obj if isinstance(self_obj, type) else type(self_obj)
        return Target(_type_keys(klass, name) if isinstance(name, str) else [], self_obj, args, kwargs, None, True)
    if isinstance(fn, (_METHOD_DESCRIPTOR, _WRAPPER_DESCRIPTOR, _CLASSMETHOD_DESCRIPTOR)):
        owner = getattr(fn, "__objclass__", None)
        name = getattr(fn, "__name__", None)
        if owner is None or name is None:
            return None
        if isinstance(fn, _CLASSMETHOD_DESCRIPTOR):
            return Target(_class_keys(owner.__mro__, name), owner, args, kwargs, None, True)
        classes = type(args[0]).__mro__ if args and isinstance(args[0], owner) else owner.__mro__
        return Target(_class_keys(classes, name), MISSING, args, kwargs, None, False)
    if isinstance(fn, types.FunctionType):
        return Target([(fn.__module__, fn.__qualname__)], MISSING, args, kwargs, fn, False)
    if isinstance(fn, type):
        keys = []
        for klass in fn.__mro__:
            if klass is object:
                continue
            module, qual = getattr(klass, "__module__", None), getattr(klass, "__qualname__", None)
            if isinstance(module, str) and isinstance(qual, str):
                keys.append((module, qual))
        found = _infer.static_lookup(fn, "__init__")
        impl = found[1] if found and isinstance(found[1], types.FunctionType) else None
        return Target(keys, MISSING, args, kwargs, impl, False)
    if isinstance(fn, functools.partial) and depth < 8:
        return resolve_callable(fn.func, list(fn.args) + args, dict(fn.keywords or {}, **kwargs), depth + 1)
    # a callable instance: type(fn).__call__; C-level function objects (numpy's dispatchers and
    # ufuncs) also by their own names, read only from static types (no user __getattr__ runs)
    keys = []
    if not type(fn).__flags__ & _HEAPTYPE:
        try:
            module = getattr(fn, "__module__", None)
            qual = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
        except Exception:
            module = qual = None
        if isinstance(module, str) and isinstance(qual, str):
            keys.append((module, qual))
    found = _infer.static_lookup(type(fn), "__call__")
    impl = found[1] if found and isinstance(found[1], types.FunctionType) else None
    return Target(keys + _class_keys(type(fn).__mro__, "__call__"), fn, args, kwargs, impl, not keys)


# ---------------------------------------------------------------------------------------------
# Pointer and condition evaluation
# ---------------------------------------------------------------------------------------------

class CallView:
    """The values a spec entry's pointers refer to."""

    __slots__ = ("self_obj", "args", "kwargs", "result", "raised")

    def __init__(self, self_obj, args, kwargs, result, raised):
        self.self_obj, self.args, self.kwargs, self.result, self.raised = self_obj, args, kwargs, result, raised


def items_of(obj):
    """The elements of a built-in container (dict: values), else nothing."""
    try:
        if isinstance(obj, dict):
            return list(dict.values(obj))
        if isinstance(obj, (list, tuple)):
            return list(obj) if type(obj) in (list, tuple) else list(list.__iter__(obj) if isinstance(obj, list) else tuple.__iter__(obj))
        if isinstance(obj, (set, frozenset)):
            return list(set.__iter__(obj) if isinstance(obj, set) else frozenset.__iter__(obj))
    except Exception:
        return []
    return []


def _alt_values(alt, cv):
    kind = alt.kind
    if kind == "self":
        vals = [] if cv.self_obj is MISSING else [cv.self_obj]
    elif kind == "result":
        vals = [] if cv.raised is not None else [cv.result]
    elif kind == "arg":
        vals = [cv.args[alt.value]] if alt.value < len(cv.args) else []
    elif kind == "args":
        vals = list(cv.args)
    elif kind == "args_from":
        vals = list(cv.args[alt.value:])
    elif kind == "kw":
        vals = [cv.kwargs[alt.value]] if alt.value in cv.kwargs else []
    elif kind == "kwargs":
        vals = [v for k, v in cv.kwargs.items() if k != "**"]
    else:  # external
        return [ExternalState(alt.value)]
    vals = [v for v in vals if v is not NOT_OBSERVED]
    if alt.items:
        out = []
        for v in vals:
            out.extend(items_of(v))
        return out
    return vals


def resolve_pointer(expr, cv):
    """Objects a pointer designates: the first alternative yielding something other than None."""
    for alt in expr.alts:
        vals = [v for v in _alt_values(alt, cv) if v is not None]
        if vals:
            return vals
    return []


def _first_present(expr, cv):
    for alt in expr.alts:
        vals = _alt_values(alt, cv)
        if vals:
            return vals[0]
    return MISSING


def is_iterator(obj):
    return _infer.static_lookup(type(obj), "__next__") is not None and not isinstance(obj, type)


def _type_matches(obj, names):
    for klass in type(obj).__mro__:
        qual = getattr(klass, "__qualname__", "")
        full = "%s.%s" % (getattr(klass, "__module__", ""), qual)
        for name in names:
            if name == qual or name == full or name == klass.__name__:
                return True
    return False


def evaluate_condition(node, cv, externals):
    op = node[0]
    if op == "or":
        return evaluate_condition(node[1], cv, externals) or evaluate_condition(node[2], cv, externals)
    if op == "and":
        return evaluate_condition(node[1], cv, externals) and evaluate_condition(node[2], cv, externals)
    if op == "not":
        return not evaluate_condition(node[1], cv, externals)
    value = _first_present(node[1], cv)
    if op == "is":
        other = _first_present(node[2], cv)
        return value is not MISSING and value is other
    if op == "is_word":
        word = node[2]
        if word == "missing":
            return value is MISSING
        if value is MISSING:
            return False
        if word == "none":
            return value is None
        if word == "true":
            return value is True or (type(value) is int and value != 0)
        if word == "false":
            return value is False or (type(value) is int and value == 0)
        if word == "iterator":
            return is_iterator(value)
        if word == "external":
            return externals.state_of(value) is not None
        return False
    if value is MISSING:
        return False
    if op == "match":
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if not isinstance(value, str):
            return False
        return node[2].search(value) is not None
    if op == "isa":
        return _type_matches(value, node[2])
    return False


# ---------------------------------------------------------------------------------------------
# Effects on objects
# ---------------------------------------------------------------------------------------------

class CallEffects:
    """What one call did to objects: mutated, read (external), containment and views."""

    __slots__ = ("mutated", "depends", "contains", "views", "reads_args", "source")

    def __init__(self, source="none"):
        self.mutated = []    # objects (ExternalState instances stand for external state)
        self.depends = []
        self.contains = []   # (container, item)
        self.views = []      # tuples of objects sharing state
        self.reads_args = True
        self.source = source  # "spec", "traced", "inferred", "conservative", "none"

    def merge(self, other):
        self.mutated.extend(other.mutated)
        self.depends.extend(other.depends)
        self.contains.extend(other.contains)
        self.views.extend(other.views)
        return self

    def __repr__(self):
        return "CallEffects(%s: mutated=%d depends=%s contains=%d views=%d)" % (
            self.source, len(self.mutated), self.depends, len(self.contains), len(self.views))


def _add_effects(out, effects, cv):
    for ptr in effects.mutates:
        out.mutated.extend(resolve_pointer(ptr, cv))
    for ptr in effects.depends_on:
        out.depends.extend(resolve_pointer(ptr, cv))
    for group in effects.contains:
        containers = resolve_pointer(group[0], cv)
        for ptr in group[1:]:
            for item in resolve_pointer(ptr, cv):
                for container in containers:
                    out.contains.append((container, item))
    for group in effects.views:
        objs = []
        for ptr in group:
            objs.extend(resolve_pointer(ptr, cv))
        if len(objs) > 1:
            out.views.append(tuple(objs))


class _Index:
    def __init__(self, directory):
        self.directory = Path(directory)
        path = self.directory / "index.toml"
        with open(str(path), "rb") as fh:
            data = _toml().loads(fh.read().decode("utf-8"))
        self.modules = dict(data.get("modules", {}))
        self.objects = {}
        for key, decl in data.get("objects", {}).items():
            module, _, attr = key.partition(":")
            self.objects[key] = ObjectDecl(module, attr, decl["state"], decl.get("reads", False), str(path), None)


class ExternalObjects:
    """Objects that stand for external state in one analysis (``os.environ``, ``sys.stdout``, ...)."""

    def __init__(self, decls):
        self.decls = {}  # (module, path) -> decl
        self.by_id = {}  # id -> (obj, decl)
        for decl in decls:
            self.decls[(decl.module, decl.path)] = decl
            obj = decl.resolve()
            if obj is not None and not is_atom(obj):
                self.by_id[id(obj)] = (obj, decl)

    def state_of(self, obj):
        hit = self.by_id.get(id(obj))
        return hit[1].state if hit is not None and hit[0] is obj else None

    def reads(self, obj):
        hit = self.by_id.get(id(obj))
        return hit is not None and hit[0] is obj and hit[1].reads

    def note_module_attribute(self, module, name, value):
        """A recorded ``getattr(module, name)`` whose result is declared external state (e.g. a
        ``sys.stdout`` replaced while the code ran)."""
        decl = self.decls.get((getattr(module, "__name__", None), name))
        if decl is not None and not is_atom(value) and id(value) not in self.by_id:
            self.by_id[id(value)] = (value, decl)


class FunctionInspector:
    """Looks up what calls do, from annotation specs.

    ``FunctionInspector()`` uses the specs shipped in ``sidefx/effects/specs``.  ``specs`` adds spec
    files or directories of them; their entries take precedence over the shipped ones.
    ``unannotated`` chooses the default for callables no spec describes (docs/side-effects.md):

    - ``"infer"`` (default): Python functions that were not traced are summarised from their
      bytecode (see ``sidefx.effects._infer``); other callables are assumed to have no effects.
    - ``"pure"``: no effects.
    - ``"conservative"``: the call mutates every mutable argument and its result holds them all.
    """

    def __init__(self, specs=None, *, shipped=True, unannotated="infer"):
        if unannotated not in UNANNOTATED_MODES:
            raise ValueError("unannotated must be one of %s, got %r" % (", ".join(UNANNOTATED_MODES), unannotated))
        self.unannotated = unannotated
        self._shipped = _Index(SHIPPED_SPECS) if shipped else None
        self._loaded: Dict[str, SpecFile] = {}      # shipped file name -> parsed
        self._user: List[SpecFile] = []
        self._user_modules: Dict[str, List[SpecFile]] = {}
        self._lookup_cache: Dict[Tuple[str, str], Optional[Entry]] = {}
        for path in self._expand(specs or ()):
            spec = load_spec_file(path)
            self._user.append(spec)
            for module in spec.modules:
                self._user_modules.setdefault(module, []).append(spec)

    @staticmethod
    def _expand(paths):
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        for path in paths:
            path = Path(path)
            if path.is_dir():
                for child in sorted(path.glob("*.toml")):
                    if child.name != "index.toml":
                        yield child
            else:
                yield path

    # -- spec lookup --------------------------------------------------------------------------
    @property
    def loaded_spec_files(self):
        """Names of the shipped spec files parsed so far (they load on first use)."""
        return sorted(self._loaded)

    def _shipped_file(self, name):
        spec = self._loaded.get(name)
        if spec is None:
            spec = load_spec_file(self._shipped.directory / name)
            self._loaded[name] = spec
        return spec

    def lookup(self, module, qualname):
        """The entry for ``qualname`` in ``module`` (or a package containing it), or None."""
        key = (module, qualname)
        if key in self._lookup_cache:
            return self._lookup_cache[key]
        entry = None
        if isinstance(module, str) and isinstance(qualname, str):
            parts = module.split(".")
            for n in range(len(parts), 0, -1):
                prefix = ".".join(parts[:n])
                for spec in self._user_modules.get(prefix, ()):
                    entry = spec.entries.get(qualname)
                    if entry is not None:
                        break
                if entry is None and self._shipped is not None:
                    name = self._shipped.modules.get(prefix)
                    if name is not None:
                        entry = self._shipped_file(name).entries.get(qualname)
                if entry is not None:
                    break
        self._lookup_cache[key] = entry
        return entry

    def find_entry(self, keys):
        for module, qualname in keys:
            entry = self.lookup(module, qualname)
            if entry is not None:
                return entry
        return None

    def external_objects(self):
        """The objects that stand for external state right now (modules already imported only)."""
        decls = list(self._shipped.objects.values()) if self._shipped is not None else []
        for spec in self._user:
            decls.extend(spec.objects.values())
        return ExternalObjects(decls)

    # -- effects of calls ---------------------------------------------------------------------
    def effects(self, call, traced=frozenset(), externals=None):
        """:class:`CallEffects` of one recorded :class:`~sidefx.FunctionCall`.

        ``traced`` holds the code objects whose calls were recorded: calls of functions defined
        there have no effects of their own (what their bodies did is in the recording).
        """
        externals = externals if externals is not None else self.external_objects()
        target = resolve_callable(call.fn, call.args, call.kwargs)
        if target is None:
            return CallEffects()
        return self._target_effects(target, call.res, call.raised, traced, externals, 0)

    def _is_traced(self, impl, traced):
        return impl is not None and getattr(impl, "__code__", None) in traced

    def _target_effects(self, target, result, raised, traced, externals, depth):
        if self._is_traced(target.impl, traced):
            out = CallEffects("traced")
            if target.impl.__code__.co_flags & _SUSPENDS and raised is None:
                # a generator (coroutine) holds its arguments in its frame until it finishes
                values = ([] if target.self_obj is MISSING else [target.self_obj]) + list(target.args)
                out.contains.extend((result, value) for value in values + list(target.kwargs.values()))
            return out
        entry = self.find_entry(target.keys)
        if entry is not None:
            cv = self._call_view(entry, target, result, raised)
            if cv is not None:
                return self._entry_effects(entry, cv, traced, externals, depth)
        cv = CallView(target.self_obj, target.args, target.kwargs, result, raised)
        return self._unannotated(target.impl, cv, traced, externals, depth)

    @staticmethod
    def _call_view(entry, target, result, raised):
        self_obj, args = target.self_obj, target.args
        if entry.method and self_obj is MISSING:
            if not args:
                return None
            self_obj, args = args[0], args[1:]
        return CallView(self_obj, args, target.kwargs, result, raised)

    def _entry_effects(self, entry, cv, traced, externals, depth):
        if entry.pure:
            out = CallEffects("spec")
            out.reads_args = entry.reads_args
            return out
        if entry.dispatch is not None and depth < 4:
            dispatched = self._dispatch(entry, cv, traced, externals, depth)
            if dispatched is not None:
                dispatched.reads_args = entry.reads_args
                return dispatched
        out = CallEffects("spec")
        out.reads_args = entry.reads_args
        _add_effects(out, entry.effects, cv)
        for condition, effects in entry.cases:
            if evaluate_condition(condition, cv, externals):
                _add_effects(out, effects, cv)
        return out

    def _dispatch(self, entry, cv, traced, externals, depth):
        """Effects of ``type(obj).<name>`` when the spec says to dispatch (None: use the entry's own)."""
        pointer, name = entry.dispatch
        alt = pointer.alts[0]
        if alt.kind == "self":
            if cv.self_obj is MISSING:
                return None
            obj, rest = cv.self_obj, cv.args
        else:
            if alt.value >= len(cv.args):
                return None
            obj, rest = cv.args[alt.value], cv.args[:alt.value] + cv.args[alt.value + 1:]
        if obj is NOT_OBSERVED:
            return None
        found = _infer.static_lookup(type(obj), name)
        if found is None:
            return None
        impl = found[1]
        if isinstance(impl, types.FunctionType) and impl.__code__ in traced:
            return CallEffects("traced")
        if name == "__next__" and isinstance(obj, types.GeneratorType) and obj.gi_code in traced:
            return CallEffects("traced")
        sub = CallView(obj, list(rest), cv.kwargs, cv.result, cv.raised)
        entry2 = self.find_entry(_type_keys(type(obj), name))
        if entry2 is not None:
            if entry2.method:
                return self._entry_effects(entry2, sub, traced, externals, depth + 1)
            return None
        if isinstance(impl, types.FunctionType) and self.unannotated == "infer" and not is_library_code(impl.__code__):
            out = CallEffects("spec")
            _add_effects(out, entry.effects, cv)
            for condition, effects in entry.cases:
                if evaluate_condition(condition, cv, externals):
                    _add_effects(out, effects, cv)
            return out.merge(self._infer(impl, sub, traced, externals, depth + 1))
        return None

    def _unannotated(self, impl, cv, traced, externals, depth):
        mode = self.unannotated
        if mode == "infer" and impl is not None and is_library_code(impl.__code__):
            return CallEffects("none")
        if mode == "pure":
            return CallEffects("none")
        if mode == "conservative":
            out = CallEffects("conservative")
            values = ([] if cv.self_obj is MISSING else [cv.self_obj]) + list(cv.args) + list(cv.kwargs.values())
            for value in values:
                if is_data(value):
                    out.mutated.append(value)
                    if cv.raised is None:
                        out.contains.append((cv.result, value))
            return out
        if impl is not None:
            return self._infer(impl, cv, traced, externals, depth)
        return CallEffects("none")

    def _infer(self, impl, cv, traced, externals, depth):
        out = CallEffects("inferred")
        code = getattr(impl, "__code__", None)
        if code is None or depth > 3:
            return out
        summary = _infer.summarize(code)
        bound = _infer.bind_params(summary, code, cv.self_obj, cv.args, cv.kwargs, MISSING)
        for index in summary.mutated:
            if index in bound and is_data(bound[index]):
                out.mutated.append(bound[index])
        for index in summary.inplace:
            if index in bound and is_data(bound[index]) and _infer.has_inplace_ops(bound[index]):
                out.mutated.append(bound[index])
        module_globals = getattr(impl, "__globals__", None)
        if type(module_globals) is dict:
            for name in summary.mutated_globals:
                obj = module_globals.get(name)
                if obj is not None and is_data(obj):
                    out.mutated.append(obj)
        done = {id(o) for o in out.mutated}
        candidates = [(bound.get(index), name) for index, name in summary.method_calls]
        if type(module_globals) is dict:
            candidates += [(module_globals.get(g), name) for g, name in summary.global_calls]
        for obj, name in candidates:
            if obj is None or id(obj) in done or not is_data(obj):
                continue
            if self._method_mutates_self(obj, name, traced, externals, depth + 1):
                out.mutated.append(obj)
                done.add(id(obj))
        return out

    def _method_mutates_self(self, obj, name, traced, externals, depth):
        found = _infer.static_lookup(type(obj), name)
        if found is None:
            return False
        impl = found[1]
        if isinstance(impl, (staticmethod, classmethod)):
            return False
        if isinstance(impl, types.FunctionType):
            if impl.__code__ in traced or depth > 3:
                return False
        entry = self.find_entry(_class_keys(type(obj).__mro__, name))
        if entry is not None:
            effects = entry.effects
            for ptr in effects.mutates:
                if any(a.kind == "self" for a in ptr.alts):
                    return True
            return False
        if isinstance(impl, types.FunctionType) and not is_library_code(impl.__code__):
            sub = _infer.summarize(impl.__code__)
            return 0 in sub.mutated or any(
                i == 0 and self._method_mutates_self(obj, n, traced, externals, depth + 1) for i, n in sub.method_calls
            )
        return False
