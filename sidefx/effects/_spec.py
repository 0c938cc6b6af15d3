"""Annotation spec files: TOML with a fixed schema, parsed into entries, validated with locations.

The format is documented in docs/side-effects.md.  In short::

    [spec]
    schema = 1
    modules = ["builtins"]                  # the modules whose callables the file describes

    [objects]                               # objects that *are* external state
    "os:environ" = { state = "environment", reads = true }

    [functions."list.append"]               # key: the callable's qualified name in its module
    mutates = ["self"]
    contains = [["self", "arg0"]]           # self holds a reference to arg0

    [functions.open]
    depends_on = ["external:file_system"]
    [[functions.open.case]]                 # extra effects that apply when `when` holds
    when = "arg1|kw:mode =~ '[wax+]'"
    mutates = ["external:file_system"]

Every problem is reported as ``file:line: message`` (:class:`SpecError`).
"""
import re
import sys

from sidefx.effects._types import EXTERNAL_STATES

SCHEMA_VERSION = 1


class SpecError:
    """One problem in a spec file: where it is and what is wrong."""

    __slots__ = ("file", "line", "message")

    def __init__(self, file, line, message):
        self.file, self.line, self.message = str(file), line, message

    def __str__(self):
        return "%s:%s: %s" % (self.file, self.line if self.line is not None else "?", self.message)

    __repr__ = __str__

    def __eq__(self, other):
        return isinstance(other, SpecError) and (self.file, self.line, self.message) == (other.file, other.line, other.message)

    def __hash__(self):
        return hash((self.file, self.line, self.message))


class SpecValidationError(ValueError):
    """Raised when a spec file that is being loaded does not validate; ``errors`` lists every problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


# ---------------------------------------------------------------------------------------------
# Locating keys in TOML text (tomllib gives no positions)
# ---------------------------------------------------------------------------------------------

def _split_key(text):
    """``a."b.c".d`` -> ('a', 'b.c', 'd')."""
    parts, buf, quote, i = [], "", None, 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"' and i + 1 < len(text):
                buf += text[i + 1]
                i += 2
                continue
            if ch == quote:
                quote = None
            else:
                buf += ch
        elif ch in "\"'":
            quote = ch
        elif ch == ".":
            parts.append(buf.strip())
            buf = ""
        else:
            buf += ch
        i += 1
    parts.append(buf.strip())
    return tuple(parts)


def _find_unquoted(text, targets):
    """Index of the first character of ``text`` outside quotes that is in ``targets`` (or -1)."""
    quote = None
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in targets:
            return i
        i += 1
    return -1


class _ValueScanner:
    """Follows a TOML value over lines: bracket depth and multi-line strings."""

    def __init__(self):
        self.depth = 0
        self.multiline = None  # '"""' or "'''" while inside one

    def feed(self, text):
        i = 0
        while i < len(text):
            if self.multiline:
                end = text.find(self.multiline, i)
                if end < 0:
                    return
                i = end + 3
                self.multiline = None
                continue
            ch = text[i]
            if text.startswith('"""', i) or text.startswith("'''", i):
                self.multiline = text[i:i + 3]
                i += 3
                continue
            if ch == "#":
                return
            if ch in "\"'":
                j = i + 1
                while j < len(text) and text[j] != ch:
                    j += 2 if (text[j] == "\\" and ch == '"') else 1
                i = j + 1
                continue
            if ch in "[{":
                self.depth += 1
            elif ch in "]}":
                self.depth -= 1
            i += 1

    @property
    def done(self):
        return self.depth <= 0 and not self.multiline


