"""Hypothesis strategies for small, executable, terminating, deterministic Python programs.

``programs()`` draws the source text of a program built over a *typed environment*: the
generator tracks every variable it has bound and its type (int, float, str, bool, list of ints,
tuple of ints, dict str -> int, set of ints, iterator of ints, int -> int callable, instances of
the program's own classes) and only writes operations that are valid for those types, so most
programs run to completion.  Exceptions are still possible (and wanted: they are part of what is
compared), e.g. ``raise`` statements, failing conversions inside ``try`` or a guard that a value
does not meet.

Rules that keep programs terminating and deterministic:

- loops are ``for`` over bounded iterables or ``while`` with a counter incremented first;
  lists only grow outside loops (a loop over a list that its body appends to never ends), and
  values assigned inside loops are bounded (``% 1000`` for ints, ``[:8]`` for sequences);
- functions only call functions defined before them (no recursion);
- sets hold ints only (string hashes are randomized per process), nothing prints an object
  whose repr carries an address, no ``id()``, time or randomness;
- classes get a deterministic ``__repr__``.

Every choice is a hypothesis primitive whose simplest value (``0``, ``False``, the first
option) gives the simplest program, so failing programs shrink to a few lines.
"""
import sys

from hypothesis import strategies as st

VERSION = sys.version_info[:2]
# Whether a statement list goes on: False (stop) is the simple value shrinking aims at.
CONTINUE = st.sampled_from([False, True, True, True])
BLOCK_CONTINUE = st.sampled_from([False, True, True])

INT, FLOAT, STR, BOOL = "int", "float", "str", "bool"
LIST, TUPLE, DICT, SET = "list", "tuple", "dict", "set"
ITER, FN = "iter", "fn"  # iterator of ints; callable int -> int
BASIC = (INT, FLOAT, STR, BOOL, LIST, TUPLE, DICT, SET)
PRINTABLE = (INT, FLOAT, STR, BOOL, LIST, TUPLE, DICT, SET)

STR_LITERALS = ["a", "", "ab", "xyz", "k", "hello", "b a", "é"]
DICT_KEYS = ["a", "b", "k", "x", "key"]
EXCEPTIONS = ["ValueError", "KeyError", "IndexError", "ZeroDivisionError", "TypeError", "RuntimeError"]
SPECS = {
    INT: ["", "d", "03d", ">4", "<3", "^5", "x", "+d", ",", "b"],
    FLOAT: ["", ".2f", ">8.3f", "e", ".1%", ".3g", "+.1f"],
    STR: ["", ">5", "<4", "^6", ".2", "s"],
    BOOL: ["", ">6"],
}
CLASS_FEATURES = (
    "add", "radd", "iadd", "sub", "mul", "neg", "eq", "lt", "hash", "getitem", "setitem", "len",
    "iter", "itergen", "contains", "bool", "format", "call", "ctx", "swallow", "method",
    "staticmethod", "classmethod", "property", "getattr", "match_args", "classattr",
)


def obj(cls):
    return "obj:" + cls


def is_obj(t):
    return t.startswith("obj:")


class ClassInfo:
    def __init__(self, name, base, features):
        self.name, self.base, self.own = name, base, set(features)

    def has(self, feature):
        return feature in self.own or (self.base is not None and self.base.has(feature))

    def owner(self, feature):
        """The class that defines ``feature`` (results of its operators are of that class)."""
        if feature in self.own:
            return self
        return self.base.owner(feature) if self.base is not None else None


class Sig:
    """What a program function accepts and returns."""

    def __init__(self, params, defaults, kwonly, varargs, varkw, ret):
        self.params = params      # [(name, type)], positional-or-keyword
        self.defaults = defaults  # how many trailing params have defaults
        self.kwonly = kwonly      # [(name, type)], all with defaults
        self.varargs, self.varkw, self.ret = varargs, varkw, ret

    @property
    def required(self):
        return self.params[: len(self.params) - self.defaults]

    def fits_fn(self):
        """Callable with one int argument (usable where an int -> int callable is expected)."""
        return self.ret == INT and len(self.required) == 1 and self.required[0][1] == INT


class Scope:
    """Names visible at one point of the program."""

    def __init__(self, kind, vars_=None, funcs=None):
        self.kind = kind                  # 'module' | 'function' | 'lambda'
        self.vars = dict(vars_ or {})     # name -> type
        self.assignable = set()           # names a statement or walrus here may rebind
        self.local_lists = set()          # lists a function created itself (growable)
        self.funcs = dict(funcs or {})    # name -> Sig
        self.loop = 0                     # enclosing loops in this function
        self.nested = 0                   # enclosing blocks (if, for, try, ...) in this function
        self.returns = None               # return type inside a function
        self.comp_vars = set()

    def snapshot(self):
        return (dict(self.vars), set(self.assignable), set(self.local_lists), dict(self.funcs))

    def restore(self, snap):
        self.vars, self.assignable, self.local_lists, self.funcs = (dict(snap[0]), set(snap[1]), set(snap[2]), dict(snap[3]))

    def of(self, t):
        return sorted(n for n, vt in self.vars.items() if vt == t)

    def targets(self, t):
        """Names of type ``t`` that may be rebound here (walrus, assignment)."""
        return sorted(n for n, vt in self.vars.items() if vt == t and n in self.assignable and n not in self.comp_vars)

    def comprehension(self, var, t=INT):
        inner = Scope(self.kind, self.vars, self.funcs)
        inner.assignable = set(self.assignable)
        inner.comp_vars = set(self.comp_vars) | {var}
        inner.vars[var] = t
        inner.returns = self.returns
        return inner


def _in_span(draw, gen, fn, args):
    saved = gen._draw
    gen._draw = draw
    try:
        return fn(*args)
    finally:
        gen._draw = saved


# Each statement and expression is drawn inside its own nested strategy, i.e. its own span of
# choices: hypothesis' shrinker deletes statements and replaces an expression by one of its
# sub-expressions by operating on these spans.
_statement_span = st.composite(_in_span)
_expression_span = st.composite(_in_span)


