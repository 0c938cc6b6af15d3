"""The independent reference of the fuzzer: the calls a program makes, by source instrumentation.

``record_reference(source, globals_)`` knows the calls docs/call-model.md says a program makes
without reading any interpreter stack and without sharing code with the recorder: an
``ast.NodeTransformer`` rewrites every call-producing construct into a call of a recording shim
(a method of :class:`_Runtime`) that performs the same operation and appends a
``sidefx.FunctionCall``, then the rewritten module is compiled and executed in ``globals_``.

Two principles keep the rewritten program faithful to the original:

- *Python does the work.*  Wherever the interpreter's own machinery has subtle semantics (star
  and double-star argument expansion, with-statement exception handling, class creation,
  generator scoping, pattern-matching type checks), the rewritten code keeps the native construct
  and only routes its operands through shims, so evaluation order and error behaviour stay the
  interpreter's own on every version.
- *The compiler decides what exists.*  Operations the compiler removes or adds are removed or
  added the same way here, version by version: constant folding (asked of the running compiler;
  the 3.8/3.9 AST optimizer skips ``:=`` values), lists/sets after ``in`` and as iteration
  sources made tuples/frozensets (and a starred tuple iterated as a list on 3.14), ``not a is b``
  made ``a is not b`` (<= 3.13; on 3.14 only as a value, and not against None), the ``a, b = b, a`` swap,
  the single-item ``for`` clause of comprehensions (3.9+), ``'%s' % (x,)`` made an f-string
  (3.11+), ``all``/``any``/``tuple`` of a generator expression run inline (3.14), comparisons
  used as conditions converted to bool (3.13+, as the model says), and 3.14's folding of an
  operator or subscript over a conditional expression into the branches where it ends up constant
  (which depends on the code around it, so it is read from the program's own bytecode: the paths
  from the test's jump).  Each rule is commented where it is applied.

Where docs/call-model.md leaves room, the reference takes these positions (the recorder may
differ, which the fuzzer then reports):

- a display is recorded when complete: a comprehension or a ``*`` display that raises while being
  built records no display call (the non-``*`` displays ``{[]}``, ``{[]: 1}`` record the raising
  BUILD call with their items);
- a set comprehension's args follow the resulting set's iteration order;
- a display directly after ``*``/``**`` inside a display or a call is folded into it
  (syntactically: not through ``:=``);
- a lone ``f(**m)`` is NOT_OBSERVED on 3.8 unless ``type(m) is dict`` (3.9+ merge m into a fresh
  dict first: observed); when the lone ``*x`` (or on 3.8 ``**m``) cannot be converted, the call is
  recorded as raising (the call instruction raised);
- ``with`` on an object without ``__enter__``/``__exit__`` records nothing (no call was made).

Known approximations (none is exercised by tests/constructs.py):

- a zero-argument ``super()`` raising in a method (say, called with a foreign ``self``) is not
  recorded: it must run natively in the method's own frame;
- attribute or subscript targets of a comprehension ``for`` clause are stored after the clause's
  name targets, not interleaved with them;
- a chained comparison inside a comprehension in a class body (where ``:=`` is a syntax error)
  evaluates its later operands in a lambda, which cannot see class-level names;
- on 3.14 annotations stay lazy and unrewritten: calls made when they are evaluated are not
  recorded;
- ``locals()``, ``vars()``, ``dir()``, ``globals()``, ``eval()`` and ``exec()`` called through the
  call shim are given the program's frame (read with ``sys._getframe``); other frame inspection
  (``sys._getframe``, ``inspect``) sees the shim frames.
"""
import ast
import builtins
import copy
import dis
import operator
import sys
import types
import warnings

from sidefx import FunctionCall, NOT_OBSERVED
from sidefx import model

__all__ = ["ReferenceRun", "record_reference"]

VERSION = sys.version_info[:2]
RT = "_sfx_rt"            # the global name of the per-run runtime in the rewritten program
DSTAR = "\x00sfx**"       # keyword smuggling a lone ``**mapping`` operand to the call shims
_TEMP = "__sfx_%d__"      # temporaries: dunder names are never mangled nor taken as enum members


class ReferenceRun:
    """What :func:`record_reference` returns."""

    def __init__(self):
        #: The recorded calls (``sidefx.FunctionCall``), in completion order.
        self.calls = []
        #: The exception the program raised (it does not propagate), or None.
        self.exception = None
        #: The rewritten module, for debugging.
        self.tree = None

    def __repr__(self):
        return "<ReferenceRun %d calls, exception %r>" % (len(self.calls), self.exception)


def record_reference(source, globals_, filename="<fuzz>"):
    """Run ``source`` in ``globals_`` and return a :class:`ReferenceRun` of the calls it made."""
    original = compile(source, filename, "exec", dont_inherit=True)  # the program's own SyntaxErrors, unchanged
    tree = ast.parse(source, filename)
    rewritten = _Rewriter(original).module(tree)
    code = compile(rewritten, filename, "exec", dont_inherit=True)
    run = ReferenceRun()
    run.tree = rewritten
    runtime = _Runtime(run.calls, globals_, code)
    globals_[RT] = runtime
    # Every recorded call adds a shim frame: give the program the depth it would have had.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit * 2 + 100)
    try:
        exec(code, globals_)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # the program's exception is part of the result
        run.exception = exc
    finally:
        sys.setrecursionlimit(limit)
        # The program's functions and classes keep working after the run (rendering a trace calls
        # their __repr__), so the runtime stays in globals_, but records nothing more.
        runtime.recording = False
    return run


# =============================================================================================
# Runtime: the shims the rewritten program calls.  Each performs the operation and records it.
# =============================================================================================

# 3.9+ merges even a lone ``f(**m)`` into a fresh dict (DICT_MERGE); 3.8 passes m to the call
_MERGED_DSTAR = VERSION >= (3, 9)
_OBSERVED_STAR = (tuple, list, set, frozenset, dict, str, bytes, range)  # f(*x) the model sees
_FRAME_FUNCTIONS = {id(f) for f in (builtins.locals, builtins.vars, builtins.dir, builtins.globals, builtins.eval,
                                      builtins.exec)}
_BOOL_COMPARE = VERSION >= (3, 13)  # a comparison used as a condition records bool(result)


def _compile_helper(source, name):
    namespace = {}
    exec(compile(source, "<sidefx reference helper>", "exec"), namespace)
    return namespace[name]


_UNPACKERS = {}


def _native_unpacker(before, after=None):
    """A function doing exactly the interpreter's UNPACK_SEQUENCE (after None) or UNPACK_EX."""
    key = (before, after)
    fn = _UNPACKERS.get(key)
    if fn is None:
        names = ["x%d" % i for i in range(before)]
        if after is None:
            target, result = names, names
        else:
            tail = ["y%d" % i for i in range(after)]
            target, result = names + ["*rest"] + tail, names + ["rest"] + tail
        source = "def unpack(value):\n    [%s] = value\n    return (%s)\n" % (
            ", ".join(target), "".join(n + ", " for n in result))
        fn = _UNPACKERS[key] = _compile_helper(source, "unpack")
    return fn


_SET_BUILDERS = {}


def _native_set(count):
    fn = _SET_BUILDERS.get(count)
    if fn is None:
        names = ", ".join("x%d" % i for i in range(count))
        body = "{%s}" % names if count else "set()"
        fn = _SET_BUILDERS[count] = _compile_helper("def build(%s):\n    return %s\n" % (names, body), "build")
    return fn


def _special(obj, name):
    """``_PyObject_LookupSpecial``: the attribute on the type, bound to obj; AttributeError if absent."""
    for klass in type(obj).__mro__:
        if name in klass.__dict__:
            attr = klass.__dict__[name]
            get = getattr(type(attr), "__get__", None)
            return attr if get is None else get(attr, obj, type(obj))
    raise AttributeError(name)


def _stand_in(code, qualname, module):
    """A function object for a code object the program never exposes (class bodies, genexps)."""
    globals_ = {"__name__": module} if module is not None else {}
    cells = tuple(types.CellType() for _ in code.co_freevars) if hasattr(types, "CellType") else None
    try:
        fn = types.FunctionType(code, globals_, code.co_name, None, cells)
    except Exception:
        fn = types.FunctionType((lambda: None).__code__, globals_, code.co_name)
    fn.__qualname__ = qualname
    return fn


