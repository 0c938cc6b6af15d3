"""Load the opcode tables of opcode_tables/ and resolve each version's inheritance chain.

A table names its predecessor (``inherits``) and lists only what changed; ``resolve`` folds the
chain into one flat :class:`ResolvedTable` per version.  Every problem is a :class:`TableError`
naming the file and the row, so a broken table is never half-loaded.
"""
import ast
import hashlib
import os
import re
import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.8–3.10
    import tomli as tomllib

TABLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "opcode_tables")

#: Row keys the schema allows (documented in opcode_tables/README.md).
ROW_KEYS = {"stack", "call", "result", "variants", "special", "display", "absorbs", "exhausts", "hide_comprehension", "booked_effect"}
VARIANT_KEYS = ROW_KEYS - {"variants"} | {"if"}
TOP_KEYS = {"python", "inherits", "removed", "no_call", "never_seen", "tracing", "ops", "xdis_errata", "patterns", "removed_patterns"}
PATTERN_KEYS = {"why", "sequence", "at", "action"}
PATTERN_STEP_KEYS = {"op", "arg"}
#: What a pattern does at its ``at`` instruction (see opcode_tables/README.md).
PATTERN_ACTIONS = {"elide", "keep_display", "comprehension"}
TRACING_KEYS = {"extended_arg_event", "default_backend", "silent_pushes", "local_stores", "silent_moves", "bool_jumps"}
TRACING_VALUES = {"extended_arg_event": {"folded", "own"}, "default_backend": {"settrace", "monitoring"}}
#: Tracing keys whose value is a list of opcode names (checked against the version by validate).
TRACING_OPNAME_LISTS = {"silent_pushes", "local_stores", "silent_moves"}
#: Tracing keys whose value maps opcode names to a bool.
TRACING_OPNAME_FLAGS = {"bool_jumps"}


#: Names of the generated translators' own variables and modules.
RESERVED_NAMES = {"ctx", "st", "frame", "oparg", "fn", "names", "consts", "rt", "model", "operator", "builtins", "NULL"}


class TableError(ValueError):
    """A table is malformed or inconsistent; the message names file and row."""

    def __init__(self, path, row, problem):
        self.path, self.row, self.problem = path, row, problem
        where = os.path.relpath(path) if os.path.isabs(path) else path
        super().__init__("%s: %s: %s" % (where, row or "<table>", problem))


_TOKEN = re.compile(r"[A-Za-z_][A-Za-z_0-9]*(?:\[[^\]]*\])?")
_ITEM = re.compile(r"^([A-Za-z_][A-Za-z_0-9]*)(?:\[(.+)\])?$")


class StackItem:
    __slots__ = ("name", "size")

    def __init__(self, name, size):
        self.name, self.size = name, size  # size: None for one slot, else a Python expression of oparg

    def count(self, oparg):
        return 1 if self.size is None else int(eval(self.size, {"__builtins__": {}}, {"oparg": oparg}))

    def __repr__(self):
        return self.name if self.size is None else "%s[%s]" % (self.name, self.size)


def parse_stack(text, path, row):
    """``"a b[oparg] -- c"`` → (inputs, outputs), bottom to top."""
    if text.count("--") != 1:
        raise TableError(path, row, "stack must read 'inputs -- outputs', got %r" % text)
    sides = []
    for side in text.split("--"):
        items = []
        tokens = _TOKEN.findall(side)
        if "".join(tokens).replace(" ", "") != side.replace(" ", ""):
            raise TableError(path, row, "bad stack side %r" % side.strip())
        for token in tokens:
            match = _ITEM.match(token)
            if not match:
                raise TableError(path, row, "bad stack item %r" % token)
            size = match.group(2)
            if size is not None:
                _check_expression(size, {"oparg"}, path, row)
            items.append(StackItem(match.group(1), size))
        sides.append(items)
    for item in sides[0] + sides[1]:
        if item.name in RESERVED_NAMES:
            raise TableError(path, row, "stack item %r would shadow a name the generated code uses" % item.name)
    names = [i.name for i in sides[0] if i.name != "unused"]
    if len(set(names)) != len(names):
        raise TableError(path, row, "duplicate input names in %r" % text)
    return sides[0], sides[1]


