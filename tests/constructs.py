"""The construct matrix: small programs, each with one golden trace shared by every version.

Each case runs with PRELUDE's names as globals (defined outside the recording, so their own
definitions do not appear in traces).  Golden traces live in tests/golden/constructs.txt;
tests/golden/constructs-<version>.txt overrides a case where docs/call-model.md documents a
version difference.
"""
import sys

PRELUDE = '''
class Box:
    def __init__(self, v): self.v = v
    def __repr__(self): return "Box(%r)" % (getattr(self, "v", "?"),)
    def __add__(self, o): return Box(self.v + getattr(o, "v", o))
    def __iadd__(self, o): self.v += getattr(o, "v", o); return self
    def __lt__(self, o): return self.v < getattr(o, "v", o)
    def __eq__(self, o): return self.v == getattr(o, "v", o)
    __hash__ = None
    def __getitem__(self, k): return ("item", k)
    def __setitem__(self, k, v): pass
    def __delitem__(self, k): pass
    def __contains__(self, x): return x == self.v
    def __neg__(self): return Box(-self.v)
    def __pos__(self): return Box(+self.v)
    def __invert__(self): return Box(~self.v)
    def __len__(self): return 2
    def __iter__(self): return iter([self.v, self.v])
    def __format__(self, spec): return "B" + format(self.v, spec)
    def __bool__(self): return bool(self.v)
    def get(self, k=0, *rest, **opts): return (k, rest, sorted(opts.items()))

class Ctx:
    def __init__(self, swallow=False): self.swallow = swallow
    def __repr__(self): return "Ctx()"
    def __enter__(self): return "entered"
    def __exit__(self, t, v, tb): return self.swallow

class ACtx:
    def __repr__(self): return "ACtx()"
    async def __aenter__(self): return "aentered"
    async def __aexit__(self, t, v, tb): return False

def ident(*a, **k): return a[0] if a else None
'''

CASES = {}


def case(name, source, min_version=(3, 8)):
    CASES[name] = (source.strip("\n"), min_version)


# ---- operators ---------------------------------------------------------------------------
for _name, _op in [("add", "+"), ("sub", "-"), ("mul", "*"), ("truediv", "/"), ("floordiv", "//"), ("mod", "%"),
                   ("pow", "**"), ("lshift", "<<"), ("rshift", ">>"), ("and", "&"), ("or", "|"), ("xor", "^")]:
    case("binary_" + _name, "a = 7\nb = 3\nc = a %s b" % _op)
    case("inplace_" + _name, "a = 7\na %s= 3" % _op)
case("binary_matmul", "class M:\n    def __matmul__(s, o): return 1\n    def __imatmul__(s, o): return 2\nm = M()\nx = m @ m\nm @= m")
case("binary_add_dunder", "x = Box(1) + 2")
case("inplace_add_dunder", "b = Box(1)\nb += 2")
case("inplace_list", "a = [1]\na += [2]")
case("unary_neg", "a = 5\nb = -a")
case("unary_pos", "a = Box(5)\nb = +a")
case("unary_invert", "a = 5\nb = ~a")
case("unary_not", "a = 5\nb = not a")
for _name, _op in [("lt", "<"), ("le", "<="), ("eq", "=="), ("ne", "!="), ("gt", ">"), ("ge", ">=")]:
    case("compare_" + _name, "a = 1\nb = 2\nc = a %s b" % _op)
case("compare_chained", "a = 1\nb = 2\nc = 3\nd = a < b < c")
case("compare_chained_short", "a = 3\nb = 2\nc = 1\nd = a < b < c")
case("compare_dunder", "x = Box(1) < 3")
case("contains", "x = 2 in [1, 2]")
case("not_contains", "x = 2 not in [1, 2]")
case("contains_dunder", "x = 1 in Box(1)")
case("is", "a = None\nx = a is None")
case("is_not", "a = None\nx = a is not None")
# an identity test against None used as a branch is not a call on any version (3.11+ jumps on None)
# a display bound by := is not folded into the display or call that unpacks it
# (0,) + () is the same tuple object: the result of + is not the display, nothing folds
case("display_through_operator", "x = [0, *((0, *[]) + ())]")
# a display left unfinished by an exception records nothing; a finished one stays
case("display_aborted", "def boom():\n    raise ValueError\nxs = [1]\ntry:\n    t = (0, *xs, boom())\n"
     "except ValueError:\n    pass\ntry:\n    u = str([*xs], *xs, boom())\nexcept ValueError:\n    pass")
