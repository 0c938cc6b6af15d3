"""Helpers the generated translators call (imported there as ``rt``).

Everything here runs inside the trace function, on values read off the traced frame's stack.
None of it may run user code: bindings go through the descriptors the interpreter itself would
use, and arguments the interpreter has not materialized yet (``f(*generator)``) are recorded as
``NOT_OBSERVED`` rather than iterated.
"""
import operator

from sidefx._function_call import FunctionCall
from sidefx._stack import NULL
from sidefx.model import NOT_OBSERVED, build_dict, build_list, build_set, build_tuple

DISPLAY = 1            # the result is a container display: open a display record for it
EXHAUSTS = 2           # a jump instead of the fall-through means the call raised StopIteration
HIDE_COMPREHENSION = 4  # drop calls of <= 3.11 comprehension functions (inlined since 3.12)

#: ``result`` marker: the call's result is None and the instruction pushes nothing.
RESULT_NONE = object()

#: dis.cmp_op order.
COMPARE_OPS = (operator.lt, operator.le, operator.eq, operator.ne, operator.gt, operator.ge)

#: dis._nb_ops order (3.11+ BINARY_OP); 3.14 appends subscript.
BINARY_OPS = (
    operator.add, operator.and_, operator.floordiv, operator.lshift, operator.matmul, operator.mul,
    operator.mod, operator.or_, operator.pow, operator.rshift, operator.sub, operator.truediv,
    operator.xor, operator.iadd, operator.iand, operator.ifloordiv, operator.ilshift, operator.imatmul,
    operator.imul, operator.imod, operator.ior, operator.ipow, operator.irshift, operator.isub,
    operator.itruediv, operator.ixor, operator.getitem,
)

CONVERSIONS = (None, str, repr, ascii)

_METHOD_DESCRIPTOR_FLAG = 1 << 17  # Py_TPFLAGS_METHOD_DESCRIPTOR


class Pending:
    """A call an instruction is making; the recorder completes it at the frame's next event."""

    __slots__ = ("fn", "args", "kwargs", "result", "n_out", "flags", "hook", "offset", "oparg", "fallthrough", "opname", "code", "lines")

    def __init__(self, fn, args, kwargs, result, n_out, flags, hook=None):
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.result, self.n_out, self.flags, self.hook = result, n_out, flags, hook


# ---- callables and arguments ----------------------------------------------------------------

def bind(func, self):
    """(callable, leading args) for a call of ``func`` with ``self`` as first argument.

    A method as LOAD_METHOD / LOAD_ATTR's method form (or 3.11's PRECALL, unpacking a bound
    method) leave it on the stack — a function or method descriptor that ``self``'s class, or
    ``self`` as a class for a classmethod, defines — becomes the bound method the call model
    records.  Anything else in that slot is called as is with ``self`` as first argument: a bound
    ``__exit__`` called with an explicit None, or ``[decorator, function]`` calls that skip
    PUSH_NULL.
    """
    if type(func).__flags__ & _METHOD_DESCRIPTOR_FLAG and _defined_for(func, self):
        return bound(func, self), []
    return func, [self]


def bound(func, self):
    """The bound method ``bind`` makes of a function or method descriptor ``self``'s class defines."""
    if self is None:
        # __get__(None, owner) is the protocol's load from the class itself (the descriptor comes
        # back); None's own attribute is the method bound to None, as `None.m` evaluates it
        for klass in type(None).__mro__:
            for name, value in klass.__dict__.items():
                if value is func:
                    return getattr(None, name)
    return func.__get__(self, type(self))


def _defined_for(func, self):
    name = getattr(func, "__name__", None)
    mro = type(self).__mro__
    for klass in mro:
        if klass.__dict__.get(name) is func:
            return True
    if isinstance(self, type):
        for klass in self.__mro__:
            candidate = klass.__dict__.get(name)
            if isinstance(candidate, classmethod) and candidate.__func__ is func:
                return True
    # stored under another name (f = lambda self: ..., name-mangled __m): look by identity
    return any(value is func for klass in mro for value in klass.__dict__.values())