class _Runtime:
    def __init__(self, calls, globals_, code):
        self.calls = calls
        self.recording = True
        self.globals = globals_
        self.first_iterators = []  # the wrapped first iterator of the genexp being created
        self.exhausted = None      # the comprehension whose first iterator was exhausted last
        self.codes = {}            # (co_name, co_firstlineno) -> code object, for stand-ins
        self._index(code)

    def _index(self, code):
        self.codes.setdefault((code.co_name, code.co_firstlineno), code)
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                self._index(const)

    # -- recording ---------------------------------------------------------------------------
    def record(self, fn, args, kwargs, res, raised=None):
        call = FunctionCall(fn, list(args), dict(kwargs), res, raised)
        if self.recording:
            self.calls.append(call)
        return call

    def perform(self, fn, args, kwargs=None, thunk=None, rec_args=None, rec_kwargs=None):
        """Call fn(*args, **kwargs) (or thunk()) and record it: completion order, raised calls too."""
        kwargs = {} if kwargs is None else kwargs
        try:
            res = thunk() if thunk is not None else fn(*args, **kwargs)
        except BaseException as exc:
            self.record(fn, args if rec_args is None else rec_args,
                        kwargs if rec_kwargs is None else rec_kwargs, None, exc)
            raise
        self.record(fn, args if rec_args is None else rec_args, kwargs if rec_kwargs is None else rec_kwargs, res)
        return res

    def _builtin(self, name):
        scope = self.globals.get("__builtins__", builtins)
        scope = scope if isinstance(scope, dict) else vars(scope)
        return scope.get(name, getattr(builtins, name))

    # -- operators -----------------------------------------------------------------------------
    def binop(self, name, a, b):
        fn = getattr(operator, name)
        return self.perform(fn, (a, b))

    def unop(self, name, a):
        fn = getattr(operator, name)
        return self.perform(fn, (a,))

    def cmp(self, name, a, b, cond=False):
        """A comparison; ``in``/``not in`` record ``contains(container, item)`` before negation."""
        if name in ("In", "NotIn"):
            res = self.perform(operator.contains, (b, a))
            return (not res) if name == "NotIn" else res
        fn = _COMPARE[name]
        if cond and _BOOL_COMPARE:  # COMPARE_OP converts in place on 3.13+
            return self.perform(fn, (a, b), thunk=lambda: bool(fn(a, b)))
        return self.perform(fn, (a, b))

    def chain(self, cond, left, pairs):
        """A chained comparison whose later operands are thunks (only where := is a syntax error)."""
        for index, (name, right) in enumerate(pairs):
            right = right() if index else right
            res = self.cmp(name, left, right, cond)
            if not res:
                return res
            left = right
        return res

    # -- attributes, subscripts ------------------------------------------------------------------
    def getattr(self, obj, name):
        return self.perform(getattr, (obj, name))

    def setattr(self, value, obj, name):  # value first: the order the operands are evaluated
        return self.perform(setattr, (obj, name, value))

    def delattr(self, obj, name):
        return self.perform(delattr, (obj, name))

    def getitem(self, obj, key):
        return self.perform(operator.getitem, (obj, key))

    def setitem(self, value, obj, key):
        return self.perform(operator.setitem, (obj, key, value))

    def delitem(self, obj, key):
        return self.perform(operator.delitem, (obj, key))

    def frozen(self, index):  # a frozenset constant of the program (see _frozenset_constant)
        return _FROZEN_CONSTANTS[index]

    def slice(self, lower, upper, step):  # BUILD_SLICE: not a call
        return slice(lower, upper, step)

    def stored(self, _ignored):  # a store made in a comprehension ``if``: always passes
        return True

    # -- calls -----------------------------------------------------------------------------------
    def _keywords(self, kwargs):
        """The kwargs to call with and to record; a lone ``**m`` that is not a dict is not observed."""
        if DSTAR not in kwargs:
            return kwargs, kwargs
        mapping = kwargs[DSTAR]
        if type(mapping) is dict:
            return mapping, dict(mapping)
        if _MERGED_DSTAR:  # DICT_MERGE copies it into a fresh dict before the call: observed
            merged = {**mapping}
            return merged, dict(merged)
        return {**mapping}, {"**": NOT_OBSERVED}  # the interpreter converts it inside the call

    def call(self, fn, *args, **kwargs):
        if DSTAR in kwargs or id(fn) in _FRAME_FUNCTIONS:
            kwargs, rec_kwargs = self._call_keywords(fn, args, kwargs)
            return self._call(fn, args, kwargs, list(args), rec_kwargs)
        # the common case inline: one shim frame between the caller and the callee
        try:
            res = fn(*args, **kwargs)
        except BaseException as exc:
            self.record(fn, args, kwargs, None, exc)
            raise
        self.record(fn, args, kwargs, res)
        return res

    def _call_keywords(self, fn, rec_args, kwargs):
        try:
            return self._keywords(kwargs)
        except BaseException as exc:  # a lone **m converted inside the call instruction (3.8)
            if _MERGED_DSTAR:
                raise  # 3.9+: DICT_MERGE raised, the call was never made
            self.record(fn, [NOT_OBSERVED] if rec_args is None else rec_args, {"**": NOT_OBSERVED}, None, exc)
            raise

    def call_star(self, fn, iterable, **kwargs):
        """``f(*x)`` with nothing else positional: x reaches the call instruction unconverted."""
        observed = type(iterable) in _OBSERVED_STAR
        kwargs, rec_kwargs = self._call_keywords(fn, list(iterable) if observed else None, kwargs)
        try:
            args = iterable if type(iterable) is tuple else tuple(iterable)
        except BaseException as exc:  # raised by the call instruction: recorded as the call's
            self.record(fn, [NOT_OBSERVED], rec_kwargs, None, exc)
            raise
        rec_args = list(args) if observed else [NOT_OBSERVED]
        return self._call(fn, args, kwargs, rec_args, rec_kwargs)

    def _call(self, fn, args, kwargs, rec_args, rec_kwargs):
        if id(fn) in _FRAME_FUNCTIONS:
            thunk = self._frame_function(fn, args, kwargs)
        else:
            thunk = None
        return self.perform(fn, args, kwargs, thunk, rec_args, rec_kwargs)

    def _frame_function(self, fn, args, kwargs):
        """Builtins that read their caller's frame must see the program's frame, not the shim's."""
        frame = sys._getframe(3)

        def frame_locals():
            if frame.f_code.co_flags & 0x01 == 0:  # module or class body: the namespace itself
                return frame.f_locals
            return {k: v for k, v in frame.f_locals.items() if not (k.startswith("__sfx_") and k.endswith("__"))}

        def run():
            if fn is builtins.globals and not args and not kwargs:
                return self.globals
            if fn in (builtins.locals, builtins.vars) and not args and not kwargs:
                return frame_locals()
            if fn is builtins.dir and not args and not kwargs:
                return sorted(frame_locals())
            if fn in (builtins.eval, builtins.exec) and len(args) == 1 and not kwargs:
                return fn(args[0], frame.f_globals, frame_locals())
            if fn in (builtins.eval, builtins.exec) and len(args) == 2 and args[1] is None and not kwargs:
                return fn(args[0], frame.f_globals, frame_locals())
            return fn(*args, **kwargs)

        return run

    def super0(self, fn, res):
        """A zero-argument ``super()``: evaluated natively in the method (it needs __class__)."""
        self.record(fn, (), {}, res)
        return res

    def super_error(self, fn, message):
        """A zero-argument super() that cannot work where it is: its error, recorded."""
        if fn is not builtins.super:
            return self.perform(fn, ())
        error = TypeError if message.startswith("super(type") else RuntimeError

        def fail():
            raise error(message)

        return self.perform(fn, (), thunk=fail)

    def builtin_is(self, name, value):
        return self.cmp("Is", value, getattr(builtins, name), True)

    def reduce_generator(self, name, gen):
        """The inline loop 3.14 compiles all/any/tuple(<genexp>) into: FOR_ITER over gen."""
        items = []
        while True:
            try:
                value = next(gen)
            except BaseException as exc:
                self.record(next, (gen,), {}, None, exc)
                if isinstance(exc, StopIteration):
                    break
                raise
            self.record(next, (gen,), {}, value)
            if name == "tuple":
                items.append(value)
            elif name == "any" and value:
                return True
            elif name == "all" and not value:
                return False
        if name == "tuple":
            result = tuple(items)
            self.record(model.build_tuple, items, {}, result)
            return result
        return name == "all"

    def deco(self, decorator):
        """A decorator: the native statement calls this wrapper, which records the real call."""
        runtime = self

        def apply(obj):
            return runtime.perform(decorator, (obj,))

        return apply

    def assertion(self, message):  # ``assert c, m`` calls AssertionError(m) explicitly
        return self.perform(AssertionError, (message,))

    AssertionError = AssertionError
    BaseException = BaseException

    # -- displays --------------------------------------------------------------------------------
    def list_(self, *items):
        return self.perform(model.build_list, items, thunk=lambda: list(items))

    def tuple_(self, *items):
        return self.perform(model.build_tuple, items, thunk=lambda: items)

    def set_(self, *items):
        """BUILD_SET n, by the instruction itself (set(items) may order colliding items otherwise)."""
        return self.perform(model.build_set, items, thunk=lambda: _native_set(len(items))(*items))

    def dict_(self, *pairs):
        return self.perform(model.build_dict, pairs, thunk=lambda: dict(pairs))

    # Displays with * / ** items are built natively (the interpreter's expansion order) and
    # recorded with the elements of the result.
    def list_star(self, result):
        self.record(model.build_list, list(result), {}, result)
        return result

    def tuple_star(self, result):
        self.record(model.build_tuple, list(result), {}, result)
        return result

    def set_star(self, result):
        self.record(model.build_set, list(result), {}, result)
        return result

    def dict_star(self, result):
        self.record(model.build_dict, list(result.items()), {}, result)
        return result

    # -- iteration ----------------------------------------------------------------------------
    def iter_(self, iterable, plan=None):
        """GET_ITER for ``for`` and comprehensions: iter() recorded, next() recorded per step."""
        return _Iterator(self, self.perform(iter, (iterable,)), plan)

    def first_iter(self, iterable, plan=None):
        """The first iterable of a generator expression (the iterator is the genexp's argument)."""
        wrapper = self.iter_(iterable, plan)
        self.first_iterators.append(wrapper)
        return wrapper

    def single(self, value, plan=None):
        """A comprehension clause ``for t in [x]`` the compiler turned into an assignment (3.9+)."""
        return [self.apply_plan(value, plan)]

    def single_elided(self, values, plans):
        """As single(), when the item is a tuple display unpacked in place (no tuple, no unpack)."""
        return [tuple(self.apply_plan(v, p) for v, p in zip(values, plans))]

    def aiter_plan(self, iterable, plan):
        """An ``async for`` clause of a comprehension whose target unpacks: the unpacking is recorded."""
        return _AsyncPlan(self, _special(iterable, "__aiter__")(), plan)

    def genexpr(self, gen):
        """A generator expression: a call of its ``<genexpr>`` function with the iterator."""
        wrapper = self.first_iterators.pop()
        fn = _stand_in(gen.gi_code, gen.__qualname__, self.globals.get("__name__"))
        self.record(fn, (wrapper.iterator,), {}, gen)
        return gen

    def comp_begin(self, iterable, plan, is_async):
        """A list/set/dict comprehension starts: iter(source) (GET_AITER for ``async for``)."""
        context = _Comprehension()
        if is_async:
            context.iterator = _AsyncFirst(context, _special(iterable, "__aiter__")(), self, plan)
        else:
            context.iterator = _Iterator(self, self.perform(iter, (iterable,)), plan, context)
        context.anchor = self.calls[-1] if self.calls else None  # BUILD_LIST: right after iter()
        return context

    def comp_element(self, context, value):  # LIST_APPEND / SET_ADD / MAP_ADD
        context.anchor = self.calls[-1] if self.calls else None
        return value

    def comp_end(self, result):
        """The comprehension returned: its display is recorded once, complete, where its last
        element was added (its exhausting ``next`` comes after).  The context is the one whose
        first iterator was exhausted last: nothing runs between that and this call."""
        context = self.exhausted
        self.exhausted = None
        kind = "list" if type(result) is list else "set" if type(result) is set else "dict"
        self._insert_after(context.anchor if context is not None else None, self._display_record(kind, result))
        return result

    def _display_record(self, kind, result):
        if kind == "dict":
            return FunctionCall(model.build_dict, list(result.items()), {}, result)
        fn = model.build_list if kind == "list" else model.build_set
        return FunctionCall(fn, list(result), {}, result)

    def _insert_after(self, anchor, call):
        if not self.recording:
            return
        calls = self.calls
        if anchor is None:
            calls.insert(0, call)
            return
        for index in range(len(calls) - 1, -1, -1):
            if calls[index] is anchor:
                calls.insert(index + 1, call)
                return
        calls.append(call)

    # -- unpacking ------------------------------------------------------------------------------
    def unpack(self, value, count):
        return self.perform(model.unpack_sequence, (value, count), thunk=lambda: _native_unpacker(count)(value))

    def unpack_ex(self, value, before, after):
        return self.perform(model.unpack_ex, (value, before, after),
                            thunk=lambda: _native_unpacker(before, after)(value))

    def apply_plan(self, value, plan):
        """Unpack value for a target made of names: ('seq', n, plans) / ('ex', before, after, plans)."""
        if plan is None:
            return value
        if plan[0] == "seq":
            items = self.unpack(value, plan[1])
        else:
            items = self.unpack_ex(value, plan[1], plan[2])
        return tuple(self.apply_plan(item, sub) for item, sub in zip(items, plan[-1]))

    # -- with ------------------------------------------------------------------------------------
    def with_(self, manager):
        return _With(self, manager)

    def async_with(self, manager):
        return _AsyncWith(self, manager)

    # -- f-strings -------------------------------------------------------------------------------
    def convert(self, value, conversion, has_spec):
        """!s / !r / !a; with a spec the converted string is never on the stack: NOT_OBSERVED."""
        fn = {115: str, 114: repr, 97: ascii}[conversion]
        try:
            res = fn(value)
        except BaseException as exc:
            self.record(fn, (value,), {}, None, exc)
            raise
        self.record(fn, (value,), {}, NOT_OBSERVED if has_spec else res)
        return res

    def format(self, value, spec, hidden=False):
        spec = "" if spec is None else spec
        return self.perform(format, (value, spec), rec_args=[NOT_OBSERVED if hidden else value, spec])

    def field(self, value, conversion, spec):
        """A replacement field on <= 3.12: FORMAT_VALUE converts after the spec is built."""
        if conversion != -1:
            value = self.convert(value, conversion, spec is not None)
        return self.format(value, spec, conversion != -1 and spec is not None)

    def fstring(self, *parts):  # BUILD_STRING: not a call
        return "".join(parts)

    # -- imports ---------------------------------------------------------------------------------
    def import_(self, name, fromlist, level):
        fn = self._builtin("__import__")
        return self.perform(fn, (name,), {"fromlist": fromlist, "level": level},
                            thunk=lambda: fn(name, self.globals, None, fromlist, level))

    def import_from(self, module, name):
        """IMPORT_FROM: getattr, falling back to sys.modules for circular imports."""

        def run():
            try:
                return getattr(module, name)
            except AttributeError:
                pass
            try:
                fullname = "%s.%s" % (module.__name__, name)
                return sys.modules[fullname]
            except Exception:
                pass
            raise ImportError("cannot import name %r from %r" % (name, getattr(module, "__name__", "?")),
                              name=getattr(module, "__name__", None))

        return self.perform(getattr, (module, name), thunk=run)

    def import_star(self, module):
        """``from m import *`` (module level): binding names is not a call."""
        names = getattr(module, "__all__", None)
        skip = names is None
        if skip:
            names = list(vars(module).keys())
        for name in names:
            if skip and name.startswith("_"):
                continue
            self.globals[name] = getattr(module, name)

    # -- classes, annotations --------------------------------------------------------------------
    def class_(self, name, qualname, firstline):
        return _Class(self, name, qualname, firstline)

    def annotation(self, annotations, key):
        """``x: T`` at module/class level: STORE_SUBSCR into __annotations__ (stored natively)."""
        self.record(operator.setitem, (annotations, key, annotations[key]), {}, None)

    # -- match -----------------------------------------------------------------------------------
    def matcher(self, subject):
        return _Matcher(self, subject)


