"""Check a resolved table against the opcodes of its CPython version.

The ground truth is ``dis`` when the generator runs on the table's own version (the tox matrix does
that for every version) and xdis otherwise.  xdis computes some oparg-dependent stack effects
differently from CPython; those opcodes are listed in ``XDIS_UNRELIABLE_EFFECTS`` and only checked
against the running interpreter.
"""
import dis
import fnmatch
import sys

from .tables import TableError

#: Opcodes whose xdis stack effect disagrees with CPython's own for some oparg (measured on
#: 3.8–3.13); their rows are checked against ``dis`` when the generator runs on that version.
XDIS_UNRELIABLE_EFFECTS = {
    "BUILD_SLICE", "CALL_FINALLY", "CALL_FUNCTION_EX", "FORMAT_VALUE", "FOR_ITER", "JUMP_IF_FALSE_OR_POP",
    "JUMP_IF_TRUE_OR_POP", "MAKE_FUNCTION", "SEND", "SETUP_ASYNC_WITH", "SETUP_CLEANUP", "SETUP_FINALLY",
    "SETUP_WITH",
}

#: The [tracing] opcode lists: the stack effect their opcodes must have, and the error otherwise.
TRACING_OPCODE_EFFECTS = {
    "silent_pushes": (lambda effect: effect > 0, "pushes nothing"),
    "local_stores": (lambda effect: effect == -1, "does not pop one value"),
    "silent_moves": (lambda effect: effect == 0, "moves the stack"),
    "bool_jumps": (lambda effect: effect == -1, "does not pop one value"),
}

SAMPLE_OPARGS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 17, 32, 33, 257, 258, 513)


class OpcodeUniverse:
    """The opcodes of one CPython version and their stack effects."""

    def __init__(self, names, has_arg, stack_effect, exact):
        self.names = names              # opname -> opcode number
        self.has_arg = has_arg          # opname -> bool
        self.stack_effect = stack_effect
        self.exact = exact              # True when this is the running interpreter's dis


def universe_for(table):
    if sys.version_info[:2] == table.version_tuple:
        names = dict(dis.opmap)
        return OpcodeUniverse(
            names,
            {n: op >= dis.HAVE_ARGUMENT for n, op in names.items()},
            lambda name, oparg: dis.stack_effect(names[name], oparg if names[name] >= dis.HAVE_ARGUMENT else None, jump=False),
            exact=True,
        )
    try:
        from xdis.cross_dis import xstack_effect
        from xdis.op_imports import get_opcode_module
    except ImportError:
        raise TableError(table.path, None, "checking a table for another Python needs xdis (pip install xdis)")
    opc = get_opcode_module(table.version_tuple + (0,), "CPython")
    names = dict(opc.opmap)
    errata = table.xdis_errata
    for pattern in errata.get("extra", []):
        for name in [n for n in names if fnmatch.fnmatchcase(n, pattern)]:
            del names[name]
    for name in errata.get("missing", []):
        names.setdefault(name, -1)

    def effect(name, oparg):
        if names[name] < 0:
            raise ValueError("unknown to xdis")
        return xstack_effect(names[name], opc, oparg, False)

    return OpcodeUniverse(names, {n: op < 0 or op >= opc.HAVE_ARGUMENT for n, op in names.items()}, effect, exact=False)


def _matches(name, patterns):
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def validate(table, universe=None):
    """Raise TableError for the first problem; return the universe used."""
    universe = universe or universe_for(table)
    known = set(universe.names)
    for name, row in sorted(table.rows.items()):
        if name not in known:
            raise TableError(row.path, name, "no such opcode in CPython %s" % table.version)
        if not row.makes_call:
            raise TableError(row.path, name, "the row makes no call in any variant: list the opcode in no_call")
    for name in sorted(table.no_call):
        if name not in known:
            raise TableError(table.path, name, "listed in no_call, but CPython %s has no such opcode" % table.version)
    for pattern in sorted(table.never_seen):
        if not any(fnmatch.fnmatchcase(n, pattern) for n in known):
            raise TableError(table.path, pattern, "listed in never_seen, but matches no CPython %s opcode" % table.version)
    missing = sorted(n for n in known if n not in table.rows and n not in table.no_call and not _matches(n, table.never_seen))
    if missing:
        raise TableError(table.path, None, "opcodes with no row and not declared no_call/never_seen: %s" % ", ".join(missing))
    for key, (effect_ok, what) in TRACING_OPCODE_EFFECTS.items():
        for name in table.tracing.get(key, []):
            if name not in known:
                raise TableError(table.path, "tracing", "%s lists %s, but CPython %s has no such opcode" % (key, name, table.version))
            if name not in table.no_call:
                raise TableError(table.path, "tracing", "%s lists %s, which is not in no_call" % (key, name))
            if not effect_ok(universe.stack_effect(name, 0)):
                raise TableError(table.path, "tracing", "%s lists %s, which %s" % (key, name, what))
    for name, pattern in sorted(table.patterns.items()):
        where = "patterns.%s" % name
        unknown = sorted(pattern.opnames - known)
        if unknown:
            raise TableError(pattern.path, where, "no such opcode in CPython %s: %s" % (table.version, ", ".join(unknown)))
        target = [name for index in pattern.at for name in pattern.steps[index][0]]
        if pattern.action == "elide" and not all(name in table.rows for name in target):
            raise TableError(pattern.path, where, "elides %s, which records no call" % "/".join(target))
        if pattern.action == "keep_display" and any(name in table.rows for name in target):
            raise TableError(pattern.path, where, "keep_display needs callless instructions, %s has a row" % "/".join(target))
    for name, row in sorted(table.rows.items()):
        if universe.exact or name not in XDIS_UNRELIABLE_EFFECTS:
            _check_effects(table, universe, name, row)
    return universe


def _check_effects(table, universe, name, row):
    opargs = SAMPLE_OPARGS if universe.has_arg.get(name, True) else (0,)
    for oparg in opargs:
        chosen = row
        for variant in row.variants:
            if eval(variant.condition, {"__builtins__": {}}, {"oparg": oparg}):
                chosen = variant
                break
        try:
            expected = universe.stack_effect(name, oparg)
        except (ValueError, TypeError):
            continue  # oparg outside what the opcode accepts
        try:
            declared = sum(i.count(oparg) for i in chosen.outputs) - sum(i.count(oparg) for i in chosen.inputs)
        except Exception as exc:  # an oparg expression that fails for this oparg
            raise TableError(chosen.path, name, "stack sizes fail for oparg=%d: %s" % (oparg, exc))
        if chosen.booked_effect is not None:
            declared = chosen.booked_effect
        if declared != expected:
            raise TableError(
                chosen.path, name,
                "stack %r has effect %+d for oparg=%d, but CPython %s's is %+d"
                % (chosen.stack_text, declared, oparg, table.version, expected),
            )
