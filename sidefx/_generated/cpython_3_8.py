# generated from opcode_tables/cpython-3.8.toml — do not edit
# (inherits nothing); regenerate with: python -m sidefx._generator
import builtins  # noqa: F401
import operator  # noqa: F401

from sidefx import _runtime as rt
from sidefx import model  # noqa: F401
from sidefx._runtime import NULL  # noqa: F401

PYTHON = (3, 8)
SOURCE_DIGEST = 'cbee25469cb22d081d1baadc7065d471424274fa1ffe77c5af12f05da846700c'
TRACING = {'default_backend': 'settrace', 'extended_arg_event': 'folded'}
NO_CALL = frozenset(['BEGIN_FINALLY', 'BUILD_SLICE', 'BUILD_STRING', 'CALL_FINALLY', 'DELETE_DEREF', 'DELETE_FAST', 'DELETE_GLOBAL', 'DELETE_NAME', 'DUP_TOP', 'DUP_TOP_TWO', 'END_ASYNC_FOR', 'END_FINALLY', 'EXTENDED_ARG', 'GET_AITER', 'GET_ANEXT', 'GET_AWAITABLE', 'GET_YIELD_FROM_ITER', 'IMPORT_STAR', 'JUMP_ABSOLUTE', 'JUMP_FORWARD', 'JUMP_IF_FALSE_OR_POP', 'JUMP_IF_TRUE_OR_POP', 'LOAD_BUILD_CLASS', 'LOAD_CLASSDEREF', 'LOAD_CLOSURE', 'LOAD_CONST', 'LOAD_DEREF', 'LOAD_FAST', 'LOAD_GLOBAL', 'LOAD_NAME', 'NOP', 'POP_BLOCK', 'POP_EXCEPT', 'POP_FINALLY', 'POP_JUMP_IF_FALSE', 'POP_JUMP_IF_TRUE', 'POP_TOP', 'PRINT_EXPR', 'RAISE_VARARGS', 'RETURN_VALUE', 'ROT_FOUR', 'ROT_THREE', 'ROT_TWO', 'SETUP_ANNOTATIONS', 'SETUP_ASYNC_WITH', 'SETUP_FINALLY', 'STORE_DEREF', 'STORE_FAST', 'STORE_GLOBAL', 'STORE_NAME', 'UNARY_NOT', 'WITH_CLEANUP_FINISH', 'YIELD_FROM', 'YIELD_VALUE'])
NEVER_SEEN = frozenset([])
# (((opnames, args or None), ...), indices of the instructions acted on, action)
PATTERNS = ((((('BUILD_LIST', 'BUILD_SET', 'BUILD_MAP'), ('0',)), (('LOAD_FAST',), ('.0',)), (('FOR_ITER',), None)), (0,), 'comprehension'), (((('DUP_TOP',), None), (('STORE_NAME', 'STORE_FAST', 'STORE_GLOBAL', 'STORE_DEREF'), None)), (1,), 'keep_display'), (((('LOAD_CONST',), ('None',)), (('COMPARE_OP',), ('is', 'is not')), (('POP_JUMP_IF_FALSE', 'POP_JUMP_IF_TRUE'), None)), (1,), 'elide'), (((('BUILD_TUPLE',), ('1',)), (('UNPACK_SEQUENCE',), ('1',))), (0, 1), 'elide'), (((('BUILD_TUPLE',), ('3',)), (('UNPACK_SEQUENCE',), ('3',))), (0, 1), 'elide'), (((('BUILD_TUPLE',), ('2',)), (('UNPACK_SEQUENCE',), ('2',))), (0, 1), 'elide'))