_COMPARE = {"Eq": operator.eq, "NotEq": operator.ne, "Lt": operator.lt, "LtE": operator.le,
            "Gt": operator.gt, "GtE": operator.ge, "Is": operator.is_, "IsNot": operator.is_not}


class _Comprehension:
    __slots__ = ("iterator", "anchor")


class _Iterator:
    """The iterator a ``for`` loop or a comprehension clause sees: records next() per step."""

    __slots__ = ("runtime", "iterator", "plan", "comprehension")

    def __init__(self, runtime, iterator, plan, comprehension=None):
        self.runtime, self.iterator, self.plan = runtime, iterator, plan
        self.comprehension = comprehension  # set for a comprehension's first iterator

    def __iter__(self):
        return self

    def __next__(self):
        iterator = self.iterator
        try:
            value = next(iterator)
        except BaseException as exc:  # the exhausting next() too: raised=StopIteration
            self.runtime.record(next, (iterator,), {}, None, exc)
            if self.comprehension is not None and isinstance(exc, StopIteration):
                self.runtime.exhausted = self.comprehension
            raise
        self.runtime.record(next, (iterator,), {}, value)
        if self.plan is not None:
            value = self.runtime.apply_plan(value, self.plan)
        return value


class _AsyncPlan:
    def __init__(self, runtime, iterator, plan):
        self.runtime, self.iterator, self.plan = runtime, iterator, plan

    def __aiter__(self):
        return self

    async def __anext__(self):
        value = await _special(self.iterator, "__anext__")()
        return self.runtime.apply_plan(value, self.plan)


class _AsyncFirst:
    """The first ``async for`` iterator of a comprehension: no calls, only its exhaustion."""

    def __init__(self, comprehension, iterator, runtime, plan):
        self.comprehension, self.iterator, self.runtime, self.plan = comprehension, iterator, runtime, plan

    def __aiter__(self):
        return self

    async def __anext__(self):
        try:
            value = await _special(self.iterator, "__anext__")()
        except StopAsyncIteration:
            self.runtime.exhausted = self.comprehension
            raise
        return self.runtime.apply_plan(value, self.plan)


class _With:
    """The manager a native ``with`` sees: enter/exit are the real bound methods, recorded."""

    def __init__(self, runtime, manager):
        self.runtime = runtime
        try:
            self.enter = _special(manager, "__enter__")
        except AttributeError:
            raise _with_error(manager, "__enter__", "") from None
        try:
            self.exit = _special(manager, "__exit__")
        except AttributeError:
            raise _with_error(manager, "__exit__", "") from None

    def __enter__(self):
        return self.runtime.perform(self.enter, ())

    def __exit__(self, exc_type, exc, tb):
        return self.runtime.perform(self.exit, (exc_type, exc, tb))


class _AsyncWith:
    def __init__(self, runtime, manager):
        self.runtime = runtime
        try:
            self.enter = _special(manager, "__aenter__")
        except AttributeError:
            raise _with_error(manager, "__aenter__", "asynchronous ") from None
        try:
            self.exit = _special(manager, "__aexit__")
        except AttributeError:
            raise _with_error(manager, "__aexit__", "asynchronous ") from None

    def __aenter__(self):  # returns the real awaitable: the native ``async with`` awaits it
        return self.runtime.perform(self.enter, ())

    def __aexit__(self, exc_type, exc, tb):
        return self.runtime.perform(self.exit, (exc_type, exc, tb))


def _with_error(manager, name, kind):
    if VERSION < (3, 11):
        return AttributeError(name)
    return TypeError("'%s' object does not support the %scontext manager protocol" % (type(manager).__name__, kind))


class _Class:
    """One execution of a class statement: ``__build_class__(body, name, *bases, **kw)``."""

    def __init__(self, runtime, name, qualname, firstline):
        self.runtime, self.name, self.qualname, self.firstline = runtime, name, qualname, firstline
        self.bases = self.kwargs = self.rec_kwargs = None

    def args(self, *bases, **kwargs):  # the bases and keywords, evaluated natively
        self.bases = bases
        self.kwargs, self.rec_kwargs = self.runtime._keywords(kwargs)
        return bases

    def keywords(self):
        return self.kwargs

    def _body(self):
        runtime = self.runtime
        code = runtime.codes.get((self.name, self.firstline))
        if code is None:
            code = (lambda: None).__code__
        return _stand_in(code, self.qualname, runtime.globals.get("__name__"))

    def built(self, cls):  # the innermost decorator: runs right after __build_class__ returned
        self.runtime.record(builtins.__build_class__, (self._body(), self.name) + self.bases, self.rec_kwargs, cls)
        self.bases = None
        return cls

    def failed(self):
        if self.bases is not None:  # __build_class__ itself raised
            self.runtime.record(builtins.__build_class__, (self._body(), self.name) + self.bases,
                                self.rec_kwargs, None, sys.exc_info()[1])
            self.bases = None


# -- match (3.10+): the hidden checks are done by native patterns, the recorded steps here -------

_MATCH_HELPERS = {}


def _match_helper(kind, npos=0, kwnames=()):
    key = (kind, npos, kwnames)
    fn = _MATCH_HELPERS.get(key)
    if fn is None:
        if kind == "sequence":  # MATCH_SEQUENCE only
            source = "def check(s):\n    match s:\n        case [*_]:\n            return True\n    return False\n"
        elif kind == "mapping":  # MATCH_MAPPING only
            source = "def check(s):\n    match s:\n        case {}:\n            return True\n    return False\n"
        else:  # MATCH_CLASS: isinstance, __match_args__, attribute lookups, as the interpreter does them
            pos = ["p%d" % i for i in range(npos)]
            kws = ["k%d" % i for i in range(len(kwnames))]
            fields = pos + ["%s=%s" % (n, k) for n, k in zip(kwnames, kws)]
            source = "def check(s, c):\n    match s:\n        case c(%s):\n            return (%s)\n    return None\n" % (
                ", ".join(fields), "".join(n + ", " for n in pos + kws))
        fn = _MATCH_HELPERS[key] = _compile_helper(source, "check")
    return fn


class _Matcher:
    """The state of one match statement: slot 0 is the subject, sub-values get further slots."""

    def __init__(self, runtime, subject):
        self.runtime = runtime
        self.values = {0: subject}
        self.captured = {}

    def seq(self, slot):
        return _match_helper("sequence")(self.values[slot])

    def mapping(self, slot):
        return _match_helper("mapping")(self.values[slot])

    def _length(self, slot):
        value = self.values[slot]
        return self.runtime.perform(len, (value,))

    def len_eq(self, slot, size):
        return bool(self.runtime.cmp("Eq", self._length(slot), size, True))

    def len_ge(self, slot, size):
        return bool(self.runtime.cmp("GtE", self._length(slot), size, True))

    def unpack(self, slot, size, outs):
        return self._store(outs, self.runtime.unpack(self.values[slot], size))

    def unpack_ex(self, slot, before, after, outs):
        return self._store(outs, self.runtime.unpack_ex(self.values[slot], before, after))

    def _store(self, outs, items):
        for out, item in zip(outs, items):
            self.values[out] = item
        return True

    def item(self, slot, index, out):
        self.values[out] = self.runtime.getitem(self.values[slot], index)
        return True

    def item_from_end(self, slot, distance, out):
        """After a ``*_``: subject[len(subject) - distance], as the compiled pattern computes it."""
        index = self.runtime.binop("sub", self._length(slot), distance)
        return self.item(slot, index, out)

    def eq(self, slot, value):
        return bool(self.runtime.cmp("Eq", self.values[slot], value, True))

    def is_(self, slot, value):
        return bool(self.runtime.cmp("Is", self.values[slot], value, True))

    def is_none(self, slot):  # ``case None`` is an identity test used as a branch: no call
        return self.values[slot] is None

    def keys(self, slot, keys, keys_slot, outs):
        """MATCH_KEYS: map.get(key, dummy) per key, duplicates rejected (hidden)."""
        subject = self.values[slot]
        self.values[keys_slot] = keys
        get = subject.get
        seen = set()
        dummy = object()
        values = []
        for key in keys:
            if key in seen:
                raise ValueError("mapping pattern checks duplicate key (%r)" % (key,))
            seen.add(key)
            value = get(key, dummy)
            if value is dummy:
                return False
            values.append(value)
        return self._store(outs, values)

    def rest(self, slot, keys_slot, out):
        """``**rest``: a copy of the subject without the matched keys (hidden)."""
        rest = {}
        rest.update(self.values[slot])
        for key in self.values[keys_slot]:
            del rest[key]
        self.values[out] = rest
        return True

    def cls(self, slot, cls, npos, kwnames, outs):
        found = _match_helper("class", npos, kwnames)(self.values[slot], cls)
        if found is None:
            return False
        return self._store(outs, found)

    def capture(self, slot, name):
        self.captured[name] = self.values[slot]
        return True

    def get(self, name):
        return self.captured[name]

    def bind(self, *_values):  # the captures were bound by := in the arguments
        return True


# =============================================================================================
# The rewriter
# =============================================================================================

_OPERATOR_NAMES = {
    "Add": "add", "Sub": "sub", "Mult": "mul", "MatMult": "matmul", "Div": "truediv", "FloorDiv": "floordiv",
    "Mod": "mod", "Pow": "pow", "LShift": "lshift", "RShift": "rshift", "BitOr": "or_", "BitXor": "xor",
    "BitAnd": "and_",
}
_INPLACE_NAMES = {k: ("i" + v.rstrip("_")) for k, v in _OPERATOR_NAMES.items()}
_UNARY_NAMES = {"USub": "neg", "UAdd": "pos", "Invert": "invert"}
_NOT_FOLD = {ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}

_FOLDABLE = [ast.Constant, ast.Tuple, ast.BinOp, ast.UnaryOp, ast.Subscript, ast.Slice, ast.operator,
             ast.unaryop, ast.Load]
for _name in ("Index", "ExtSlice"):  # 3.8 subscript wrappers
    if hasattr(ast, _name):
        _FOLDABLE.append(getattr(ast, _name))
_FOLDABLE = tuple(_FOLDABLE)
_CONSTANT_OPS = {"LOAD_CONST", "LOAD_SMALL_INT", "RETURN_VALUE", "RETURN_CONST", "RESUME", "NOP", "CACHE",
                 "EXTENDED_ARG"}
_FOLD_CACHE = {}


def _fold(node, ast_optimized=True):
    """The constant the running compiler folds node into, as (True, value), else (False, None).

    Without the AST optimizer (inside := on 3.8/3.9, see _Rewriter.no_ast_opt) only non-empty
    tuples of plain constants are folded (by the bytecode optimizer, one level deep: ``()`` and
    ``((1, 2), 3)`` are built by BUILD_TUPLE there).
    """
    if not isinstance(node, (ast.Tuple, ast.BinOp, ast.UnaryOp, ast.Subscript)):
        return False, None
    if not ast_optimized:
        if not (isinstance(node, ast.Tuple) and node.elts and all(_is_constant(e) for e in node.elts)):
            return False, None
    elif not all(isinstance(n, _FOLDABLE) for n in ast.walk(node)):
        return False, None
    key = ast.dump(node)
    if key not in _FOLD_CACHE:
        result = (False, None)
        try:
            expression = ast.fix_missing_locations(ast.Expression(body=copy.deepcopy(node)))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                code = compile(expression, "<fold>", "eval", dont_inherit=True)
            if {i.opname for i in dis.get_instructions(code)} <= _CONSTANT_OPS:
                result = (True, eval(code, {"__builtins__": {}}))
        except Exception:
            pass
        _FOLD_CACHE[key] = result
    return _FOLD_CACHE[key]


