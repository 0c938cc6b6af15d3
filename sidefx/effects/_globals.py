"""AccessedGlobals from a recording: which globals the traced code read and which it bound.

The recorder records calls, not name lookups, so reads are derived from the traced code objects:

1. Every ``LOAD_NAME`` / ``LOAD_GLOBAL`` / ``LOAD_FROM_DICT_OR_GLOBALS`` of the traced code
   objects is a candidate read.
2. A candidate counts only if its code object ran and its basic block ran, as far as the
   recording tells: a code object ran when one of its instructions made a recorded call or a
   recorded call called it; a block ran when it made a recorded call or dominates a block that
   did; a block did *not* run when it holds an instruction that always makes a call
   (``a + b``, ``x[k] = v``, ``o.a = v``, ``import``, comparisons) and no call was recorded
   there, or (module code) when it binds a global the execution did not change.  Blocks about
   which the recording says nothing count as run (reads are over- rather than
   under-approximated).
3. A read dominated by a binding of the same name in the same code object reads the new value,
   not an input, and does not count.
4. Only names bound before the execution count (``names_before``; without it: names that are not
   builtins).
5. Functions defined outside the traced code but sharing its globals (``globals_``) add the
   global names their code loads, when the traced code called them.

Bindings come from comparing the globals before and after (``output_globals``).
"""
import builtins
import dis
import types
from typing import Dict, List, Set

_JUMPS = set(dis.hasjrel) | set(dis.hasjabs) | set(getattr(dis, "hasjump", ()))
_UNCONDITIONAL = {"JUMP_FORWARD", "JUMP_ABSOLUTE", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "JUMP",
                  "JUMP_NO_INTERRUPT", "JUMP_IF_NOT_EXC_MATCH_"}
_TERMINAL = {"RETURN_VALUE", "RETURN_CONST", "RAISE_VARARGS", "RERAISE"}
_LOADS = {"LOAD_NAME", "LOAD_GLOBAL", "LOAD_FROM_DICT_OR_GLOBALS"}
_STORES = {"STORE_NAME", "STORE_GLOBAL"}
_DELETES = {"DELETE_NAME", "DELETE_GLOBAL"}
#: Instructions that make a recorded call every time they run (on every supported version).
_ALWAYS_CALLS = {"CALL", "CALL_FUNCTION", "CALL_METHOD", "CALL_FUNCTION_KW", "CALL_FUNCTION_EX", "CALL_KW",
                 "LOAD_ATTR", "LOAD_METHOD", "GET_ITER", "COMPARE_OP", "CONTAINS_OP", "STORE_SUBSCR", "DELETE_SUBSCR", "STORE_ATTR", "DELETE_ATTR",
                 "IMPORT_NAME", "BINARY_ADD", "BINARY_SUBTRACT", "BINARY_MULTIPLY", "BINARY_TRUE_DIVIDE",
                 "BINARY_FLOOR_DIVIDE", "BINARY_MODULO", "BINARY_POWER", "BINARY_AND", "BINARY_OR",
                 "BINARY_XOR", "BINARY_LSHIFT", "BINARY_RSHIFT", "BINARY_MATRIX_MULTIPLY", "INPLACE_ADD",
                 "INPLACE_SUBTRACT", "INPLACE_MULTIPLY", "INPLACE_TRUE_DIVIDE", "INPLACE_FLOOR_DIVIDE"}
_GENERATOR_FLAGS = 0x20 | 0x80 | 0x200 | 0x100  # generator, coroutine, async generator, iterable coroutine


def _always_calls(ins):
    if ins.opname == "BINARY_OP":
        return ins.argrepr != "[]"
    if ins.opname == "COMPARE_OP" and ins.argval == "exception match":  # 3.8 `except E:`
        return False
    return ins.opname in _ALWAYS_CALLS


def _target(ins):
    target = getattr(ins, "jump_target", None)
    if target is None and isinstance(ins.argval, int):
        target = ins.argval
    return target