def locate_keys(text):
    """Map every table header and key path of a TOML document to its 1-based line number.

    Arrays of tables get their index in the path: ``[[functions.open.case]]`` -> ('functions',
    'open', 'case', 0).  Values that span lines are skipped as a whole.
    """
    lines = text.splitlines()
    located = {}
    table = ()
    counts = {}
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        if stripped.startswith("[["):
            end = _find_unquoted(stripped[2:], "]")
            path = _split_key(stripped[2:2 + end] if end >= 0 else stripped[2:])
            index = counts.get(path, 0)
            counts[path] = index + 1
            table = path + (index,)
            located.setdefault(path, i + 1)
            located[table] = i + 1
        elif stripped.startswith("["):
            end = _find_unquoted(stripped[1:], "]")
            table = _split_key(stripped[1:1 + end] if end >= 0 else stripped[1:])
            located.setdefault(table, i + 1)
        else:
            eq = _find_unquoted(stripped, "=")
            if eq > 0:
                key = table + _split_key(stripped[:eq])
                for n in range(len(table) + 1, len(key) + 1):
                    located.setdefault(key[:n], i + 1)
                scanner = _ValueScanner()
                scanner.feed(stripped[eq + 1:])
                while not scanner.done and i + 1 < len(lines):
                    i += 1
                    scanner.feed(lines[i])
        i += 1
    return located


def line_of(located, path):
    """The line of ``path`` or of its closest located ancestor."""
    path = tuple(path)
    while path:
        if path in located:
            return located[path]
        path = path[:-1]
    return 1


# ---------------------------------------------------------------------------------------------
# Pointers
# ---------------------------------------------------------------------------------------------

_BASE_RE = re.compile(
    r"^(?:(self|result|args|kwargs)|arg(\d+)|args\[(\d+):\]|kw:([A-Za-z_]\w*)|external:([A-Za-z_][\w.]*))$"
)
_ITEMS_RE = re.compile(r"^items\((.+)\)$")


class Alt:
    """One alternative of a pointer: a base, optionally wrapped in ``items(...)``."""

    __slots__ = ("kind", "value", "items")

    def __init__(self, kind, value, items):
        self.kind, self.value, self.items = kind, value, items

    def __repr__(self):
        return "Alt(%s,%r,%s)" % (self.kind, self.value, self.items)


class PointerExpr:
    """``alt|alt|...``: the first alternative that yields a value other than None (or missing)."""

    __slots__ = ("text", "alts")

    def __init__(self, text, alts):
        self.text, self.alts = text, tuple(alts)

    def __repr__(self):
        return "PointerExpr(%r)" % self.text

    @property
    def externals(self):
        return [a.value for a in self.alts if a.kind == "external"]


