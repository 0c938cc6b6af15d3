"""Turn a validated ResolvedTable into the source of one translator module.

A translator is a function ``(ctx, st, frame, oparg) -> Pending | None`` run at the opcode event of
an instruction: it reads the instruction's stack inputs and describes the call the instruction is
about to make; the recorder completes it with the result at the frame's next event.
"""
import ast
import os

from .tables import TableError

#: Names a row's expressions may use besides its stack inputs.
MODULES = {"operator", "builtins", "model", "rt"}
CONTEXT = {"oparg", "names", "consts", "st", "NULL"}
METHOD_FORMS = {"bound_null_first": "rt.callable_null_first", "bound_null_second": "rt.callable_null_second"}


def _names(tree):
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


class _Emitter:
    def __init__(self, row, version):
        self.row, self.version = row, version
        self.lines = []

    def fail(self, problem):
        raise TableError(self.row.path, self.row.opname, problem)

    def parse(self, text, allowed):
        try:
            tree = ast.parse(text, mode="eval").body
        except SyntaxError as exc:
            self.fail("cannot parse %r: %s" % (text, exc.msg))
        unknown = _names(tree) - allowed - MODULES - CONTEXT - set(METHOD_FORMS) - {"trailing", "type", "len", "tuple", "reversed", "list", "next", "iter", "bool", "not"}
        if unknown:
            self.fail("unknown names %s in %r" % (sorted(unknown), text))
        return tree


def _offsets(items):
    """Python expressions for each item's start index, bottom to top, and the total size."""
    position = "0"
    spans = []
    for item in items:
        size = "1" if item.size is None else "(%s)" % item.size
        spans.append((item, position, size))
        position = size if position == "0" else "%s + %s" % (position, size)
    return spans, position


def _simplify(expr):
    try:
        return str(int(eval(expr, {"__builtins__": {}}, {})))
    except Exception:
        return expr


def emit_body(row, indent, version):
    em = _Emitter(row, version)
    pad = " " * indent
    if not row.makes_call:
        return [pad + "return None"]
    inputs = [i for i in row.inputs]
    input_names = {i.name for i in inputs if i.name != "unused"}
    routine = row.special.split("(")[0].strip() if row.special else None
    out = []
    expressions = [row.call, row.special, row.result or ""]
    used = set()
    for text in expressions:
        if text:
            used |= _names(em.parse(text, input_names | {o.name for o in row.outputs} | {routine}))
    used |= {a.split(":")[0] for a in row.absorbs}
    if "names" in used:
        out.append(pad + "names = frame.f_code.co_names")
    if "consts" in used:
        out.append(pad + "consts = frame.f_code.co_consts")
    spans, total = _offsets(inputs)
    needed = [s for s in spans if s[0].name in used]
    if needed:
        fixed = all(i.size is None for i in inputs)
        if fixed:
            targets = ", ".join(i.name if i.name in used else "_" for i in inputs)
            out.append(pad + "%s, = ctx.peek(frame, %d)" % (targets, len(inputs)))
        else:
            out.append(pad + "_stack = ctx.peek(frame, %s)" % _simplify(total))
            for item, start, size in needed:
                start = _simplify(start)
                if item.size is None:
                    out.append(pad + "%s = _stack[%s]" % (item.name, start))
                else:
                    out.append(pad + "%s = _stack[%s:%s]" % (item.name, start, _simplify("%s + %s" % (start, size))))
    for absorbed in row.absorbs:
        name, _, builder = absorbed.partition(":")  # "name" or "name:builder" (only that display kind)
        item, start, _ = [s for s in spans if s[0].name == name][0]
        items = "(%s,)" % name if item.size is None else name  # one slot, or an array of slots
        out.append(pad + "rt.absorb(ctx, st, frame, %s, %s%s)" % (
            items, _simplify("%s - (%s)" % (total, start)), ", model.%s" % builder if builder else ""))
    if not row.call and not row.special:
        out.append(pad + "return None")
        return out
    if row.special:
        tree = em.parse(row.special, input_names | {routine})
        if not isinstance(tree, ast.Call) or not isinstance(tree.func, ast.Name):
            em.fail("special must read 'routine(args...)', got %r" % row.special)
        args = ", ".join(_segment(row.special, a) for a in tree.args)
        out.append(pad + "return rt.%s(ctx, st, frame, oparg%s)" % (tree.func.id, ", " + args if args else ""))
        return out
    tree = em.parse(row.call, input_names)
    _unparse = lambda node: _segment(row.call, node)  # noqa: E731
    if not isinstance(tree, ast.Call):
        em.fail("call must read 'callee(args...)', got %r" % row.call)
    positional = []
    for arg in tree.args:
        if isinstance(arg, ast.Starred):
            positional.append("*" + _unparse(arg.value))
        else:
            positional.append(_unparse(arg))
    args_expr = "[%s]" % ", ".join(positional)
    kwargs_expr = "None"
    trailing = None
    for keyword in tree.keywords:
        if keyword.arg is None:
            value = keyword.value
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "trailing":
                trailing = _unparse(value.args[0])
            else:
                kwargs_expr = _unparse(value)
        else:
            em.fail("keyword arguments in a call row must be '**mapping' or '**trailing(names)'")
    callee = tree.func
    if isinstance(callee, ast.Call) and isinstance(callee.func, ast.Name) and callee.func.id in METHOD_FORMS:
        if len(callee.args) != 2:
            em.fail("%s takes two stack items" % callee.func.id)
        out.append(pad + "fn, _prefix = %s(%s, %s)" % (METHOD_FORMS[callee.func.id], _unparse(callee.args[0]), _unparse(callee.args[1])))
        args_expr = "_prefix + " + args_expr if args_expr != "[]" else "_prefix"
    else:
        out.append(pad + "fn = %s" % _unparse(callee))
    out.append(pad + "args = %s" % args_expr)
    if trailing:
        out.append(pad + "args, kwargs = rt.split_trailing_keywords(args, %s)" % trailing)
        kwargs_expr = "kwargs"
    elif kwargs_expr != "None":
        out.append(pad + "kwargs = rt.keyword_mapping(%s)" % kwargs_expr)
        kwargs_expr = "kwargs"
    result_fn, n_out = _result(em, row)
    flags = []
    if row.display:
        flags.append("rt.DISPLAY")
    if row.exhausts:
        flags.append("rt.EXHAUSTS")
    if row.hide_comprehension:
        flags.append("rt.HIDE_COMPREHENSION")
    out.append(pad + "return rt.Pending(fn, args, %s, %s, %s, %s)" % (kwargs_expr, result_fn, n_out, " | ".join(flags) or "0"))
    return out


