"""AccessedGlobals against an independent name tracer, and the bytecode summaries of untraced functions."""
import contextlib
import io
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.join(os.path.dirname(HERE), "evaluation", "effects")
for path in (HERE, EVAL):
    if path not in sys.path:
        sys.path.insert(0, path)

import constructs  # noqa: E402
import harness  # noqa: E402
from sidefx.effects import AccessedGlobals, record_side_effects  # noqa: E402
from sidefx.effects._infer import summarize  # noqa: E402

CASES = sorted(constructs.applicable())


def _fresh():
    g = {"__name__": "__main__"}  # as tests/test_constructs.py runs them (a relative import needs it)
    exec(constructs.PRELUDE, g)
    return g


BACKENDS = [None] + (["monitoring"] if sys.version_info >= (3, 12) else [])


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b or "default-backend")
@pytest.mark.parametrize("name", CASES)
def test_retrieved_globals_match_a_name_tracer_on_every_construct(name, backend):
    source = constructs.CASES[name][0]
    code = compile(source, "<case>", "exec")
    sink = io.StringIO()
    g = _fresh()
    tracer = harness.NameTracer(g)
    with contextlib.redirect_stdout(sink):
        try:
            tracer.run(code)
        except Exception:
            pass
    g = _fresh()
    before = dict(g)
    with contextlib.redirect_stdout(sink):
        result = record_side_effects(code, g, backend=backend)
    (acc,) = [e for e in result.side_effects if isinstance(e, AccessedGlobals)]
    assert set(acc.retrieved) == tracer.reads
    changed = {n for n, v in g.items() if n not in ("__builtins__", "__warningregistry__")
               and (n not in before or before[n] is not v)}
    assert set(acc.added_or_updated) == changed


def _mutated_params(source, name="f"):
    g = {}
    exec(source, g)
    summary = summarize(g[name].__code__)
    return {summary.params[i] for i in summary.mutated}, summary


@pytest.mark.parametrize("source, expected", [
    ("def f(p, q):\n    p.append(q)", {"p"}),
    ("def f(p, k, v):\n    p[k] = v", {"p"}),
    ("def f(p, k):\n    del p[k]", {"p"}),
    ("def f(p, v):\n    p.x = v", {"p"}),
    ("def f(p):\n    del p.x", {"p"}),
    ("def f(p, v):\n    p.rows[0].cells.append(v)", {"p"}),
    ("def f(p, q):\n    p[1:2] = q", {"p"}),
    ("def f(p, q):\n    p[q][0] = 1", {"p"}),
    ("def f(p):\n    r = p\n    r.sort()", {"p"}),
    ("def f(p):\n    for row in p:\n        row.clear()", {"p"}),
    ("def f(p):\n    return [p.update({}) for _ in range(2)]", {"p"}),
    ("def f(p, q):\n    return len(p) + q.count(1)", set()),
    ("def f(p):\n    q = p.copy()\n    q.append(1)\n    return q", set()),
    ("def f(p, k):\n    return p[k]", set()),
    ("def f(self, v):\n    self.total += v", {"self"}),
    ("def f(p, k, v):\n    p[k] += v", {"p"}),
    ("def f(p, k, v):\n    n = 1\n    p[k][0] += v", {"p"}),
    ("def f(a, b):\n    x = a.total\n    b.total += x", {"b"}),
])
def test_summaries_of_untraced_functions(source, expected):
    assert _mutated_params(source)[0] == expected


def test_summary_inplace_and_method_calls_and_globals():
    _, summary = _mutated_params("reg = []\ndef f(p, v):\n    p += v\n    p.helper()\n    reg.append(v)")
    assert summary.inplace == {0}
    assert (0, "helper") in summary.method_calls
    assert summary.mutated_globals == {"reg"}