def BEFORE_ASYNC_WITH(ctx, st, frame, oparg):
    mgr, = ctx.peek(frame, 1)
    fn = rt.special_method(mgr, '__aenter__')
    args = []
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_ADD(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.add
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_AND(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.and_
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_FLOOR_DIVIDE(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.floordiv
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_LSHIFT(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.lshift
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_MATRIX_MULTIPLY(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.matmul
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_MODULO(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.mod
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_MULTIPLY(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.mul
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_OR(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.or_
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_POWER(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.pow
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_RSHIFT(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.rshift
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_SUBSCR(ctx, st, frame, oparg):
    container, sub, = ctx.peek(frame, 2)
    fn = operator.getitem
    args = [container, sub]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_SUBTRACT(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.sub
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_TRUE_DIVIDE(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.truediv
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def BINARY_XOR(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.xor
    args = [left, right]
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


def BUILD_LIST_UNPACK(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (oparg))
    items = _stack[0:0 + (oparg)]
    rt.absorb(ctx, st, frame, items, (oparg) - (0))
    return rt.display_unpack(ctx, st, frame, oparg, model.build_list)


def BUILD_MAP(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (2 * oparg))
    items = _stack[0:0 + (2 * oparg)]
    fn = model.build_dict
    args = [*rt.pairs(items)]
    return rt.Pending(fn, args, None, None, 1, rt.DISPLAY)


def BUILD_MAP_UNPACK(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (oparg))
    items = _stack[0:0 + (oparg)]
    rt.absorb(ctx, st, frame, items, (oparg) - (0))
    return rt.display_unpack(ctx, st, frame, oparg, model.build_dict)


def BUILD_MAP_UNPACK_WITH_CALL(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (oparg))
    items = _stack[0:0 + (oparg)]
    rt.absorb(ctx, st, frame, items, (oparg) - (0))
    return None


def BUILD_SET(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (oparg))
    items = _stack[0:0 + (oparg)]
    fn = model.build_set
    args = [*items]
    return rt.Pending(fn, args, None, None, 1, rt.DISPLAY)


def BUILD_SET_UNPACK(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (oparg))
    items = _stack[0:0 + (oparg)]
    rt.absorb(ctx, st, frame, items, (oparg) - (0))
    return rt.display_unpack(ctx, st, frame, oparg, model.build_set)


def BUILD_TUPLE(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (oparg))
    items = _stack[0:0 + (oparg)]
    fn = model.build_tuple
    args = [*items]
    return rt.Pending(fn, args, None, None, 1, rt.DISPLAY)


def BUILD_TUPLE_UNPACK(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (oparg))
    items = _stack[0:0 + (oparg)]
    rt.absorb(ctx, st, frame, items, (oparg) - (0))
    return rt.display_unpack(ctx, st, frame, oparg, model.build_tuple)


def BUILD_TUPLE_UNPACK_WITH_CALL(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, (oparg))
    items = _stack[0:0 + (oparg)]
    rt.absorb(ctx, st, frame, items, (oparg) - (0))
    return None


def CALL_FUNCTION(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + (oparg))
    callable = _stack[0]
    args = _stack[1:1 + (oparg)]
    fn = callable
    args = [*args]
    return rt.Pending(fn, args, None, None, 1, rt.HIDE_COMPREHENSION)


def CALL_FUNCTION_EX(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + 1 + (oparg & 1))
    callable = _stack[0]
    callargs = _stack[1]
    kwargs = _stack[2:2 + (oparg & 1)]
    rt.absorb(ctx, st, frame, (callargs,), 1 + 1 + (oparg & 1) - (1))
    rt.absorb(ctx, st, frame, kwargs, 1 + 1 + (oparg & 1) - (1 + 1), model.build_dict)
    fn = callable
    args = [*rt.star_args(callargs)]
    kwargs = rt.keyword_mapping(kwargs)
    return rt.Pending(fn, args, kwargs, None, 1, 0)


def CALL_FUNCTION_KW(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + (oparg) + 1)
    callable = _stack[0]
    args = _stack[1:1 + (oparg)]
    kwnames = _stack[1 + (oparg)]
    fn = callable
    args = [*args]
    args, kwargs = rt.split_trailing_keywords(args, kwnames)
    return rt.Pending(fn, args, kwargs, None, 1, 0)


def CALL_METHOD(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + 1 + (oparg))
    meth_or_null = _stack[0]
    self_or_callable = _stack[1]
    args = _stack[2:2 + (oparg)]
    fn, _prefix = rt.callable_null_first(meth_or_null, self_or_callable)
    args = _prefix + [*args]
    return rt.Pending(fn, args, None, None, 1, 0)


def _result_COMPARE_OP_oparg____7(outs, oparg):
    res = outs[0]
    return not res


def COMPARE_OP(ctx, st, frame, oparg):
    if oparg == 6:
        left, right, = ctx.peek(frame, 2)
        fn = operator.contains
        args = [right, left]
        return rt.Pending(fn, args, None, None, 1, 0)
    if oparg == 7:
        left, right, = ctx.peek(frame, 2)
        fn = operator.contains
        args = [right, left]
        return rt.Pending(fn, args, None, _result_COMPARE_OP_oparg____7, 1, 0)
    if oparg == 8:
        left, right, = ctx.peek(frame, 2)
        fn = operator.is_
        args = [left, right]
        return rt.Pending(fn, args, None, None, 1, 0)
    if oparg == 9:
        left, right, = ctx.peek(frame, 2)
        fn = operator.is_not
        args = [left, right]
        return rt.Pending(fn, args, None, None, 1, 0)
    if oparg >= 10:
        return None
    left, right, = ctx.peek(frame, 2)
    fn = rt.COMPARE_OPS[oparg]
    args = [left, right]
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


def INPLACE_ADD(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.iadd
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def INPLACE_AND(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.iand
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def INPLACE_FLOOR_DIVIDE(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.ifloordiv
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def INPLACE_LSHIFT(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.ilshift
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def INPLACE_MATRIX_MULTIPLY(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.imatmul
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def INPLACE_MODULO(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.imod
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def INPLACE_MULTIPLY(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.imul
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def INPLACE_OR(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.ior
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def INPLACE_POWER(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.ipow
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def INPLACE_RSHIFT(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.irshift
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def INPLACE_SUBTRACT(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.isub
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def INPLACE_TRUE_DIVIDE(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.itruediv
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def INPLACE_XOR(ctx, st, frame, oparg):
    left, right, = ctx.peek(frame, 2)
    fn = operator.ixor
    args = [left, right]
    return rt.Pending(fn, args, None, None, 1, 0)


def LIST_APPEND(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + (oparg - 1) + 1)
    lst = _stack[0]
    value = _stack[1 + (oparg - 1)]
    return rt.display_add(ctx, st, frame, oparg, lst, value)


def LOAD_ATTR(ctx, st, frame, oparg):
    names = frame.f_code.co_names
    owner, = ctx.peek(frame, 1)
    fn = builtins.getattr
    args = [owner, names[oparg]]
    return rt.Pending(fn, args, None, None, 1, 0)


def _result_LOAD_METHOD(outs, oparg):
    meth_or_null = outs[0]
    self_or_attr = outs[1]
    return rt.loaded_attribute(meth_or_null, self_or_attr)


def LOAD_METHOD(ctx, st, frame, oparg):
    names = frame.f_code.co_names
    owner, = ctx.peek(frame, 1)
    fn = builtins.getattr
    args = [owner, names[oparg]]
    return rt.Pending(fn, args, None, _result_LOAD_METHOD, 2, 0)


def MAKE_FUNCTION(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, ((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)) + 1 + 1)
    extras = _stack[0:0 + ((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1))]
    rt.absorb(ctx, st, frame, extras, ((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)) + 1 + 1 - (0))
    return None


def MAP_ADD(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + (oparg - 1) + 1 + 1)
    map = _stack[0]
    key = _stack[1 + (oparg - 1)]
    value = _stack[1 + (oparg - 1) + 1]
    return rt.display_add(ctx, st, frame, oparg, map, (key, value))


def SETUP_WITH(ctx, st, frame, oparg):
    mgr, = ctx.peek(frame, 1)
    fn = rt.special_method(mgr, '__enter__')
    args = []
    return rt.Pending(fn, args, None, None, 1, 0)


def SET_ADD(ctx, st, frame, oparg):
    _stack = ctx.peek(frame, 1 + (oparg - 1) + 1)
    set_ = _stack[0]
    value = _stack[1 + (oparg - 1)]
    return rt.display_add(ctx, st, frame, oparg, set_, value)


def STORE_ATTR(ctx, st, frame, oparg):
    names = frame.f_code.co_names
    value, owner, = ctx.peek(frame, 2)
    fn = builtins.setattr
    args = [owner, names[oparg], value]
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


def UNARY_POSITIVE(ctx, st, frame, oparg):
    value, = ctx.peek(frame, 1)
    fn = operator.pos
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


def WITH_CLEANUP_START(ctx, st, frame, oparg):
    return rt.with_cleanup_start(ctx, st, frame, oparg)


TRANSLATORS = {
    'BEFORE_ASYNC_WITH': BEFORE_ASYNC_WITH,
    'BINARY_ADD': BINARY_ADD,
    'BINARY_AND': BINARY_AND,
    'BINARY_FLOOR_DIVIDE': BINARY_FLOOR_DIVIDE,
    'BINARY_LSHIFT': BINARY_LSHIFT,
    'BINARY_MATRIX_MULTIPLY': BINARY_MATRIX_MULTIPLY,
    'BINARY_MODULO': BINARY_MODULO,
    'BINARY_MULTIPLY': BINARY_MULTIPLY,
    'BINARY_OR': BINARY_OR,
    'BINARY_POWER': BINARY_POWER,
    'BINARY_RSHIFT': BINARY_RSHIFT,
    'BINARY_SUBSCR': BINARY_SUBSCR,
    'BINARY_SUBTRACT': BINARY_SUBTRACT,
    'BINARY_TRUE_DIVIDE': BINARY_TRUE_DIVIDE,
    'BINARY_XOR': BINARY_XOR,
    'BUILD_CONST_KEY_MAP': BUILD_CONST_KEY_MAP,
    'BUILD_LIST': BUILD_LIST,
    'BUILD_LIST_UNPACK': BUILD_LIST_UNPACK,
    'BUILD_MAP': BUILD_MAP,
    'BUILD_MAP_UNPACK': BUILD_MAP_UNPACK,
    'BUILD_MAP_UNPACK_WITH_CALL': BUILD_MAP_UNPACK_WITH_CALL,
    'BUILD_SET': BUILD_SET,
    'BUILD_SET_UNPACK': BUILD_SET_UNPACK,
    'BUILD_TUPLE': BUILD_TUPLE,
    'BUILD_TUPLE_UNPACK': BUILD_TUPLE_UNPACK,
    'BUILD_TUPLE_UNPACK_WITH_CALL': BUILD_TUPLE_UNPACK_WITH_CALL,
    'CALL_FUNCTION': CALL_FUNCTION,
    'CALL_FUNCTION_EX': CALL_FUNCTION_EX,
    'CALL_FUNCTION_KW': CALL_FUNCTION_KW,
    'CALL_METHOD': CALL_METHOD,
    'COMPARE_OP': COMPARE_OP,
    'DELETE_ATTR': DELETE_ATTR,
    'DELETE_SUBSCR': DELETE_SUBSCR,
    'FORMAT_VALUE': FORMAT_VALUE,
    'FOR_ITER': FOR_ITER,
    'GET_ITER': GET_ITER,
    'IMPORT_FROM': IMPORT_FROM,
    'IMPORT_NAME': IMPORT_NAME,
    'INPLACE_ADD': INPLACE_ADD,
    'INPLACE_AND': INPLACE_AND,
    'INPLACE_FLOOR_DIVIDE': INPLACE_FLOOR_DIVIDE,
    'INPLACE_LSHIFT': INPLACE_LSHIFT,
    'INPLACE_MATRIX_MULTIPLY': INPLACE_MATRIX_MULTIPLY,
    'INPLACE_MODULO': INPLACE_MODULO,
    'INPLACE_MULTIPLY': INPLACE_MULTIPLY,
    'INPLACE_OR': INPLACE_OR,
    'INPLACE_POWER': INPLACE_POWER,
    'INPLACE_RSHIFT': INPLACE_RSHIFT,
    'INPLACE_SUBTRACT': INPLACE_SUBTRACT,
    'INPLACE_TRUE_DIVIDE': INPLACE_TRUE_DIVIDE,
    'INPLACE_XOR': INPLACE_XOR,
    'LIST_APPEND': LIST_APPEND,
    'LOAD_ATTR': LOAD_ATTR,
    'LOAD_METHOD': LOAD_METHOD,
    'MAKE_FUNCTION': MAKE_FUNCTION,
    'MAP_ADD': MAP_ADD,
    'SETUP_WITH': SETUP_WITH,
    'SET_ADD': SET_ADD,
    'STORE_ATTR': STORE_ATTR,
    'STORE_SUBSCR': STORE_SUBSCR,
    'UNARY_INVERT': UNARY_INVERT,
    'UNARY_NEGATIVE': UNARY_NEGATIVE,
    'UNARY_POSITIVE': UNARY_POSITIVE,
    'UNPACK_EX': UNPACK_EX,
    'UNPACK_SEQUENCE': UNPACK_SEQUENCE,
    'WITH_CLEANUP_START': WITH_CLEANUP_START,
}



def _display_step_BEFORE_ASYNC_WITH(oparg):
    return (1, (), ())


def _display_step_BINARY_ADD(oparg):
    return (2, (), ())


def _display_step_BINARY_AND(oparg):
    return (2, (), ())


def _display_step_BINARY_FLOOR_DIVIDE(oparg):
    return (2, (), ())


def _display_step_BINARY_LSHIFT(oparg):
    return (2, (), ())


def _display_step_BINARY_MATRIX_MULTIPLY(oparg):
    return (2, (), ())


def _display_step_BINARY_MODULO(oparg):
    return (2, (), ())


def _display_step_BINARY_MULTIPLY(oparg):
    return (2, (), ())


def _display_step_BINARY_OR(oparg):
    return (2, (), ())


def _display_step_BINARY_POWER(oparg):
    return (2, (), ())


def _display_step_BINARY_RSHIFT(oparg):
    return (2, (), ())


def _display_step_BINARY_SUBSCR(oparg):
    return (2, (), ())


def _display_step_BINARY_SUBTRACT(oparg):
    return (2, (), ())


def _display_step_BINARY_TRUE_DIVIDE(oparg):
    return (2, (), ())


def _display_step_BINARY_XOR(oparg):
    return (2, (), ())


def _display_step_BUILD_CONST_KEY_MAP(oparg):
    return ((oparg) + 1, (), ())


def _display_step_BUILD_LIST(oparg):
    return ((oparg), (), ())


def _display_step_BUILD_LIST_UNPACK(oparg):
    return ((oparg), (), tuple(s for r in (range(((oparg)) - (0) - (oparg) + 1, ((oparg)) - (0) + 1),) for s in r))


def _display_step_BUILD_MAP(oparg):
    return ((2 * oparg), (), ())


def _display_step_BUILD_MAP_UNPACK(oparg):
    return ((oparg), (), tuple(s for r in (range(((oparg)) - (0) - (oparg) + 1, ((oparg)) - (0) + 1),) for s in r))


def _display_step_BUILD_MAP_UNPACK_WITH_CALL(oparg):
    return ((oparg), (), tuple(s for r in (range(((oparg)) - (0) - (oparg) + 1, ((oparg)) - (0) + 1),) for s in r))


def _display_step_BUILD_SET(oparg):
    return ((oparg), (), ())


def _display_step_BUILD_SET_UNPACK(oparg):
    return ((oparg), (), tuple(s for r in (range(((oparg)) - (0) - (oparg) + 1, ((oparg)) - (0) + 1),) for s in r))


def _display_step_BUILD_TUPLE(oparg):
    return ((oparg), (), ())


def _display_step_BUILD_TUPLE_UNPACK(oparg):
    return ((oparg), (), tuple(s for r in (range(((oparg)) - (0) - (oparg) + 1, ((oparg)) - (0) + 1),) for s in r))


def _display_step_BUILD_TUPLE_UNPACK_WITH_CALL(oparg):
    return ((oparg), (), tuple(s for r in (range(((oparg)) - (0) - (oparg) + 1, ((oparg)) - (0) + 1),) for s in r))


def _display_step_CALL_FUNCTION(oparg):
    return (1 + (oparg), (), ())


def _display_step_CALL_FUNCTION_EX(oparg):
    return (1 + 1 + (oparg & 1), (), tuple(s for r in (range((1 + 1 + (oparg & 1)) - (1) - 1 + 1, (1 + 1 + (oparg & 1)) - (1) + 1), range((1 + 1 + (oparg & 1)) - (1 + 1) - (oparg & 1) + 1, (1 + 1 + (oparg & 1)) - (1 + 1) + 1),) for s in r))


def _display_step_CALL_FUNCTION_KW(oparg):
    return (1 + (oparg) + 1, (), ())


def _display_step_CALL_METHOD(oparg):
    return (1 + 1 + (oparg), (), ())


def _display_step_COMPARE_OP(oparg):
    if oparg == 6:
        return (2, (), ())
    if oparg == 7:
        return (2, (), ())
    if oparg == 8:
        return (2, (), ())
    if oparg == 9:
        return (2, (), ())
    if oparg >= 10:
        return (2, (), ())
    return (2, (), ())


def _display_step_DELETE_ATTR(oparg):
    return (1, (), ())


def _display_step_DELETE_SUBSCR(oparg):
    return (2, (), ())


def _display_step_FORMAT_VALUE(oparg):
    return (1 + ((oparg & 4) >> 2), (), ())


def _display_step_FOR_ITER(oparg):
    return (1, (), ())


def _display_step_GET_ITER(oparg):
    return (1, (), ())


def _display_step_IMPORT_FROM(oparg):
    return (1, (), ())


def _display_step_IMPORT_NAME(oparg):
    return (2, (), ())


def _display_step_INPLACE_ADD(oparg):
    return (2, (), ())


def _display_step_INPLACE_AND(oparg):
    return (2, (), ())


def _display_step_INPLACE_FLOOR_DIVIDE(oparg):
    return (2, (), ())


def _display_step_INPLACE_LSHIFT(oparg):
    return (2, (), ())


def _display_step_INPLACE_MATRIX_MULTIPLY(oparg):
    return (2, (), ())


def _display_step_INPLACE_MODULO(oparg):
    return (2, (), ())


def _display_step_INPLACE_MULTIPLY(oparg):
    return (2, (), ())


def _display_step_INPLACE_OR(oparg):
    return (2, (), ())


def _display_step_INPLACE_POWER(oparg):
    return (2, (), ())


def _display_step_INPLACE_RSHIFT(oparg):
    return (2, (), ())


def _display_step_INPLACE_SUBTRACT(oparg):
    return (2, (), ())


def _display_step_INPLACE_TRUE_DIVIDE(oparg):
    return (2, (), ())


def _display_step_INPLACE_XOR(oparg):
    return (2, (), ())


def _display_step_LIST_APPEND(oparg):
    return (1 + (oparg - 1) + 1, tuple(s for r in (range((1 + (oparg - 1) + 1) - (0) - 1 + 1, (1 + (oparg - 1) + 1) - (0) + 1),) for s in r), ())


def _display_step_LOAD_ATTR(oparg):
    return (1, (), ())


def _display_step_LOAD_METHOD(oparg):
    return (1, (), ())


def _display_step_MAKE_FUNCTION(oparg):
    return (((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)) + 1 + 1, (), tuple(s for r in (range((((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)) + 1 + 1) - (0) - ((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)) + 1, (((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)) + 1 + 1) - (0) + 1),) for s in r))


def _display_step_MAP_ADD(oparg):
    return (1 + (oparg - 1) + 1 + 1, tuple(s for r in (range((1 + (oparg - 1) + 1 + 1) - (0) - 1 + 1, (1 + (oparg - 1) + 1 + 1) - (0) + 1),) for s in r), ())


def _display_step_SETUP_WITH(oparg):
    return (1, (), ())


def _display_step_SET_ADD(oparg):
    return (1 + (oparg - 1) + 1, tuple(s for r in (range((1 + (oparg - 1) + 1) - (0) - 1 + 1, (1 + (oparg - 1) + 1) - (0) + 1),) for s in r), ())


def _display_step_STORE_ATTR(oparg):
    return (2, (), ())


def _display_step_STORE_SUBSCR(oparg):
    return (3, (), ())


def _display_step_UNARY_INVERT(oparg):
    return (1, (), ())


def _display_step_UNARY_NEGATIVE(oparg):
    return (1, (), ())


def _display_step_UNARY_POSITIVE(oparg):
    return (1, (), ())


def _display_step_UNPACK_EX(oparg):
    return (1, (), ())


def _display_step_UNPACK_SEQUENCE(oparg):
    return (1, (), ())


def _display_step_WITH_CLEANUP_START(oparg):
    return (1, (), ())


DISPLAY_OPENERS = frozenset(['BUILD_CONST_KEY_MAP', 'BUILD_LIST', 'BUILD_LIST_UNPACK', 'BUILD_MAP', 'BUILD_MAP_UNPACK', 'BUILD_SET', 'BUILD_SET_UNPACK', 'BUILD_TUPLE', 'BUILD_TUPLE_UNPACK'])
DISPLAY_STEPS = {
    'BEFORE_ASYNC_WITH': _display_step_BEFORE_ASYNC_WITH,
    'BINARY_ADD': _display_step_BINARY_ADD,
    'BINARY_AND': _display_step_BINARY_AND,
    'BINARY_FLOOR_DIVIDE': _display_step_BINARY_FLOOR_DIVIDE,
    'BINARY_LSHIFT': _display_step_BINARY_LSHIFT,
    'BINARY_MATRIX_MULTIPLY': _display_step_BINARY_MATRIX_MULTIPLY,
    'BINARY_MODULO': _display_step_BINARY_MODULO,
    'BINARY_MULTIPLY': _display_step_BINARY_MULTIPLY,
    'BINARY_OR': _display_step_BINARY_OR,
    'BINARY_POWER': _display_step_BINARY_POWER,
    'BINARY_RSHIFT': _display_step_BINARY_RSHIFT,
    'BINARY_SUBSCR': _display_step_BINARY_SUBSCR,
    'BINARY_SUBTRACT': _display_step_BINARY_SUBTRACT,
    'BINARY_TRUE_DIVIDE': _display_step_BINARY_TRUE_DIVIDE,
    'BINARY_XOR': _display_step_BINARY_XOR,
    'BUILD_CONST_KEY_MAP': _display_step_BUILD_CONST_KEY_MAP,
    'BUILD_LIST': _display_step_BUILD_LIST,
    'BUILD_LIST_UNPACK': _display_step_BUILD_LIST_UNPACK,
    'BUILD_MAP': _display_step_BUILD_MAP,
    'BUILD_MAP_UNPACK': _display_step_BUILD_MAP_UNPACK,
    'BUILD_MAP_UNPACK_WITH_CALL': _display_step_BUILD_MAP_UNPACK_WITH_CALL,
    'BUILD_SET': _display_step_BUILD_SET,
    'BUILD_SET_UNPACK': _display_step_BUILD_SET_UNPACK,
    'BUILD_TUPLE': _display_step_BUILD_TUPLE,
    'BUILD_TUPLE_UNPACK': _display_step_BUILD_TUPLE_UNPACK,
    'BUILD_TUPLE_UNPACK_WITH_CALL': _display_step_BUILD_TUPLE_UNPACK_WITH_CALL,
    'CALL_FUNCTION': _display_step_CALL_FUNCTION,
    'CALL_FUNCTION_EX': _display_step_CALL_FUNCTION_EX,
    'CALL_FUNCTION_KW': _display_step_CALL_FUNCTION_KW,
    'CALL_METHOD': _display_step_CALL_METHOD,
    'COMPARE_OP': _display_step_COMPARE_OP,
    'DELETE_ATTR': _display_step_DELETE_ATTR,
    'DELETE_SUBSCR': _display_step_DELETE_SUBSCR,
    'FORMAT_VALUE': _display_step_FORMAT_VALUE,
    'FOR_ITER': _display_step_FOR_ITER,
    'GET_ITER': _display_step_GET_ITER,
    'IMPORT_FROM': _display_step_IMPORT_FROM,
    'IMPORT_NAME': _display_step_IMPORT_NAME,
    'INPLACE_ADD': _display_step_INPLACE_ADD,
    'INPLACE_AND': _display_step_INPLACE_AND,
    'INPLACE_FLOOR_DIVIDE': _display_step_INPLACE_FLOOR_DIVIDE,
    'INPLACE_LSHIFT': _display_step_INPLACE_LSHIFT,
    'INPLACE_MATRIX_MULTIPLY': _display_step_INPLACE_MATRIX_MULTIPLY,
    'INPLACE_MODULO': _display_step_INPLACE_MODULO,
    'INPLACE_MULTIPLY': _display_step_INPLACE_MULTIPLY,
    'INPLACE_OR': _display_step_INPLACE_OR,
    'INPLACE_POWER': _display_step_INPLACE_POWER,
    'INPLACE_RSHIFT': _display_step_INPLACE_RSHIFT,
    'INPLACE_SUBTRACT': _display_step_INPLACE_SUBTRACT,
    'INPLACE_TRUE_DIVIDE': _display_step_INPLACE_TRUE_DIVIDE,
    'INPLACE_XOR': _display_step_INPLACE_XOR,
    'LIST_APPEND': _display_step_LIST_APPEND,
    'LOAD_ATTR': _display_step_LOAD_ATTR,
    'LOAD_METHOD': _display_step_LOAD_METHOD,
    'MAKE_FUNCTION': _display_step_MAKE_FUNCTION,
    'MAP_ADD': _display_step_MAP_ADD,
    'SETUP_WITH': _display_step_SETUP_WITH,
    'SET_ADD': _display_step_SET_ADD,
    'STORE_ATTR': _display_step_STORE_ATTR,
    'STORE_SUBSCR': _display_step_STORE_SUBSCR,
    'UNARY_INVERT': _display_step_UNARY_INVERT,
    'UNARY_NEGATIVE': _display_step_UNARY_NEGATIVE,
    'UNARY_POSITIVE': _display_step_UNARY_POSITIVE,
    'UNPACK_EX': _display_step_UNPACK_EX,
    'UNPACK_SEQUENCE': _display_step_UNPACK_SEQUENCE,
    'WITH_CLEANUP_START': _display_step_WITH_CLEANUP_START,
}



def _fast_BINARY_ADD(oparg, names, consts):
    return (operator.add, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_AND(oparg, names, consts):
    return (operator.and_, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_FLOOR_DIVIDE(oparg, names, consts):
    return (operator.floordiv, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_LSHIFT(oparg, names, consts):
    return (operator.lshift, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_MATRIX_MULTIPLY(oparg, names, consts):
    return (operator.matmul, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_MODULO(oparg, names, consts):
    return (operator.mod, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_MULTIPLY(oparg, names, consts):
    return (operator.mul, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_OR(oparg, names, consts):
    return (operator.or_, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_POWER(oparg, names, consts):
    return (operator.pow, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_RSHIFT(oparg, names, consts):
    return (operator.rshift, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_SUBSCR(oparg, names, consts):
    return (operator.getitem, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_SUBTRACT(oparg, names, consts):
    return (operator.sub, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_TRUE_DIVIDE(oparg, names, consts):
    return (operator.truediv, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_BINARY_XOR(oparg, names, consts):
    return (operator.xor, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_CALL_FUNCTION(oparg, names, consts):
    return (None, 1 + (oparg), (*range(1, 1 + (oparg)),), 0, False, (0, 0, 0), None, True, 1, 0)


def _fast_CALL_FUNCTION_KW(oparg, names, consts):
    return (None, 1 + (oparg) + 1, (*range(1, 1 + (oparg)),), 0, False, (0, 0, 0), 1 + (oparg), False, 1, 0)


def _fast_CALL_METHOD(oparg, names, consts):
    return (None, 1 + 1 + (oparg), (*range(2, 2 + (oparg)),), 0, False, (1, 0, 1), None, False, 1, 0)


def _fast_COMPARE_OP(oparg, names, consts):
    if oparg == 6:
        return (operator.contains, 2, (1, 0), 0, False, None, None, False, 1, 0)
    if oparg == 7:
        return (operator.contains, 2, (1, 0), 2, False, None, None, False, 1, 0)
    if oparg == 8:
        return (operator.is_, 2, (0, 1), 0, False, None, None, False, 1, 0)
    if oparg == 9:
        return (operator.is_not, 2, (0, 1), 0, False, None, None, False, 1, 0)
    if oparg >= 10:
        return None
    return (rt.COMPARE_OPS[oparg], 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_DELETE_ATTR(oparg, names, consts):
    return (builtins.delattr, 1, (0, (names[oparg],)), 1, False, None, None, False, 0, 0)


def _fast_DELETE_SUBSCR(oparg, names, consts):
    return (operator.delitem, 2, (0, 1), 1, False, None, None, False, 0, 0)


def _fast_FOR_ITER(oparg, names, consts):
    return (builtins.next, 1, (0,), 0, True, None, None, False, 1, 0)


def _fast_GET_ITER(oparg, names, consts):
    return (builtins.iter, 1, (0,), 0, False, None, None, False, 1, 0)


def _fast_IMPORT_FROM(oparg, names, consts):
    return (builtins.getattr, 1, (0, (names[oparg],)), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_ADD(oparg, names, consts):
    return (operator.iadd, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_AND(oparg, names, consts):
    return (operator.iand, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_FLOOR_DIVIDE(oparg, names, consts):
    return (operator.ifloordiv, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_LSHIFT(oparg, names, consts):
    return (operator.ilshift, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_MATRIX_MULTIPLY(oparg, names, consts):
    return (operator.imatmul, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_MODULO(oparg, names, consts):
    return (operator.imod, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_MULTIPLY(oparg, names, consts):
    return (operator.imul, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_OR(oparg, names, consts):
    return (operator.ior, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_POWER(oparg, names, consts):
    return (operator.ipow, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_RSHIFT(oparg, names, consts):
    return (operator.irshift, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_SUBTRACT(oparg, names, consts):
    return (operator.isub, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_TRUE_DIVIDE(oparg, names, consts):
    return (operator.itruediv, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_INPLACE_XOR(oparg, names, consts):
    return (operator.ixor, 2, (0, 1), 0, False, None, None, False, 1, 0)


def _fast_LIST_APPEND(oparg, names, consts):
    return (None, 1 + (oparg - 1) + 1, (0, 1 + (oparg - 1)), 1, False, None, None, False, 0, 1)


def _fast_LOAD_ATTR(oparg, names, consts):
    return (builtins.getattr, 1, (0, (names[oparg],)), 0, False, None, None, False, 1, 0)


def _fast_LOAD_METHOD(oparg, names, consts):
    return (builtins.getattr, 1, (0, (names[oparg],)), 3, False, None, None, False, 2, 0)


def _fast_SET_ADD(oparg, names, consts):
    return (None, 1 + (oparg - 1) + 1, (0, 1 + (oparg - 1)), 1, False, None, None, False, 0, 1)


def _fast_STORE_ATTR(oparg, names, consts):
    return (builtins.setattr, 2, (1, (names[oparg],), 0), 1, False, None, None, False, 0, 0)


def _fast_STORE_SUBSCR(oparg, names, consts):
    return (operator.setitem, 3, (1, 2, 0), 1, False, None, None, False, 0, 0)


def _fast_UNARY_INVERT(oparg, names, consts):
    return (operator.invert, 1, (0,), 0, False, None, None, False, 1, 0)


def _fast_UNARY_NEGATIVE(oparg, names, consts):
    return (operator.neg, 1, (0,), 0, False, None, None, False, 1, 0)


def _fast_UNARY_POSITIVE(oparg, names, consts):
    return (operator.pos, 1, (0,), 0, False, None, None, False, 1, 0)


def _fast_UNPACK_EX(oparg, names, consts):
    return (model.unpack_ex, 1, (0, (oparg & 0xFF,), (oparg >> 8,)), 5, False, None, None, False, (oparg & 0xFF) + 1 + (oparg >> 8), 0)


def _fast_UNPACK_SEQUENCE(oparg, names, consts):
    return (model.unpack_sequence, 1, (0, (oparg,)), 5, False, None, None, False, oparg, 0)


FAST_PLANS = {
    'BINARY_ADD': _fast_BINARY_ADD,
    'BINARY_AND': _fast_BINARY_AND,
    'BINARY_FLOOR_DIVIDE': _fast_BINARY_FLOOR_DIVIDE,
    'BINARY_LSHIFT': _fast_BINARY_LSHIFT,
    'BINARY_MATRIX_MULTIPLY': _fast_BINARY_MATRIX_MULTIPLY,
    'BINARY_MODULO': _fast_BINARY_MODULO,
    'BINARY_MULTIPLY': _fast_BINARY_MULTIPLY,
    'BINARY_OR': _fast_BINARY_OR,
    'BINARY_POWER': _fast_BINARY_POWER,
    'BINARY_RSHIFT': _fast_BINARY_RSHIFT,
    'BINARY_SUBSCR': _fast_BINARY_SUBSCR,
    'BINARY_SUBTRACT': _fast_BINARY_SUBTRACT,
    'BINARY_TRUE_DIVIDE': _fast_BINARY_TRUE_DIVIDE,
    'BINARY_XOR': _fast_BINARY_XOR,
    'CALL_FUNCTION': _fast_CALL_FUNCTION,
    'CALL_FUNCTION_KW': _fast_CALL_FUNCTION_KW,
    'CALL_METHOD': _fast_CALL_METHOD,
    'COMPARE_OP': _fast_COMPARE_OP,
    'DELETE_ATTR': _fast_DELETE_ATTR,
    'DELETE_SUBSCR': _fast_DELETE_SUBSCR,
    'FOR_ITER': _fast_FOR_ITER,
    'GET_ITER': _fast_GET_ITER,
    'IMPORT_FROM': _fast_IMPORT_FROM,
    'INPLACE_ADD': _fast_INPLACE_ADD,
    'INPLACE_AND': _fast_INPLACE_AND,
    'INPLACE_FLOOR_DIVIDE': _fast_INPLACE_FLOOR_DIVIDE,
    'INPLACE_LSHIFT': _fast_INPLACE_LSHIFT,
    'INPLACE_MATRIX_MULTIPLY': _fast_INPLACE_MATRIX_MULTIPLY,
    'INPLACE_MODULO': _fast_INPLACE_MODULO,
    'INPLACE_MULTIPLY': _fast_INPLACE_MULTIPLY,
    'INPLACE_OR': _fast_INPLACE_OR,
    'INPLACE_POWER': _fast_INPLACE_POWER,
    'INPLACE_RSHIFT': _fast_INPLACE_RSHIFT,
    'INPLACE_SUBTRACT': _fast_INPLACE_SUBTRACT,
    'INPLACE_TRUE_DIVIDE': _fast_INPLACE_TRUE_DIVIDE,
    'INPLACE_XOR': _fast_INPLACE_XOR,
    'LIST_APPEND': _fast_LIST_APPEND,
    'LOAD_ATTR': _fast_LOAD_ATTR,
    'LOAD_METHOD': _fast_LOAD_METHOD,
    'SET_ADD': _fast_SET_ADD,
    'STORE_ATTR': _fast_STORE_ATTR,
    'STORE_SUBSCR': _fast_STORE_SUBSCR,
    'UNARY_INVERT': _fast_UNARY_INVERT,
    'UNARY_NEGATIVE': _fast_UNARY_NEGATIVE,
    'UNARY_POSITIVE': _fast_UNARY_POSITIVE,
    'UNPACK_EX': _fast_UNPACK_EX,
    'UNPACK_SEQUENCE': _fast_UNPACK_SEQUENCE,
}