def _segment(text, node):
    """The source of ``node`` as written in the table (ast.unparse needs 3.9; tables must also generate on 3.8)."""
    return ast.get_source_segment(text, node)


def _result(em, row):
    """(result function name or None, number of output slots to read)."""
    outputs = row.outputs
    result = row.result
    if result is None:
        if not outputs:
            return "rt.RESULT_NONE", "0"
        if len(outputs) == 1 and outputs[0].size is None:
            return "None", "1"
        em.fail("several outputs: say which is the result with 'result'")
    if result == "None":
        return "rt.RESULT_NONE", "0"
    if outputs and outputs[-1].size is None and result == outputs[-1].name:
        return "None", "1"
    em.result_function = result
    spans, total = _offsets(outputs)
    return "_result_%s" % _ident(row), _simplify(total)


def _ident(row):
    suffix = ""
    if row.condition:
        suffix = "_" + "".join(c if c.isalnum() else "_" for c in row.condition)
    return row.opname + suffix


def emit_result_function(row):
    spans, total = _offsets(row.outputs)
    lines = ["def _result_%s(outs, oparg):" % _ident(row)]
    for item, start, size in spans:
        start = _simplify(start)
        if item.name == "unused":
            continue
        if item.size is None:
            lines.append("    %s = outs[%s]" % (item.name, start))
        else:
            lines.append("    %s = outs[%s:%s]" % (item.name, start, _simplify("%s + %s" % (start, size))))
    lines.append("    return %s" % row.result)
    return lines


def _needs_result_function(row):
    if not row.makes_call or row.special or row.result in (None, "None"):
        return False
    return not (row.outputs and row.outputs[-1].size is None and row.result == row.outputs[-1].name)


#: Runtime helpers that grow the display given as their first argument (it stays on the stack).
DISPLAY_GROWING_SPECIALS = ("display_add", "display_extend", "match_rest")
#: Runtime helpers that convert the display given as their first argument into a new one.
DISPLAY_CONVERTING_SPECIALS = ("display_to_tuple",)
#: Runtime helpers that open a display record at the instruction's result slot.
DISPLAY_OPENING_SPECIALS = ("display_unpack", "display_to_tuple")


