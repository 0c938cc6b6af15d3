"""A bytecode summary of Python functions whose calls were not traced (the ``infer`` default).

For a function defined outside the traced code (an earlier cell, a library written in Python) the
recording shows only the call.  Its code is still available, so the default for such calls reads
it: a parameter counts as mutated when the function

- assigns or deletes an attribute of it, or an item of it (``p.x = v``, ``p[k] = v``, ``del p[k]``),
  also through attribute and item chains (``p.rows[0].x = v``);
- looks up a method with a mutating name on it (``p.append``, ``p.items.update``, ``p.fit``, ...);
- applies an augmented operator to it (``p += v``; a mutation only for objects with in-place
  operators, decided when the summary is applied);
- calls a method of it (``p.helper()``) that, resolved on the actual argument, mutates its
  ``self`` (checked by the inspector, recursively, a few levels deep).

The same holds for globals of the function's module (``registry.append(v)`` mutates the object
bound to ``registry``) and for simple local aliases (``q = p; q.append(1)``).  Nested functions
and comprehensions count through their free variables.  What the summary cannot see: mutation
through another function the object is passed to, through ``setattr`` or ``vars()``, or through
aliases made inside containers.
"""
import dis
import types
from typing import Dict, Optional, Tuple

MUTATING_METHODS = frozenset([
    # list / deque / array
    "append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse",
    "appendleft", "extendleft", "popleft", "rotate",
    # dict / mapping
    "update", "setdefault", "popitem", "move_to_end",
    # set
    "add", "discard", "difference_update", "intersection_update", "symmetric_difference_update",
    # files and buffers
    "write", "writelines", "truncate",
    # numpy / pandas / sklearn
    "fill", "resize", "itemset", "sort_values_inplace", "fit", "partial_fit", "fit_transform",
    "fit_predict", "set_params",
    # queues
    "put", "put_nowait",
    # dunders
    "__setitem__", "__delitem__", "__setattr__", "__delattr__", "__iadd__", "__isub__", "__imul__",
    "__ior__", "__iand__", "__ixor__",
])

_PARAM_LOADS = frozenset(["LOAD_FAST", "LOAD_FAST_CHECK", "LOAD_FAST_BORROW", "LOAD_DEREF", "LOAD_CLOSURE",
                          "LOAD_FAST_AND_CLEAR"])
_GLOBAL_LOADS = frozenset(["LOAD_GLOBAL", "LOAD_NAME"])
_LOCAL_STORES = frozenset(["STORE_FAST", "STORE_DEREF"])
_PAIR_LOADS = frozenset(["LOAD_FAST_LOAD_FAST", "LOAD_FAST_BORROW_LOAD_FAST_BORROW"])
_ATTR_LOADS = frozenset(["LOAD_ATTR", "LOAD_METHOD"])
_ATTR_STORES = frozenset(["STORE_ATTR", "DELETE_ATTR"])
_ITEM_STORES = {"STORE_SUBSCR": 1, "DELETE_SUBSCR": 1, "STORE_SLICE": 2, "DELETE_SLICE": 2}
_ITEM_LOADS = {"BINARY_SUBSCR": 1, "BINARY_SLICE": 2}
_KEEP_ROOT = frozenset(["COPY", "DUP_TOP", "DUP_TOP_TWO", "NOP", "EXTENDED_ARG", "CACHE", "NOT_TAKEN",
                        "GET_ITER", "FOR_ITER"])
_WINDOW = 16
_ROTATIONS = frozenset(["SWAP", "ROT_TWO", "ROT_THREE", "ROT_FOUR", "ROT_N"])
_STATEMENT_ENDS = frozenset(["STORE_FAST", "STORE_NAME", "STORE_GLOBAL", "STORE_DEREF", "STORE_ATTR", "STORE_SUBSCR",
                             "POP_TOP", "RETURN_VALUE", "RETURN_CONST", "JUMP_FORWARD", "JUMP_BACKWARD",
                             "JUMP_ABSOLUTE", "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "DELETE_ATTR", "DELETE_SUBSCR",
                             "STORE_FAST_STORE_FAST", "STORE_FAST_LOAD_FAST"])


class Summary:
    """What a function's bytecode does to its parameters (by parameter position)."""

    __slots__ = ("params", "mutated", "inplace", "method_calls", "mutated_globals", "global_calls")

    def __init__(self, params, mutated, inplace, method_calls, mutated_globals=frozenset(), global_calls=()):
        self.params = params              # tuple of parameter names, positional first
        self.mutated = mutated            # frozenset of parameter indexes
        self.inplace = inplace            # frozenset of parameter indexes (augmented assignment)
        self.method_calls = method_calls  # tuple of (parameter index, method name)
        self.mutated_globals = mutated_globals  # frozenset of global names
        self.global_calls = global_calls  # tuple of (global name, method name)

    def __repr__(self):
        return "Summary(mutated=%s, inplace=%s, calls=%s)" % (sorted(self.mutated), sorted(self.inplace), self.method_calls)


def _stack_effect(ins):
    try:
        if ins.arg is not None:
            return dis.stack_effect(ins.opcode, ins.arg, jump=False)
        return dis.stack_effect(ins.opcode, jump=False)
    except (ValueError, TypeError):
        try:
            return dis.stack_effect(ins.opcode, jump=False)
        except (ValueError, TypeError):
            return None


def _operand_start(ins, k, needed):
    """Walk back from instruction ``k`` over the expression(s) that produced its top ``needed``
    stack values; returns (index of their first instruction, surplus) or None."""
    need = needed
    j = k - 1
    while j >= 0 and k - j <= _WINDOW:
        eff = _stack_effect(ins[j])
        if eff is None:
            return None
        need -= eff
        if need <= 0:
            return j, -need
        j -= 1
    return None


