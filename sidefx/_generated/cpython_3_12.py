# generated from opcode_tables/cpython-3.12.toml — do not edit
# (inherits opcode_tables/cpython-3.11.toml, opcode_tables/cpython-3.10.toml, opcode_tables/cpython-3.9.toml, opcode_tables/cpython-3.8.toml); regenerate with: python -m sidefx._generator
import builtins  # noqa: F401
import operator  # noqa: F401

from sidefx import _runtime as rt
from sidefx import model  # noqa: F401
from sidefx._runtime import NULL  # noqa: F401

PYTHON = (3, 12)
SOURCE_DIGEST = 'b32d20ad831addc9692086c4735cc66e4c140f6e53d9815a152f6131574d27cd'
TRACING = {'default_backend': 'monitoring', 'extended_arg_event': 'own', 'local_stores': ['STORE_FAST'], 'silent_moves': ['NOP', 'JUMP_FORWARD'], 'silent_pushes': ['LOAD_CONST', 'LOAD_FAST']}
NO_CALL = frozenset(['BUILD_SLICE', 'BUILD_STRING', 'CALL_INTRINSIC_2', 'CHECK_EG_MATCH', 'CHECK_EXC_MATCH', 'CLEANUP_THROW', 'COPY', 'COPY_FREE_VARS', 'DELETE_DEREF', 'DELETE_FAST', 'DELETE_GLOBAL', 'DELETE_NAME', 'END_ASYNC_FOR', 'END_FOR', 'END_SEND', 'EXTENDED_ARG', 'GET_AITER', 'GET_ANEXT', 'GET_AWAITABLE', 'GET_YIELD_FROM_ITER', 'JUMP_BACKWARD', 'JUMP_BACKWARD_NO_INTERRUPT', 'JUMP_FORWARD', 'LOAD_ASSERTION_ERROR', 'LOAD_BUILD_CLASS', 'LOAD_CLOSURE', 'LOAD_CONST', 'LOAD_DEREF', 'LOAD_FAST', 'LOAD_FAST_AND_CLEAR', 'LOAD_FAST_CHECK', 'LOAD_FROM_DICT_OR_DEREF', 'LOAD_FROM_DICT_OR_GLOBALS', 'LOAD_GLOBAL', 'LOAD_LOCALS', 'LOAD_NAME', 'MAKE_CELL', 'MATCH_MAPPING', 'MATCH_SEQUENCE', 'NOP', 'POP_EXCEPT', 'POP_JUMP_IF_FALSE', 'POP_JUMP_IF_NONE', 'POP_JUMP_IF_NOT_NONE', 'POP_JUMP_IF_TRUE', 'POP_TOP', 'PUSH_EXC_INFO', 'PUSH_NULL', 'RAISE_VARARGS', 'RERAISE', 'RESUME', 'RETURN_CONST', 'RETURN_GENERATOR', 'RETURN_VALUE', 'SEND', 'SETUP_ANNOTATIONS', 'STORE_DEREF', 'STORE_FAST', 'STORE_GLOBAL', 'STORE_NAME', 'SWAP', 'UNARY_NOT', 'YIELD_VALUE'])
NEVER_SEEN = frozenset(['CACHE', 'INSTRUMENTED_*', 'INTERPRETER_EXIT', 'JUMP', 'JUMP_NO_INTERRUPT', 'LOAD_METHOD', 'LOAD_SUPER_METHOD', 'LOAD_ZERO_SUPER_ATTR', 'LOAD_ZERO_SUPER_METHOD', 'POP_BLOCK', 'RESERVED', 'SETUP_CLEANUP', 'SETUP_FINALLY', 'SETUP_WITH', 'STORE_FAST_MAYBE_NULL'])
# (((opnames, args or None), ...), indices of the instructions acted on, action)
PATTERNS = ((((('BUILD_LIST', 'BUILD_SET', 'BUILD_MAP'), ('0',)), (('SWAP',), ('2',)), (('FOR_ITER',), None)), (0,), 'comprehension'), (((('COPY',), ('1',)), (('STORE_NAME', 'STORE_FAST', 'STORE_GLOBAL', 'STORE_DEREF'), None)), (1,), 'keep_display'))



def BEFORE_ASYNC_WITH(ctx, st, frame, oparg):
    mgr, = ctx.peek(frame, 1)
    fn = rt.special_method(mgr, '__aenter__')
    args = []
    return rt.Pending(fn, args, None, None, 1, 0)