def _special_name(row):
    return row.special.split("(")[0].strip() if row.special else ""


def _special_target(row):
    return ast.parse(row.special, mode="eval").body.args[0].id


def _opens_display(row):
    return any(r.display or _special_name(r) in DISPLAY_OPENING_SPECIALS for r in [row] + row.variants)


def _slots_expression(row, names):
    """A Python expression: the slots (1 = top of stack) of the stack inputs called ``names``."""
    spans, total = _offsets(row.inputs)
    parts = []
    for item, start, size in spans:
        if item.name in names:
            # slots below the top: total - start - size + 1 ... total - start
            parts.append("range(%s, %s)" % (_simplify("(%s) - (%s) - %s + 1" % (total, start, size)),
                                            _simplify("(%s) - (%s) + 1" % (total, start))))
    if not parts:
        return "()"
    return "tuple(s for r in (%s,) for s in r)" % ", ".join(parts)


def _display_step_expression(row):
    """(number of inputs, slots of displays it grows, slots of displays it absorbs or converts)."""
    grows = [_special_target(row)] if _special_name(row) in DISPLAY_GROWING_SPECIALS else []
    takes = [a.split(":")[0] for a in row.absorbs]
    if _special_name(row) in DISPLAY_CONVERTING_SPECIALS:
        takes.append(_special_target(row))
    takes = [t for t in takes if t not in grows]
    _, total = _offsets(row.inputs)
    return "(%s, %s, %s)" % (_simplify(total), _slots_expression(row, grows), _slots_expression(row, takes))


def emit_display_step(name, row):
    lines = ["def _display_step_%s(oparg):" % name]
    for variant in row.variants:
        lines.append("    if %s:" % variant.condition)
        lines.append("        return %s" % _display_step_expression(variant))
    lines.append("    return %s" % _display_step_expression(row))
    return lines


#: Result kinds of a fast plan, read at the next event: the top of the stack; no result (None);
#: ``not`` the top; the attribute a method-form load stands for (rt.loaded_attribute, and its
#: 3.13+ order); the outputs in reverse order as a tuple (UNPACK_SEQUENCE's ``tuple(reversed())``).
(FAST_RESULT_TOP, FAST_RESULT_NONE, FAST_RESULT_NOT, FAST_RESULT_LOADED_NULL_FIRST,
 FAST_RESULT_LOADED_NULL_SECOND, FAST_RESULT_REVERSED) = range(6)
_FAST_RESULT_CALLS = {"rt.loaded_attribute": FAST_RESULT_LOADED_NULL_FIRST,
                      "rt.loaded_attribute_null_second": FAST_RESULT_LOADED_NULL_SECOND}

#: Where a fast plan's callee comes from: the plan itself, a stack input, or a method-form pair.
FAST_CALLEE_INPUT, FAST_CALLEE_NULL_FIRST, FAST_CALLEE_NULL_SECOND = 0, 1, 2
_FAST_METHOD_FORMS = {"bound_null_first": FAST_CALLEE_NULL_FIRST, "bound_null_second": FAST_CALLEE_NULL_SECOND}
#: A plan's keyword names: none, or the names KW_NAMES left in the frame state (3.11, 3.12).
FAST_NO_KEYWORDS, FAST_KW_NAMES_STATE = None, -1
#: What a plan does: record a call; or add one element to an open list display
#: (rt.display_add: the display's record gains the element, no call of its own).
FAST_ROUTINE_CALL, FAST_ROUTINE_GROW = 0, 1
#: An argument the plan makes from two stack inputs: ``builtins.slice(start, stop)`` (3.12+'s
#: BINARY_SLICE / STORE_SLICE index their container with the slice they stand for).
FAST_ARG_SLICE = 0


def _fast_result(em, row):
    """(result kind, number of output slots it reads) of a row, or None if the plan cannot say."""
    outputs = row.outputs
    result_fn, _ = _result(em, row)
    if result_fn == "rt.RESULT_NONE":
        return FAST_RESULT_NONE, "0"
    if result_fn == "None":
        return FAST_RESULT_TOP, "1"
    tree = em.parse(row.result, {o.name for o in outputs})
    names = [o.name for o in outputs]
    fixed = all(o.size is None for o in outputs)
    if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, ast.Not) and isinstance(tree.operand, ast.Name) \
            and fixed and names == [tree.operand.id]:
        return FAST_RESULT_NOT, "1"
    if isinstance(tree, ast.Call) and _segment(row.result, tree.func) in _FAST_RESULT_CALLS and fixed \
            and [getattr(a, "id", None) for a in tree.args] == names and len(names) == 2:
        return _FAST_RESULT_CALLS[_segment(row.result, tree.func)], "2"
    if row.result == "tuple(reversed(%s))" % names[0] and len(outputs) == 1 and outputs[0].size is not None:
        return FAST_RESULT_REVERSED, _simplify(outputs[0].size)
    return None


