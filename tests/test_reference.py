"""The fuzzer's independent reference (fuzz/reference.py) yields every golden construct trace.

The reference instruments the source (no stack reading, no code shared with the recorder), so
agreeing with tests/golden/constructs.txt on every version checks it against the same call model
the recorder is held to.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import constructs  # noqa: E402
import golden  # noqa: E402
from fuzz.reference import record_reference  # noqa: E402
from sidefx._render import call_text  # noqa: E402

VERSION = sys.version_info[:2]
_prelude = {"__name__": "__main__"}
exec(compile(constructs.PRELUDE, "<prelude>", "exec"), _prelude)

CASES = constructs.applicable(VERSION)

#: Cases whose golden trace the reference cannot reproduce, each with the reason.  Keep it empty
#: unless the model itself is out of reach of source instrumentation.
KNOWN_REFERENCE_GAPS = {}


def reference_lines(source):
    run = record_reference(source, dict(_prelude), filename="<construct>")
    lines = [call_text(c) for c in run.calls]
    return lines, run.exception


@pytest.mark.parametrize("name", sorted(CASES))
def test_reference_matches_golden(name):
    if name in KNOWN_REFERENCE_GAPS:
        pytest.xfail(KNOWN_REFERENCE_GAPS[name])
    lines, exception = reference_lines(CASES[name])
    assert exception is None, "the construct program raised under the reference: %r" % (exception,)
    expected = golden.expected(name, VERSION)
    assert expected is not None, "no golden trace for %s" % name
    assert lines == expected


def test_program_exception_is_captured_not_raised():
    run = record_reference("x = len('ab')\nraise KeyError(x)", dict(_prelude))
    assert isinstance(run.exception, KeyError) and run.exception.args == (2,)
    assert [call_text(c) for c in run.calls] == ["builtins.len('ab') -> 2", "builtins.KeyError(2) -> KeyError(2)"]


def test_program_objects_work_after_the_run_without_recording():
    globals_ = dict(_prelude)
    run = record_reference("class K:\n    def __repr__(self):\n        return 'K%d' % len('ab')\nk = K()", globals_)
    count = len(run.calls)
    assert repr(globals_["k"]) == "K2" and len(run.calls) == count


def test_globals_are_left_clean():
    globals_ = dict(_prelude)
    run = record_reference(_NS + "class K:\n    a = b = len('x')\n    c.d = 1 if 0 else None\nx = 1 < len('ab') < 3\n"
                           "with Ctx() as s.t:\n    pass\nfor p, q.r in [(1, 2)]:\n    pass",
                           globals_)
    assert run.exception is None
    assert sorted(k for k in globals_ if k not in _prelude) == ["K", "NS", "_sfx_rt", "c", "p", "q", "s", "x"]
    assert sorted(k for k in vars(globals_["K"]) if not k.startswith("__")) == ["a", "b"]


_NS = "class NS:\n    pass\nc = NS()\ns = NS()\nq = NS()\n"


def test_reference_shares_no_code_with_the_recorder():
    """Only the record type, NOT_OBSERVED and sidefx.model may come from sidefx."""
    import ast
    import fuzz.reference

    with open(fuzz.reference.__file__, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.update("%s.%s" % (node.module, alias.name) for alias in node.names)
    from_sidefx = {name for name in imported if name.startswith("sidefx")}
    assert from_sidefx == {"sidefx.FunctionCall", "sidefx.NOT_OBSERVED", "sidefx.model"}