def parse_pointer(text, known_states):
    """Parse a pointer string; raises ValueError with a readable message."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("a pointer must be a non-empty string, got %r" % (text,))
    alts = []
    for raw in text.split("|"):
        part = raw.strip()
        items = False
        m = _ITEMS_RE.match(part)
        if m:
            items = True
            part = m.group(1).strip()
        m = _BASE_RE.match(part)
        if not m:
            raise ValueError(
                "bad pointer %r (expected self, result, argN, args, args[N:], kw:NAME, kwargs, "
                "external:NAME, items(...), alternatives joined by |)" % raw.strip()
            )
        word, index, start, kw, ext = m.groups()
        if word:
            alt = Alt(word, None, items)
        elif index is not None:
            alt = Alt("arg", int(index), items)
        elif start is not None:
            alt = Alt("args_from", int(start), items)
        elif kw is not None:
            alt = Alt("kw", kw, items)
        else:
            if items:
                raise ValueError("items() of an external state makes no sense: %r" % raw.strip())
            if ext not in known_states:
                raise ValueError(
                    "unknown external state %r (known: %s; declare new ones in [spec] external_states)"
                    % (ext, ", ".join(sorted(known_states)))
                )
            alt = Alt("external", ext, False)
        alts.append(alt)
    return PointerExpr(text, alts)


# ---------------------------------------------------------------------------------------------
# Conditions: a small expression language
# ---------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"\s*(?:(=~)|'((?:[^'\\]|\\.)*)'|([(),])|([A-Za-z_0-9:.|\[\]]+(?:\([A-Za-z_0-9:.|\[\]]*\))?))"
)
_KEYWORDS = {"and", "or", "not", "is", "isa"}
_IS_WORDS = {"true", "false", "none", "missing", "iterator", "external"}


def _tokenize(text):
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError("cannot read condition at %r" % text[pos:])
        op, string, punct, word = m.groups()
        if op:
            tokens.append(("op", op))
        elif string is not None:
            tokens.append(("str", string.replace("\\'", "'")))
        elif punct:
            tokens.append(("punct", punct))
        else:
            tokens.append(("kw" if word in _KEYWORDS else "word", word))
        pos = m.end()
    return tokens


class _CondParser:
    def __init__(self, text, known_states):
        self.tokens = _tokenize(text)
        self.pos = 0
        self.known = known_states

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self, kind=None, value=None):
        tok = self.peek()
        if tok[0] is None or (kind and tok[0] != kind) or (value and tok[1] != value):
            want = value or kind or "more"
            raise ValueError("expected %s, found %s" % (want, tok[1] if tok[0] else "end of condition"))
        self.pos += 1
        return tok

    def parse(self):
        node = self.disj()
        if self.peek()[0] is not None:
            raise ValueError("unexpected %r" % (self.peek()[1],))
        return node

    def disj(self):
        node = self.conj()
        while self.peek() == ("kw", "or"):
            self.take()
            node = ("or", node, self.conj())
        return node

    def conj(self):
        node = self.neg()
        while self.peek() == ("kw", "and"):
            self.take()
            node = ("and", node, self.neg())
        return node

    def neg(self):
        if self.peek() == ("kw", "not"):
            self.take()
            return ("not", self.neg())
        if self.peek() == ("punct", "("):
            self.take()
            node = self.disj()
            self.take("punct", ")")
            return node
        return self.atom()

    def atom(self):
        _, word = self.take("word")
        pointer = parse_pointer(word, self.known)
        kind, value = self.peek()
        if (kind, value) == ("op", "=~"):
            self.take()
            _, pattern = self.take("str")
            try:
                regex = re.compile(pattern)
            except re.error as exc:
                raise ValueError("bad regular expression %r: %s" % (pattern, exc))
            return ("match", pointer, regex)
        if (kind, value) == ("kw", "isa"):
            self.take()
            names = [self.take("word")[1]]
            while self.peek() == ("punct", ","):
                self.take()
                names.append(self.take("word")[1])
            return ("isa", pointer, tuple(names))
        if (kind, value) == ("kw", "is"):
            self.take()
            negate = False
            if self.peek() == ("kw", "not"):
                self.take()
                negate = True
            _, other = self.take("word")
            if other in _IS_WORDS:
                node = ("is_word", pointer, other)
            else:
                node = ("is", pointer, parse_pointer(other, self.known))
            return ("not", node) if negate else node
        raise ValueError("expected 'is', 'isa' or '=~' after %r" % word)


def parse_condition(text, known_states):
    if not isinstance(text, str) or not text.strip():
        raise ValueError("`when` must be a non-empty string")
    return _CondParser(text, known_states).parse()


# ---------------------------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------------------------

class Effects:
    """Effects of one table (an entry or one of its cases), with pointers parsed."""

    __slots__ = ("mutates", "depends_on", "views", "contains")

    def __init__(self, mutates=(), depends_on=(), views=(), contains=()):
        self.mutates, self.depends_on = tuple(mutates), tuple(depends_on)
        self.views, self.contains = tuple(views), tuple(contains)

    def __bool__(self):
        return bool(self.mutates or self.depends_on or self.views or self.contains)


class Entry:
    """The spec of one callable."""

    __slots__ = ("qualname", "file", "line", "method", "effects", "cases", "dispatch", "pure", "reads_args")

    def __init__(self, qualname, file, line, method, effects, cases, dispatch, pure, reads_args):
        self.qualname, self.file, self.line, self.method = qualname, file, line, method
        self.effects, self.cases, self.dispatch = effects, cases, dispatch
        self.pure, self.reads_args = pure, reads_args

    def __repr__(self):
        return "<spec %s (%s:%s)>" % (self.qualname, self.file, self.line)


class ObjectDecl:
    """An object that stands for external state (``[objects]``)."""

    __slots__ = ("module", "path", "state", "reads", "file", "line")

    def __init__(self, module, path, state, reads, file, line):
        self.module, self.path, self.state, self.reads, self.file, self.line = module, path, state, reads, file, line

    def resolve(self):
        """The object, if its module is already imported (never imports anything)."""
        obj = sys.modules.get(self.module)
        if obj is None:
            return None
        for part in self.path.split("."):
            try:
                obj = obj.__dict__[part] if hasattr(obj, "__dict__") and part in vars(obj) else getattr(obj, part)
            except Exception:
                return None
        return obj


class SpecFile:
    __slots__ = ("path", "modules", "external_states", "objects", "entries", "description")

    def __init__(self, path, modules, external_states, objects, entries, description):
        self.path, self.modules, self.external_states = path, modules, external_states
        self.objects, self.entries, self.description = objects, entries, description


_QUALNAME_RE = re.compile(r"^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*$")
_MODULE_RE = re.compile(r"^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*$")
_DISPATCH_RE = re.compile(r"^(self|arg\d+)\.([A-Za-z_]\w*)$")
_OBJECT_KEY_RE = re.compile(r"^([A-Za-z_][\w.]*):([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)$")

_EFFECT_KEYS = ("mutates", "depends_on", "views", "contains")
_ENTRY_KEYS = set(_EFFECT_KEYS) | {"case", "dispatch", "pure", "method", "reads_args", "also", "note"}
_CASE_KEYS = set(_EFFECT_KEYS) | {"when", "note"}
_SPEC_KEYS = {"schema", "modules", "description", "external_states", "requires"}
_TOP_KEYS = {"spec", "objects", "functions"}


class _Checker:
    def __init__(self, filename, text):
        self.file = str(filename)
        self.text = text
        self.errors = []
        self.located = None

    def error(self, path, message):
        if self.located is None:
            self.located = locate_keys(self.text)
        self.errors.append(SpecError(self.file, line_of(self.located, path), message))

    def line(self, path):
        if self.located is None:
            self.located = locate_keys(self.text)
        return line_of(self.located, path)


def _parse_effects(chk, table, path, known, allowed):
    out = {}
    for key in table:
        if key not in allowed:
            chk.error(path + (key,), "unknown key %r (allowed: %s)" % (key, ", ".join(sorted(allowed))))
    for key in ("mutates", "depends_on"):
        if key not in table:
            continue
        value = table[key]
        if not isinstance(value, list) or not value:
            chk.error(path + (key,), "%s must be a non-empty list of pointers" % key)
            continue
        parsed = []
        for item in value:
            try:
                parsed.append(parse_pointer(item, known))
            except ValueError as exc:
                chk.error(path + (key,), "%s: %s" % (key, exc))
        out[key] = parsed
    for key in ("views", "contains"):
        if key not in table:
            continue
        value = table[key]
        if not isinstance(value, list) or not value or not all(isinstance(g, list) for g in value):
            chk.error(path + (key,), "%s must be a non-empty list of lists of pointers" % key)
            continue
        groups = []
        for group in value:
            if len(group) < 2:
                chk.error(path + (key,), "%s: each group needs at least two pointers, got %r" % (key, group))
                continue
            parsed = []
            for item in group:
                try:
                    pointer = parse_pointer(item, known)
                except ValueError as exc:
                    chk.error(path + (key,), "%s: %s" % (key, exc))
                    continue
                if pointer.externals:
                    chk.error(path + (key,), "%s: external states cannot be views or containers: %r" % (key, item))
                    continue
                parsed.append(pointer)
            if len(parsed) == len(group):
                groups.append(tuple(parsed))
        out[key] = groups
    return Effects(out.get("mutates", ()), out.get("depends_on", ()), out.get("views", ()), out.get("contains", ()))


def check_spec_data(data, filename, text, extra_states=()):
    """Validate parsed TOML ``data``; returns (SpecFile or None, errors)."""
    chk = _Checker(filename, text)
    if not isinstance(data, dict):
        chk.error((), "the document must be a table")
        return None, chk.errors
    for key in data:
        if key not in _TOP_KEYS:
            chk.error((key,), "unknown top-level table %r (allowed: spec, objects, functions)" % key)
    spec = data.get("spec")
    modules, states, description = [], set(EXTERNAL_STATES) | set(extra_states), ""
    if not isinstance(spec, dict):
        chk.error(("spec",), "missing [spec] table (schema, modules)")
    else:
        for key in spec:
            if key not in _SPEC_KEYS:
                chk.error(("spec", key), "unknown key %r in [spec] (allowed: %s)" % (key, ", ".join(sorted(_SPEC_KEYS))))
        if spec.get("schema") != SCHEMA_VERSION:
            chk.error(("spec", "schema"), "schema must be %d, got %r" % (SCHEMA_VERSION, spec.get("schema")))
        mods = spec.get("modules")
        if not isinstance(mods, list) or not mods or not all(isinstance(m, str) and _MODULE_RE.match(m) for m in mods):
            chk.error(("spec", "modules"), "modules must be a non-empty list of module names, got %r" % (mods,))
        else:
            modules = list(mods)
        extra = spec.get("external_states", [])
        if not isinstance(extra, list) or not all(isinstance(s, str) and re.match(r"^[A-Za-z_][\w.]*$", s) for s in extra):
            chk.error(("spec", "external_states"), "external_states must be a list of names")
        else:
            states |= set(extra)
        description = spec.get("description", "")
        if not isinstance(description, str):
            chk.error(("spec", "description"), "description must be a string")
        if "requires" in spec and not isinstance(spec["requires"], str):
            chk.error(("spec", "requires"), "requires must be a string (a distribution name)")

    objects = {}
    raw_objects = data.get("objects", {})
    if not isinstance(raw_objects, dict):
        chk.error(("objects",), "[objects] must be a table")
        raw_objects = {}
    for key, decl in raw_objects.items():
        path = ("objects", key)
        m = _OBJECT_KEY_RE.match(key)
        if not m:
            chk.error(path, "object key must be 'module:attribute.path', got %r" % key)
            continue
        if not isinstance(decl, dict):
            chk.error(path, "object declaration must be a table {state = NAME, reads = BOOL}")
            continue
        unknown = set(decl) - {"state", "reads", "note"}
        if unknown:
            chk.error(path, "unknown keys in object declaration: %s" % ", ".join(sorted(unknown)))
        state = decl.get("state")
        if state not in states:
            chk.error(path, "object %r: unknown external state %r" % (key, state))
            continue
        reads = decl.get("reads", False)
        if not isinstance(reads, bool):
            chk.error(path, "object %r: reads must be true or false" % key)
            continue
        objects[key] = ObjectDecl(m.group(1), m.group(2), state, reads, chk.file, chk.line(path))

    entries = {}
    functions = data.get("functions", {})
    if not isinstance(functions, dict):
        chk.error(("functions",), "[functions] must be a table of tables")
        functions = {}
    for qualname, table in functions.items():
        path = ("functions", qualname)
        if not _QUALNAME_RE.match(qualname):
            chk.error(path, "bad callable name %r (expected a qualified name like 'open' or 'list.append')" % qualname)
            continue
        if not isinstance(table, dict):
            chk.error(path, "functions.%s must be a table" % qualname)
            continue
        n_errors = len(chk.errors)
        effects = _parse_effects(chk, table, path, states, _ENTRY_KEYS)
        cases = []
        raw_cases = table.get("case", [])
        if not isinstance(raw_cases, list) or not all(isinstance(c, dict) for c in raw_cases):
            chk.error(path + ("case",), "case must be an array of tables ([[functions.%s.case]])" % qualname)
            raw_cases = []
        for index, case in enumerate(raw_cases):
            cpath = path + ("case", index)
            if "when" not in case:
                chk.error(cpath, "a case needs a `when` condition")
                continue
            try:
                condition = parse_condition(case["when"], states)
            except ValueError as exc:
                chk.error(cpath + ("when",), "when: %s" % exc)
                continue
            case_effects = _parse_effects(chk, case, cpath, states, _CASE_KEYS)
            if not case_effects:
                chk.error(cpath, "a case needs at least one of mutates, depends_on, views, contains")
            cases.append((condition, case_effects))
        dispatch = None
        if "dispatch" in table:
            m = _DISPATCH_RE.match(table["dispatch"]) if isinstance(table["dispatch"], str) else None
            if not m:
                chk.error(path + ("dispatch",), "dispatch must look like 'arg0.__setitem__' or 'self.name', got %r" % (table["dispatch"],))
            else:
                dispatch = (parse_pointer(m.group(1), states), m.group(2))
        pure = table.get("pure", False)
        if not isinstance(pure, bool):
            chk.error(path + ("pure",), "pure must be true or false")
            pure = False
        if pure and (effects or cases or dispatch):
            chk.error(path + ("pure",), "pure = true cannot be combined with effects, cases or dispatch")
        if not pure and not any(key in table for key in _EFFECT_KEYS + ("case", "dispatch")):
            chk.error(path, "functions.%s declares nothing (give effects, cases, dispatch or pure = true)" % qualname)
        method = table.get("method", "." in qualname)
        if not isinstance(method, bool):
            chk.error(path + ("method",), "method must be true or false")
            method = "." in qualname
        reads_args = table.get("reads_args", True)
        if not isinstance(reads_args, bool):
            chk.error(path + ("reads_args",), "reads_args must be true or false")
            reads_args = True
        for key in ("note",):
            if key in table and not isinstance(table[key], str):
                chk.error(path + (key,), "note must be a string")
        if not method:
            for ptr in _all_pointers(effects, cases):
                if any(a.kind == "self" for a in ptr.alts):
                    chk.error(path, "functions.%s uses `self` but is not a method (set method = true)" % qualname)
                    break
        names = [qualname]
        also = table.get("also", [])
        if not isinstance(also, list) or not all(isinstance(a, str) and _QUALNAME_RE.match(a) for a in also):
            chk.error(path + ("also",), "also must be a list of qualified names")
            also = []
        names.extend(also)
        if len(chk.errors) > n_errors:
            continue
        line = chk.line(path)
        for position, name in enumerate(names):
            if name in entries or name in names[:position]:
                chk.error(path + ("also",) if position else path, "callable %r is described twice" % name)
                continue
            entries[name] = Entry(name, chk.file, line, method if "method" in table else "." in name,
                                  effects, cases, dispatch, pure, reads_args)
    if chk.errors:
        return None, chk.errors
    return SpecFile(chk.file, modules, states, objects, entries, description), chk.errors


def _all_pointers(effects, cases):
    for eff in [effects] + [c[1] for c in cases]:
        for p in eff.mutates + eff.depends_on:
            yield p
        for group in eff.views + eff.contains:
            for p in group:
                yield p


_LINE_RE = re.compile(r"at line (\d+)")


def _toml():
    """tomllib, or tomli before 3.11: imported when a spec is first read, so that recording
    (``import sidefx``) works without it."""
    if sys.version_info >= (3, 11):
        import tomllib
        return tomllib
    try:  # pragma: no cover - exercised on 3.8-3.10
        import tomli
    except ImportError:
        raise ImportError("reading side-effect specs on Python < 3.11 needs tomli (a dependency of "
                          "sidefx: pip install tomli)") from None
    return tomli


def parse_spec_text(text, filename="<spec>", extra_states=()):
    """Parse and validate spec text; returns (SpecFile or None, errors)."""
    toml = _toml()
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        m = _LINE_RE.search(str(exc))
        line = int(m.group(1)) if m else (max(1, len(text.splitlines())) if "end of document" in str(exc) else None)
        return None, [SpecError(filename, line, "TOML syntax error: %s" % exc)]
    return check_spec_data(data, filename, text, extra_states)


def validate_spec_text(text, filename="<spec>"):
    """The problems in spec ``text`` (empty when it validates)."""
    return parse_spec_text(text, filename)[1]


def validate_spec_file(path):
    """The problems in the spec file at ``path`` (empty when it validates)."""
    try:
        with open(str(path), "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        return [SpecError(path, None, "cannot read: %s" % exc)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [SpecError(path, None, "not UTF-8: %s" % exc)]
    return parse_spec_text(text, str(path))[1]


def load_spec_file(path):
    """Parse a spec file; raises :class:`SpecValidationError` listing every problem."""
    with open(str(path), "rb") as fh:
        text = fh.read().decode("utf-8")
    spec, errors = parse_spec_text(text, str(path))
    if errors:
        raise SpecValidationError(errors)
    return spec