class CodeBlocks:
    """Basic blocks, successors and dominators of one code object."""

    def __init__(self, code):
        self.code = code
        self.ins = list(dis.get_instructions(code))
        offsets = [i.offset for i in self.ins]
        leaders = {offsets[0]} if offsets else set()
        for index, i in enumerate(self.ins):
            if i.opcode in _JUMPS:
                target = _target(i)
                if target is not None:
                    leaders.add(target)
                if index + 1 < len(self.ins):
                    leaders.add(offsets[index + 1])
            elif i.opname in _TERMINAL and index + 1 < len(self.ins):
                leaders.add(offsets[index + 1])
        self.block_of = {}
        self.blocks = []  # list of lists of instruction indexes
        for index, i in enumerate(self.ins):
            if i.offset in leaders or not self.blocks:
                self.blocks.append([])
            self.blocks[-1].append(index)
            self.block_of[i.offset] = len(self.blocks) - 1
        self.succ = [set() for _ in self.blocks]
        for b, members in enumerate(self.blocks):
            last = self.ins[members[-1]]
            nxt = b + 1 if b + 1 < len(self.blocks) else None
            if last.opname in _TERMINAL:
                continue
            if last.opcode in _JUMPS:
                target = _target(last)
                if target in self.block_of:
                    self.succ[b].add(self.block_of[target])
                if last.opname in _UNCONDITIONAL:
                    continue
            if nxt is not None:
                self.succ[b].add(nxt)
        self.pred = [set() for _ in self.blocks]
        for b, ss in enumerate(self.succ):
            for s in ss:
                self.pred[s].add(b)
        self.dom = self._dominators()

    def _dominators(self):
        n = len(self.blocks)
        if not n:
            return []
        reachable = set()
        stack = [0]
        while stack:
            b = stack.pop()
            if b in reachable:
                continue
            reachable.add(b)
            stack.extend(self.succ[b])
        full = set(reachable)
        dom = [set(full) if b in reachable else None for b in range(n)]
        dom[0] = {0}
        changed = True
        while changed:
            changed = False
            for b in range(1, n):
                if b not in reachable:
                    continue
                preds = [dom[p] for p in self.pred[b] if p in reachable]
                new = set.intersection(*preds) if preds else set()
                new = new | {b}
                if new != dom[b]:
                    dom[b] = new
                    changed = True
        return dom

    def dominates(self, a, b):
        """Block ``a`` dominates block ``b`` (False when ``b`` is unreachable in the CFG)."""
        d = self.dom[b]
        return d is not None and a in d


_BLOCKS_CACHE: Dict[int, CodeBlocks] = {}


def code_blocks(code):
    hit = _BLOCKS_CACHE.get(id(code))
    if hit is None or hit.code is not code:
        if len(_BLOCKS_CACHE) > 2048:
            _BLOCKS_CACHE.clear()
        hit = _BLOCKS_CACHE[id(code)] = CodeBlocks(code)
    return hit


def nested_codes(code, out=None):
    out = {} if out is None else out
    if id(code) in out:
        return out
    out[id(code)] = code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            nested_codes(const, out)
    return out


def _fn_code(fn):
    if isinstance(fn, types.MethodType):
        fn = fn.__func__
    if isinstance(fn, types.FunctionType):
        return fn.__code__
    if isinstance(fn, type):
        init = fn.__dict__.get("__init__")
        if isinstance(init, types.FunctionType):
            return init.__code__
    return None