def BEFORE_WITH(ctx, st, frame, oparg):
    mgr, = ctx.peek(frame, 1)
    fn = rt.special_method(mgr, '__enter__')
    args = []
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_OP(ctx, st, frame, oparg):
    lhs, rhs, = ctx.peek(frame, 2)
    fn = rt.BINARY_OPS[oparg]
    args = [lhs, rhs]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_SLICE(ctx, st, frame, oparg):
    container, start, stop, = ctx.peek(frame, 3)
    fn = operator.getitem
    args = [container, builtins.slice(start, stop)]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_SUBSCR(ctx, st, frame, oparg):
    container, sub, = ctx.peek(frame, 2)
    fn = operator.getitem
    args = [container, sub]
    return rt.Pending(fn, args, None, None, 1, 0)


def BUILD_CONST_KEY_MAP(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (oparg) + 1)
    values = _stack[0:0 + (oparg)]
    keys = _stack[(oparg)]
    fn = model.build_dict
    args = [*rt.zip_pairs(keys, values)]
    return rt.Pending(fn, args, None, None, 1, rt.DISPLAY)


def BUILD_LIST(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (oparg))
    items = _stack[0:0 + (oparg)]
    fn = model.build_list
    args = [*items]
    return rt.Pending(fn, args, None, None, 1, rt.DISPLAY)


def BUILD_MAP(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (2 * oparg))
    items = _stack[0:0 + (2 * oparg)]
    fn = model.build_dict
    args = [*rt.pairs(items)]
    return rt.Pending(fn, args, None, None, 1, rt.DISPLAY)


def BUILD_SET(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (oparg))
    items = _stack[0:0 + (oparg)]
    fn = model.build_set
    args = [*items]
    return rt.Pending(fn, args, None, None, 1, rt.DISPLAY)


def BUILD_TUPLE(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (oparg))
    items = _stack[0:0 + (oparg)]
    fn = model.build_tuple
    args = [*items]
    return rt.Pending(fn, args, None, None, 1, rt.DISPLAY)


def CALL(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + 1 + (oparg))
    meth_or_null = _stack[0]
    self_or_callable = _stack[1]
    args = _stack[2:2 + (oparg)]
    fn, _prefix = rt.callable_null_first(meth_or_null, self_or_callable)
    args = _prefix + [*args]
    args, kwargs = rt.split_trailing_keywords(args, rt.take_kw_names(st))
    return rt.Pending(fn, args, kwargs, None, 1, 0)


def CALL_FUNCTION_EX(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + 1 + 1 + (oparg & 1))
    callable = _stack[1]
    callargs = _stack[2]
    kwargs = _stack[3:3 + (oparg & 1)]
    rt.absorb(ctx, st, frame, (callargs,), 1 + 1 + 1 + (oparg & 1) - (1 + 1))
    rt.absorb(ctx, st, frame, kwargs, 1 + 1 + 1 + (oparg & 1) - (1 + 1 + 1), model.build_dict)
    fn = callable
    args = [*rt.star_args(callargs)]
    kwargs = rt.keyword_mapping(kwargs)
    return rt.Pending(fn, args, kwargs, None, 1, 0)


def CALL_INTRINSIC_1(ctx, st, frame, oparg):
    if oparg == 5:
        value, = ctx.peek(frame, 1)
        fn = operator.pos
        args = [value]
        return rt.Pending(fn, args, None, None, 1, 0)
    if oparg == 6:
        value, = ctx.peek(frame, 1)
        return rt.display_to_tuple(ctx, st, frame, oparg, value)
    return None