def callable_null_first(meth_or_null, self_or_callable):
    """3.8–3.12 order: [method, self] or [NULL, callable]."""
    if meth_or_null is NULL:
        return self_or_callable, []
    return bind(meth_or_null, self_or_callable)


def callable_null_second(callable_, self_or_null):
    """3.13+ order: [method, self] or [callable, NULL]."""
    if self_or_null is NULL:
        return callable_, []
    return bind(callable_, self_or_null)


def loaded_attribute(meth_or_null, self_or_attr):
    """The attribute value a method-form load stands for ([meth, self] or [NULL, attr])."""
    if meth_or_null is NULL:
        return self_or_attr
    fn, prefix = bind(meth_or_null, self_or_attr)
    return fn if not prefix else meth_or_null


def loaded_attribute_null_second(meth_or_attr, self_or_null):
    """3.13+ method-form load: [meth, self] or [attr, NULL]."""
    if self_or_null is NULL:
        return meth_or_attr
    fn, prefix = bind(meth_or_attr, self_or_null)
    return fn if not prefix else meth_or_attr


#: The callable of an instruction that fails before calling anything (``with`` on an object
#: without ``__enter__``): the recorder records no call for it.
NO_CALLABLE = type("NoCallable", (), {"__repr__": lambda self: "NO_CALLABLE"})()


def special_method(obj, name):
    """The bound special method the interpreter looks up on the type (``with`` protocol)."""
    method = getattr(type(obj), name, None)
    if method is None:
        return NO_CALLABLE
    getter = getattr(type(method), "__get__", None)
    return getter(method, obj, type(obj)) if getter is not None else method


_SAFE_TO_ITERATE = (tuple, list, set, frozenset, dict, str, bytes, range)


def star_args(callargs):
    """The positional arguments of ``f(*callargs)``, without consuming a one-shot iterable."""
    if type(callargs) in _SAFE_TO_ITERATE:
        return list(callargs)
    return [NOT_OBSERVED]


def keyword_mapping(value):
    """The keyword arguments of ``f(**value)``; ``value`` may be an optional stack slot (a list)."""
    if isinstance(value, list):
        if not value:
            return {}
        value = value[0]
    if value is NULL or value is None:
        return {}
    if type(value) is dict:
        return dict(value)
    return {"**": NOT_OBSERVED}


def split_trailing_keywords(args, names):
    """The last len(names) positional values are the keyword arguments named by ``names``."""
    if not names:
        return args, {}
    cut = len(args) - len(names)
    return args[:cut], dict(zip(names, args[cut:]))


def pairs(items):
    return [(items[i], items[i + 1]) for i in range(0, len(items), 2)]


def zip_pairs(keys, values):
    return list(zip(keys, values))


def import_options(fromlist, level):
    return {"fromlist": fromlist, "level": level}


# ---- container displays ----------------------------------------------------------------------

_ELEMENTS = {
    build_list: list,
    build_tuple: list,
    build_set: list,
    build_dict: lambda d: list(d.items()),
}


def absorb(ctx, st, frame, items, below_top, only=None):
    """Drop the display records of containers the compiler built only to pass them on.

    ``items`` (consecutive stack items) start ``below_top`` slots under the top of the stack;
    ``only`` restricts this to displays of one builder.
    A record is dropped only for the very object built at that very slot, so a list displayed
    earlier, stored, and now passed as ``*args`` keeps its record.
    """
    first_slot = ctx.reader.depth(frame) - below_top
    line = frame.f_lineno
    for index, item in enumerate(items):
        entry = st.displays.get(id(item))
        # The same object at the same slot may also be a display bound to a name earlier and
        # reloaded: a display folded into this instruction was built in the same statement.
        if (entry is not None and entry[0].res is item and entry[1] == first_slot + index
                and (only is None or entry[0].fn is only) and entry[0].line == line):
            del st.displays[id(item)]
            ctx.retract(entry[0])


def drop_display(ctx, st, container):
    """``container`` turned out not to be a display of the program: its record goes."""
    record = st.take_display(container)
    if record is not None:
        ctx.retract(record)  # before any close: a closed record may already be in the sink