def _tests_none(node):
    """Is the innermost operand of these ``not``s a single ``is`` / ``is not`` test against the
    constant None on its right?"""
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        node = node.operand
    return (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Is, ast.IsNot))
            and isinstance(node.comparators[0], ast.Constant) and node.comparators[0].value is None)


def _fold_not(node):
    """The AST optimizer's ``not a is b`` -> ``a is not b`` (in / not in alike; <= 3.13), bottom-up
    as it works: ``not not a is b`` is ``a is b``."""
    operand = node.operand
    if isinstance(operand, ast.UnaryOp) and isinstance(operand.op, ast.Not):
        operand = _fold_not(operand)
    if isinstance(operand, ast.Compare) and len(operand.ops) == 1 and type(operand.ops[0]) in _NOT_FOLD:
        inverted = ast.Compare(left=operand.left, ops=[_NOT_FOLD[type(operand.ops[0])]()],
                               comparators=operand.comparators)
        return ast.copy_location(inverted, node)
    if operand is node.operand:
        return node
    return ast.copy_location(ast.UnaryOp(op=ast.Not(), operand=operand), node)


_FROZEN_CONSTANTS = []  # frozensets made by the running compiler, by index (see _frozenset_constant)
_FROZEN_INDEX = {}


def _frozenset_constant(values):
    """Index in _FROZEN_CONSTANTS of the frozenset the compiler makes of a set display of
    ``values`` used as an iteration source or after ``in``.

    Colliding items (-1 and -2 hash alike) make its iteration order depend on how the compiler
    builds it (3.8–3.13 fold it in the AST optimizer and rebuild it when merging constants, 3.14
    folds it in the code generator), and any frozenset written into the rewritten module would be
    rebuilt once more: so a probe is compiled on its own and its constant used as it is.
    """
    key = tuple((type(v), v) for v in values)
    index = _FROZEN_INDEX.get(key)
    if index is None:
        loop = ast.For(target=_store("_"), iter=ast.Set(elts=[_const(v) for v in values]), body=[ast.Pass()],
                       orelse=[], type_comment=None)
        probe = ast.fix_missing_locations(ast.Module(body=[loop], type_ignores=[]))
        code = compile(probe, "<frozenset>", "exec", dont_inherit=True)
        _FROZEN_CONSTANTS.append(next(c for c in code.co_consts if isinstance(c, frozenset)))
        index = _FROZEN_INDEX[key] = len(_FROZEN_CONSTANTS) - 1
    return index


def _position(node):
    return (node.lineno, node.end_lineno, node.col_offset, node.end_col_offset)


def _operator_runs_on_branches(code_instructions, node, cond):
    """[runs if the test is true, runs if false] for the instruction of operator ``node`` applied
    to the conditional expression ``cond``, from the compiled program; None if not found."""
    wanted = _position(node)
    # unary + is CALL_INTRINSIC_1 (INTRINSIC_UNARY_POSITIVE) from 3.12
    if isinstance(node, ast.UnaryOp):
        op_prefix = "CALL_INTRINSIC_1" if isinstance(node.op, ast.UAdd) else "UNARY"
    else:
        op_prefix = "BINARY"  # BINARY_OP (operators, 3.14 subscripts), BINARY_SLICE
    known = lambda p: p is not None and None not in (p.lineno, p.end_lineno, p.col_offset, p.end_col_offset)
    inside = lambda ins: known(ins.positions) and (
        (ins.positions.lineno, ins.positions.col_offset) >= (wanted[0], wanted[2])
        and (ins.positions.end_lineno, ins.positions.end_col_offset) <= (wanted[1], wanted[3]))
    is_op = lambda ins: ins.opname.startswith(op_prefix) and ins.positions is not None and (
        ins.positions.lineno, ins.positions.end_lineno, ins.positions.col_offset,
        ins.positions.end_col_offset) == wanted
    for instructions in code_instructions:
        if not any(inside(ins) for ins in instructions):
            continue
        if not any(is_op(ins) for ins in instructions):
            return [False, False]  # folded on every path
        by_offset = {ins.offset: i for i, ins in enumerate(instructions)}
        test_span = _position(cond.test)
        jump = None
        for ins in instructions:
            if ins.opname.startswith("POP_JUMP_IF") and known(ins.positions) and (
                    ins.positions.lineno, ins.positions.col_offset) >= (test_span[0], test_span[2]) and (
                    ins.positions.end_lineno, ins.positions.end_col_offset) <= (test_span[1], test_span[3]):
                jump = ins
        if jump is None:  # a constant test: one path, through whatever is left
            return [True, True]
        true_first = "FALSE" in jump.opname or "NOT_NONE" not in jump.opname and "NONE" in jump.opname
        fall = by_offset[jump.offset] + 1
        target = by_offset.get(jump.argval)
        if target is None:
            return None
        paths = [_walk(instructions, by_offset, start, inside, is_op) for start in (fall, target)]
        return paths if true_first else paths[::-1]
    return None


def _walk(instructions, by_offset, index, inside, is_op):
    """Whether the path from ``instructions[index]`` meets ``is_op`` before leaving ``inside``."""
    for _ in range(200):
        if index is None or index >= len(instructions):
            return False
        ins = instructions[index]
        if is_op(ins):
            return True
        if ins.opname in ("NOT_TAKEN", "CACHE", "NOP") or not (ins.positions and ins.positions.lineno is not None
                                                               and ins.positions.col_offset is not None):
            index += 1
            continue
        if not inside(ins):
            return False
        if ins.opname in ("JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "JUMP", "JUMP_NO_INTERRUPT"):
            index = by_offset.get(ins.argval)
            continue
        index += 1
    return False


def _const(value):
    return ast.Constant(value=value)


def _locate(new, node):
    """Give the nodes made for ``node`` its position (code objects made from them, lambdas and
    generator expressions, start at the right line); rewritten operands keep their own."""
    todo = [new]
    while todo:
        sub = todo.pop()
        if "lineno" in sub._attributes:
            if sub is not new and hasattr(sub, "lineno"):
                continue  # an operand rewritten on its own: positioned already
            ast.copy_location(sub, node)
        todo.extend(ast.iter_child_nodes(sub))
    return new


def _constant_node(value):
    """An expression for a folded constant; slices (constants on 3.14) are not ast.Constant values."""
    if isinstance(value, slice):
        return _rtcall("slice", *[_constant_node(v) for v in (value.start, value.stop, value.step)])
    if isinstance(value, tuple) and any(isinstance(v, (slice, tuple)) for v in value) and \
            _contains_slice(value):
        return _tuple([_constant_node(v) for v in value])
    return _const(value)


def _contains_slice(value):
    if isinstance(value, slice):
        return True
    return isinstance(value, tuple) and any(_contains_slice(v) for v in value)


def _load(name):
    return ast.Name(id=name, ctx=ast.Load())


def _store(name):
    return ast.Name(id=name, ctx=ast.Store())


def _rt(attr):
    return ast.Attribute(value=_load(RT), attr=attr, ctx=ast.Load())


def _call(func, args=(), keywords=()):
    return ast.Call(func=func, args=list(args), keywords=list(keywords))


def _rtcall(attr, *args):
    return _call(_rt(attr), args)


def _method(obj_name, attr, *args):
    return _call(ast.Attribute(value=_load(obj_name), attr=attr, ctx=ast.Load()), args)


def _tuple(elts, ctx=ast.Load):
    return ast.Tuple(elts=list(elts), ctx=ctx())


def _is_constant(node):
    return isinstance(node, ast.Constant)


def _names_only(target):
    return all(isinstance(n, (ast.Name, ast.Tuple, ast.List, ast.Starred, ast.expr_context)) for n in ast.walk(target))


def _plan(target):
    """(new target, unpack plan) for a target made of names: starred items become plain names."""
    if isinstance(target, ast.Name):
        return _store(target.id), None
    elts = target.elts
    star = [i for i, e in enumerate(elts) if isinstance(e, ast.Starred)]
    subs = [_plan(e.value if isinstance(e, ast.Starred) else e) for e in elts]
    new = _tuple([s[0] for s in subs], ast.Store)
    plans = tuple(s[1] for s in subs)
    if star:
        return new, ("ex", star[0], len(elts) - star[0] - 1, plans)
    return new, ("seq", len(elts), plans)


def _elided_swap(target, value, ast_optimized=True):
    """``a, b = x, y`` with 1-3 items: the compiler rotates the stack, no tuple and no unpack.

    BUILD_TUPLE n + UNPACK_SEQUENCE n is removed on every version; on <= 3.13 a tuple of constants
    was folded into one constant first (so it is unpacked), 3.14 folds after removing the pair.
    """
    if not (isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, ast.Tuple)):
        return False
    n = len(value.elts)
    if not (1 <= n <= 3 and len(target.elts) == n):
        return False
    if any(isinstance(e, ast.Starred) for e in list(target.elts) + list(value.elts)):
        return False
    return VERSION >= (3, 14) or not _fold(value, ast_optimized)[0]


class _Scope:
    def __init__(self, kind, name=None, parent=None, private=None, prefix=""):
        self.kind = kind          # module, class, function, lambda, comprehension
        self.name = name
        self.parent = parent
        self.private = private    # the class name used for name mangling
        self.prefix = prefix      # qualname prefix of what is defined inside
        self.temps = []           # temporaries bound in this scope, deleted after each statement
        self.globals = set()
        self.positional = None    # a function's first positional parameter (zero-argument super)
        self.inlined = False      # a comprehension running in its function's frame (3.12+)