def _fast_plan_expression(row):
    """The plan of a row simple enough for the compiled hot path to run it without Python, as a
    Python expression over ``oparg``/``names``/``consts``, or None.

    A plan is ``(fn, stack inputs, arguments, result kind, exhausts, callee, keyword names,
    hide comprehension, outputs read, routine)``:

    * ``fn``: the callee when the instruction alone decides it (``rt.BINARY_OPS[oparg]``), else
      None and ``callee`` says where it lies: ``(FAST_CALLEE_*, input index, input index)``;
    * each argument is an int (the index of a stack input, bottom to top), a 1-tuple holding a
      constant of the instruction (``names[oparg]``), or ``(FAST_ARG_SLICE, start, stop)``: the
      slice of two stack inputs;
    * keyword names: ``FAST_NO_KEYWORDS``, ``FAST_KW_NAMES_STATE``, or the index of a stack input
      holding the names of the trailing arguments.

    Simple means: no display, no runtime routine, no absorbed display, and the result at the top
    of the stack or none; or ``display_add(target, item)`` of two stack inputs (``routine``
    ``FAST_ROUTINE_GROW``, arguments: target and item).  The plan is computed per instruction, so
    array inputs have their size."""
    em = _Emitter(row, None)
    spans, total = _offsets(row.inputs)
    starts = {item.name: (_simplify(start), item.size is None, size) for item, start, size in spans}
    if _special_name(row) == "display_add" and not row.absorbs:
        target, item = [getattr(a, "id", None) for a in em.parse(row.special, set(starts) | {"display_add"}).args]
        if all(name in starts and starts[name][1] for name in (target, item)):
            return "(None, %s, (%s, %s), %d, False, None, None, False, 0, %d)" % (
                _simplify(total), starts[target][0], starts[item][0], FAST_RESULT_NONE, FAST_ROUTINE_GROW)
        return None
    if not row.call or row.special or row.absorbs or row.display:
        return None
    result = _fast_result(em, row)
    if result is None:
        return None
    tree = em.parse(row.call, set(starts))
    if not isinstance(tree, ast.Call):
        return None
    single = lambda node: isinstance(node, ast.Name) and node.id in starts and starts[node.id][1]  # noqa: E731
    fn, callee = _segment(row.call, tree.func), "None"
    if isinstance(tree.func, ast.Call) and isinstance(tree.func.func, ast.Name) and tree.func.func.id in _FAST_METHOD_FORMS:
        pair = tree.func.args
        if len(pair) != 2 or not all(single(node) for node in pair):
            return None
        fn, callee = "None", "(%d, %s, %s)" % (_FAST_METHOD_FORMS[tree.func.func.id], starts[pair[0].id][0], starts[pair[1].id][0])
    elif single(tree.func):
        fn, callee = "None", "(%d, %s, %s)" % (FAST_CALLEE_INPUT, starts[tree.func.id][0], starts[tree.func.id][0])
    elif _names(tree.func) & (set(starts) | set(METHOD_FORMS) | {"st"}):
        return None
    arguments = []
    for arg in tree.args:
        if single(arg):
            arguments.append(starts[arg.id][0])
        elif isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name) and arg.value.id in starts \
                and not starts[arg.value.id][1]:
            start, _, size = starts[arg.value.id]
            arguments.append("*range(%s, %s)" % (start, _simplify("%s + %s" % (start, size))))
        elif isinstance(arg, ast.Call) and _segment(row.call, arg.func) == "builtins.slice" and not arg.keywords \
                and len(arg.args) == 2 and all(single(node) for node in arg.args):
            arguments.append("(%d, %s, %s)" % (FAST_ARG_SLICE, starts[arg.args[0].id][0], starts[arg.args[1].id][0]))
        elif isinstance(arg, ast.Starred) or _names(arg) & (set(starts) | {"st"}):
            return None
        else:
            arguments.append("(%s,)" % _segment(row.call, arg))
    keywords = "None"
    for keyword in tree.keywords:
        value = keyword.value
        if keyword.arg is not None or not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                                           and value.func.id == "trailing" and len(value.args) == 1):
            return None
        names = value.args[0]
        if single(names):
            keywords = starts[names.id][0]
        elif _segment(row.call, names) == "rt.take_kw_names(st)":
            keywords = "%d" % FAST_KW_NAMES_STATE
        else:
            return None
    arguments = "(%s,)" % arguments[0] if len(arguments) == 1 else "(%s)" % ", ".join(arguments)
    return "(%s, %s, %s, %d, %s, %s, %s, %s, %s, %d)" % (fn, _simplify(total), arguments, result[0], row.exhausts,
                                                         callee, keywords, row.hide_comprehension, result[1],
                                                         FAST_ROUTINE_CALL)