def keep_display(ctx, st, frame, oparg):
    """A display about to be stored under a name (``:=``) keeps its record: never folded later."""
    value, = ctx.peek(frame, 1)
    st.close_display(value)


def _reopen(ctx, st, frame, pending, res):
    """Completion of a display instruction: record the container with its elements."""
    call = ctx.make_call(pending, pending.args if pending.args is not None else _ELEMENTS[pending.fn](res), res)
    ctx.append(call)
    st.open_display(res, call, ctx.reader.depth(frame) - 1)


def display_unpack(ctx, st, frame, oparg, builder):
    """3.8 BUILD_*_UNPACK: the whole display at once (its row absorbs the groups it joins)."""
    return Pending(builder, None, None, None, 1, 0, _reopen)


def _grow(ctx, st, frame, pending, res):
    target, item = pending.args
    entry = st.displays.get(id(target))
    if entry is None or entry[0].res is not target:
        return
    record = entry[0]
    if item is _REREAD or record.fn is build_set:  # sets: in the set's iteration order
        record.args = _ELEMENTS[record.fn](target)
    elif record.fn is build_list:
        record.args.append(item)
    elif len(target) > len(record.args):
        record.args.append(item)
    else:  # a set or dict item that replaced an equal one
        record.args = _ELEMENTS[record.fn](target)
    ctx.move_to_end(record)


_REREAD = object()


def display_add(ctx, st, frame, oparg, target, item):
    """LIST_APPEND / SET_ADD / MAP_ADD: one more element of an open display."""
    return Pending(None, [target, item], None, RESULT_NONE, 0, 0, _grow)


def display_extend(ctx, st, frame, oparg, target):
    """LIST_EXTEND / SET_UPDATE / DICT_UPDATE / DICT_MERGE: elements read back from the container."""
    return Pending(None, [target, _REREAD], None, RESULT_NONE, 0, 0, _grow)


def _convert(ctx, st, frame, pending, res):
    (source,) = pending.args
    drop_display(ctx, st, source)
    call = ctx.make_call(pending, list(res), res)
    ctx.append(call)
    st.open_display(res, call, ctx.reader.depth(frame) - 1)


def display_to_tuple(ctx, st, frame, oparg, source):
    """LIST_TO_TUPLE: the list display becomes a tuple display."""
    return Pending(build_tuple, [source], None, None, 1, 0, _convert)


# ---- f-strings ------------------------------------------------------------------------------

def _formatted(ctx, st, frame, pending, res):
    value, spec, conversion = pending.args
    if conversion is not None:
        converted = res if spec == "" else NOT_OBSERVED
        ctx.append(ctx.make_call(pending, [value], converted, fn=conversion))
        value = converted
    ctx.append(ctx.make_call(pending, [value, spec], res, fn=format))


def format_value(ctx, st, frame, oparg, value, spec, conversion):
    """<= 3.12 FORMAT_VALUE: conversion (if any) then format(value, spec)."""
    spec = spec[0] if spec else ""
    return Pending(format, [value, spec, CONVERSIONS[conversion]], None, None, 1, 0, _formatted)


def convert_value(ctx, st, frame, oparg, value):
    """3.13+ CONVERT_VALUE: its result is the converted value the model records only when no
    format spec follows (the next FORMAT_* records format)."""
    return Pending(CONVERSIONS[oparg], [value], None, None, 1, 0, _converted)


def _converted(ctx, st, frame, pending, res):
    step = st.info.steps.get(pending.fallthrough)
    if step is not None and step[2] == "FORMAT_SIMPLE":
        st.converted = (pending, res)  # no spec: the conversion's result is the field's value
        return
    # A spec follows: 3.13+ converts before evaluating it (<= 3.12 after), so the conversion is
    # recorded now; its result is the model's NOT_OBSERVED, as format's first argument will be.
    ctx.append(ctx.make_call(pending, [pending.args[0]], NOT_OBSERVED))
    st.converted = (None, res)