def _is_inplace(ins):
    if ins.opname.startswith("INPLACE_"):
        return True
    return ins.opname == "BINARY_OP" and ins.argrepr.endswith("=") and ins.argrepr not in ("==", "<=", ">=", "!=")


def _is_item_load(ins):
    if ins.opname in _ITEM_LOADS:
        return _ITEM_LOADS[ins.opname]
    if ins.opname == "BINARY_OP" and ins.argrepr == "[]":  # 3.14 subscript
        return 1
    return 0


def _container_root(ins, roots, k, n_keys, params):
    found = _operand_start(ins, k, n_keys)
    if found is None:
        return None
    j, surplus = found
    if surplus == 0:
        return roots[j - 1] if j >= 1 else None
    if surplus == 1 and ins[j].opname in _PAIR_LOADS:
        return params.get(ins[j].argval[0])
    return None


def _scan(code, params, mutated, inplace, calls):
    try:
        ins = list(dis.get_instructions(code))
    except Exception:
        return
    roots = [None] * len(ins)
    root = None
    params = dict(params)
    first = None  # the root of the first load of the current statement (augmented assignments)
    for k, i in enumerate(ins):
        op = i.opname
        if op in _PARAM_LOADS:
            root = params.get(i.argval)
        elif op in _GLOBAL_LOADS:
            root = ("global", i.argval)
        elif op in _LOCAL_STORES:
            if root is not None and i.argval not in params:
                params[i.argval] = root  # q = p: q is an alias of p from here on
            root = None
        elif op in _PAIR_LOADS:
            pair = i.argval if isinstance(i.argval, tuple) else ()
            root = params.get(pair[1]) if len(pair) == 2 else None
            if first is None and len(pair) == 2:
                first = params.get(pair[0])
        elif op == "STORE_FAST_LOAD_FAST":  # 3.13+
            pair = i.argval if isinstance(i.argval, tuple) else ()
            root = params.get(pair[1]) if len(pair) == 2 else None
        elif op in _ATTR_LOADS:
            if root is not None:
                if i.argval in MUTATING_METHODS:
                    mutated.add(root)
                else:
                    calls.add((root, i.argval))
        elif op in _ATTR_STORES:
            if root is None and k and ins[k - 1].opname in _ROTATIONS:
                root = first  # x.a += v: the object was copied and rotated under the value
            if root is not None:
                mutated.add(root)
            root = None
        elif op in _ITEM_STORES:
            if k and ins[k - 1].opname in _ROTATIONS:
                r = first  # x[k] += v: operands were copied and rotated under the value
            else:
                r = _container_root(ins, roots, k, _ITEM_STORES[op], params)
            if r is not None:
                mutated.add(r)
            root = None
        elif _is_item_load(i):
            root = _container_root(ins, roots, k, _is_item_load(i), params)
        elif _is_inplace(i):
            r = _container_root(ins, roots, k, 1, params)
            if r is not None:
                inplace.add(r)
            root = None
        elif op not in _KEEP_ROOT:
            root = None
        if op in _STATEMENT_ENDS:
            first = None
        elif first is None and (op in _PARAM_LOADS or op in _GLOBAL_LOADS):
            first = root
        roots[k] = root
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            inner = {name: params[name] for name in const.co_freevars if name in params}
            if inner:
                _scan(const, inner, mutated, inplace, calls)


_CACHE: Dict[int, Tuple[types.CodeType, Summary]] = {}


def summarize(code):
    """The :class:`Summary` of a code object (cached)."""
    hit = _CACHE.get(id(code))
    if hit is not None and hit[0] is code:
        return hit[1]
    n = code.co_argcount + code.co_kwonlyargcount
    names = code.co_varnames[:n]
    params = {name: index for index, name in enumerate(names)}
    mutated, inplace, calls = set(), set(), set()
    _scan(code, params, mutated, inplace, calls)
    summary = Summary(
        tuple(names),
        frozenset(r for r in mutated if isinstance(r, int)),
        frozenset(r for r in inplace if isinstance(r, int)),
        tuple(sorted((r, n) for r, n in calls if isinstance(r, int))),
        frozenset(r[1] for r in mutated if isinstance(r, tuple)),
        tuple(sorted((r[1], n) for r, n in calls if isinstance(r, tuple))),
    )
    if len(_CACHE) > 4096:
        _CACHE.clear()
    _CACHE[id(code)] = (code, summary)
    return summary


def bind_params(summary, code, self_obj, args, kwargs, missing):
    """Map parameter index -> argument object for a call (``self_obj`` first when bound)."""
    values = ([] if self_obj is missing else [self_obj]) + list(args)
    bound = {}
    n_positional = code.co_argcount
    for index in range(min(n_positional, len(values))):
        bound[index] = values[index]
    for index, name in enumerate(summary.params):
        if name in kwargs and index not in bound:
            bound[index] = kwargs[name]
    return bound


def has_inplace_ops(obj):
    """True when ``type(obj)`` defines an in-place operator (so ``p += v`` mutates it)."""
    for klass in type(obj).__mro__:
        d = klass.__dict__
        if "__iadd__" in d or "__ior__" in d or "__imul__" in d or "__isub__" in d:
            return True
    return False


def static_lookup(klass, name) -> Optional[Tuple[type, object]]:
    """(defining class, raw attribute) of ``name`` on ``klass`` without running descriptors."""
    for k in getattr(klass, "__mro__", ()):
        d = k.__dict__
        if name in d:
            return k, d[name]
    return None