def _check_expression(text, allowed_names, path, row, allow_calls=False):
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise TableError(path, row, "cannot parse %r: %s" % (text, exc.msg))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in allowed_names:
            raise TableError(path, row, "unknown name %r in %r" % (node.id, text))
        if isinstance(node, ast.Call) and not allow_calls:
            raise TableError(path, row, "calls are not allowed in %r" % text)
    return tree


class Row:
    """One opcode's call semantics (or one oparg variant of them)."""

    def __init__(self, opname, data, path, origin):
        self.opname, self.path, self.origin = opname, path, origin
        unknown = set(data) - (ROW_KEYS if "if" not in data else VARIANT_KEYS)
        if unknown:
            raise TableError(path, opname, "unknown keys %s" % sorted(unknown))
        if "stack" not in data:
            raise TableError(path, opname, "a row needs 'stack'")
        self.condition = data.get("if")
        if self.condition is not None:
            _check_expression(self.condition, {"oparg"}, path, opname)
        self.stack_text = data["stack"]
        self.inputs, self.outputs = parse_stack(data["stack"], path, opname)
        self.call = data.get("call", "")
        self.special = data.get("special", "")
        if self.call and self.special:
            raise TableError(path, opname, "a row has either 'call' or 'special', not both")
        self.result = data.get("result")
        self.display = data.get("display", False)
        self.absorbs = list(data.get("absorbs", []))
        self.exhausts = bool(data.get("exhausts", False))
        self.hide_comprehension = bool(data.get("hide_comprehension", False))
        # What dis.stack_effect reports where the compiler books an over-approximation of the
        # runtime shape that ``stack`` describes.
        self.booked_effect = data.get("booked_effect")
        input_names = {i.name for i in self.inputs}
        for name in [a.split(":")[0] for a in self.absorbs]:
            if name not in input_names:
                raise TableError(path, opname, "absorbs names %r, which is not a stack input" % name)
        self.variants = [Row(opname, v, path, origin) for v in data.get("variants", [])]
        if self.variants and any(v.condition is None for v in self.variants):
            raise TableError(path, opname, "every variant needs 'if'")

    @property
    def makes_call(self):
        return bool(self.call or self.special or self.absorbs or any(v.makes_call for v in self.variants))


def _names(value, path, where, what):
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
        raise TableError(path, where, "%s must be a string or a non-empty list of strings, got %r" % (what, value))
    return tuple(values)


class Pattern:
    """A run of instructions that the model treats differently from its opcodes one by one.

    ``sequence`` lists the instructions (EXTENDED_ARG prefixes are skipped when matching), each
    ``{op = NAME | [NAMES], arg = ARG | [ARGS]}`` (``arg`` compared with dis's argrepr, or with
    the argument value when dis shows none); ``at`` indexes the instruction ``action`` applies to,
    or lists several (kept as a tuple of indices).
    """

    __slots__ = ("name", "why", "steps", "at", "action", "path")

    def __init__(self, name, data, path):
        self.name = name
        where = "patterns.%s" % name
        if not isinstance(data, dict) or set(data) - PATTERN_KEYS or not PATTERN_KEYS <= set(data):
            raise TableError(path, where, "a pattern is {why, sequence, at, action}, got %r" % (data,))
        self.why, self.path = data["why"], path
        if data["action"] not in PATTERN_ACTIONS:
            raise TableError(path, where, "action must be one of %s, got %r" % (sorted(PATTERN_ACTIONS), data["action"]))
        self.action = data["action"]
        sequence = data["sequence"]
        if not isinstance(sequence, list) or len(sequence) < 2:
            raise TableError(path, where, "sequence must list at least two instructions")
        steps = []
        for step in sequence:
            if not isinstance(step, dict) or "op" not in step or set(step) - PATTERN_STEP_KEYS:
                raise TableError(path, where, "a sequence step is {op, arg?}, got %r" % (step,))
            args = _names(step["arg"], path, where, "arg") if "arg" in step else None
            steps.append((_names(step["op"], path, where, "op"), args))
        self.steps = tuple(steps)
        at = data["at"]
        indices = at if isinstance(at, list) and at else [at]
        if not all(type(i) is int and 0 <= i < len(self.steps) for i in indices):
            raise TableError(path, where, "at must index the sequence (an index or a list of them), got %r" % (at,))
        self.at = tuple(indices)

    @property
    def opnames(self):
        return {name for ops, _ in self.steps for name in ops}