case("call_packing_fails", "def f(**k):\n    return k\ntry:\n    f(a=1, **{'a': 2})\nexcept TypeError:\n    x = [1]")
case("walrus_display_unpacked", "b = [1]\nx = [*(a := [1]), *b]\nd = {**(e := {}), 'k': 1}\ns = str(*(t := [2]), **(u := {}))")
case("is_none_condition", "a = None\nb = [1, None]\nif a is None:\n    c = 1\nif a is not None:\n    c = 2\n"
     "d = 1 if a is None else 2\ne = [v for v in b if v is not None]\nf = None is a")
case("is_none_long_branch", "a = None\nif a is None:\n" + "    b = a\n" * 80 + "    c = [a]")  # EXTENDED_ARG jump on <= 3.10
case("bool_and_or", "a = 0\nb = 2\nc = a or b\nd = a and b")
case("conditional_expression", "a = 1\nb = 'y' if a else 'n'")

# ---- subscripts, slices, attributes ----------------------------------------------------------
case("subscript", "a = [1, 2, 3]\nb = a[1]")
case("subscript_store", "a = [1, 2, 3]\na[0] = 9")
case("subscript_delete", "a = [1, 2, 3]\ndel a[0]")
case("subscript_dict", "d = {'k': 1}\nv = d['k']")
case("subscript_dunder", "b = Box(0)\nx = b['k']\nb['k'] = 1\ndel b['k']")
case("slice_load", "a = [1, 2, 3, 4]\nb = a[1:3]")
case("slice_open", "a = [1, 2, 3, 4]\nb = a[1:]\nc = a[:2]")
case("slice_step", "a = [1, 2, 3, 4]\nb = a[::2]")
case("slice_variable_bounds", "a = [1, 2, 3, 4]\ni = 1\nj = 3\nb = a[i:j]\na[i:j] = [0]")
case("slice_store", "a = [1, 2, 3, 4]\na[1:3] = [9]")
case("slice_delete", "a = [1, 2, 3, 4]\ndel a[1:3]")
case("subscript_tuple_index", "b = Box(0)\ni = 1\nx = b[i, 2]")
case("attribute_load", "b = Box(3)\nx = b.v")
case("attribute_store", "b = Box(3)\nb.v = 4")
case("attribute_delete", "b = Box(3)\ndel b.v")
case("attribute_augmented", "b = Box(3)\nb.v += 1")
case("subscript_augmented", "a = [1, 2]\na[0] += 5")

# ---- calls -----------------------------------------------------------------------------------
case("call_builtin", "x = len([1, 2])")
case("call_keywords", "x = sorted([3, 1], reverse=True)")
case("call_star", "a = [1, 2]\nx = ident(*a)")
case("call_star_mixed", "a = [2, 3]\nx = ident(1, *a, 4)")
case("call_double_star", "k = {'z': 1}\nx = ident(0, **k)")
case("call_double_star_mixed", "k = {'z': 1}\nx = ident(0, y=2, **k)")
# displays after * / ** are folded into the call, lone or among other arguments
case("call_star_displays", "c = 1\nx = ident(*[c])\ny = ident(0, *[c], *{2}, *(c, 3))\nz = ident(*([c] if c else []), **{'k': c})")
case("call_star_generator", "x = ident(*(i for i in [5]))")
case("call_method", "a = []\na.append(1)")
# None's methods are bound to None (a descriptor's __get__(None, ...) would be the class's load)
case("call_method_of_none", "r = None.__repr__()\nf = None.__format__('')")
case("call_method_keywords", "b = Box(0)\nx = b.get(k=1)")
case("call_method_star", "b = Box(0)\nargs = (1, 2)\nx = b.get(*args)")
case("call_method_kwargs", "b = Box(0)\nx = b.get(1, 2, flag=True, **{'o': 1})")
case("call_nested", "x = len(str(abs(-12)))")
case("call_lambda", "f = lambda v: v + 1\nx = f(2)")
case("call_function_def", "def f(a, b=2):\n    return a * b\nx = f(3)")
case("call_closure", "def outer(n):\n    def inner(m):\n        return n + m\n    return inner\nx = outer(1)(2)")
case("call_recursion", "def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nx = fact(3)")
case("call_defaults_tuple", "d = 5\ndef f(a=d, *, b=d):\n    return a + b\nx = f()")
case("call_class_instantiate", "class K:\n    def __init__(self, v):\n        self.v = v\nk = K(3)")
case("call_staticmethod", "class K:\n    @staticmethod\n    def s(v):\n        return v\nx = K.s(1)")
case("call_classmethod", "class K:\n    @classmethod\n    def c(cls, v):\n        return v\nx = K.c(1)")
case("call_raises", "try:\n    int('x')\nexcept ValueError:\n    pass")
case("call_from_c_map", "x = list(map(lambda v: v * 2, [1, 2]))")
case("call_from_c_sorted_key", "x = sorted([3, 1, 2], key=lambda v: -v)")
case("super_zero_arg", "class A:\n    def m(self):\n        return 1\nclass B(A):\n    def m(self):\n        return super().m() + 1\nx = B().m()")
case("super_two_arg", "class A:\n    def m(self):\n        return 1\nclass B(A):\n    def m(self):\n        return super(B, self).m()\nx = B().m()")
case("super_attribute", "class A:\n    k = 5\nclass B(A):\n    def m(self):\n        return super().k\nx = B().m()")
case("decorator", "def deco(f):\n    return f\n@deco\ndef g():\n    return 1\nx = g()")