class Gen:
    def __init__(self, draw, max_statements=8, max_depth=3):
        self._draw = draw
        self.max_statements = max_statements
        self.max_depth = max_depth
        self.counter = 0
        self.classes = {}
        self.min_version = (3, 8)
        self.imports = set()

    # ---- primitives --------------------------------------------------------------------------
    def draw(self, strategy):
        return self._draw(strategy)

    def index(self, n):
        return self.draw(st.integers(0, n - 1)) if n > 1 else 0

    def pick(self, options):
        options = list(options)
        return options[self.index(len(options))]

    def flag(self):
        return self.draw(st.booleans())

    def small(self, lo=0, hi=4):
        return self.draw(st.integers(lo, hi))

    def fresh(self, prefix):
        self.counter += 1
        return "%s%d" % (prefix, self.counter)

    def needs(self, version):
        self.min_version = max(self.min_version, version)

    def obj_types(self, feature=None):
        return [obj(name) for name, info in sorted(self.classes.items()) if feature is None or info.has(feature)]

    def info(self, t):
        return self.classes[t[4:]]

    def choose(self, options):
        """Run one of ``options`` (callables, simplest first)."""
        return self.pick(options)()

    # ---- leaves ------------------------------------------------------------------------------
    def literal(self, t, sc=None):
        if t == INT:
            return repr(self.draw(st.integers(-3, 12)))
        if t == FLOAT:
            return repr(self.pick([0.5, 1.25, -2.0, 3.0, 0.1, 10.75]))
        if t == STR:
            return repr(self.pick(STR_LITERALS))
        if t == BOOL:
            return self.pick(["True", "False"])
        if t == LIST:
            return repr([self.small(-2, 9) for _ in range(self.small(0, 3))])
        if t == TUPLE:
            return repr(tuple(self.small(-2, 9) for _ in range(self.small(0, 3))))
        if t == DICT:
            return "{%s}" % ", ".join("%r: %d" % (self.pick(DICT_KEYS), self.small(-2, 9)) for _ in range(self.small(0, 2)))
        if t == SET:
            items = [self.small(-2, 9) for _ in range(self.small(0, 3))]
            return "{%s}" % ", ".join(map(str, items)) if items else "set()"
        if t == ITER:
            return "iter(%s)" % self.literal(LIST)
        if t == FN:
            return self.pick(["abs", "(lambda q: q + 1)", "(lambda q: q * 2)"])
        if is_obj(t):
            return "%s(%s)" % (t[4:], self.literal(INT))
        raise AssertionError(t)

    def leaf(self, t, sc):
        names = sc.of(t)
        if names and self.flag():
            return self.pick(names)
        return self.literal(t, sc)

    def expr(self, t, sc, depth, fstring=False):
        if depth <= 0:
            return self.leaf(t, sc)
        return self._draw(_expression_span(self, self._expr, (t, sc, depth, fstring)))

    def _expr(self, t, sc, depth, fstring):
        makers = {
            INT: self.int_options, FLOAT: self.float_options, STR: self.str_options, BOOL: self.bool_options,
            LIST: self.list_options, TUPLE: self.tuple_options, DICT: self.dict_options, SET: self.set_options,
            ITER: self.iter_options, FN: self.fn_options,
        }
        if is_obj(t):
            more = self.obj_expr_options(t, sc, depth - 1, fstring)
        else:
            more = makers[t](sc, depth - 1, fstring)
        options = [lambda: self.leaf(t, sc)] + more
        walrus = self.walrus_option(t, sc, depth - 1, fstring)
        if walrus is not None:
            options.append(walrus)
        return self.choose(options)

    def sub(self, t, sc, depth, fstring=False):
        return self.expr(t, sc, depth, fstring)

    def walrus_option(self, t, sc, depth, fstring):
        targets = sc.targets(t)
        if not targets or sc.kind == "lambda":
            return None
        return lambda: "(%s := %s)" % (self.pick(targets), self.sub(t, sc, depth, fstring))

    def guarded_index(self, seq, sc, depth, default, fstring):
        """``seq[i] if len(seq) > i else default`` for a literal index (negative too)."""
        k = self.small(-2, 3)
        bound = k if k >= 0 else -k - 1
        return "(%s[%d] if len(%s) > %d else %s)" % (seq, k, seq, bound, default)

    # ---- expressions by type -----------------------------------------------------------------
    def int_options(self, sc, d, fs):
        s = lambda t=INT: self.sub(t, sc, d, fs)
        opts = [
            lambda: "(%s %s %s)" % (s(), self.pick(["+", "-", "*", "&", "|", "^"]), s()),
            lambda: "(%s %s (%s or 1))" % (s(), self.pick(["//", "%"]), s()),
            lambda: "(%s %s (%s %% 5))" % (s(), self.pick(["<<", ">>", "**"]), s()),
            lambda: "(%s%s)" % (self.pick(["-", "~", "+"]), s()),
            lambda: "len(%s)" % s(self.pick([STR, LIST, TUPLE, DICT, SET])),
            lambda: "%s(%s, %s)" % (self.pick(["min", "max"]), s(), s()),
            lambda: "abs(%s)" % s(),
            lambda: "(%s if %s else %s)" % (s(), s(BOOL), s()),
            lambda: "sum([%s])" % self.comprehension_body(INT, sc, d, fs),
            lambda: "sum(%s)" % self.genexp(INT, sc, d, fs),
            lambda: "max(%s, default=%s)" % (s(LIST), s()),
            lambda: "%s(%s)" % (self.pick(["int", "round"]), s(FLOAT)),
            lambda: "%s.%s(%s)" % (s(STR), self.pick(["find", "count"]), s(STR)),
            lambda: "len(str(%s))" % s(),
            lambda: "%s(%s)" % (s(FN), s()),
            lambda: "sum(map(%s, %s))" % (s(FN), s(LIST)),
            lambda: "%s.get(%s, %s)" % (s(DICT), s(STR), s()),
            lambda: "(%s[%s] if %s in %s else %s)" % self._dict_lookup(sc, d, fs),
            lambda: self.guarded_index(self.leaf(LIST, sc), sc, d, s(), fs),
            lambda: self.guarded_index(self.leaf(TUPLE, sc), sc, d, s(), fs),
            lambda: "sum(%s)" % s(self.pick([LIST, TUPLE, SET])),
            lambda: "int(%s)" % s(BOOL),
            lambda: "(lambda q, r=%s: q %s r)(%s)" % (self.literal(INT), self.pick(["+", "*", "-"]), s()),
            lambda: "divmod(%s, (%s or 1))[%d]" % (s(), s(), self.small(0, 1)),
            lambda: "(sorted(%s, reverse=%s)[0] if %s else %s)" % self._sorted_first(sc, d, fs),
        ]
        iters = sc.of(ITER)
        if iters:
            opts.append(lambda: "next(%s, %s)" % (self.pick(iters), s()))
        if self.classes:
            opts.append(lambda: "%s.v" % s(self.pick(self.obj_types())))
        for feature, form in [
            ("getitem", lambda o: "%s[%s]" % (o, s())),
            ("len", lambda o: "len(%s)" % o),
            ("method", lambda o: "%s.m(%s)" % (o, self.choose([lambda: "", s, lambda: "k=" + s()]))),
            ("property", lambda o: "%s.double" % o),
            ("classattr", lambda o: "%s.k" % o),
            ("iter", lambda o: "sum(%s)" % o),
            ("itergen", lambda o: "sum(%s)" % o),
            ("call", lambda o: "%s(%s)" % (o, s())),
            ("getattr", lambda o: "%s.%s" % (o, self.pick(["missing", "zz", "ab"]))),
        ]:
            types_ = self.obj_types(feature)
            if types_:
                opts.append(lambda form=form, types_=types_: form(self.sub(self.pick(types_), sc, d, fs)))
        static = [c for c in self.obj_types("staticmethod")]
        if static:
            opts.append(lambda: "%s.sm(%s)" % (self.pick(static)[4:], s()))
        opts.extend(self.func_call_options(INT, sc, d, fs))
        return opts

    def _dict_lookup(self, sc, d, fs):
        dct = self.leaf(DICT, sc)
        key = self.sub(STR, sc, 0, fs)
        return dct, key, key, dct, self.sub(INT, sc, d, fs)

    def _sorted_first(self, sc, d, fs):
        lst = self.leaf(LIST, sc)
        return lst, self.pick(["True", "False"]), lst, self.sub(INT, sc, d, fs)

    def float_options(self, sc, d, fs):
        s = lambda t=FLOAT: self.sub(t, sc, d, fs)
        return [
            lambda: "(%s %s %s)" % (s(), self.pick(["+", "-", "*"]), s(self.pick([FLOAT, INT]))),
            lambda: "(%s / (%s or 1))" % (s(self.pick([FLOAT, INT])), s(self.pick([FLOAT, INT]))),
            lambda: "float(%s)" % s(INT),
            lambda: "abs(%s)" % s(),
            lambda: "(-%s)" % s(),
            lambda: "round(%s, %d)" % (s(), self.small(0, 2)),
            lambda: "(%s if %s else %s)" % (s(), s(BOOL), s()),
        ]

    def str_options(self, sc, d, fs):
        s = lambda t=STR: self.sub(t, sc, d, fs)
        opts = [
            lambda: "(%s + %s)" % (s(), s()),
            lambda: "(%s * (%s %% 3))" % (s(), s(INT)),
            lambda: "%s[%s]" % (s(), self.slice_text(sc, d, fs)),
            lambda: "str(%s)" % s(self.pick(PRINTABLE)),
            lambda: "repr(%s)" % s(self.pick(PRINTABLE)),
            lambda: "%s.%s()" % (s(), self.pick(["upper", "strip", "title", "lower"])),
            lambda: "%s.replace(%s, %s)" % (s(), s(), s()),
            lambda: "'-'.join([str(q) for q in %s])" % self.sub(LIST, self._no_walrus(sc), d, fs),
            lambda: "':'.join(%s)" % s(DICT),
            lambda: "('%%s=%%d' %% (%s, %s))" % (s(), s(INT)),
            lambda: "'{}-{!r}'.format(%s, %s)" % (s(), s(self.pick(PRINTABLE))),
            lambda: "type(%s).__name__" % s(self.pick(PRINTABLE)),
            lambda: "(%s if %s else %s)" % (s(), s(BOOL), s()),
            lambda: "(%s[0] if %s else 'e')" % ((lambda v: (v, v))(self.leaf(STR, sc))),
        ]
        if not fs:
            opts.append(lambda: self.fstring(sc, d))
        if self.classes:
            opts.append(lambda: "%s(%s)" % (self.pick(["str", "repr"]), s(self.pick(self.obj_types()))))
        opts.extend(self.func_call_options(STR, sc, d, fs))
        return opts

    def slice_text(self, sc, d, fs):
        bound = lambda: self.choose([lambda: "", lambda: str(self.small(-3, 4)), lambda: self.sub(INT, sc, 0, fs)])
        form = self.index(3)
        if form == 0:
            return "%s:%s" % (bound(), bound())
        if form == 1:
            return "::%s" % self.pick(["2", "-1", "3"])
        return "%s:%s:%s" % (bound(), bound(), self.pick(["1", "2", "-1", "-2"]))

    def fstring(self, sc, d):
        pieces = []
        for _ in range(self.small(1, 3)):
            if self.flag():
                pieces.append(self.pick(["x", "=", " ", "ab", "{{", "}}"]))
            t = self.pick(PRINTABLE + tuple(self.obj_types()))
            text = self.sub(t, sc, d, True)
            if text.startswith("{"):
                text = "(%s)" % text
            conversion = self.pick(["", "!r", "!s", "!a"])
            if conversion:
                spec = self.pick(SPECS[STR])
            elif t in SPECS:
                spec = self.pick(SPECS[t])
            elif is_obj(t) and self.info(t).has("format"):
                spec = self.pick(SPECS[INT])
            else:
                spec = ""
            if not conversion and t in (INT, FLOAT, STR) and self.index(4) == 0:
                spec = ">{%s}" % self.sub(INT, sc, 0, True).join(["(abs(", ") % 7)"])
            pieces.append("{%s%s%s}" % (text, conversion, ":" + spec if spec else ""))
        return 'f"%s"' % "".join(pieces)

    def bool_options(self, sc, d, fs):
        s = lambda t=INT: self.sub(t, sc, d, fs)
        cmp_ = lambda: self.pick(["<", "<=", "==", "!=", ">", ">="])
        opts = [
            lambda: "(%s %s %s)" % (s(), cmp_(), s()),
            lambda: "(%s %s %s %s %s)" % (s(), cmp_(), s(), cmp_(), s()),
            lambda: "(%s %s %s)" % (s(FLOAT), cmp_(), s(self.pick([FLOAT, INT]))),
            lambda: "(%s %s %s)" % (s(STR), self.pick(["==", "<", "!="]), s(STR)),
            lambda: "(%s %s %s)" % (s(), self.pick(["in", "not in"]), s(self.pick([LIST, TUPLE, SET]))),
            lambda: "(%s %s %s)" % (s(STR), self.pick(["in", "not in"]), s(self.pick([DICT, STR]))),
            lambda: "(not %s)" % s(BOOL),
            lambda: "(%s %s %s)" % (s(BOOL), self.pick(["and", "or"]), s(BOOL)),
            lambda: "isinstance(%s, %s)" % (s(self.pick(PRINTABLE)), self.pick(["int", "str", "(list, tuple)"])),
            lambda: "%s(%s)" % (self.pick(["any", "all"]), self.genexp(BOOL, sc, d, fs)),
            lambda: "bool(%s)" % s(self.pick([LIST, DICT, STR])),
            lambda: "(%s == %s)" % (s(LIST), s(LIST)),
            lambda: "(%s %s None)" % (self.pick(sc.of(LIST) + sc.of(INT) + ["None"]), self.pick(["is", "is not"])),
            lambda: "callable(%s)" % s(FN),
        ]
        if self.classes:
            opts.append(lambda: "(%s %s %s)" % ((lambda t: (s(t), self.pick(["==", "!=", "is", "is not"]), s(t)))(self.pick(self.obj_types()))))
            opts.append(lambda: "hasattr(%s, %s)" % (s(self.pick(self.obj_types())), self.pick(["'v'", "'w'"])))
        for feature, form in [
            ("lt", lambda o: "(%s < %s)" % (o, s())),
            ("contains", lambda o: "(%s in %s)" % (s(), o)),
            ("bool", lambda o: "bool(%s)" % o),
            ("eq", lambda o: "(%s == %s)" % (o, s())),
        ]:
            types_ = self.obj_types(feature)
            if types_:
                opts.append(lambda form=form, types_=types_: form(self.sub(self.pick(types_), sc, d, fs)))
        opts.extend(self.func_call_options(BOOL, sc, d, fs))
        return opts

    def list_options(self, sc, d, fs):
        s = lambda t=LIST: self.sub(t, sc, d, fs)
        i = lambda: self.sub(INT, sc, d, fs)
        opts = [
            lambda: "[%s]" % ", ".join(i() for _ in range(self.small(0, 3))),
            lambda: "[%s]" % ", ".join(self.pick([i, lambda: "*" + s(self.pick([LIST, TUPLE, SET]))])() for _ in range(self.small(1, 3))),
            lambda: "(%s + %s)" % (s(), s()),
            lambda: "(%s * (%s %% 3))" % (s(), i()),
            lambda: "%s[%s]" % (s(), self.slice_text(sc, d, fs)),
            lambda: "sorted(%s)" % s(self.pick([LIST, TUPLE, SET])),
            lambda: "sorted(%s, key=%s, reverse=%s)" % (s(), s(FN), self.pick(["False", "True"])),
            lambda: "list(range(%s %% 5))" % i(),
            lambda: "list(%s)" % s(self.pick([TUPLE, SET, ITER])),
            lambda: "list(%s.values())" % s(DICT),
            lambda: "[%s]" % self.comprehension_body(INT, sc, d, fs),
            lambda: self.nested_comprehension(sc, d, fs),
            lambda: "list(map(%s, %s))" % (s(FN), s()),
            lambda: "list(filter(lambda q: q %% 2, %s))" % s(),
            lambda: "[*%s]" % s(ITER),
            lambda: "%s.copy()" % self.leaf(LIST, sc),
            lambda: "(%s if %s else %s)" % (s(), s(BOOL), s()),
        ]
        for feature in ("iter", "itergen"):
            types_ = self.obj_types(feature)
            if types_:
                opts.append(lambda types_=types_: self.pick(["list(%s)", "[*%s]", "[q for q in %s]"]) % self.sub(self.pick(types_), self._no_walrus(sc), d, fs))
        opts.extend(self.func_call_options(LIST, sc, d, fs))
        return opts

    def tuple_options(self, sc, d, fs):
        i = lambda: self.sub(INT, sc, d, fs)
        s = lambda t=TUPLE: self.sub(t, sc, d, fs)
        return [
            lambda: "(%s,)" % i(),
            lambda: "(%s)" % ", ".join([i() for _ in range(self.small(2, 3))]),
            lambda: "(%s, *%s)" % (i(), s(self.pick([LIST, TUPLE]))),
            lambda: "tuple(%s)" % s(self.pick([LIST, SET, ITER])),
            lambda: "(%s + %s)" % (s(), s()),
            lambda: "%s[%s]" % (s(), self.slice_text(sc, d, fs)),
            lambda: "divmod(%s, (%s or 1))" % (i(), i()),
            lambda: "tuple(sorted(%s))" % s(SET),
        ]

    def dict_options(self, sc, d, fs):
        i = lambda: self.sub(INT, sc, d, fs)
        k = lambda: self.sub(STR, sc, 0, fs)
        s = lambda t=DICT: self.sub(t, sc, d, fs)
        opts = [
            lambda: "{%s}" % ", ".join("%s: %s" % (k(), i()) for _ in range(self.small(1, 3))),
            lambda: "{%s: %s, **%s}" % (k(), i(), s()),
            lambda: "{**%s, **%s}" % (s(), s()),
            lambda: "dict(%s)" % s(),
            lambda: "dict(%s=%s, %s=%s)" % ("a", i(), "b", i()),
            lambda: "{str(q): q for q in %s}" % self.sub(LIST, self._no_walrus(sc), d, fs),
            lambda: "dict(zip(%s, %s))" % (self.pick(["'ab'", "['x', 'y', 'k']", "'key'"]), s(LIST)),
        ]
        if VERSION >= (3, 9):
            opts.append(lambda: self._needs((3, 9), "(%s | %s)" % (s(), s())))
        return opts

    def _needs(self, version, text):
        self.needs(version)
        return text

    def set_options(self, sc, d, fs):
        i = lambda: self.sub(INT, sc, d, fs)
        s = lambda t=SET: self.sub(t, sc, d, fs)
        return [
            lambda: "{%s}" % ", ".join(i() for _ in range(self.small(1, 3))),
            lambda: "{%s, *%s}" % (i(), s(self.pick([LIST, SET, TUPLE]))),
            lambda: "set(%s)" % s(self.pick([LIST, TUPLE])),
            lambda: "(%s %s %s)" % (s(), self.pick(["|", "&", "-", "^"]), s()),
            lambda: "{q %% 4 for q in %s}" % self.sub(LIST, self._no_walrus(sc), d, fs),
        ]

    def iter_options(self, sc, d, fs):
        s = lambda t: self.sub(t, sc, d, fs)
        opts = [
            lambda: "iter(%s)" % s(self.pick([LIST, TUPLE, SET])),
            lambda: self.genexp(INT, sc, d, fs),
            lambda: "reversed(%s)" % s(LIST),
            lambda: "map(%s, %s)" % (s(FN), s(LIST)),
            lambda: "iter(range(%s %% 4))" % s(INT),
            lambda: "filter(None, %s)" % s(LIST),
        ]
        opts.extend(self.func_call_options(ITER, sc, d, fs))
        for feature in ("iter", "itergen"):
            types_ = self.obj_types(feature)
            if types_:
                opts.append(lambda types_=types_: "iter(%s)" % self.sub(self.pick(types_), sc, d, fs))
        return opts

    def fn_options(self, sc, d, fs):
        opts = [lambda: "(lambda q: %s)" % self.lambda_body(sc, d, fs)]
        fitting = sorted(n for n, sig in sc.funcs.items() if sig.fits_fn())
        if fitting:
            opts.append(lambda: self.pick(fitting))
        makers = sorted(n for n, sig in sc.funcs.items() if sig.ret == FN)
        if makers:
            opts.extend(self.func_call_options(FN, sc, d, fs))
        for feature, form in [("method", "%s.m"), ("call", "%s")]:
            types_ = self.obj_types(feature)
            if types_:
                opts.append(lambda form=form, types_=types_: form % self.sub(self.pick(types_), sc, d, fs))
        static = self.obj_types("staticmethod")
        if static:
            opts.append(lambda: "%s.sm" % self.pick(static)[4:])
        return opts

    def lambda_body(self, sc, d, fs, params=("q",)):
        inner = Scope("lambda", sc.vars, sc.funcs)
        for p in params:
            inner.vars[p] = INT
        return self.sub(INT, inner, min(d, 1), fs)

    def obj_expr_options(self, t, sc, d, fs):
        info = self.info(t)
        i = lambda: self.sub(INT, sc, d, fs)
        opts = [lambda: "%s(%s)" % (info.name, i())]
        for feature, form in [("add", "(%s + %s)"), ("sub", "(%s - %s)"), ("mul", "(%s * %s)")]:
            owner = info.owner(feature)
            if owner is not None and owner.name == info.name:
                opts.append(lambda form=form: form % (self.sub(t, sc, d, fs), i()))
        owner = info.owner("radd")
        if owner is not None and owner.name == info.name:
            opts.append(lambda: "(%s + %s)" % (i(), self.sub(t, sc, d, fs)))
        owner = info.owner("neg")
        if owner is not None and owner.name == info.name:
            opts.append(lambda: "(-%s)" % self.sub(t, sc, d, fs))
        if info.has("classmethod"):
            opts.append(lambda: "%s.make(%s)" % (info.name, i()))
        return opts

    def func_call_options(self, ret, sc, d, fs):
        names = sorted(n for n, sig in sc.funcs.items() if sig.ret == ret)
        if not names:
            return []
        return [lambda: self.call_text(self.pick(names), sc, d, fs)]

    def call_text(self, name, sc, d, fs):
        """A call of program function ``name`` in one of several argument-passing forms."""
        sig = sc.funcs[name]
        a = lambda t: self.sub(t, sc, d, fs)
        required, optional = sig.required, sig.params[len(sig.required):]
        positional, starred, keywords, double = [], [], [], []
        form = self.index(5)
        if form == 0:  # positional, some optional ones positionally too
            positional = [a(t) for _, t in required]
            positional += [a(t) for _, t in optional[: self.small(0, len(optional))]]
        elif form == 1:  # keywords
            keywords = ["%s=%s" % (p, a(t)) for p, t in required]
            keywords += ["%s=%s" % (p, a(t)) for p, t in optional if self.flag()]
        elif form == 2:  # *sequence for the positional part
            items = [a(t) for _, t in required]
            starred = ["*[%s]" % ", ".join(items)] if self.flag() else ["*(%s)" % "".join(x + ", " for x in items)]
        elif form == 3:  # **mapping
            double = ["**{%s}" % ", ".join("%r: %s" % (p, a(t)) for p, t in required)]
        else:  # mixed
            positional = [a(t) for _, t in required[:1]]
            rest = required[1:] + [opt for opt in optional if self.flag()]
            if rest:
                double = ["**{%s}" % ", ".join("%r: %s" % (p, a(t)) for p, t in rest)]
        for p, t in sig.kwonly:
            if self.flag():
                keywords.append("%s=%s" % (p, a(t)))
        if sig.varargs and self.flag():
            starred.append("*%s" % a(self.pick([LIST, TUPLE])))
        if sig.varkw and self.flag():
            if self.flag():
                double.append("**%s" % a(DICT))
            else:
                keywords.append("zq=%s" % a(INT))
        return "%s(%s)" % (name, ", ".join(positional + starred + keywords + double))

    # ---- comprehensions ------------------------------------------------------------------------
    def comprehension_body(self, t, sc, d, fs):
        var = self.fresh("v")
        source = self.sub(self.pick([LIST, TUPLE, SET]), self._no_walrus(sc), d, fs)
        inner = sc.comprehension(var)
        text = "%s for %s in %s" % (self.sub(t, inner, d, fs), var, source)
        if self.flag():
            text += " if %s" % self.sub(BOOL, inner, d, fs)
        return text

    def genexp(self, t, sc, d, fs):
        return "(%s)" % self.comprehension_body(t, sc, d, fs)

    def nested_comprehension(self, sc, d, fs):
        a, b = self.fresh("v"), self.fresh("v")
        outer_src = self.sub(LIST, self._no_walrus(sc), d, fs)
        inner1 = sc.comprehension(a)
        inner_src = "%s[:3]" % self.sub(LIST, self._no_walrus(inner1), d, fs)
        inner2 = inner1.comprehension(b)
        return "[%s for %s in %s for %s in %s]" % (self.sub(INT, inner2, d, fs), a, outer_src, b, inner_src)

    def _no_walrus(self, sc):
        view = Scope(sc.kind, sc.vars, sc.funcs)
        view.comp_vars = set(sc.comp_vars)
        return view

    # ---- statements --------------------------------------------------------------------------
    def more(self, strategy=None):
        """Whether a statement list goes on: False (stop) is the simple value shrinking aims at."""
        return self.draw(CONTINUE if strategy is None else strategy)

    def statements(self, sc, depth, max_count, make=None, more=None):
        """A list of statements, each drawn with its 'more' choice in one span (like hypothesis'
        lists), so the shrinker deletes a statement by deleting that span."""
        lines = []
        count = 0
        while True:
            args = (make or self._statement, sc, depth, count < max_count, more)
            drawn = self._draw(_statement_span(self, self._maybe, args))
            if drawn is None:
                return lines
            lines += drawn
            count += 1

    def _maybe(self, make, sc, depth, room, more):
        if not self.more(more) or not room:
            return None
        return make(sc, depth)

    def block(self, sc, depth, max_count=3):
        """A nested statement list (the caller forgets the names first bound inside it)."""
        sc.nested += 1
        lines = self.statements(sc, depth, max_count, more=BLOCK_CONTINUE)
        sc.nested -= 1
        return lines or ["pass"]

    def _statement(self, sc, depth):
        options = [
            self.st_assign, self.st_print, self.st_augassign, self.st_mutate, self.st_unpack,
            self.st_assert,
        ]
        if depth > 0:
            options += [self.st_if, self.st_for, self.st_while, self.st_try, self.st_with]
            options += [self.st_def]
            if sc.kind == "module":
                options += [self.st_generator, self.st_closure, self.st_decorated]
            if sc.kind == "module" and not sc.nested:
                options.append(self.st_class)  # classes stay visible to the end of the program
            if VERSION >= (3, 10):
                options.append(self.st_match)
        options.append(self.st_lambda)
        if sc.loop:
            options.append(self.st_break_continue)
        if sc.returns is not None:
            options.append(self.st_return)
        if sc.kind == "module":
            options += [self.st_import, self.st_exc_class]
        return self.pick(options)(sc, depth)

    def e(self, t, sc, fs=False):
        return self.expr(t, sc, self.small(0, self.max_depth), fs)

    def bounded(self, t, text, sc):
        """Values assigned inside loops stay small."""
        if not sc.loop:
            return text
        if t == INT:
            return "(%s) %% 1000" % text
        if t in (LIST, TUPLE, STR):
            return "(%s)[:8]" % text
        return text

    def bind(self, sc, name, t):
        sc.vars[name] = t
        sc.assignable.add(name)

    def new_type(self):
        return self.pick(list(BASIC) + [ITER, FN] + self.obj_types())

    def st_assign(self, sc, depth):
        existing = [n for n in sorted(sc.assignable) if n in sc.vars and n not in sc.comp_vars]
        if existing and self.flag():
            name = self.pick(existing)
            t = sc.vars[name]
        else:
            t = self.new_type()
            name = self.fresh({INT: "i", FLOAT: "f", STR: "s", BOOL: "b", LIST: "xs", TUPLE: "t", DICT: "d",
                               SET: "st", ITER: "it", FN: "h"}.get(t, "o"))
        line = "%s = %s" % (name, self.bounded(t, self.e(t, sc), sc))
        self.bind(sc, name, t)
        if t == LIST and sc.kind != "module":
            sc.local_lists.add(name)
        return [line]

    def st_print(self, sc, depth):
        items = [self.e(self.pick(PRINTABLE + tuple(self.obj_types())), sc) for _ in range(self.small(1, 2))]
        extra = self.pick(["", ", sep='|'", ", end=';\\n'"])
        return ["print(%s%s)" % (", ".join(items), extra)]

    def st_augassign(self, sc, depth):
        options = []
        for t, ops in [(INT, ["+=", "-=", "*=", "|=", "&=", "^="]), (FLOAT, ["+=", "-=", "*="]), (STR, ["+="]),
                       (SET, ["|=", "&=", "-="])]:
            targets = sc.targets(t)
            if targets:
                options.append(lambda t=t, ops=ops, targets=targets: self._aug(t, ops, targets, sc))
        lists = [n for n in sc.targets(LIST) if self.growable(sc, n)]
        if lists:
            options.append(lambda: ["%s += %s" % (self.pick(lists), self.e(self.pick([LIST, TUPLE]), sc))])
        ints = sc.targets(INT)
        if ints:
            options.append(lambda: ["%s //= (%s or 1)" % (self.pick(ints), self.e(INT, sc))])
        for ot in self.obj_types():
            names = sc.targets(ot)
            info = self.info(ot)
            if names and (info.has("iadd") or (info.owner("add") is info)):
                options.append(lambda names=names: ["%s += %s" % (self.pick(names), self.e(INT, sc))])
        objs = [n for t in self.obj_types() for n in sc.of(t)]
        if objs:
            options.append(lambda: ["%s.v %s %s" % (self.pick(objs), self.pick(["+=", "-=", "*="]), self.bounded_int(sc))])
        for lst in sc.of(LIST):
            options.append(lambda lst=lst: ["if %s:" % lst, "    %s[%s] += %s" % (lst, self.pick(["0", "-1"]), self.bounded_int(sc))])
        for dct in sc.of(DICT):
            options.append(lambda dct=dct: self._dict_aug(dct, sc))
        setitem = [n for t in self.obj_types("setitem") for n in sc.of(t)]
        if setitem and any(self.info(sc.vars[n]).has("getitem") for n in setitem):
            names = [n for n in setitem if self.info(sc.vars[n]).has("getitem")]
            options.append(lambda: ["%s[%s] += %s" % (self.pick(names), self.e(INT, sc), self.bounded_int(sc))])
        if not options:
            return self.st_assign(sc, depth)
        return self.choose(options)

    def bounded_int(self, sc):
        text = self.e(INT, sc)
        return "(%s) %% 7" % text if sc.loop else text

    def _aug(self, t, ops, targets, sc):
        name = self.pick(targets)
        op = self.pick(ops)
        value = self.e(t if t != FLOAT else self.pick([FLOAT, INT]), sc)
        if sc.loop and t in (INT, STR):
            value = "(%s) %s" % (value, "% 7" if t == INT else "[:2]")
        lines = ["%s %s %s" % (name, op, value)]
        if sc.loop and t in (INT, STR):
            lines.append("%s = %s" % (name, "%s %% 100000" % name if t == INT else "%s[-12:]" % name))
        return lines

    def _dict_aug(self, dct, sc):
        key = self.e(STR, sc)
        return ["%s[%s] = %s.get(%s, 0) + 1" % (dct, key, dct, key) if not sc.loop else "%s[%s] = 1" % (dct, key),
                "%s[%s] %s %s" % (dct, key, self.pick(["+=", "-=", "*="]), self.bounded_int(sc))]

    def growable(self, sc, name):
        return not sc.loop and (sc.kind == "module" or name in sc.local_lists)

    def st_mutate(self, sc, depth):
        options = []
        lists = [n for n in sc.of(LIST) if self.growable(sc, n)]
        if lists:
            options.append(lambda: ["%s.append(%s)" % (self.pick(lists), self.e(INT, sc))])
            # never an iterator: extending a list with an iterator over itself never ends
            options.append(lambda: ["%s.extend(%s)" % (self.pick(lists), self.e(self.pick([LIST, TUPLE]), sc))])
            options.append(lambda: ["%s.insert(%s, %s)" % (self.pick(lists), self.e(INT, sc), self.e(INT, sc))])
            options.append(lambda: ["%s[%s] = %s" % (self.pick(lists), self.slice_text(sc, 1, False), self.e(LIST, sc))])
        all_lists = sc.of(LIST)
        if all_lists:
            options.append(lambda: ["%s.%s()" % (self.pick(all_lists), self.pick(["sort", "reverse"]))])
            options.append(lambda: (lambda n: ["if %s:" % n, "    %s" % self.choose([lambda: "%s.pop()" % n, lambda: "del %s[0]" % n, lambda: "%s[-1] = %s" % (n, self.e(INT, sc))])])(self.pick(all_lists)))
            options.append(lambda: ["%s.sort(key=%s, reverse=%s)" % (self.pick(all_lists), self.e(FN, sc), self.pick(["True", "False"]))])
            options.append(lambda: ["del %s[%s]" % (self.pick(all_lists), self.slice_text(sc, 1, False))])
        dicts = sc.of(DICT)
        if dicts:
            options.append(lambda: ["%s[%s] = %s" % (self.pick(dicts), self.e(STR, sc), self.e(INT, sc))])
            options.append(lambda: ["%s.update(%s)" % (self.pick(dicts), self.e(DICT, sc))])
            options.append(lambda: (lambda n, k: ["if %s in %s:" % (k, n), "    del %s[%s]" % (n, k)])(self.pick(dicts), self.e(STR, sc)))
            options.append(lambda: ["%s.pop(%s, None)" % (self.pick(dicts), self.e(STR, sc))])
        sets = sc.of(SET)
        if sets:
            options.append(lambda: ["%s.%s(%s)" % (self.pick(sets), self.pick(["add", "discard"]), self.e(INT, sc))])
        objs = [n for t in self.obj_types() for n in sc.of(t)]
        if objs:
            options.append(lambda: ["%s.v = %s" % (self.pick(objs), self.bounded(INT, self.e(INT, sc), sc))])
            options.append(lambda: (lambda o: ["del %s.v" % o, "%s.v = %s" % (o, self.e(INT, sc))])(self.pick(objs)))
        setitem = [n for t in self.obj_types("setitem") for n in sc.of(t)]
        if setitem:
            options.append(lambda: ["%s[%s] = %s" % (self.pick(setitem), self.e(INT, sc), self.bounded_int(sc))])
        iters = sc.of(ITER)
        if iters:
            options.append(lambda: ["next(%s, None)" % self.pick(iters)])
        if not options:
            return self.st_assign(sc, depth)
        return self.choose(options)

    def st_unpack(self, sc, depth):
        form = self.index(5)
        if form == 0:
            names = [self.fresh("i") for _ in range(self.small(2, 3))]
            line = "%s = %s" % (", ".join(names), ", ".join(self.e(INT, sc) for _ in names))
            for n in names:
                self.bind(sc, n, INT)
            return [line]
        if form == 1:
            a, rest = self.fresh("i"), self.fresh("xs")
            star_first = self.flag()
            src = "[%s, *%s]" % (self.e(INT, sc), self.e(self.pick([LIST, TUPLE, SET]), sc))
            target = "*%s, %s" % (rest, a) if star_first else "%s, *%s" % (a, rest)
            self.bind(sc, a, INT)
            self.bind(sc, rest, LIST)
            return ["%s = %s" % (target, src)]
        if form == 2:
            a, b, c = self.fresh("i"), self.fresh("xs"), self.fresh("i")
            src = "(%s, *%s, %s)" % (self.e(INT, sc), self.e(LIST, sc), self.e(INT, sc))
            for n, t in ((a, INT), (b, LIST), (c, INT)):
                self.bind(sc, n, t)
            return ["%s, *%s, %s = %s" % (a, b, c, src)]
        if form == 3:
            a, b, c = self.fresh("i"), self.fresh("i"), self.fresh("s")
            line = "(%s, %s), %s = (%s, %s), %s" % (a, b, c, self.e(INT, sc), self.e(INT, sc), self.e(STR, sc))
            for n, t in ((a, INT), (b, INT), (c, STR)):
                self.bind(sc, n, t)
            return [line]
        for t in [INT, STR, LIST]:
            names = sc.targets(t)
            if len(names) >= 2:
                x, y = names[0], names[-1]
                return ["%s, %s = %s, %s" % (x, y, y, x)]
        a, b = self.fresh("i"), self.fresh("i")
        line = "%s, %s = divmod(%s, (%s or 1))" % (a, b, self.e(INT, sc), self.e(INT, sc))
        self.bind(sc, a, INT)
        self.bind(sc, b, INT)
        return [line]

    def st_assert(self, sc, depth):
        return ["assert %s, %s" % (self.choose([lambda: "True", lambda: "1 == 1", lambda: self.e(BOOL, sc)]), self.e(STR, sc))]

    def st_lambda(self, sc, depth):
        name = self.fresh("h")
        params = ["q"] + (["r=%s" % self.literal(INT)] if self.flag() else [])
        body = self.lambda_body(sc, 1, False, params=("q", "r") if len(params) == 2 else ("q",))
        self.bind(sc, name, FN)
        return ["%s = lambda %s: %s" % (name, ", ".join(params), body)]

    def st_import(self, sc, depth):
        module = self.pick(["math", "operator", "functools"])
        name = self.fresh("m")
        if module == "math":
            fn = self.pick(["floor", "ceil", "trunc"])
            line = "from math import %s as %s" % (fn, name)
            use = "%s = %s(%s)" % (self.fresh("i"), name, self.e(FLOAT, sc))
        elif module == "operator":
            line = "import operator as %s" % name
            use = "%s = %s.%s(%s, %s)" % (self.fresh("i"), name, self.pick(["add", "mul", "sub"]), self.e(INT, sc), self.e(INT, sc))
        else:
            line = "import functools"
            use = "%s = functools.reduce(lambda q, r: (q + r) %% 1000, %s, %s)" % (self.fresh("i"), self.e(LIST, sc), self.e(INT, sc))
        target = use.split(" = ")[0]
        self.bind(sc, target, INT)
        return [line, use]

    def st_exc_class(self, sc, depth):
        name = self.fresh("E")
        base = self.pick(["Exception", "ValueError", "KeyError"])
        body = ["    pass"] if self.flag() else ["    def __str__(self):", "        return %r" % ("custom " + name)]
        sc.vars[name] = "exc"
        return ["class %s(%s):" % (name, base)] + body

    def raise_text(self, sc):
        exc = self.pick(EXCEPTIONS + sc.of("exc"))
        arg = self.e(self.pick([STR, INT]), sc)
        tail = self.pick(["", " from None"])
        return "raise %s(%s)%s" % (exc, arg, tail)

    def failing_expr(self, sc):
        return self.choose([
            lambda: "int(%s)" % self.e(STR, sc),
            lambda: "%s[%s]" % (self.e(DICT, sc), self.e(STR, sc)),
            lambda: "%s[%d]" % (self.e(LIST, sc), self.small(2, 9)),
            lambda: "(1 // (%s - %s))" % ((lambda v: (v, v))(self.e(INT, sc))),
            lambda: "(%s + %s)" % (self.e(STR, sc), self.e(INT, sc)),
        ])

    def st_if(self, sc, depth):
        snap = sc.snapshot()
        lines = ["if %s:" % self.e(BOOL, sc)] + indent(self.block(sc, depth - 1))
        sc.restore(snap)
        if self.flag():
            lines += ["elif %s:" % self.e(BOOL, sc)] + indent(self.block(sc, depth - 1))
            sc.restore(snap)
        if self.flag():
            lines += ["else:"] + indent(self.block(sc, depth - 1))
            sc.restore(snap)
        return lines

    def loop_body(self, sc, depth, prelude=()):
        snap = sc.snapshot()
        sc.loop += 1
        body = list(prelude) + self.block(sc, depth - 1)
        sc.loop -= 1
        sc.restore(snap)
        return body

    def st_for(self, sc, depth):
        form = self.index(6)
        snap = sc.snapshot()
        if form == 0:
            var = self.fresh("v")
            head = "for %s in %s:" % (var, self.choose([lambda: "range(%d)" % self.small(0, 4), lambda: self.e(self.pick([LIST, TUPLE, SET, ITER]), sc)]))
            self.bind(sc, var, INT)
        elif form == 1:
            a, b = self.fresh("i"), self.fresh("v")
            head = "for %s, %s in enumerate(%s):" % (a, b, self.e(LIST, sc))
            self.bind(sc, a, INT)
            self.bind(sc, b, INT)
        elif form == 2:
            k, v = self.fresh("s"), self.fresh("v")
            head = "for %s, %s in %s.items():" % (k, v, self.e(DICT, sc))
            self.bind(sc, k, STR)
            self.bind(sc, v, INT)
        elif form == 3:
            a, b = self.fresh("v"), self.fresh("s")
            head = "for %s, %s in zip(%s, %s):" % (a, b, self.e(LIST, sc), self.e(STR, sc))
            self.bind(sc, a, INT)
            self.bind(sc, b, STR)
        elif form == 4 and (self.obj_types("iter") or self.obj_types("itergen")):
            var = self.fresh("v")
            head = "for %s in %s:" % (var, self.e(self.pick(self.obj_types("iter") + self.obj_types("itergen")), sc))
            self.bind(sc, var, INT)
        else:
            var = self.fresh("s")
            head = "for %s in %s:" % (var, self.e(self.pick([STR, DICT]), sc))
            self.bind(sc, var, STR)
        body = self.loop_body(sc, depth)
        sc.restore(snap)
        lines = [head] + indent(body)
        if self.flag():
            lines += ["else:"] + indent(self.block(sc, depth - 1))
            sc.restore(snap)
        return lines

    def st_while(self, sc, depth):
        counter = self.fresh("w")
        limit = self.small(0, 4)
        sc.vars[counter] = INT  # readable, never rebound by generated code
        lines = ["%s = 0" % counter, "while %s < %d:" % (counter, limit)]
        lines += indent(self.loop_body(sc, depth, prelude=["%s += 1" % counter]))
        return lines

    def st_break_continue(self, sc, depth):
        return ["if %s:" % self.e(BOOL, sc), "    %s" % self.pick(["break", "continue"])]

    def st_return(self, sc, depth):
        return ["if %s:" % self.e(BOOL, sc), "    return %s" % self.e(sc.returns, sc)]

    def st_try(self, sc, depth):
        snap = sc.snapshot()
        body = self.block(sc, depth - 1)
        form = self.index(3)
        if form == 0:
            body.append(self.raise_text(sc))
        elif form == 1:
            body.append("%s = %s" % (self.fresh("x"), self.failing_expr(sc)))
        sc.restore(snap)
        lines = ["try:"] + indent(body)
        handlers = self.small(0 if self.flag() else 1, 2)
        for _ in range(handlers):
            exc = self.pick(["Exception", "(KeyError, IndexError)"] + EXCEPTIONS + sc.of("exc"))
            if self.flag():
                name = self.fresh("e")
                lines.append("except %s as %s:" % (exc, name))
                handler = ["print(type(%s).__name__, %s)" % (name, self.pick(["str(%s)" % name, "repr(%s)" % name, "%s.args" % name]))]
            else:
                lines.append("except %s:" % exc)
                handler = []
            handler += self.block(sc, depth - 1)
            sc.restore(snap)
            lines += indent([h for h in handler if h != "pass"] or ["pass"])
        if handlers and self.flag():
            lines += ["else:"] + indent(self.block(sc, depth - 1))
            sc.restore(snap)
        if not handlers or self.flag():
            lines += ["finally:"] + indent(self.block(sc, depth - 1))
            sc.restore(snap)
        if not handlers and sc.kind == "module" and sc.loop == 0:
            # keep going after the exception propagates through the finally: wrap in a catch-all
            lines = ["try:"] + indent(lines) + ["except Exception as %s:" % self.fresh("e"), "    pass"]
        return lines

    def st_with(self, sc, depth):
        ctx_types = self.obj_types("ctx")
        snap = sc.snapshot()
        swallows = True
        if ctx_types:
            t = self.pick(ctx_types)
            swallows = self.info(t).has("swallow")
            managers = []
            for _ in range(self.small(1, 2)):
                name = self.fresh("c")
                managers.append("%s as %s" % (self.e(t, sc), name))
                self.bind(sc, name, t)
            head = "with %s:" % ", ".join(managers)
        else:
            head = "with __import__('contextlib').suppress(%s):" % self.pick(EXCEPTIONS)
        body = self.block(sc, depth - 1)
        if self.flag():
            body.append(self.choose([lambda: self.raise_text(sc), lambda: "%s = %s" % (self.fresh("x"), self.failing_expr(sc))]))
        sc.restore(snap)
        lines = [head] + indent(body)
        if not swallows:
            e = self.fresh("e")
            lines = ["try:"] + indent(lines) + ["except Exception as %s:" % e, "    print('with', type(%s).__name__)" % e]
        return lines

    def st_match(self, sc, depth):
        self.needs((3, 10))
        snap = sc.snapshot()
        t = self.pick([INT, LIST, DICT, STR, TUPLE] + self.obj_types())
        lines = ["match %s:" % self.e(t, sc)]
        cases = []
        for _ in range(self.small(1, 3)):
            cases.append(self.case_pattern(t, sc))
        if self.flag():
            cases.append(("_", {}))
        for pattern, binds in cases:
            for n, bt in binds.items():
                self.bind(sc, n, bt)
            guard = " if %s" % self.e(BOOL, sc) if self.index(4) == 0 else ""
            lines.append("    case %s%s:" % (pattern, guard))
            lines += indent(self.block(sc, depth - 1), 2)
            sc.restore(snap)
        return lines

    def case_pattern(self, t, sc):
        lit = lambda: str(self.small(-1, 4))
        if t == INT:
            form = self.index(3)
            if form == 0:
                return lit(), {}
            if form == 1:
                return "%s | %s" % (lit(), lit()), {}
            n = self.fresh("i")
            return "int(%s)" % n, {n: INT}
        if t in (LIST, TUPLE):
            form = self.index(4)
            if form == 0:
                return "[]", {}
            if form == 1:
                a, b = self.fresh("i"), self.fresh("i")
                return "[%s, %s]" % (a, b), {a: INT, b: INT}
            if form == 2:
                a, rest = self.fresh("i"), self.fresh("xs")
                return "[%s, *%s]" % (a, rest), {a: INT, rest: LIST}
            a = self.fresh("i")
            return "(%s, %s)" % (lit(), a), {a: INT}
        if t == DICT:
            n = self.fresh("i")
            return "{%r: %s}" % (self.pick(DICT_KEYS), n), {n: INT}
        if t == STR:
            form = self.index(2)
            if form == 0:
                return repr(self.pick(STR_LITERALS)), {}
            n = self.fresh("s")
            return "str() as %s" % n, {n: STR}
        info = self.info(t)
        n = self.fresh("i")
        if info.has("match_args") and self.flag():
            return "%s(%s)" % (info.name, n), {n: INT}
        if self.flag():
            return "%s(v=%s)" % (info.name, lit()), {}
        return "%s(v=%s)" % (info.name, n), {n: INT}

    # ---- definitions ---------------------------------------------------------------------------
    def function_scope(self, sc, params, sig_ret):
        inner = Scope("function", sc.vars, sc.funcs)
        inner.vars = {n: t for n, t in sc.vars.items() if n not in sc.comp_vars}
        for p, t in params:
            self.bind(inner, p, t)
        inner.returns = sig_ret
        return inner

    def st_def(self, sc, depth):
        name = self.fresh("fn")
        nparams = self.small(0, 3)
        params = [("p%d" % k, self.pick([INT, INT, STR, LIST])) for k in range(nparams)]
        defaults = self.small(0, nparams)
        kwonly = [("k%d" % k, INT) for k in range(self.small(0, 1))]
        varargs, varkw = self.flag(), self.flag()
        ret = self.pick([INT, STR, BOOL, LIST])
        texts = []
        for k, (p, t) in enumerate(params):
            texts.append(p if k < nparams - defaults else "%s=%s" % (p, self.expr(t, sc, 1)))
        if varargs:
            texts.append("*args")
        elif kwonly:
            texts.append("*")
        texts += ["%s=%s" % (p, self.literal(t)) for p, t in kwonly]
        if varkw:
            texts.append("**kwargs")
        inner = self.function_scope(sc, params + kwonly, ret)
        if varargs:
            self.bind(inner, "args", TUPLE)
        if varkw:
            inner.vars["kwargs"] = "kwdict"
        body = []
        globals_ = [n for n in sc.targets(INT) if sc.kind == "module"]
        if globals_ and self.index(3) == 0:
            g = self.pick(globals_)
            body.append("global %s" % g)
            inner.assignable.add(g)
            inner.vars[g] = INT
            body.append("%s += 1" % g)
        body += self.block(inner, max(depth - 1, 0))
        result = self.e(ret, inner)
        if varkw and ret == INT and self.flag():
            result = "%s + len(kwargs)" % result
        body.append("return %s" % result)
        sc.funcs[name] = Sig(params, defaults, kwonly, varargs, varkw, ret)
        return ["def %s(%s):" % (name, ", ".join(texts))] + indent([b for b in body if b != "pass"])

    def st_generator(self, sc, depth):
        name = self.fresh("g")
        inner = self.function_scope(sc, [("p0", INT)], None)
        form = self.index(3)
        if form == 0:
            var = self.fresh("v")
            loop_scope = inner
            loop_scope.loop += 1
            self.bind(loop_scope, var, INT)
            body = ["for %s in range(p0 %% 4):" % var, "    yield %s" % self.e(INT, loop_scope)]
            loop_scope.loop -= 1
        elif form == 1:
            body = ["yield from %s" % self.e(self.pick([LIST, TUPLE, ITER]), inner)]
        else:
            body = ["yield %s" % self.e(INT, inner), "if p0 > 1:", "    return", "yield p0"]
        sc.funcs[name] = Sig([("p0", INT)], 0, [], False, False, ITER)
        return ["def %s(p0):" % name] + indent(body)

    def st_closure(self, sc, depth):
        name = self.fresh("mk")
        inner = self.function_scope(sc, [("p0", INT)], FN)
        closure = self.function_scope(inner, [("p1", INT)], INT)
        body_lines = []
        if self.flag():
            body_lines = ["nonlocal p0", "p0 = (p0 + p1) % 100"]
        body_lines.append("return %s" % self.e(INT, closure))
        lines = ["def %s(p0):" % name, "    def inner(p1):"] + indent(body_lines, 2) + ["    return inner"]
        sc.funcs[name] = Sig([("p0", INT)], 0, [], False, False, FN)
        return lines

    def st_decorated(self, sc, depth):
        deco = self.fresh("deco")
        name = self.fresh("fn")
        lines = ["def %s(fn):" % deco]
        if self.flag():
            lines += ["    def wrapper(*args, **kwargs):", "        return fn(*args, **kwargs)", "    return wrapper"]
        else:
            lines += ["    return fn"]
        inner = self.function_scope(sc, [("p0", INT)], INT)
        lines += ["@%s" % deco, "def %s(p0, p1=%s):" % (name, self.literal(INT))]
        self.bind(inner, "p1", INT)
        lines += indent(["return %s" % self.e(INT, inner)])
        sc.funcs[name] = Sig([("p0", INT), ("p1", INT)], 1, [], False, False, INT)
        return lines

    def st_class(self, sc, depth):
        name = self.fresh("C")
        base = None
        if self.classes and self.flag():
            base = self.classes[self.pick(sorted(self.classes))]
        features = [f for f in CLASS_FEATURES if self.flag()]
        if "hash" in features and "eq" not in features:
            features.remove("hash")
        if "swallow" in features and "ctx" not in features:
            features.remove("swallow")
        info = ClassInfo(name, base, features)
        lines = ["class %s%s:" % (name, "(%s)" % base.name if base else "")]
        body = []
        if base is None:
            body += ["def __init__(self, v):", "    self.v = v",
                     "def __repr__(self):", "    return '%s(%r)' % (type(self).__name__, self.v)"]
        else:
            body += ["def __init__(self, v):",
                     "    %s.__init__(v + 1)" % self.pick(["super()", "super(%s, self)" % name])]
            if base.has("method") and self.flag():
                body += ["def m(self, k=1):", "    return super().m(k) + 1"]
        f = info.own
        if "match_args" in f:
            body += ["__match_args__ = ('v',)"]
        if "classattr" in f:
            body += ["k = len('%s') + abs(%d)" % (self.pick(STR_LITERALS), self.small(-3, 3))]
        if "add" in f:
            body += ["def __add__(self, o):", "    return %s(self.v + o)" % name]
        if "radd" in f:
            body += ["def __radd__(self, o):", "    return %s(o + self.v)" % name]
        if "iadd" in f:
            body += ["def __iadd__(self, o):", "    self.v += o", "    return self"]
        if "sub" in f:
            body += ["def __sub__(self, o):", "    return %s(self.v - o)" % name]
        if "mul" in f:
            body += ["def __mul__(self, o):", "    return %s((self.v * o) %% 1000)" % name]
        if "neg" in f:
            body += ["def __neg__(self):", "    return %s(-self.v)" % name]
        if "eq" in f:
            body += ["def __eq__(self, o):", "    return self.v == getattr(o, 'v', o)"]
            body += ["def __hash__(self):", "    return hash(self.v)"] if "hash" in f else ["__hash__ = None"]
        if "lt" in f:
            body += ["def __lt__(self, o):", "    return self.v < getattr(o, 'v', o)"]
        if "getitem" in f:
            body += ["def __getitem__(self, k):", "    return self.v + k"]
        if "setitem" in f:
            body += ["def __setitem__(self, k, value):", "    self.v = k + value"]
        if "len" in f:
            body += ["def __len__(self):", "    return self.v % 5"]
        if "iter" in f:
            body += ["def __iter__(self):", "    return iter(range(self.v % 4))"]
        elif "itergen" in f:
            body += ["def __iter__(self):", "    for i in range(self.v % 4):", "        yield i * 2"]
        if "contains" in f:
            body += ["def __contains__(self, x):", "    return x == self.v"]
        if "bool" in f:
            body += ["def __bool__(self):", "    return self.v > 0"]
        if "format" in f:
            body += ["def __format__(self, spec):", "    return format(self.v, spec)"]
        if "call" in f:
            body += ["def __call__(self, a):", "    return self.v * a"]
        if "ctx" in f:
            body += ["def __enter__(self):", "    self.v += 1", "    return self",
                     "def __exit__(self, et, ev, tb):", "    self.v -= 1"]
            body += ["    return et is not None and issubclass(et, Exception)"] if "swallow" in f else ["    return False"]
        if "method" in f:
            body += ["def m(self, k=1):", "    return self.v * k"]
        if "staticmethod" in f:
            body += ["@staticmethod", "def sm(a):", "    return a + 1"]
        if "classmethod" in f:
            body += ["@classmethod", "def make(cls, a):", "    return cls(a)"]
        if "property" in f:
            body += ["@property", "def double(self):", "    return self.v * 2"]
        if "getattr" in f:
            body += ["def __getattr__(self, name):", "    return len(name)"]
        if "itergen" in f and "iter" in f:
            info.own.discard("itergen")
        lines += indent(body)
        self.classes[name] = info
        return lines


def indent(lines, levels=1):
    pad = "    " * levels
    return [pad + line for line in lines]


class Program:
    """A generated program: its source and the oldest Python that can compile it."""

    def __init__(self, source, min_version):
        self.source, self.min_version = source, min_version

    def __repr__(self):
        return "Program(min_version=%r, source=\n%s)" % (self.min_version, self.source)

    def __str__(self):
        return self.source


@st.composite
def program_objects(draw, max_statements=8, max_depth=3):
    """Programs as :class:`Program` (source and minimum version)."""
    gen = Gen(draw, max_statements, max_depth)
    scope = Scope("module")
    lines = []
    lines += gen.statements(scope, 0, 2, make=gen.st_class, more=st.booleans())  # first: all statements use them
    lines += gen.statements(scope, 2, max_statements)
    source = "\n".join(lines) + "\n"
    return Program(source, gen.min_version)


def programs(max_statements=8, max_depth=3):
    """Source text of small executable, terminating, deterministic programs."""
    return program_objects(max_statements, max_depth).map(lambda p: p.source)