class _Rewriter:
    def __init__(self, original=None):
        self.original = original  # the program's own code object: what its compiler folded
        self._instructions = None
        self.counter = 0
        self.scope = _Scope("module")
        self.in_iterable = 0      # inside a comprehension's iterable (where := is a syntax error)
        self.future_annotations = False
        self.match_slots = 0
        self.no_ast_opt = 0       # inside := on 3.8/3.9, whose value the AST optimizer skips

    @property
    def ast_optimized(self):
        return not self.no_ast_opt

    # -- scopes and temporaries -----------------------------------------------------------------
    def temp(self):
        """A statement-level temporary of the current scope."""
        self.counter += 1
        name = _TEMP % self.counter
        self.scope.temps.append(name)
        return name

    def binding_scope(self):
        scope = self.scope
        while scope.kind == "comprehension":
            scope = scope.parent
        return scope

    def walrus_ok(self):
        """Whether ``:=`` may bind a temporary here (not in a comprehension iterable or a
        comprehension directly inside a class body)."""
        if self.in_iterable:
            return False
        return not (self.scope.kind == "comprehension" and self.binding_scope().kind == "class")

    def walrus_temp(self):
        self.counter += 1
        name = _TEMP % self.counter
        self.binding_scope().temps.append(name)
        return name

    def mangle(self, name):
        private = self.scope.private
        if private is None or not name.startswith("__") or name.endswith("__") or "." in name:
            return name
        stripped = private.lstrip("_")
        return "_%s%s" % (stripped, name) if stripped else name

    def push(self, kind, name=None):
        parent = self.scope
        private = name if kind == "class" else parent.private
        if kind == "class":
            qual = name if name in parent.globals else parent.prefix + name
            prefix = qual + "."
        elif kind in ("function", "lambda"):
            qual = name if name in parent.globals else parent.prefix + name
            prefix = qual + ".<locals>."
        else:
            prefix = parent.prefix
        self.scope = _Scope(kind, name, parent, private, prefix)
        return self.scope

    def pop(self):
        self.scope = self.scope.parent

    def qualname(self, name):
        parent = self.scope
        return name if name in parent.globals else parent.prefix + name

    # -- statements ------------------------------------------------------------------------------
    def module(self, tree):
        body = list(tree.body)
        head = []
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and \
                isinstance(body[0].value.value, str):
            head.append(body.pop(0))
        futures = []
        while body and isinstance(body[0], ast.ImportFrom) and body[0].module == "__future__":
            futures.append(body.pop(0))
        for node in futures:
            if any(alias.name == "annotations" for alias in node.names):
                self.future_annotations = True
        # The future statements stay native (they set compiler flags); their import is re-made,
        # recorded, right after them.
        rest = self.block(futures + body)
        tree = ast.Module(body=head + futures + rest, type_ignores=[])
        return ast.fix_missing_locations(tree)

    def block(self, statements):
        """Rewrite a statement list; at module and class level delete the temporaries after each.

        Temporaries of an enclosing compound statement stay pending while its body is rewritten:
        they are deleted after that statement, not inside its body.
        """
        out = []
        scope = self.scope
        cleanup = scope.kind in ("module", "class")
        outer, scope.temps = scope.temps, []
        for node in statements:
            rewritten = self.statement(node)
            for new in rewritten:
                ast.copy_location(new, node)
                for sub in ast.walk(new):
                    if "lineno" in sub._attributes and not hasattr(sub, "lineno"):
                        ast.copy_location(sub, node)
            out.extend(rewritten)
            if cleanup and scope.temps:
                temps, scope.temps = scope.temps, []
                clear = [ast.Assign(targets=[_store(t) for t in temps], value=_const(None)),
                         ast.Delete(targets=[ast.Name(id=t, ctx=ast.Del()) for t in temps])]
                for new in clear:
                    ast.copy_location(new, node)
                out.extend(clear)
        scope.temps = outer
        return out or [ast.Pass()]

    def statement(self, node):
        method = getattr(self, "s_" + type(node).__name__, None)
        if method is None:  # Global, Nonlocal, Pass, Break, Continue, TypeAlias: not calls
            return [node]
        return method(node)

    def s_Expr(self, node):
        return [ast.Expr(value=self.expr(node.value))]

    def s_Return(self, node):
        return [ast.Return(value=self.expr(node.value) if node.value is not None else None)]

    def s_Assign(self, node):
        targets, value = node.targets, node.value
        if len(targets) == 1 and _elided_swap(targets[0], value):
            return self.assign_elided(targets[0], [self.expr(v) for v in value.elts])
        value = self.expr(value)
        if all(isinstance(t, ast.Name) for t in targets):
            return [ast.Assign(targets=[_store(t.id) for t in targets], value=value)]
        if len(targets) == 1:
            return self.assign(targets[0], value)
        temp = self.temp()
        out = [ast.Assign(targets=[_store(temp)], value=value)]
        for target in targets:
            out.extend(self.assign(target, _load(temp)))
        return out

    def assign_elided(self, target, values):
        """The values of an elided swap, stored into the targets in order."""
        if all(isinstance(t, ast.Name) for t in target.elts):
            return [ast.Assign(targets=[_tuple([_store(t.id) for t in target.elts], ast.Store)],
                               value=_tuple(values))]
        temps = [self.temp() for _ in values]
        out = [ast.Assign(targets=[_tuple([_store(t) for t in temps], ast.Store)], value=_tuple(values))]
        for sub, temp in zip(target.elts, temps):
            out.extend(self.assign(sub, _load(temp)))
        return out

    def assign(self, target, value):
        """Statements storing the (rewritten) expression value into target, recording stores."""
        if isinstance(target, ast.Name):
            return [ast.Assign(targets=[_store(target.id)], value=value)]
        if isinstance(target, ast.Attribute):
            return [ast.Expr(value=_rtcall("setattr", value, self.expr(target.value),
                                           _const(self.mangle(target.attr))))]
        if isinstance(target, ast.Subscript):
            return [ast.Expr(value=_rtcall("setitem", value, self.expr(target.value), self.subscript(target.slice)))]
        if isinstance(target, ast.Starred):  # only inside a tuple target (handled there)
            return self.assign(target.value, value)
        # tuple / list target
        if _names_only(target):
            new, plan = _plan(target)
            return [ast.Assign(targets=[new], value=_rtcall("apply_plan", value, _const(plan)))]
        elts = target.elts
        star = [i for i, e in enumerate(elts) if isinstance(e, ast.Starred)]
        if star:
            unpacked = _rtcall("unpack_ex", value, _const(star[0]), _const(len(elts) - star[0] - 1))
        else:
            unpacked = _rtcall("unpack", value, _const(len(elts)))
        temps = [self.temp() for _ in elts]
        out = [ast.Assign(targets=[_tuple([_store(t) for t in temps], ast.Store)], value=unpacked)]
        for sub, temp in zip(elts, temps):
            out.extend(self.assign(sub, _load(temp)))
        return out

    def s_AugAssign(self, node):
        target, name = node.target, _INPLACE_NAMES[type(node.op).__name__]
        if isinstance(target, ast.Name):
            return [ast.Assign(targets=[_store(target.id)],
                               value=_rtcall("binop", _const(name), _load(target.id),
                                             self.expr(node.value)))]
        if isinstance(target, ast.Attribute):
            obj = self.temp()
            attr = _const(self.mangle(target.attr))
            new = _rtcall("binop", _const(name), _rtcall("getattr", _load(obj), attr), self.expr(node.value))
            return [ast.Assign(targets=[_store(obj)], value=self.expr(target.value)),
                    ast.Expr(value=_rtcall("setattr", new, _load(obj), attr))]
        obj, key = self.temp(), self.temp()
        new = _rtcall("binop", _const(name), _rtcall("getitem", _load(obj), _load(key)), self.expr(node.value))
        return [ast.Assign(targets=[_store(obj)], value=self.expr(target.value)),
                ast.Assign(targets=[_store(key)], value=self.subscript(target.slice)),
                ast.Expr(value=_rtcall("setitem", new, _load(obj), _load(key)))]

    def s_AnnAssign(self, node):
        target = node.target
        out = []
        lazy = VERSION >= (3, 14) and not self.future_annotations  # PEP 649: nothing evaluated now
        evaluated = self.scope.kind in ("module", "class")
        if node.value is not None:
            out.extend(self.assign(target, self.expr(node.value)))
        elif isinstance(target, ast.Attribute):  # the target's object is evaluated, then dropped
            out.append(ast.Expr(value=self.expr(target.value)))
        elif isinstance(target, ast.Subscript):
            out.append(ast.Expr(value=self.expr(target.value)))
            out.append(ast.Expr(value=self.subscript(target.slice)))
        if not evaluated:
            if node.value is None and isinstance(target, ast.Name):
                out.append(node)  # keeps the name local, as the original does
            return out or [ast.Pass()]
        if isinstance(target, ast.Name) and node.simple:
            # Stored natively (SETUP_ANNOTATIONS needs the statement); recorded after.
            annotation = node.annotation if (lazy or self.future_annotations) else self.expr(node.annotation)
            out.append(ast.AnnAssign(target=_store(target.id), annotation=annotation, value=None, simple=1))
            if not lazy:
                out.append(ast.Expr(value=_rtcall("annotation", _load("__annotations__"),
                                                  _const(self.mangle(target.id)))))
        elif not lazy and not self.future_annotations:
            out.append(ast.Expr(value=self.expr(node.annotation)))
        return out or [ast.Pass()]

    def s_Delete(self, node):
        out = []
        for target in node.targets:
            out.extend(self.delete(target))
        return out

    def delete(self, target):
        if isinstance(target, ast.Name):
            return [ast.Delete(targets=[ast.Name(id=target.id, ctx=ast.Del())])]
        if isinstance(target, ast.Attribute):
            return [ast.Expr(value=_rtcall("delattr", self.expr(target.value), _const(self.mangle(target.attr))))]
        if isinstance(target, ast.Subscript):
            return [ast.Expr(value=_rtcall("delitem", self.expr(target.value), self.subscript(target.slice)))]
        out = []
        for elt in target.elts:
            out.extend(self.delete(elt))
        return out

    def s_If(self, node):
        return [ast.If(test=self.expr(node.test, jump=True), body=self.block(node.body),
                       orelse=self.block(node.orelse) if node.orelse else [])]

    def s_While(self, node):
        return [ast.While(test=self.expr(node.test, jump=True), body=self.block(node.body),
                          orelse=self.block(node.orelse) if node.orelse else [])]

    def s_For(self, node, is_async=False):
        iterable = self.expr(self.fold_iter(node.iter))
        target = node.target
        prologue = []
        if is_async:  # GET_AITER / __anext__ are not calls
            if isinstance(target, ast.Name):
                new = _store(target.id)
            else:
                temp = self.temp()
                new = _store(temp)
                prologue = self.assign(target, _load(temp))
            source = iterable
        elif isinstance(target, ast.Name):
            new, source = _store(target.id), _rtcall("iter_", iterable)
        elif _names_only(target):
            new, plan = _plan(target)
            source = _rtcall("iter_", iterable, _const(plan))
        else:
            temp = self.temp()
            new, source = _store(temp), _rtcall("iter_", iterable)
            prologue = self.assign(target, _load(temp))
        body = prologue + self.block(node.body)
        orelse = self.block(node.orelse) if node.orelse else []
        cls = ast.AsyncFor if is_async else ast.For
        return [cls(target=new, iter=source, body=body, orelse=orelse)]

    def s_AsyncFor(self, node):
        return self.s_For(node, is_async=True)

    def s_With(self, node, is_async=False):
        body = self.block(node.body)
        for item in reversed(node.items):
            body = [self.with_item(item, body, is_async)]
        return body

    def with_item(self, item, body, is_async):
        manager = _rtcall("async_with" if is_async else "with_", self.expr(item.context_expr))
        target = item.optional_vars
        if target is None or isinstance(target, ast.Name):
            var = None if target is None else _store(target.id)
        else:  # stored inside the block, as the interpreter does (its errors reach __exit__)
            temp = self.temp()
            var = _store(temp)
            body = self.assign(target, _load(temp)) + body
        cls = ast.AsyncWith if is_async else ast.With
        return cls(items=[ast.withitem(context_expr=manager, optional_vars=var)], body=body)

    def s_AsyncWith(self, node):
        return self.s_With(node, is_async=True)

    def s_Raise(self, node):
        return [ast.Raise(exc=self.expr(node.exc) if node.exc is not None else None,
                          cause=self.expr(node.cause) if node.cause is not None else None)]

    def s_Try(self, node, cls=ast.Try):
        handlers = []
        for handler in node.handlers:
            handlers.append(ast.ExceptHandler(type=self.expr(handler.type) if handler.type is not None else None,
                                              name=handler.name, body=self.block(handler.body)))
        return [cls(body=self.block(node.body), handlers=handlers,
                    orelse=self.block(node.orelse) if node.orelse else [],
                    finalbody=self.block(node.finalbody) if node.finalbody else [])]

    def s_TryStar(self, node):
        return self.s_Try(node, cls=ast.TryStar)

    def s_Assert(self, node):
        if sys.flags.optimize:
            return []
        # LOAD_ASSERTION_ERROR: the builtin class; with a message it is called explicitly
        if node.msg is not None:
            exc = _rtcall("assertion", self.expr(node.msg))
        else:
            exc = _rt("AssertionError")
        return [ast.If(test=ast.UnaryOp(op=ast.Not(), operand=self.expr(node.test, jump=True)),
                       body=[ast.Raise(exc=exc, cause=None)], orelse=[])]

    def s_Import(self, node):
        out = []
        for alias in node.names:
            module = _rtcall("import_", _const(alias.name), _const(None), _const(0))
            if alias.asname is None:
                out.append(ast.Assign(targets=[_store(alias.name.partition(".")[0])], value=module))
            else:  # ``import a.b.c as d``: the submodules by IMPORT_FROM
                for part in alias.name.split(".")[1:]:
                    module = _rtcall("import_from", module, _const(part))
                out.append(ast.Assign(targets=[_store(alias.asname)], value=module))
        return out

    def s_ImportFrom(self, node):
        names = tuple(alias.name for alias in node.names)
        module = _rtcall("import_", _const(node.module or ""), _const(names), _const(node.level or 0))
        if names == ("*",):
            return [ast.Expr(value=_rtcall("import_star", module))]
        if len(names) == 1:
            alias = node.names[0]
            return [ast.Assign(targets=[_store(alias.asname or alias.name)],
                               value=_rtcall("import_from", module, _const(alias.name)))]
        temp = self.temp()
        out = [ast.Assign(targets=[_store(temp)], value=module)]
        for alias in node.names:
            out.append(ast.Assign(targets=[_store(alias.asname or alias.name)],
                                  value=_rtcall("import_from", _load(temp), _const(alias.name))))
        return out

    def s_FunctionDef(self, node):
        # positioned as the decorator: a decorated code object starts at its first decorator
        decorators = [ast.copy_location(_rtcall("deco", self.expr(d)), d) for d in node.decorator_list]
        args = self.arguments(node.args, annotations=True)
        returns = self.annotation(node.returns)
        self.push("function", node.name).positional = _first_parameter(node.args)
        for sub in ast.walk(node):
            if isinstance(sub, ast.Global):
                self.scope.globals.update(sub.names)
        body = self.block(node.body)
        self.pop()
        new = copy.copy(node)
        new.decorator_list, new.args, new.returns, new.body = decorators, args, returns, body
        return [new]

    def s_AsyncFunctionDef(self, node):
        return self.s_FunctionDef(node)

    def annotation(self, node):
        if node is None or self.future_annotations or VERSION >= (3, 14):
            return node  # stringified by the compiler / evaluated lazily (PEP 649)
        return self.expr(node)

    def arguments(self, args, annotations=False):
        new = copy.copy(args)
        new.defaults = [self.expr(d) for d in args.defaults]
        new.kw_defaults = [self.expr(d) if d is not None else None for d in args.kw_defaults]
        if annotations:
            def arg(a):
                if a is None:
                    return None
                a = copy.copy(a)
                a.annotation = self.annotation(a.annotation)
                return a
            # the compiler evaluates annotations in this order: positional, *args, kw-only, **kw
            new.posonlyargs = [arg(a) for a in args.posonlyargs]
            new.args = [arg(a) for a in args.args]
            new.vararg = arg(args.vararg)
            new.kwonlyargs = [arg(a) for a in args.kwonlyargs]
            new.kwarg = arg(args.kwarg)
        return new

    def s_ClassDef(self, node):
        ctx = self.temp()
        firstline = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        # MAKE_FUNCTION gets the class's plain name as the body's qualname before 3.11
        qualname = self.qualname(node.name) if VERSION >= (3, 11) else node.name
        start = ast.Assign(targets=[_store(ctx)],
                           value=_rtcall("class_", _const(node.name), _const(qualname), _const(firstline)))
        # positioned as the decorator: a decorated code object starts at its first decorator
        decorators = [ast.copy_location(_rtcall("deco", self.expr(d)), d) for d in node.decorator_list]
        decorators.append(ast.Attribute(value=_load(ctx), attr="built", ctx=ast.Load()))
        args, keywords = self.call_arguments(node.bases, node.keywords)
        bases = _call(ast.Attribute(value=_load(ctx), attr="args", ctx=ast.Load()), args, keywords)
        self.push("class", node.name)
        body = self.block(node.body)
        self.pop()
        new = copy.copy(node)
        new.bases = [ast.Starred(value=bases, ctx=ast.Load())]
        new.keywords = [ast.keyword(arg=None, value=_method(ctx, "keywords"))]
        new.decorator_list, new.body = decorators, body
        handler = ast.ExceptHandler(type=_rt("BaseException"), name=None,
                                    body=[ast.Expr(value=_method(ctx, "failed")), ast.Raise(exc=None, cause=None)])
        return [start, ast.Try(body=[new], handlers=[handler], orelse=[], finalbody=[])]

    def s_Match(self, node):
        matcher = self.temp()
        out = [ast.Assign(targets=[_store(matcher)], value=_rtcall("matcher", self.expr(node.subject)))]
        self.match_slots = 0
        chain = None
        for case in reversed(node.cases):
            names = []
            parts = []
            test = self.pattern(case.pattern, 0, matcher, names)
            if test is not None:
                parts.append(test)
            if names:  # captures are bound once the whole pattern matched, before the guard
                parts.append(_method(matcher, "bind", *[
                    ast.NamedExpr(target=_store(n), value=_method(matcher, "get", _const(n))) for n in names]))
            if case.guard is not None:
                parts.append(self.expr(case.guard, jump=True))
            if not parts:
                condition = _const(True)
            elif len(parts) == 1:
                condition = parts[0]
            else:
                condition = ast.BoolOp(op=ast.And(), values=parts)
            chain = ast.If(test=condition, body=self.block(case.body), orelse=[chain] if chain is not None else [])
        if chain is not None:
            out.append(chain)
        return out

    # -- patterns ------------------------------------------------------------------------------------
    def slot(self):
        self.match_slots += 1
        return self.match_slots

    def pattern(self, p, slot, m, names):
        """An expression true when p matches slot, doing the recorded steps in the compiler's order."""
        kind = type(p).__name__
        if kind == "MatchValue":
            return _method(m, "eq", _const(slot), self.expr(p.value))
        if kind == "MatchSingleton":
            if p.value is None:
                return _method(m, "is_none", _const(slot))
            return _method(m, "is_", _const(slot), _const(p.value))
        if kind == "MatchAs":
            parts = []
            if p.pattern is not None:
                sub = self.pattern(p.pattern, slot, m, names)
                if sub is not None:
                    parts.append(sub)
            if p.name is not None:
                if p.name not in names:
                    names.append(p.name)
                parts.append(_method(m, "capture", _const(slot), _const(p.name)))
            return self.all_of(parts)
        if kind == "MatchOr":
            alternatives = [self.pattern(q, slot, m, names) or _const(True) for q in p.patterns]
            return ast.BoolOp(op=ast.Or(), values=alternatives)
        if kind == "MatchSequence":
            return self.pattern_sequence(p, slot, m, names)
        if kind == "MatchMapping":
            return self.pattern_mapping(p, slot, m, names)
        if kind == "MatchClass":
            outs = [self.slot() for _ in list(p.patterns) + list(p.kwd_patterns)]
            parts = [_method(m, "cls", _const(slot), self.expr(p.cls), _const(len(p.patterns)),
                             _const(tuple(p.kwd_attrs)), _const(tuple(outs)))]
            for q, out in zip(list(p.patterns) + list(p.kwd_patterns), outs):
                sub = self.pattern(q, out, m, names)
                if sub is not None:
                    parts.append(sub)
            return self.all_of(parts)
        raise NotImplementedError(kind)

    @staticmethod
    def all_of(parts):
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else ast.BoolOp(op=ast.And(), values=parts)

    @staticmethod
    def wildcard(p):
        kind = type(p).__name__
        return (kind == "MatchAs" and p.pattern is None and p.name is None) or (kind == "MatchStar" and p.name is None)

    def pattern_sequence(self, p, slot, m, names):
        patterns = p.patterns
        size = len(patterns)
        stars = [i for i, q in enumerate(patterns) if type(q).__name__ == "MatchStar"]
        star = stars[0] if stars else -1
        star_wildcard = star >= 0 and patterns[star].name is None
        parts = [_method(m, "seq", _const(slot))]
        if star < 0:
            parts.append(_method(m, "len_eq", _const(slot), _const(size)))
        elif size > 1:
            parts.append(_method(m, "len_ge", _const(slot), _const(size - 1)))
        if all(self.wildcard(q) for q in patterns):
            return self.all_of(parts)
        if star_wildcard:  # items by subscript: subject[i] before the star, [len - k] after it
            for i, q in enumerate(patterns):
                if i == star or self.wildcard(q):
                    continue
                out = self.slot()
                if i < star:
                    parts.append(_method(m, "item", _const(slot), _const(i), _const(out)))
                else:
                    parts.append(_method(m, "item_from_end", _const(slot), _const(size - i), _const(out)))
                sub = self.pattern(q, out, m, names)
                if sub is not None:
                    parts.append(sub)
            return self.all_of(parts)
        outs = [self.slot() for _ in patterns]
        if star < 0:
            parts.append(_method(m, "unpack", _const(slot), _const(size), _const(tuple(outs))))
        else:
            parts.append(_method(m, "unpack_ex", _const(slot), _const(star), _const(size - star - 1),
                                 _const(tuple(outs))))
        for q, out in zip(patterns, outs):
            if type(q).__name__ == "MatchStar":
                if q.name is not None:
                    if q.name not in names:
                        names.append(q.name)
                    parts.append(_method(m, "capture", _const(out), _const(q.name)))
                continue
            sub = self.pattern(q, out, m, names)
            if sub is not None:
                parts.append(sub)
        return self.all_of(parts)

    def pattern_mapping(self, p, slot, m, names):
        size = len(p.keys)
        parts = [_method(m, "mapping", _const(slot))]
        if not size and p.rest is None:
            return parts[0]
        if size:
            parts.append(_method(m, "len_ge", _const(slot), _const(size)))
        keys = [self.expr(k) for k in p.keys]
        if all(_is_constant(k) for k in keys):  # BUILD_TUPLE of constants is folded
            keys_value = _const(tuple(k.value for k in keys))
        else:
            keys_value = _rtcall("tuple_", *keys)
        keys_slot = self.slot()
        outs = [self.slot() for _ in p.keys]
        parts.append(_method(m, "keys", _const(slot), keys_value, _const(keys_slot), _const(tuple(outs))))
        for q, out in zip(p.patterns, outs):
            sub = self.pattern(q, out, m, names)
            if sub is not None:
                parts.append(sub)
        if p.rest is not None:
            out = self.slot()
            parts.append(_method(m, "rest", _const(slot), _const(keys_slot), _const(out)))
            if p.rest not in names:
                names.append(p.rest)
            parts.append(_method(m, "capture", _const(out), _const(p.rest)))
        return self.all_of(parts)

    # -- expressions -------------------------------------------------------------------------------
    def expr(self, node, jump=False, notop=False):
        """Rewrite an expression.  jump: used as a condition (a jump tests it); notop: the operand
        of ``not`` (3.13+ converts a comparison there in place too)."""
        if getattr(node, "sfx_final", False):
            return node
        folded, value = _fold(node, self.ast_optimized)
        if folded:
            return ast.copy_location(_constant_node(value), node)
        method = getattr(self, "e_" + type(node).__name__, None)
        if method is None:
            new = self.generic(node)
        else:
            new = method(node, jump, notop)
        return _locate(new, node)

    def generic(self, node):
        """Expressions that are not calls themselves (await, yield, t-strings...): their operands."""
        new = copy.copy(node)
        for field, value in ast.iter_fields(node):
            if isinstance(value, ast.expr):
                setattr(new, field, self.expr(value))
            elif isinstance(value, list):
                setattr(new, field, [self.expr(v) if isinstance(v, ast.expr) else v for v in value])
        return new

    def e_Constant(self, node, jump, notop):
        return node

    def e_Name(self, node, jump, notop):
        return _load(node.id)

    def e_NamedExpr(self, node, jump, notop):
        skip = VERSION < (3, 10)  # the 3.8/3.9 AST optimizer does not visit NamedExpr values
        self.no_ast_opt += skip
        try:
            return ast.NamedExpr(target=_store(node.target.id), value=self.expr(node.value))
        finally:
            self.no_ast_opt -= skip

    def e_IfExp(self, node, jump, notop):
        return ast.IfExp(test=self.expr(node.test, jump=True), body=self.expr(node.body, jump=jump),
                         orelse=self.expr(node.orelse, jump=jump))

    def e_BoolOp(self, node, jump, notop):
        return ast.BoolOp(op=node.op, values=[self.expr(v, jump=jump) for v in node.values])

    def e_BinOp(self, node, jump, notop):
        if VERSION >= (3, 11) and isinstance(node.op, ast.Mod) and self.ast_optimized:
            formatted = _optimize_format(node)
            if formatted is not None:  # '%s' % (x,) is compiled as an f-string on 3.11+
                return self.expr(ast.copy_location(formatted, node))
        split = self.fold_into_branches(node)
        if split is not None:
            return split
        return _rtcall("binop", _const(_OPERATOR_NAMES[type(node.op).__name__]),
                       self.expr(node.left), self.expr(node.right))

    def compiled_instructions(self):
        """Every instruction of the program's own code objects, with its position (3.11+)."""
        if self._instructions is None:
            found, todo = [], [self.original] if self.original is not None else []
            while todo:
                code = todo.pop()
                found.append(list(dis.get_instructions(code)))
                todo.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
            self._instructions = found
        return self._instructions

    def fold_into_branches(self, node):
        """3.14: the code generator folds constants in its control-flow graph, where an operator
        applied to a conditional expression may be copied into a branch (small join blocks are
        duplicated) and folded there, and a conditional expression with a constant test loses its
        dead branch, depending on the surrounding code.  Whether the operator's instruction runs
        on each branch is read from the program's own bytecode: the paths from the test's jump."""
        if VERSION < (3, 14) or self.original is None:
            return None
        fields = {ast.UnaryOp: ["operand"], ast.BinOp: ["left", "right"], ast.Subscript: ["value", "slice"]}[type(node)]
        operands = [getattr(node, f) for f in fields]
        conditional = [i for i, o in enumerate(operands) if isinstance(o, ast.IfExp)]
        if len(conditional) != 1:
            return None
        index = conditional[0]
        cond = operands[index]
        def constant(n):
            if isinstance(n, ast.Constant):
                return True, n.value
            if isinstance(n, ast.IfExp):  # a constant test leaves one branch (3.14 drops the other)
                folded, value = constant(n.test)
                return constant(n.body if value else n.orelse) if folded else (False, None)
            if isinstance(n, ast.Slice) and all(p is None or isinstance(p, ast.Constant) for p in (n.lower, n.upper, n.step)):
                return True, None
            return _fold(n, self.ast_optimized)
        foldable = [constant(b)[0] for b in (cond.body, cond.orelse)]
        if not any(foldable) or not all(constant(o)[0] for i, o in enumerate(operands) if i != index):
            return None
        runs = _operator_runs_on_branches(self.compiled_instructions(), node, cond)
        if runs is None:
            return None
        runs = [r or not f for r, f in zip(runs, foldable)]  # an operand computed at run time: it runs
        if all(runs):
            return None
        branches = []
        for executes, branch in zip(runs, (cond.body, cond.orelse)):
            replaced = copy.copy(node)
            setattr(replaced, fields[index], branch)
            replaced = ast.copy_location(replaced, node)
            if executes:  # the instruction runs: recorded, never folded here (expr() would fold it)
                method = getattr(self, "e_" + type(replaced).__name__)
                branches.append(_locate(method(replaced, False, False), replaced))
            else:
                value = eval(compile(ast.fix_missing_locations(ast.Expression(body=replaced)),
                                     "<fold>", "eval", dont_inherit=True), {"__builtins__": {}})
                branches.append(_constant_node(value))
        test = cond.test
        folded, value = constant(test)
        if folded:  # a constant test: only the live branch exists
            return branches[0] if value else branches[1]
        return ast.IfExp(test=self.expr(test, jump=True), body=branches[0], orelse=branches[1])

    def e_UnaryOp(self, node, jump, notop):
        if isinstance(node.op, ast.Not):
            # <= 3.13 fold ``not a is b`` in the AST optimizer, everywhere; 3.14 in the control-flow
            # graph, where ``not`` is still an instruction: only for a value, since a ``not`` that a
            # jump tests inverts the jump instead (``if not a is b`` compares with ``is``), and
            # never over ``a is None`` / ``a is not None`` (asked of 3.14.0's compiler)
            if self.ast_optimized and (VERSION < (3, 14) or not (jump or _tests_none(node))):
                node = _fold_not(node)
                if isinstance(node, ast.Compare):
                    return self.expr(node, jump=jump, notop=notop)
            return ast.UnaryOp(op=ast.Not(), operand=self.expr(node.operand, jump=jump, notop=not jump))
        split = self.fold_into_branches(node)
        if split is not None:
            return split
        return _rtcall("unop", _const(_UNARY_NAMES[type(node.op).__name__]), self.expr(node.operand))

    def e_Compare(self, node, jump, notop):
        ops = [type(op).__name__ for op in node.ops]
        comparators = list(node.comparators)
        if ops[-1] in ("In", "NotIn"):
            comparators[-1] = self.fold_iter(comparators[-1], iteration=False)
        left = self.expr(node.left)
        rights = [self.expr(c) for c in comparators]
        # a comparison that is itself the condition: converted to bool in place on 3.13+
        cond = jump or (notop and len(ops) == 1)
        n = len(ops)

        def compare(name, a, b, last):
            if last and jump and name in ("Is", "IsNot") and isinstance(b, ast.Constant) and b.value is None:
                # ``x is None`` as a condition: no call (one POP_JUMP_IF_(NOT_)NONE from 3.11)
                return ast.Compare(left=a, ops=[getattr(ast, name)()], comparators=[b])
            return _rtcall("cmp", _const(name), a, b, _const(bool(cond)))

        if n == 1:
            return compare(ops[0], left, rights[0], True)
        if not self.walrus_ok():
            thunks = [rights[0]] + [ast.Lambda(args=_no_arguments(), body=r) for r in rights[1:]]
            pairs = _tuple([_tuple([_const(name), r]) for name, r in zip(ops, thunks)])
            return _rtcall("chain", _const(bool(cond)), left, pairs)
        values = []
        previous = left
        for index, (name, right) in enumerate(zip(ops, rights)):
            last = index == n - 1
            if not last:
                temp = self.walrus_temp()
                right_value = ast.NamedExpr(target=_store(temp), value=right)
            else:
                right_value = right
            values.append(compare(name, previous, right_value, last))
            if not last:
                previous = _load(temp)
        return ast.BoolOp(op=ast.And(), values=values)

    def fold_iter(self, node, iteration=True):
        """The AST optimizer's list/set -> tuple/frozenset for ``in`` and iteration sources."""
        if VERSION >= (3, 14) and iteration and isinstance(node, ast.Tuple) and \
                any(isinstance(e, ast.Starred) for e in node.elts):
            # 3.14 drops the LIST_TO_TUPLE of a starred tuple display that is only iterated
            return ast.copy_location(ast.List(elts=node.elts, ctx=ast.Load()), node)
        if not self.ast_optimized:
            return node
        if isinstance(node, ast.List) and not any(isinstance(e, ast.Starred) for e in node.elts):
            return ast.copy_location(ast.Tuple(elts=node.elts, ctx=ast.Load()), node)
        if isinstance(node, ast.Set) and not any(isinstance(e, ast.Starred) for e in node.elts):
            elts = [self.expr(e) for e in node.elts]
            if all(_is_constant(e) for e in elts):
                final = _rtcall("frozen", _const(_frozenset_constant([e.value for e in elts])))
                final.sfx_final = True  # already rewritten: expr() keeps it as it is
                return ast.copy_location(final, node)
        return node

    def e_Attribute(self, node, jump, notop):
        return _rtcall("getattr", self.expr(node.value), _const(self.mangle(node.attr)))

    def e_Subscript(self, node, jump, notop):
        split = self.fold_into_branches(node)
        if split is not None:
            return split
        return _rtcall("getitem", self.expr(node.value), self.subscript(node.slice))

    def subscript(self, node):
        kind = type(node).__name__
        if kind == "Index":  # 3.8
            return self.expr(node.value)
        if kind == "ExtSlice":  # 3.8: a tuple of slices
            return _rtcall("tuple_", *[self.subscript(d) for d in node.dims])
        return self.expr(node)

    def e_Slice(self, node, jump, notop):
        parts = [self.subscript(p) if p is not None else _const(None) for p in (node.lower, node.upper, node.step)]
        return _rtcall("slice", *parts)

    def e_Starred(self, node, jump, notop):  # only reached inside a native display
        return ast.Starred(value=self.expr(node.value), ctx=ast.Load())

    # displays
    def display_items(self, elts):
        """Items of a native display: a display unpacked directly into it is folded into it."""
        out = []
        for elt in elts:
            if isinstance(elt, ast.Starred):
                out.append(ast.Starred(value=self.inner_display(elt.value), ctx=ast.Load()))
            else:
                out.append(self.expr(elt))
        return out

    def inner_display(self, node):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            folded, value = _fold(node, self.ast_optimized)
            if folded:
                return _constant_node(value)
            new = type(node)(elts=self.display_items(node.elts))
            if not isinstance(node, ast.Set):
                new.ctx = ast.Load()
            return ast.copy_location(new, node)
        if isinstance(node, ast.Dict):
            return ast.copy_location(self.native_dict(node), node)
        if isinstance(node, ast.IfExp):
            # either branch's display is built right where it is unpacked, exactly like a display
            # written there (the recorder folds by what the bytecode does), so both fold; a constant
            # condition leaves only one branch in the bytecode
            test = node.test
            folded, value = (True, test.value) if isinstance(test, ast.Constant) else _fold(test, self.ast_optimized)
            if folded:
                return self.inner_display(node.body if value else node.orelse)
            return ast.copy_location(ast.IfExp(test=self.expr(test, jump=True), body=self.inner_display(node.body),
                                               orelse=self.inner_display(node.orelse)), node)
        return self.expr(node)

    def native_dict(self, node):
        keys, values = [], []
        for key, value in zip(node.keys, node.values):
            if key is None:
                keys.append(None)
                values.append(self.inner_display(value) if isinstance(value, ast.Dict) else self.expr(value))
            else:
                keys.append(self.expr(key))
                values.append(self.expr(value))
        return ast.Dict(keys=keys, values=values)

    def e_List(self, node, jump, notop):
        if any(isinstance(e, ast.Starred) for e in node.elts):
            return _rtcall("list_star", ast.List(elts=self.display_items(node.elts), ctx=ast.Load()))
        return _rtcall("list_", *[self.expr(e) for e in node.elts])

    def e_Tuple(self, node, jump, notop):
        if any(isinstance(e, ast.Starred) for e in node.elts):
            return _rtcall("tuple_star", _tuple(self.display_items(node.elts)))
        return _rtcall("tuple_", *[self.expr(e) for e in node.elts])

    def e_Set(self, node, jump, notop):
        if any(isinstance(e, ast.Starred) for e in node.elts):
            return _rtcall("set_star", ast.Set(elts=self.display_items(node.elts)))
        elts = [self.expr(e) for e in node.elts]
        if VERSION >= (3, 9) and len(elts) > 2 and all(_is_constant(e) for e in elts):
            # BUILD_SET 0 + SET_UPDATE of the compiler's frozenset on 3.9+: built by the
            # compiler here too (its order), recorded in the set's order
            return _rtcall("set_star", ast.Set(elts=elts))
        return _rtcall("set_", *elts)

    def e_Dict(self, node, jump, notop):
        if any(k is None for k in node.keys):
            return _rtcall("dict_star", self.native_dict(node))
        return _rtcall("dict_", *[_tuple([self.expr(k), self.expr(v)]) for k, v in zip(node.keys, node.values)])

    # calls
    def call_arguments(self, args, keywords):
        """Arguments for a native call of a shim: * and ** stay native (the interpreter's expansion).

        A display after ``*`` or ``**`` is folded into the call, as into a display (3.8 packs
        arguments with the same instructions); a lone ``**m`` goes under DSTAR so
        the shim can tell whether the interpreter would have seen a dict.
        """
        new_args = []
        for arg in args:
            if isinstance(arg, ast.Starred):
                value = arg.value
                if isinstance(value, (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.IfExp)):
                    value = self.inner_display(value)
                else:
                    value = self.expr(value)
                new_args.append(ast.Starred(value=value, ctx=ast.Load()))
            else:
                new_args.append(self.expr(arg))
        new_keywords = []
        for keyword in keywords:
            if keyword.arg is None and isinstance(keyword.value, (ast.Dict, ast.IfExp)):
                value = self.inner_display(keyword.value)
            else:
                value = self.expr(keyword.value)
            new_keywords.append(ast.keyword(arg=keyword.arg, value=value))
        if len(new_keywords) == 1 and new_keywords[0].arg is None:
            new_keywords = [ast.keyword(arg=None, value=ast.Dict(keys=[_const(DSTAR)], values=[new_keywords[0].value]))]
        return new_args, new_keywords

    def e_Call(self, node, jump, notop):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "super" and not node.args and not node.keywords:
            # zero-argument super() must run in the method itself (__class__ cell, first argument);
            # where it cannot work its RuntimeError is raised (and recorded) by the shim
            problem, first = self.super_problem()
            if problem:
                return _rtcall("super_error", _load("super"), _const(problem))
            return _rtcall("super0", _load("super"), _call(_load("super")))
        if VERSION >= (3, 14) and isinstance(func, ast.Name) and func.id in ("all", "any", "tuple") and \
                len(node.args) == 1 and isinstance(node.args[0], ast.GeneratorExp) and not node.keywords:
            # 3.14 compiles all/any/tuple(<genexp>) as ``f is <builtin f>`` then an inline loop
            # over the generator (no call), keeping the call for a rebound name
            name = func.id
            return ast.IfExp(test=_rtcall("builtin_is", _const(name), _load(name)),
                             body=_rtcall("reduce_generator", _const(name), self.expr(node.args[0])),
                             orelse=_call(_rt("call"), [_load(name), self.expr(node.args[0])]))
        fn = self.expr(func)
        args, keywords = self.call_arguments(node.args, node.keywords)
        if len(args) == 1 and isinstance(args[0], ast.Starred):
            return _call(_rt("call_star"), [fn, args[0].value], keywords)
        return _call(_rt("call"), [fn] + args, keywords)

    def super_problem(self):
        """(error message or None, unused) for a zero-argument super() where it is."""
        scope, comprehensions = self.scope, []
        while scope.kind == "comprehension":
            comprehensions.append(scope)
            scope = scope.parent
        above = scope
        while above is not None and above.kind != "class":
            above = above.parent
        if comprehensions and not all(c.inlined for c in comprehensions):
            # its own frame, whose first argument is the iterator
            if above is None:
                return "super(): __class__ cell not found", None
            return "super(type, obj): obj must be an instance or subtype of type", None
        if scope.kind not in ("function", "lambda") or not scope.positional:
            return "super(): no arguments", None
        if above is None:
            return "super(): __class__ cell not found", None
        return None, None

    def e_Lambda(self, node, jump, notop):
        args = self.arguments(node.args)
        self.push("lambda", "<lambda>").positional = _first_parameter(node.args)
        body = self.expr(node.body)
        self.pop()
        return ast.Lambda(args=args, body=body)

    # f-strings
    def e_JoinedStr(self, node, jump, notop):
        parts = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                parts.append(self.field(value))
            else:
                parts.append(self.expr(value))
        if all(_is_constant(p) for p in parts):
            return _const("".join(p.value for p in parts))
        return _rtcall("fstring", *parts)

    def field(self, node):
        value = self.expr(node.value)
        spec = self.expr(node.format_spec) if node.format_spec is not None else _const(None)
        conversion = node.conversion if node.conversion is not None else -1
        if VERSION >= (3, 13) and conversion != -1:  # CONVERT_VALUE runs before the spec is built
            has_spec = node.format_spec is not None
            converted = _rtcall("convert", value, _const(conversion), _const(has_spec))
            return _rtcall("format", converted, spec, _const(has_spec))
        return _rtcall("field", value, _const(conversion), spec)

    def e_FormattedValue(self, node, jump, notop):  # a lone field (from '%s' % ... on 3.11+)
        return self.field(node)

    # comprehensions
    def e_ListComp(self, node, jump, notop):
        return self.comprehension(node, "list")

    def e_SetComp(self, node, jump, notop):
        return self.comprehension(node, "set")

    def e_DictComp(self, node, jump, notop):
        return self.comprehension(node, "dict")

    def e_GeneratorExp(self, node, jump, notop):
        return self.comprehension(node, "gen")

    def comprehension(self, node, kind):
        """Comprehensions stay native (their scope, qualnames, inlining on 3.12+).

        A list/set/dict comprehension becomes ``rt.comp_end([rt.comp_element(C, elt) for C in
        (rt.comp_begin(source),) for target in C.iterator ...])``: comp_begin records
        ``iter(source)`` in the enclosing scope, comp_element marks where the display's record
        goes, comp_end records the display (see _Runtime.comp_end).
        """
        generators = node.generators
        first = generators[0]
        self.in_iterable += 1
        first_iter = self.expr(self.fold_iter(first.iter) if not first.is_async else first.iter)
        self.in_iterable -= 1
        self.push("comprehension").inlined = kind != "gen" and VERSION >= (3, 12)  # PEP 709
        new_generators = []
        context = None
        for index, clause in enumerate(generators):
            target, plan, stores = self.comprehension_target(clause.target)
            if index == 0 and kind != "gen":
                # the context clause: iterates once over (C,), evaluated in the enclosing scope
                context = "__sfx_c__"
                begin = _rtcall("comp_begin", first_iter, _const(plan), _const(bool(clause.is_async)))
                new_generators.append(ast.comprehension(target=_store(context), iter=_tuple([begin]), ifs=[],
                                                        is_async=0))
                source = ast.Attribute(value=_load(context), attr="iterator", ctx=ast.Load())
            elif clause.is_async:  # GET_AITER / __anext__ are not calls
                source = first_iter if index == 0 else self.iterable(clause.iter)
                if plan is not None:
                    source = _rtcall("aiter_plan", source, _const(plan))
            elif index == 0:
                source = _rtcall("first_iter", first_iter, _const(plan))
            else:
                source = self.inner_clause(clause, plan)
            ifs = stores + [self.expr(c, jump=True) for c in clause.ifs]
            new_generators.append(ast.comprehension(target=target, iter=source, ifs=ifs,
                                                    is_async=clause.is_async))
        if kind == "dict":
            key = self.expr(node.key)
            value = _rtcall("comp_element", _load(context), self.expr(node.value))
        else:
            element = self.expr(node.elt)
        self.pop()
        if kind == "gen":
            gen = ast.GeneratorExp(elt=element, generators=new_generators)
            return _rtcall("genexpr", gen) if not first.is_async else gen
        if kind == "dict":
            comp = ast.DictComp(key=key, value=value, generators=new_generators)
        else:
            element = _rtcall("comp_element", _load(context), element)
            comp = (ast.ListComp if kind == "list" else ast.SetComp)(elt=element, generators=new_generators)
        return _rtcall("comp_end", comp)

    def iterable(self, node):
        self.in_iterable += 1
        try:
            return self.expr(node)
        finally:
            self.in_iterable -= 1

    def inner_clause(self, clause, plan):
        source = self.fold_iter(clause.iter)
        if VERSION >= (3, 9) and isinstance(source, ast.Tuple) and len(source.elts) == 1 and \
                not isinstance(source.elts[0], ast.Starred) and \
                (VERSION >= (3, 14) or not _fold(source, self.ast_optimized)[0]):
            # ``for y in [x]`` in a comprehension is compiled as an assignment (3.9+; before
            # 3.14 only when the list was not folded into a constant)
            item = source.elts[0]
            target = clause.target
            if _elided_swap(target, item, self.ast_optimized):
                values = [self.iterable(e) for e in item.elts]
                return _rtcall("single_elided", _tuple(values), _const(plan[-1] if plan else ()))
            return _rtcall("single", self.iterable(item), _const(plan))
        return _rtcall("iter_", self.iterable(source), _const(plan))

    def comprehension_target(self, target):
        """(target, plan, store tests): names unpack in the iterator; attributes/subscripts are
        stored by ``if`` tests right after (see the module docstring)."""
        stores = []

        def rebuild(node):
            if isinstance(node, ast.Name):
                return _store(node.id)
            if isinstance(node, ast.Starred):
                return ast.Starred(value=rebuild(node.value), ctx=ast.Store())
            if isinstance(node, (ast.Tuple, ast.List)):
                return _tuple([rebuild(e) for e in node.elts], ast.Store)
            self.counter += 1
            temp = _TEMP % self.counter
            stores.append((node, temp))
            return _store(temp)

        simple = rebuild(target)
        if isinstance(simple, ast.Name):
            new, plan = simple, None
        else:
            new, plan = _plan(simple)
        tests = []
        for node, temp in stores:
            for statement in self.assign(node, _load(temp)):
                tests.append(_rtcall("stored", statement.value))
        return new, plan, tests