# ---- displays --------------------------------------------------------------------------------
case("list_display", "a = 1\nx = [a, 2]")
case("list_constants", "x = [1, 2, 3]")
case("list_star", "a = [1, 2]\nx = [0, *a, 3]")
case("list_empty", "x = []")
case("tuple_display", "a = 1\nx = (a, 2)")
case("tuple_constants", "x = (1, 2)")
case("tuple_star", "a = [1, 2]\nx = (0, *a)")
case("set_display", "a = 1\nx = {a, 2}")
case("set_star", "a = [1, 2]\nx = {0, *a}")
case("dict_display", "a = 1\nx = {'k': a, 'j': 2}")
case("dict_star", "a = {'z': 1}\nx = {'k': 0, **a}")
case("dict_empty", "x = {}")
case("nested_display", "a = 1\nx = [[a], (a, [a])]")
case("list_comprehension", "x = [v * 2 for v in [1, 2]]")
case("list_comprehension_if", "x = [v for v in [1, 2, 3] if v % 2]")
# a comprehension left by an exception built no container: no display record (also when retried)
case("comprehension_aborted", "r = []\nfor k in [0, 1]:\n    try:\n        r.append([1 // v for v in [1, k]])\n"
     "    except ZeroDivisionError:\n        r.append(None)")
case("set_comprehension", "x = {v % 2 for v in [1, 2, 3]}")
case("dict_comprehension", "x = {v: v * 2 for v in [1, 2]}")
case("nested_comprehension", "x = [(a, b) for a in [1, 2] for b in 'xy']")
case("generator_expression", "x = sum(v * v for v in [1, 2, 3])")

# ---- unpacking, iteration ---------------------------------------------------------------------
case("unpack_sequence", "t = [1, 2]\na, b = t")
case("unpack_swap", "a = 1\nb = 2\na, b = b, a")
case("unpack_four", "a, b, c, d = 'wxyz'")
case("unpack_star", "t = [1, 2, 3, 4]\na, *b, c = t")
case("unpack_nested", "t = [1, (2, 3)]\na, (b, c) = t")
case("unpack_for_target", "for k, v in [(1, 2)]:\n    pass")
case("for_range", "acc = 0\nfor i in range(3):\n    acc = acc + i")
case("for_break_continue", "out = []\nfor i in range(5):\n    if i == 1:\n        continue\n    if i == 3:\n        break\n    out.append(i)")
case("for_else", "for i in []:\n    pass\nelse:\n    x = len('ab')")
case("while_loop", "i = 0\nwhile i < 2:\n    i += 1")
case("for_dunder_iter", "for v in Box(7):\n    pass")
case("generator_function", "def gen(n):\n    for i in range(n):\n        yield i * 2\nx = list(gen(2))")
case("generator_send", "def gen():\n    got = yield 1\n    yield got + 1\ng = gen()\na = next(g)\nb = g.send(5)")
case("yield_from", "def inner():\n    yield 1\ndef outer():\n    yield from inner()\nx = list(outer())")