class ResolvedTable:
    def __init__(self, version, chain):
        self.version = version          # "3.9"
        self.chain = chain              # [path of 3.8, ..., path of this version]
        self.rows = {}                  # opname -> Row
        self.no_call = set()
        self.never_seen = set()
        self.tracing = {}
        self.xdis_errata = {}
        self.patterns = {}              # name -> Pattern: instruction runs the model treats as a whole

    @property
    def path(self):
        return self.chain[-1]

    def digest(self):
        sha = hashlib.sha256()
        for path in self.chain:
            with open(path, "rb") as handle:
                sha.update(handle.read())
        return sha.hexdigest()

    @property
    def version_tuple(self):
        return tuple(int(p) for p in self.version.split("."))


def table_path(version, tables_dir=TABLES_DIR):
    return os.path.join(tables_dir, "cpython-%s.toml" % version)


def available_versions(tables_dir=TABLES_DIR):
    found = []
    for name in os.listdir(tables_dir):
        match = re.match(r"^cpython-(\d+\.\d+)\.toml$", name)
        if match:
            found.append(match.group(1))
    return sorted(found, key=lambda v: tuple(int(p) for p in v.split(".")))


def _load(path):
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise TableError(path, None, "table file is missing")
    except tomllib.TOMLDecodeError as exc:
        raise TableError(path, None, "not valid TOML: %s" % exc)


def resolve(version, tables_dir=TABLES_DIR):
    """Fold ``version``'s table and its ancestors into one ResolvedTable."""
    path = table_path(version, tables_dir)
    data = _load(path)
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise TableError(path, None, "unknown top-level keys %s" % sorted(unknown))
    if data.get("python") != version:
        raise TableError(path, None, "declares python = %r, expected %r" % (data.get("python"), version))
    parent = data.get("inherits")
    if parent is None:
        table = ResolvedTable(version, [path])
    else:
        base = resolve(parent, tables_dir)
        table = ResolvedTable(version, base.chain + [path])
        table.rows, table.no_call, table.never_seen = dict(base.rows), set(base.no_call), set(base.never_seen)
        table.tracing = dict(base.tracing)
        table.patterns = dict(base.patterns)
    for name in data.get("removed", []):
        if name not in table.rows and name not in table.no_call and name not in table.never_seen:
            raise TableError(path, name, "removed, but the inherited table does not know it")
        table.rows.pop(name, None)
        table.no_call.discard(name)
        table.never_seen.discard(name)
    for key, target in (("no_call", table.no_call), ("never_seen", table.never_seen)):
        for name in data.get(key, []):
            if name in data.get("ops", {}):
                raise TableError(path, name, "listed in %s and given a row" % key)
            for other in (table.no_call, table.never_seen):
                other.discard(name)
            table.rows.pop(name, None)
            target.add(name)
    tracing = data.get("tracing", {})
    if set(tracing) - TRACING_KEYS:
        raise TableError(path, "tracing", "unknown keys %s" % sorted(set(tracing) - TRACING_KEYS))
    for key, value in tracing.items():
        if key in TRACING_OPNAME_LISTS:
            if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
                raise TableError(path, "tracing", "%s must be a list of opcode names, got %r" % (key, value))
            continue
        if key in TRACING_OPNAME_FLAGS:
            if not isinstance(value, dict) or not all(isinstance(flag, bool) for flag in value.values()):
                raise TableError(path, "tracing", "%s must map opcode names to true or false, got %r" % (key, value))
            continue
        if value not in TRACING_VALUES[key]:
            raise TableError(path, "tracing", "%s must be one of %s, got %r" % (key, sorted(TRACING_VALUES[key]), value))
    if tracing.get("default_backend") == "monitoring" and tuple(int(p) for p in version.split(".")) < (3, 12):
        raise TableError(path, "tracing", "default_backend = 'monitoring' needs sys.monitoring (3.12+)")
    table.tracing.update(tracing)
    table.xdis_errata = data.get("xdis_errata", {})
    for name in data.get("removed_patterns", []):
        if table.patterns.pop(name, None) is None:
            raise TableError(path, "patterns.%s" % name, "removed, but the inherited table has no such pattern")
    for name, entry in data.get("patterns", {}).items():  # a pattern in a later file replaces it whole
        table.patterns[name] = Pattern(name, entry, path)
    for name, row in data.get("ops", {}).items():
        table.no_call.discard(name)
        table.never_seen.discard(name)
        table.rows[name] = Row(name, row, path, version)
    return table