def format_with(ctx, st, frame, oparg, value, spec):
    """3.13+ FORMAT_SIMPLE / FORMAT_WITH_SPEC, folding a preceding CONVERT_VALUE into the
    model's conversion record."""
    spec = spec[0] if spec else ""
    converted = st.converted
    if converted is not None and converted[1] is value:
        st.converted = None
        conv_pending, conv_res = converted
        if conv_pending is None:  # recorded at CONVERT_VALUE (a spec followed)
            return Pending(format, [NOT_OBSERVED, spec, None], None, None, 1, 0, _formatted)
        return Pending(format, [conv_pending.args[0], spec, conv_pending.fn], None, None, 1, 0, _formatted)
    return Pending(format, [value, spec, None], None, None, 1, 0, _formatted)


# ---- with -----------------------------------------------------------------------------------

def with_cleanup_start(ctx, st, frame, oparg):
    """3.8 WITH_CLEANUP_START: __exit__(None, None, None), or with the exception being handled."""
    (exc,) = ctx.peek(frame, 1)
    if exc is NULL:
        exit_func = ctx.peek(frame, 2)[0]
        args = [None, None, None]
    else:
        exit_func, _, _, _, tb, val, exc = ctx.peek(frame, 7)
        args = [exc, val, tb]
    return Pending(exit_func, args, None, None, 1, 0)


def set_kw_names(ctx, st, frame, oparg, names):
    """3.11/3.12 KW_NAMES: remembered for the next CALL."""
    st.kw_names = names
    return None


def _remember_match_values(ctx, st, frame, pending, res):
    # 3.10 indexes the tuple item by item, so an empty one is never touched and, being the shared
    # empty-tuple singleton, must not be remembered; 3.11+ unpacks it whole (even when empty)
    # and the recorder forgets it then.
    unpacked, outs = pending.args
    st.match_values = res if type(res) is tuple and (res or unpacked) else None
    if len(outs) == 3:  # MATCH_KEYS on 3.11+: [subject, keys, values]
        st.match_subject, st.match_keys = outs[0], outs[1]


def match_values(ctx, st, frame, oparg, below_top, unpacked):
    """MATCH_CLASS / MATCH_KEYS: the tuple of matched values the compiler then indexes or
    unpacks; those accesses are pattern-matching internals, not calls (docs/call-model.md)."""
    def values(outs, _):
        pending.args[1] = outs
        return outs[-1] if below_top == 3 else outs[0]
    pending = Pending(None, [unpacked, None], None, values, below_top, 0, _remember_match_values)
    return pending


def match_rest(ctx, st, frame, oparg, target, update):
    """3.11+ DICT_UPDATE: ``**rest`` of a mapping pattern copies the subject into a new dict and
    deletes the matched keys from it — pattern-matching internals, not a display (3.10 has one
    opcode for it).  Any other DICT_UPDATE extends a dict display."""
    if update is st.match_subject and update is not None:
        drop_display(ctx, st, target)
        st.match_rest = target
        return None
    return display_extend(ctx, st, frame, oparg, target)


def take_kw_names(st):
    names, st.kw_names = st.kw_names, None
    return names


# ---- super() --------------------------------------------------------------------------------

def _super_done(ctx, st, frame, pending, res):
    super_fn, super_args, super_obj, name = pending.args
    ctx.append(ctx.make_call(pending, super_args, super_obj, fn=super_fn))
    ctx.append(ctx.make_call(pending, [super_obj, name], res, fn=getattr))


def super_attr(ctx, st, frame, oparg, global_super, class_, self, name, loaded):
    """3.12+ LOAD_SUPER_ATTR: the model's super() call, then getattr(super_obj, name).

    Bit 1 of oparg marks the explicit two-argument form; the zero-argument form is recorded
    with no arguments, as the separate call it was before 3.12.
    """
    explicit = bool(oparg & 2)
    try:
        super_obj = global_super(class_, self) if global_super is super else NOT_OBSERVED
    except Exception:
        super_obj = NOT_OBSERVED
    args = [class_, self] if explicit else []
    if oparg & 1:
        return Pending(None, [global_super, args, super_obj, name], None, lambda outs, _: loaded(outs[0], outs[1]), 2, 0, _super_done)
    return Pending(None, [global_super, args, super_obj, name], None, None, 1, 0, _super_done)