# ---- with, try ----------------------------------------------------------------------------------
case("with_not_a_manager", "try:\n    with 1:\n        pass\nexcept Exception:\n    x = [1]")  # no call: nothing to enter
case("with_normal", "with Ctx() as c:\n    x = len(c)")
case("with_exception_swallowed", "with Ctx(True):\n    raise KeyError('k')")
case("with_exception_propagates", "try:\n    with Ctx():\n        raise KeyError('k')\nexcept KeyError:\n    pass")
case("with_two_managers", "with Ctx() as a, Ctx() as b:\n    pass")
case("with_return", "def f():\n    with Ctx():\n        return len('ab')\nx = f()")
case("try_finally", "try:\n    x = len('a')\nfinally:\n    y = len('bb')")
case("try_except_else", "try:\n    x = int('1')\nexcept ValueError:\n    x = 0\nelse:\n    x = x + 1")
case("try_except_as", "try:\n    {}['k']\nexcept KeyError as e:\n    x = str(e)")
case("try_nested_reraise", "try:\n    try:\n        int('x')\n    finally:\n        y = abs(-1)\nexcept ValueError:\n    pass")
case("raise_from", "try:\n    raise ValueError('a') from None\nexcept ValueError:\n    pass")
case("assert_pass", "a = 1\nassert a == 1")

# ---- f-strings, imports --------------------------------------------------------------------------
case("fstring_plain", "a = 5\ns = f'{a}'")
case("fstring_text", "a = 5\ns = f'a={a}!'")
case("fstring_str", "a = 'q'\ns = f'{a!s}'")
case("fstring_repr", "a = 'q'\ns = f'{a!r}'")
case("fstring_ascii", "a = 'é'\ns = f'{a!a}'")
case("fstring_spec", "a = 3.14159\ns = f'{a:.2f}'")
case("fstring_repr_spec", "a = 'q'\ns = f'{a!r:>6}'")
case("fstring_nested_spec", "a = 3.14159\nw = 6\ns = f'{a:{w}.2f}'")
case("fstring_dunder", "s = f'{Box(2):03}'")
case("import_module", "import math")
case("import_dotted", "import os.path")
case("import_as", "import os.path as osp")
case("import_from", "from math import sqrt, pi")
case("import_relative_level", "try:\n    from . import nothing\nexcept ImportError:\n    pass")

# ---- scopes, classes, misc -----------------------------------------------------------------------
case("global_nonlocal", "g = 1\ndef f():\n    global g\n    g = g + 1\nf()")
case("class_body", "class K:\n    a = len('ab')\n    def m(self):\n        return self.a")
case("walrus", "if (n := len('abc')) > 2:\n    x = n")
case("lambda_default", "f = lambda a, b=len('xy'): a + b\nx = f(1)")
case("big_code_extended_arg", "\n".join("v%d = %d" % (i, i) for i in range(300)) + "\nx = v299 + v1")
case("many_constants_extended_arg", "x = [" + ", ".join("'s%d'" % i for i in range(300)) + "][299]")
case("async_run", "import asyncio\nasync def f(v):\n    return v * 2\nx = asyncio.run(f(3))")
case("async_with", "import asyncio\nasync def f():\n    async with ACtx() as a:\n        return len(a)\nx = asyncio.run(f())")
case("match_value", "v = 2\nmatch v:\n    case 1:\n        x = 'one'\n    case 2:\n        x = 'two'", min_version=(3, 10))
case("match_sequence", "v = [1, 2]\nmatch v:\n    case [a, b]:\n        x = a + b", min_version=(3, 10))
case("match_star", "v = [1, 2, 3]\nmatch v:\n    case [a, *rest]:\n        x = len(rest)", min_version=(3, 10))
case("match_mapping", "v = {'k': 1}\nmatch v:\n    case {'k': n}:\n        x = n + 1", min_version=(3, 10))
case("match_class", "v = Box(1)\nmatch v:\n    case Box(v=1):\n        x = 1", min_version=(3, 10))


def applicable(version=None):
    version = version or sys.version_info[:2]
    return {name: src for name, (src, minimum) in CASES.items() if version >= minimum}