def emit_fast_plan(name, row):
    """``_fast_NAME(oparg, names, consts)``: the row's plan at one instruction, or None; or no
    function at all when no part of the row has a plan."""
    parts = [(v.condition, _fast_plan_expression(v)) for v in row.variants] + [(None, _fast_plan_expression(row))]
    if all(plan is None for _, plan in parts):
        return None
    lines = ["def _fast_%s(oparg, names, consts):" % name]
    for condition, plan in parts:
        if condition is None:
            lines.append("    return %s" % plan)
        else:
            lines += ["    if %s:" % condition, "        return %s" % plan]
    return lines


def generate_module(table):
    rel = lambda p: os.path.relpath(p, os.path.dirname(os.path.dirname(p))).replace(os.sep, "/")
    chain = [rel(p) for p in table.chain]
    lines = [
        "# generated from %s — do not edit" % chain[-1],
        "# (inherits %s); regenerate with: python -m sidefx._generator" % (", ".join(reversed(chain[:-1])) or "nothing"),
        "import builtins  # noqa: F401",
        "import operator  # noqa: F401",
        "",
        "from sidefx import _runtime as rt",
        "from sidefx import model  # noqa: F401",
        "from sidefx._runtime import NULL  # noqa: F401",
        "",
        "PYTHON = %r" % (table.version_tuple,),
        "SOURCE_DIGEST = %r" % table.digest(),
        "TRACING = %r" % (dict(sorted(table.tracing.items())),),
        "NO_CALL = frozenset(%r)" % (sorted(table.no_call),),
        "NEVER_SEEN = frozenset(%r)" % (sorted(table.never_seen),),
        "# (((opnames, args or None), ...), indices of the instructions acted on, action)",
        "PATTERNS = %r" % (tuple((p.steps, p.at, p.action) for _, p in sorted(table.patterns.items())),),
        "",
    ]
    names = sorted(n for n, r in table.rows.items() if r.makes_call)
    for name in names:
        row = table.rows[name]
        for part in row.variants + [row]:
            if _needs_result_function(part):
                lines += ["", ""] + emit_result_function(part)
        lines += ["", "", "def %s(ctx, st, frame, oparg):" % name]
        if row.variants:
            for variant in row.variants:
                lines.append("    if %s:" % variant.condition)
                lines += emit_body(variant, 8, table.version)
        lines += emit_body(row, 4, table.version)
    lines += ["", "", "TRANSLATORS = {"]
    lines += ["    %r: %s," % (n, n) for n in names]
    lines += ["}", ""]
    # Display construction (sidefx._recorder._CodeInfo): which instructions open a display record
    # at their result slot; for every instruction with a row, how many stack inputs it takes and
    # which of them (1 = top) are displays it grows in place, or absorbs / converts.
    for name in names:
        lines += ["", ""] + emit_display_step(name, table.rows[name])
    lines += ["", "", "DISPLAY_OPENERS = frozenset(%r)" % (sorted(n for n in names if _opens_display(table.rows[n])),)]
    lines += ["DISPLAY_STEPS = {"]
    lines += ["    %r: _display_step_%s," % (n, n) for n in names]
    lines += ["}", ""]
    # The compiled hot path (sidefx._speedups) runs these rows itself where a plan applies.
    fast = [(n, emit_fast_plan(n, table.rows[n])) for n in names]
    fast = [(n, f) for n, f in fast if f is not None]
    for name, function in fast:
        lines += ["", ""] + function
    lines += ["", "", "FAST_PLANS = {"]
    lines += ["    %r: _fast_%s," % (n, n) for n, _ in fast]
    lines += ["}", ""]
    return "\n".join(lines)