def COMPARE_OP(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = rt.COMPARE_OPS[oparg >> 4]
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def _result_CONTAINS_OP_oparg____1(outs, oparg):
    res = outs[0]
    return not res


def CONTAINS_OP(ctx, st, frame, oparg):
    if oparg == 1:
        left, right, = ctx.peek(frame, 2)
        fn = operator.contains
        args = [right, left]
        return rt.Pending(fn, args, None, _result_CONTAINS_OP_oparg____1, 1, 0)
    left, right, = ctx.peek(frame, 2)
    fn = operator.contains
    args = [right, left]
    return rt.Pending(fn, args, None, None, 1, 0)


def DELETE_ATTR(ctx, st, frame, oparg):
    names = frame.f_code.co_names
    owner, = ctx.peek(frame, 1)
    fn = builtins.delattr
    args = [owner, names[oparg]]
    return rt.Pending(fn, args, None, rt.RESULT_NONE, 0, 0)


def DELETE_SUBSCR(ctx, st, frame, oparg):
    container, sub, = ctx.peek(frame, 2)
    fn = operator.delitem
    args = [container, sub]
    return rt.Pending(fn, args, None, rt.RESULT_NONE, 0, 0)


def DICT_MERGE(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + (oparg - 1) + 1)
    map = _stack[0]
    update = _stack[1 + (oparg - 1)]
    rt.absorb(ctx, st, frame, (update,), 1 + (oparg - 1) + 1 - (1 + (oparg - 1)))
    return rt.display_extend(ctx, st, frame, oparg, map)


def DICT_UPDATE(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + (oparg - 1) + 1)
    map = _stack[0]
    update = _stack[1 + (oparg - 1)]
    rt.absorb(ctx, st, frame, (update,), 1 + (oparg - 1) + 1 - (1 + (oparg - 1)))
    return rt.match_rest(ctx, st, frame, oparg, map, update)


def FORMAT_VALUE(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + ((oparg & 4) >> 2))
    value = _stack[0]
    spec = _stack[1:1 + ((oparg & 4) >> 2)]
    return rt.format_value(ctx, st, frame, oparg, value, spec, oparg & 3)


def FOR_ITER(ctx, st, frame, oparg):
    iterator, = ctx.peek(frame, 1)
    fn = builtins.next
    args = [iterator]
    return rt.Pending(fn, args, None, None, 1, rt.EXHAUSTS)


def GET_ITER(ctx, st, frame, oparg):
    iterable, = ctx.peek(frame, 1)
    fn = builtins.iter
    args = [iterable]
    return rt.Pending(fn, args, None, None, 1, 0)


def GET_LEN(ctx, st, frame, oparg):
    obj, = ctx.peek(frame, 1)
    fn = builtins.len
    args = [obj]
    return rt.Pending(fn, args, None, None, 1, 0)


def IMPORT_FROM(ctx, st, frame, oparg):
    names = frame.f_code.co_names
    module, = ctx.peek(frame, 1)
    fn = builtins.getattr
    args = [module, names[oparg]]
    return rt.Pending(fn, args, None, None, 1, 0)


def IMPORT_NAME(ctx, st, frame, oparg):
    names = frame.f_code.co_names
    level, fromlist, = ctx.peek(frame, 2)
    fn = builtins.__import__
    args = [names[oparg]]
    kwargs = rt.keyword_mapping(rt.import_options(fromlist, level))
    return rt.Pending(fn, args, kwargs, None, 1, 0)


def IS_OP(ctx, st, frame, oparg):
    if oparg == 1:
        left, right, = ctx.peek(frame, 2)
        fn = operator.is_not
        args = [left, right]
        return rt.Pending(fn, args, None, None, 1, 0)
    left, right, = ctx.peek(frame, 2)
    fn = operator.is_
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def KW_NAMES(ctx, st, frame, oparg):
    consts = frame.f_code.co_consts
    return rt.set_kw_names(ctx, st, frame, oparg, consts[oparg])


def LIST_APPEND(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + (oparg - 1) + 1)
    lst = _stack[0]
    value = _stack[1 + (oparg - 1)]
    return rt.display_add(ctx, st, frame, oparg, lst, value)


def LIST_EXTEND(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + (oparg - 1) + 1)
    lst = _stack[0]
    iterable = _stack[1 + (oparg - 1)]
    rt.absorb(ctx, st, frame, (iterable,), 1 + (oparg - 1) + 1 - (1 + (oparg - 1)))
    return rt.display_extend(ctx, st, frame, oparg, lst)


def _result_LOAD_ATTR_oparg___1(outs, oparg):
    meth_or_null = outs[0]
    self_or_attr = outs[1]
    return rt.loaded_attribute(meth_or_null, self_or_attr)


def LOAD_ATTR(ctx, st, frame, oparg):
    if oparg & 1:
        names = frame.f_code.co_names
        owner, = ctx.peek(frame, 1)
        fn = builtins.getattr
        args = [owner, names[oparg >> 1]]
        return rt.Pending(fn, args, None, _result_LOAD_ATTR_oparg___1, 2, 0)
    names = frame.f_code.co_names
    owner, = ctx.peek(frame, 1)
    fn = builtins.getattr
    args = [owner, names[oparg >> 1]]
    return rt.Pending(fn, args, None, None, 1, 0)


def LOAD_SUPER_ATTR(ctx, st, frame, oparg):
    if oparg & 1:
        names = frame.f_code.co_names
        global_super, class_, self, = ctx.peek(frame, 3)
        return rt.super_attr(ctx, st, frame, oparg, global_super, class_, self, names[oparg >> 2], rt.loaded_attribute)
    names = frame.f_code.co_names
    global_super, class_, self, = ctx.peek(frame, 3)
    return rt.super_attr(ctx, st, frame, oparg, global_super, class_, self, names[oparg >> 2], rt.loaded_attribute)


def MAKE_FUNCTION(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, ((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)) + 1)
    extras = _stack[0:0 + ((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1))]
    rt.absorb(ctx, st, frame, extras, ((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)) + 1 - (0))
    return None


def MAP_ADD(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + (oparg - 1) + 1 + 1)
    map = _stack[0]
    key = _stack[1 + (oparg - 1)]
    value = _stack[1 + (oparg - 1) + 1]
    return rt.display_add(ctx, st, frame, oparg, map, (key, value))


def MATCH_CLASS(ctx, st, frame, oparg):
    return rt.match_values(ctx, st, frame, oparg, 1, True)


def MATCH_KEYS(ctx, st, frame, oparg):
    return rt.match_values(ctx, st, frame, oparg, 3, True)


def SET_ADD(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + (oparg - 1) + 1)
    set_ = _stack[0]
    value = _stack[1 + (oparg - 1)]
    return rt.display_add(ctx, st, frame, oparg, set_, value)


def SET_UPDATE(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + (oparg - 1) + 1)
    set_ = _stack[0]
    iterable = _stack[1 + (oparg - 1)]
    rt.absorb(ctx, st, frame, (iterable,), 1 + (oparg - 1) + 1 - (1 + (oparg - 1)))
    return rt.display_extend(ctx, st, frame, oparg, set_)


def STORE_ATTR(ctx, st, frame, oparg):
    names = frame.f_code.co_names
    value, owner, = ctx.peek(frame, 2)
    fn = builtins.setattr
    args = [owner, names[oparg], value]
    return rt.Pending(fn, args, None, rt.RESULT_NONE, 0, 0)


def STORE_SLICE(ctx, st, frame, oparg):
    value, container, start, stop, = ctx.peek(frame, 4)
    fn = operator.setitem
    args = [container, builtins.slice(start, stop), value]
    return rt.Pending(fn, args, None, rt.RESULT_NONE, 0, 0)


def STORE_SUBSCR(ctx, st, frame, oparg):
    value, container, sub, = ctx.peek(frame, 3)
    fn = operator.setitem
    args = [container, sub, value]
    return rt.Pending(fn, args, None, rt.RESULT_NONE, 0, 0)


def UNARY_INVERT(ctx, st, frame, oparg):
    value, = ctx.peek(frame, 1)
    fn = operator.invert
    args = [value]
    return rt.Pending(fn, args, None, None, 1, 0)


def UNARY_NEGATIVE(ctx, st, frame, oparg):
    value, = ctx.peek(frame, 1)
    fn = operator.neg
    args = [value]
    return rt.Pending(fn, args, None, None, 1, 0)


def _result_UNPACK_EX(outs, oparg):
    items = outs[0:0 + ((oparg & 0xFF) + 1 + (oparg >> 8))]
    return tuple(reversed(items))


def UNPACK_EX(ctx, st, frame, oparg):
    seq, = ctx.peek(frame, 1)
    fn = model.unpack_ex
    args = [seq, oparg & 0xFF, oparg >> 8]
    return rt.Pending(fn, args, None, _result_UNPACK_EX, ((oparg & 0xFF) + 1 + (oparg >> 8)), 0)


def _result_UNPACK_SEQUENCE(outs, oparg):
    items = outs[0:0 + (oparg)]
    return tuple(reversed(items))


def UNPACK_SEQUENCE(ctx, st, frame, oparg):
    seq, = ctx.peek(frame, 1)
    fn = model.unpack_sequence
    args = [seq, oparg]
    return rt.Pending(fn, args, None, _result_UNPACK_SEQUENCE, (oparg), 0)


def WITH_EXCEPT_START(ctx, st, frame, oparg):
    exit_func, _, _, val, = ctx.peek(frame, 4)
    fn = exit_func
    args = [type(val), val, val.__traceback__]
    return rt.Pending(fn, args, None, None, 1, 0)


TRANSLATORS = {
    'BEFORE_ASYNC_WITH': BEFORE_ASYNC_WITH,
    'BEFORE_WITH': BEFORE_WITH,
    'BINARY_OP': BINARY_OP,
    'BINARY_SLICE': BINARY_SLICE,
    'BINARY_SUBSCR': BINARY_SUBSCR,
    'BUILD_CONST_KEY_MAP': BUILD_CONST_KEY_MAP,
    'BUILD_LIST': BUILD_LIST,
    'BUILD_MAP': BUILD_MAP,
    'BUILD_SET': BUILD_SET,
    'BUILD_TUPLE': BUILD_TUPLE,
    'CALL': CALL,
    'CALL_FUNCTION_EX': CALL_FUNCTION_EX,
    'CALL_INTRINSIC_1': CALL_INTRINSIC_1,
    'COMPARE_OP': COMPARE_OP,
    'CONTAINS_OP': CONTAINS_OP,
    'DELETE_ATTR': DELETE_ATTR,
    'DELETE_SUBSCR': DELETE_SUBSCR,
    'DICT_MERGE': DICT_MERGE,
    'DICT_UPDATE': DICT_UPDATE,
    'FORMAT_VALUE': FORMAT_VALUE,
    'FOR_ITER': FOR_ITER,
    'GET_ITER': GET_ITER,
    'GET_LEN': GET_LEN,
    'IMPORT_FROM': IMPORT_FROM,
    'IMPORT_NAME': IMPORT_NAME,
    'IS_OP': IS_OP,
    'KW_NAMES': KW_NAMES,
    'LIST_APPEND': LIST_APPEND,
    'LIST_EXTEND': LIST_EXTEND,
    'LOAD_ATTR': LOAD_ATTR,
    'LOAD_SUPER_ATTR': LOAD_SUPER_ATTR,
    'MAKE_FUNCTION': MAKE_FUNCTION,
    'MAP_ADD': MAP_ADD,
    'MATCH_CLASS': MATCH_CLASS,
    'MATCH_KEYS': MATCH_KEYS,
    'SET_ADD': SET_ADD,
    'SET_UPDATE': SET_UPDATE,
    'STORE_ATTR': STORE_ATTR,
    'STORE_SLICE': STORE_SLICE,
    'STORE_SUBSCR': STORE_SUBSCR,
    'UNARY_INVERT': UNARY_INVERT,
    'UNARY_NEGATIVE': UNARY_NEGATIVE,
    'UNPACK_EX': UNPACK_EX,
    'UNPACK_SEQUENCE': UNPACK_SEQUENCE,
    'WITH_EXCEPT_START': WITH_EXCEPT_START,
}



def _display_step_BEFORE_ASYNC_WITH(oparg):
    return (1, (), ())


def _display_step_BEFORE_WITH(oparg):
    return (1, (), ())


def _display_step_BINARY_OP(oparg):
    return (2, (), ())


def _display_step_BINARY_SLICE(oparg):
    return (3, (), ())


def _display_step_BINARY_SUBSCR(oparg):
    return (2, (), ())


def _display_step_BUILD_CONST_KEY_MAP(oparg):
    return ((oparg) + 1, (), ())


def _display_step_BUILD_LIST(oparg):
    return ((oparg), (), ())


def _display_step_BUILD_MAP(oparg):
    return ((2 * oparg), (), ())


def _display_step_BUILD_SET(oparg):
    return ((oparg), (), ())


def _display_step_BUILD_TUPLE(oparg):
    return ((oparg), (), ())


def _display_step_CALL(oparg):
    return (1 + 1 + (oparg), (), ())


def _display_step_CALL_FUNCTION_EX(oparg):
    return (1 + 1 + 1 + (oparg & 1), (), tuple(s for r in (range((1 + 1 + 1 + (oparg & 1)) - (1 + 1) - 1 + 1, (1 + 1 + 1 + (oparg & 1)) - (1 + 1) + 1), range((1 + 1 + 1 + (oparg & 1)) - (1 + 1 + 1) - (oparg & 1) + 1, (1 + 1 + 1 + (oparg & 1)) - (1 + 1 + 1) + 1),) for s in r))


def _display_step_CALL_INTRINSIC_1(oparg):
    if oparg == 5:
        return (1, (), ())
    if oparg == 6:
        return (1, (), tuple(s for r in (range(1, 2),) for s in r))
    return (1, (), ())


def _display_step_COMPARE_OP(oparg):
    return (2, (), ())


def _display_step_CONTAINS_OP(oparg):
    if oparg == 1:
        return (2, (), ())
    return (2, (), ())


def _display_step_DELETE_ATTR(oparg):
    return (1, (), ())


def _display_step_DELETE_SUBSCR(oparg):
    return (2, (), ())


def _display_step_DICT_MERGE(oparg):
    return (1 + (oparg - 1) + 1, tuple(s for r in (range((1 + (oparg - 1) + 1) - (0) - 1 + 1, (1 + (oparg - 1) + 1) - (0) + 1),) for s in r), tuple(s for r in (range((1 + (oparg - 1) + 1) - (1 + (oparg - 1)) - 1 + 1, (1 + (oparg - 1) + 1) - (1 + (oparg - 1)) + 1),) for s in r))


def _display_step_DICT_UPDATE(oparg):
    return (1 + (oparg - 1) + 1, tuple(s for r in (range((1 + (oparg - 1) + 1) - (0) - 1 + 1, (1 + (oparg - 1) + 1) - (0) + 1),) for s in r), tuple(s for r in (range((1 + (oparg - 1) + 1) - (1 + (oparg - 1)) - 1 + 1, (1 + (oparg - 1) + 1) - (1 + (oparg - 1)) + 1),) for s in r))


def _display_step_FORMAT_VALUE(oparg):
    return (1 + ((oparg & 4) >> 2), (), ())


def _display_step_FOR_ITER(oparg):
    return (1, (), ())


def _display_step_GET_ITER(oparg):
    return (1, (), ())


def _display_step_GET_LEN(oparg):
    return (1, (), ())


def _display_step_IMPORT_FROM(oparg):
    return (1, (), ())


def _display_step_IMPORT_NAME(oparg):
    return (2, (), ())


def _display_step_IS_OP(oparg):
    if oparg == 1:
        return (2, (), ())
    return (2, (), ())


def _display_step_KW_NAMES(oparg):
    return (0, (), ())


def _display_step_LIST_APPEND(oparg):
    return (1 + (oparg - 1) + 1, tuple(s for r in (range((1 + (oparg - 1) + 1) - (0) - 1 + 1, (1 + (oparg - 1) + 1) - (0) + 1),) for s in r), ())


def _display_step_LIST_EXTEND(oparg):
    return (1 + (oparg - 1) + 1, tuple(s for r in (range((1 + (oparg - 1) + 1) - (0) - 1 + 1, (1 + (oparg - 1) + 1) - (0) + 1),) for s in r), tuple(s for r in (range((1 + (oparg - 1) + 1) - (1 + (oparg - 1)) - 1 + 1, (1 + (oparg - 1) + 1) - (1 + (oparg - 1)) + 1),) for s in r))


def _display_step_LOAD_ATTR(oparg):
    if oparg & 1:
        return (1, (), ())
    return (1, (), ())


def _display_step_LOAD_SUPER_ATTR(oparg):
    if oparg & 1:
        return (3, (), ())
    return (3, (), ())


def _display_step_MAKE_FUNCTION(oparg):
    return (((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)) + 1, (), tuple(s for r in (range((((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)) + 1) - (0) - ((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)) + 1, (((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)) + 1) - (0) + 1),) for s in r))


def _display_step_MAP_ADD(oparg):
    return (1 + (oparg - 1) + 1 + 1, tuple(s for r in (range((1 + (oparg - 1) + 1 + 1) - (0) - 1 + 1, (1 + (oparg - 1) + 1 + 1) - (0) + 1),) for s in r), ())


def _display_step_MATCH_CLASS(oparg):
    return (3, (), ())


def _display_step_MATCH_KEYS(oparg):
    return (2, (), ())


def _display_step_SET_ADD(oparg):
    return (1 + (oparg - 1) + 1, tuple(s for r in (range((1 + (oparg - 1) + 1) - (0) - 1 + 1, (1 + (oparg - 1) + 1) - (0) + 1),) for s in r), ())


def _display_step_SET_UPDATE(oparg):
    return (1 + (oparg - 1) + 1, tuple(s for r in (range((1 + (oparg - 1) + 1) - (0) - 1 + 1, (1 + (oparg - 1) + 1) - (0) + 1),) for s in r), tuple(s for r in (range((1 + (oparg - 1) + 1) - (1 + (oparg - 1)) - 1 + 1, (1 + (oparg - 1) + 1) - (1 + (oparg - 1)) + 1),) for s in r))


def _display_step_STORE_ATTR(oparg):
    return (2, (), ())


def _display_step_STORE_SLICE(oparg):
    return (4, (), ())


def _display_step_STORE_SUBSCR(oparg):
    return (3, (), ())


def _display_step_UNARY_INVERT(oparg):
    return (1, (), ())


def _display_step_UNARY_NEGATIVE(oparg):
    return (1, (), ())


def _display_step_UNPACK_EX(oparg):
    return (1, (), ())


def _display_step_UNPACK_SEQUENCE(oparg):
    return (1, (), ())


def _display_step_WITH_EXCEPT_START(oparg):
    return (4, (), ())


DISPLAY_OPENERS = frozenset(['BUILD_CONST_KEY_MAP', 'BUILD_LIST', 'BUILD_MAP', 'BUILD_SET', 'BUILD_TUPLE', 'CALL_INTRINSIC_1'])
DISPLAY_STEPS = {
    'BEFORE_ASYNC_WITH': _display_step_BEFORE_ASYNC_WITH,
    'BEFORE_WITH': _display_step_BEFORE_WITH,
    'BINARY_OP': _display_step_BINARY_OP,
    'BINARY_SLICE': _display_step_BINARY_SLICE,
    'BINARY_SUBSCR': _display_step_BINARY_SUBSCR,
    'BUILD_CONST_KEY_MAP': _display_step_BUILD_CONST_KEY_MAP,
    'BUILD_LIST': _display_step_BUILD_LIST,
    'BUILD_MAP': _display_step_BUILD_MAP,
    'BUILD_SET': _display_step_BUILD_SET,
    'BUILD_TUPLE': _display_step_BUILD_TUPLE,
    'CALL': _display_step_CALL,
    'CALL_FUNCTION_EX': _display_step_CALL_FUNCTION_EX,
    'CALL_INTRINSIC_1': _display_step_CALL_INTRINSIC_1,
    'COMPARE_OP': _display_step_COMPARE_OP,
    'CONTAINS_OP': _display_step_CONTAINS_OP,
    'DELETE_ATTR': _display_step_DELETE_ATTR,
    'DELETE_SUBSCR': _display_step_DELETE_SUBSCR,
    'DICT_MERGE': _display_step_DICT_MERGE,
    'DICT_UPDATE': _display_step_DICT_UPDATE,
    'FORMAT_VALUE': _display_step_FORMAT_VALUE,
    'FOR_ITER': _display_step_FOR_ITER,
    'GET_ITER': _display_step_GET_ITER,
    'GET_LEN': _display_step_GET_LEN,
    'IMPORT_FROM': _display_step_IMPORT_FROM,
    'IMPORT_NAME': _display_step_IMPORT_NAME,
    'IS_OP': _display_step_IS_OP,
    'KW_NAMES': _display_step_KW_NAMES,
    'LIST_APPEND': _display_step_LIST_APPEND,
    'LIST_EXTEND': _display_step_LIST_EXTEND,
    'LOAD_ATTR': _display_step_LOAD_ATTR,
    'LOAD_SUPER_ATTR': _display_step_LOAD_SUPER_ATTR,
    'MAKE_FUNCTION': _display_step_MAKE_FUNCTION,
    'MAP_ADD': _display_step_MAP_ADD,
    'MATCH_CLASS': _display_step_MATCH_CLASS,
    'MATCH_KEYS': _display_step_MATCH_KEYS,
    'SET_ADD': _display_step_SET_ADD,
    'SET_UPDATE': _display_step_SET_UPDATE,
    'STORE_ATTR': _display_step_STORE_ATTR,
    'STORE_SLICE': _display_step_STORE_SLICE,
    'STORE_SUBSCR': _display_step_STORE_SUBSCR,
    'UNARY_INVERT': _display_step_UNARY_INVERT,
    'UNARY_NEGATIVE': _display_step_UNARY_NEGATIVE,
    'UNPACK_EX': _display_step_UNPACK_EX,
    'UNPACK_SEQUENCE': _display_step_UNPACK_SEQUENCE,
    'WITH_EXCEPT_START': _display_step_WITH_EXCEPT_START,
}



def _fast_BINARY_OP(oparg, names, consts):
    return (rt.BINARY_OPS[oparg], 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_SLICE(oparg, names, consts):
    return (operator.getitem, 3, (0, (0, 1, 2)), 0, False, None, None, False, 1, 0)


def _fast_BINARY_SUBSCR(oparg, names, consts):
    return (operator.getitem, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_CALL(oparg, names, consts):
    return (None, 1 + 1 + (oparg), (*range(2, 2 + (oparg)),), 0, False, (1, 0, 1), -1, False, 1, 0)


def _fast_CALL_INTRINSIC_1(oparg, names, consts):
    if oparg == 5:
        return (operator.pos, 1, (0,), 0, False, None, None, False, 1, 0)
    if oparg == 6:
        return None
    return None


def _fast_COMPARE_OP(oparg, names, consts):
    return (rt.COMPARE_OPS[oparg >> 4], 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_CONTAINS_OP(oparg, names, consts):
    if oparg == 1:
        return (operator.contains, 2, (1, 0), 2, False, None, None, False, 1, 0)
    return (operator.contains, 2, (1, 0), 0, False, None, None, False, 1, 0)


def _fast_DELETE_ATTR(oparg, names, consts):
    return (builtins.delattr, 1, (0, (names[oparg],)), 1, False, None, None, False, 0, 0)


def _fast_DELETE_SUBSCR(oparg, names, consts):
    return (operator.delitem, 2, (0, 1), 1, False, None, None, False, 0, 0)


def _fast_FOR_ITER(oparg, names, consts):
    return (builtins.next, 1, (0,), 0, True, None, None, False, 1, 0)


def _fast_GET_ITER(oparg, names, consts):
    return (builtins.iter, 1, (0,), 0, False, None, None, False, 1, 0)


def _fast_GET_LEN(oparg, names, consts):
    return (builtins.len, 1, (0,), 0, False, None, None, False, 1, 0)


def _fast_IMPORT_FROM(oparg, names, consts):
    return (builtins.getattr, 1, (0, (names[oparg],)), 0, False, None, None, False, 1, 0)


def _fast_IS_OP(oparg, names, consts):
    if oparg == 1:
        return (operator.is_not, 2, (0, 1), 0, False, None, None, False, 1, 0)
    return (operator.is_, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_LIST_APPEND(oparg, names, consts):
    return (None, 1 + (oparg - 1) + 1, (0, 1 + (oparg - 1)), 1, False, None, None, False, 0, 1)


def _fast_LOAD_ATTR(oparg, names, consts):
    if oparg & 1:
        return (builtins.getattr, 1, (0, (names[oparg >> 1],)), 3, False, None, None, False, 2, 0)
    return (builtins.getattr, 1, (0, (names[oparg >> 1],)), 0, False, None, None, False, 1, 0)


def _fast_SET_ADD(oparg, names, consts):
    return (None, 1 + (oparg - 1) + 1, (0, 1 + (oparg - 1)), 1, False, None, None, False, 0, 1)


def _fast_STORE_ATTR(oparg, names, consts):
    return (builtins.setattr, 2, (1, (names[oparg],), 0), 1, False, None, None, False, 0, 0)


def _fast_STORE_SLICE(oparg, names, consts):
    return (operator.setitem, 4, (1, (0, 2, 3), 0), 1, False, None, None, False, 0, 0)


def _fast_STORE_SUBSCR(oparg, names, consts):
    return (operator.setitem, 3, (1, 2, 0), 1, False, None, None, False, 0, 0)


def _fast_UNARY_INVERT(oparg, names, consts):
    return (operator.invert, 1, (0,), 0, False, None, None, False, 1, 0)


def _fast_UNARY_NEGATIVE(oparg, names, consts):
    return (operator.neg, 1, (0,), 0, False, None, None, False, 1, 0)


def _fast_UNPACK_EX(oparg, names, consts):
    return (model.unpack_ex, 1, (0, (oparg & 0xFF,), (oparg >> 8,)), 5, False, None, None, False, (oparg & 0xFF) + 1 + (oparg >> 8), 0)


def _fast_UNPACK_SEQUENCE(oparg, names, consts):
    return (model.unpack_sequence, 1, (0, (oparg,)), 5, False, None, None, False, oparg, 0)


FAST_PLANS = {
    'BINARY_OP': _fast_BINARY_OP,
    'BINARY_SLICE': _fast_BINARY_SLICE,
    'BINARY_SUBSCR': _fast_BINARY_SUBSCR,
    'CALL': _fast_CALL,
    'CALL_INTRINSIC_1': _fast_CALL_INTRINSIC_1,
    'COMPARE_OP': _fast_COMPARE_OP,
    'CONTAINS_OP': _fast_CONTAINS_OP,
    'DELETE_ATTR': _fast_DELETE_ATTR,
    'DELETE_SUBSCR': _fast_DELETE_SUBSCR,
    'FOR_ITER': _fast_FOR_ITER,
    'GET_ITER': _fast_GET_ITER,
    'GET_LEN': _fast_GET_LEN,
    'IMPORT_FROM': _fast_IMPORT_FROM,
    'IS_OP': _fast_IS_OP,
    'LIST_APPEND': _fast_LIST_APPEND,
    'LOAD_ATTR': _fast_LOAD_ATTR,
    'SET_ADD': _fast_SET_ADD,
    'STORE_ATTR': _fast_STORE_ATTR,
    'STORE_SLICE': _fast_STORE_SLICE,
    'STORE_SUBSCR': _fast_STORE_SUBSCR,
    'UNARY_INVERT': _fast_UNARY_INVERT,
    'UNARY_NEGATIVE': _fast_UNARY_NEGATIVE,
    'UNPACK_EX': _fast_UNPACK_EX,
    'UNPACK_SEQUENCE': _fast_UNPACK_SEQUENCE,
}