def accessed_globals(calls, traced, roots, output_names, names_before=None, deleted=(), globals_=None):
    """(retrieved, added_or_updated, deleted) name lists; see the module docstring."""
    traced_ids = {id(c): c for c in traced}
    recorded: Dict[int, Set[int]] = {}
    executed_codes: Set[int] = {id(c) for c in roots}
    maybe_codes: Set[int] = set()
    untraced_called = []
    for call in calls:
        code = call.code
        if code is not None:
            recorded.setdefault(id(code), set()).add(call.offset)
            executed_codes.add(id(code))
        fcode = _fn_code(call.fn)
        if fcode is not None:
            if id(fcode) in traced_ids:
                if not fcode.co_flags & _GENERATOR_FLAGS:
                    executed_codes.add(id(fcode))
                else:
                    maybe_codes.add(id(fcode))
            else:
                untraced_called.append(call.fn)
        for arg in list(call.args) + list(call.kwargs.values()):
            acode = _fn_code(arg) if isinstance(arg, (types.FunctionType, types.MethodType)) else None
            if acode is not None and id(acode) in traced_ids:
                if call.fn is builtins.__build_class__:
                    executed_codes.add(id(acode))
                else:
                    maybe_codes.add(id(acode))
    # single binding sites of names the execution changed: their blocks ran
    output_names = list(output_names)
    changed = set(output_names) | set(deleted)
    store_sites: Dict[str, List] = {}
    for code in traced:
        blocks = code_blocks(code)
        for i in blocks.ins:
            if i.opname in _STORES or i.opname in _DELETES:
                store_sites.setdefault(i.argval, []).append((id(code), blocks.block_of[i.offset]))

    reads: Dict[str, None] = {}
    for code in traced:
        cid = id(code)
        if cid not in executed_codes and cid not in maybe_codes:
            continue
        blocks = code_blocks(code)
        if not blocks.blocks:
            continue
        status = _block_status(blocks, recorded.get(cid, set()), cid in executed_codes, cid in {id(r) for r in roots},
                               changed, store_sites, cid)
        for b, members in enumerate(blocks.blocks):
            if status[b] is False:
                continue
            for position, index in enumerate(members):
                i = blocks.ins[index]
                if i.opname not in _LOADS:
                    continue
                name = i.argval
                if _bound_before(blocks, b, members[:position], name):
                    continue
                reads.setdefault(name, None)
    if globals_ is not None:
        _untraced_reads(untraced_called, globals_, reads)
    builtin_names = set(vars(builtins))
    if names_before is not None:
        before = set(names_before)
        retrieved = [n for n in reads if n in before]
    else:
        retrieved = [n for n in reads if n not in builtin_names or n in changed]
    return sorted(retrieved), output_names, sorted(deleted)


def _block_status(blocks, offsets, executed, is_root, changed, store_sites, cid):
    """Per block: True (ran), False (did not run) or None (unknown, counted as ran)."""
    n = len(blocks.blocks)
    status = [None] * n
    ran = set()
    if executed:
        ran.add(0)
    for offset in offsets:
        b = blocks.block_of.get(offset)
        if b is not None:
            ran.add(b)
    for b, members in enumerate(blocks.blocks):
        if b in ran:
            continue
        if executed and any(_always_calls(blocks.ins[i]) and blocks.ins[i].offset not in offsets for i in members):
            status[b] = False
            continue
        if is_root:
            for i in members:
                ins = blocks.ins[i]
                if ins.opname in _STORES or ins.opname in _DELETES:
                    sites = store_sites.get(ins.argval, [])
                    if ins.argval not in changed:
                        status[b] = False
                        break
                    if len(sites) == 1:
                        ran.add(b)
                        break
    for b in list(ran):
        d = blocks.dom[b]
        if d:
            ran |= d
    for b in ran:
        status[b] = True
    return status


def _bound_before(blocks, b, earlier, name):
    """A binding of ``name`` in this code object dominates the read (reads the new value)."""
    for index in earlier:
        i = blocks.ins[index]
        if (i.opname in _STORES or i.opname in _DELETES) and i.argval == name:
            return True
    d = blocks.dom[b]
    if not d:
        return False
    for other in d:
        if other == b:
            continue
        for index in blocks.blocks[other]:
            i = blocks.ins[index]
            if i.opname in _STORES and i.argval == name:
                return True
    return False


def _untraced_reads(functions, globals_, reads, depth=0, seen=None):
    seen = set() if seen is None else seen
    for fn in functions:
        if isinstance(fn, types.MethodType):
            fn = fn.__func__
        if isinstance(fn, type):
            fn = fn.__dict__.get("__init__")
        if not isinstance(fn, types.FunctionType) or fn.__globals__ is not globals_ or id(fn) in seen:
            continue
        seen.add(id(fn))
        names = []
        for code in nested_codes(fn.__code__).values():
            for i in dis.get_instructions(code):
                if i.opname in _LOADS:
                    names.append(i.argval)
        nested = []
        for name in names:
            if name in globals_:
                reads.setdefault(name, None)
                value = globals_[name]
                if isinstance(value, (types.FunctionType, type)) and depth < 3:
                    nested.append(value)
        if nested:
            _untraced_reads(nested, globals_, reads, depth + 1, seen)
