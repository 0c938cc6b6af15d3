"""Static value-stack depth per instruction offset, from the code object alone.

A worklist pass over ``dis.get_instructions(code)`` (EXTENDED_ARG already folded into the
following instruction's ``arg``; inline caches not listed), propagating the depth along the
fall-through edge (``dis.stack_effect(op, arg, jump=False)``) and the jump edge (``jump=True``), and
from 3.11 seeding every exception handler with ``entry depth + lasti + 1``.

Where the interpreter deviates from ``dis.stack_effect`` the family passes an ``effect`` override:

* ``RETURN_GENERATOR``: ``stack_effect`` says 0 on 3.11/3.12; on resumption the frame has the sent
  value on the stack (the following ``POP_TOP`` removes it), so the effect is +1.
* 3.10 ``GEN_START``: a generator's frame starts with the sent value (None) on the stack.
* 3.14 ``END_ASYNC_FOR``: listed in ``dis.hasjump`` (its oparg only serves branch monitoring) but
  it always continues with the next instruction or raises: no jump edge.
* 3.11 ``PRECALL n``/``CALL n``: the compiler books ``-n`` / ``-1``; the interpreter leaves the stack
  alone at ``PRECALL`` and pops ``n + 1`` at ``CALL``.

A merge point reached with two different depths is recorded in ``conflicts`` (a reader must refuse
those offsets); an offset not reached at all is simply absent.
"""
import dis

_NO_FALL_THROUGH = frozenset(
    name for name in (
        "RETURN_VALUE", "RETURN_CONST", "RAISE_VARARGS", "RERAISE", "JUMP_FORWARD", "JUMP_ABSOLUTE",
        "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "JUMP", "JUMP_NO_INTERRUPT",
        "INTERPRETER_EXIT",
    ) if name in dis.opmap)

_JUMPS = frozenset(getattr(dis, "hasjump", ())) | frozenset(dis.hasjrel) | frozenset(dis.hasjabs)
_NOT_JUMPS = frozenset(("END_ASYNC_FOR",))
_HAS_ARG = frozenset(getattr(dis, "hasarg", range(dis.HAVE_ARGUMENT, 256)))


class StaticDepths(object):
    __slots__ = ("depths", "conflicts")

    def __init__(self, depths, conflicts):
        self.depths = depths          # offset -> depth before the instruction
        self.conflicts = conflicts    # offsets reached with different depths (unusable)


def _default_effect(instr, jump):
    arg = instr.arg if instr.opcode in _HAS_ARG else None
    return dis.stack_effect(instr.opcode, arg, jump=jump)


def compute(code, effect=None):
    """Return :class:`StaticDepths` for ``code``; ``effect(instr, jump)`` overrides stack_effect."""
    if effect is None:
        effect = _default_effect
    instructions = list(dis.get_instructions(code))
    index_of = {instr.offset: i for i, instr in enumerate(instructions)}
    depths = {}
    conflicts = set()
    work = []

    def reach(offset, depth):
        if offset not in index_of:
            conflicts.add(offset)
            return
        known = depths.get(offset)
        if known is None:
            depths[offset] = depth
            work.append(offset)
        elif known != depth:
            conflicts.add(offset)

    if instructions:
        reach(instructions[0].offset, 1 if instructions[0].opname == "GEN_START" else 0)
    parse = getattr(dis, "_parse_exception_table", None)
    if parse is not None:  # 3.11+
        for entry in parse(code):
            reach(entry.target, entry.depth + (1 if entry.lasti else 0) + 1)

    while work:
        offset = work.pop()
        i = index_of[offset]
        instr = instructions[i]
        depth = depths[offset]
        if instr.opcode in _JUMPS and instr.opname not in _NOT_JUMPS and isinstance(instr.argval, int):
            reach(instr.argval, depth + effect(instr, True))
        if instr.opname not in _NO_FALL_THROUGH and i + 1 < len(instructions):
            reach(instructions[i + 1].offset, depth + effect(instr, False))
    for offset in conflicts:
        depths.pop(offset, None)
    return StaticDepths(depths, frozenset(conflicts))