def _first_parameter(args):
    positional = list(args.posonlyargs) + list(args.args)
    return positional[0].arg if positional else None


def _no_arguments():
    return ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                         defaults=[])


# -- '%s' % (x,) as an f-string (3.11+; a port of the AST optimizer's optimize_format) ----------

_MAXDIGITS = 3


def _optimize_format(node):
    left, right = node.left, node.right
    if not (isinstance(left, ast.Constant) and isinstance(left.value, str) and isinstance(right, ast.Tuple)):
        return None
    if any(isinstance(e, ast.Starred) for e in right.elts):
        return None
    if VERSION < (3, 14) and _fold(right)[0]:
        return None  # the tuple became a constant before the optimizer looked at the '%'
    fmt, elts = left.value, right.elts
    pos, count, values = 0, 0, []
    while True:
        start = pos
        has_percents = False
        while pos < len(fmt):
            if fmt[pos] != "%":
                pos += 1
            elif pos + 1 < len(fmt) and fmt[pos + 1] == "%":
                has_percents = True
                pos += 2
            else:
                break
        if pos > start:
            text = fmt[start:pos]
            values.append(_const(text.replace("%%", "%") if has_percents else text))
        if pos >= len(fmt):
            break
        if count >= len(elts):
            return None  # more format units than items
        pos += 1
        parsed = _simple_format_arg(fmt, pos)
        if parsed is None:
            return None
        pos, spec, flags, width, prec = parsed
        if spec not in "sra":
            return None
        buf = ""
        if "-" not in flags and width > 0:
            buf += ">"
        if width >= 0:
            buf += "%d" % width
        if prec >= 0:
            buf += ".%d" % prec
        format_spec = ast.JoinedStr(values=[_const(buf)]) if buf else None
        values.append(ast.FormattedValue(value=elts[count], conversion=ord(spec), format_spec=format_spec))
        count += 1
    if count < len(elts):
        return None  # more items than format units
    return ast.JoinedStr(values=values)


def _simple_format_arg(fmt, pos):
    length = len(fmt)

    def nextc(p):
        if p >= length:
            return None, p
        return fmt[p], p + 1

    flags = ""
    while True:
        ch, pos = nextc(pos)
        if ch is None:
            return None
        if ch in "-+ #0":
            flags += ch
            continue
        break
    width = prec = -1
    if "0" <= ch <= "9":
        width, digits = 0, 0
        while "0" <= ch <= "9":
            width = width * 10 + int(ch)
            ch, pos = nextc(pos)
            if ch is None:
                return None
            digits += 1
            if digits >= _MAXDIGITS:
                return None
    if ch == ".":
        ch, pos = nextc(pos)
        if ch is None:
            return None
        prec, digits = 0, 0
        while "0" <= ch <= "9":
            prec = prec * 10 + int(ch)
            ch, pos = nextc(pos)
            if ch is None:
                return None
            digits += 1
            if digits >= _MAXDIGITS:
                return None
    return pos, ch, flags, width, prec
