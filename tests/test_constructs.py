"""Every construct of tests/constructs.py yields its golden trace on this version.

Set SIDEFX_WRITE_GOLDEN=1 to (re)write tests/golden/constructs.txt from this interpreter;
review the diff against docs/call-model.md before committing it.
"""
import dis
import os
import sys
import types

import pytest

import constructs
import golden
import sidefx
from sidefx._recorder import translator_module
from sidefx._render import call_text

VERSION = sys.version_info[:2]
_prelude = {"__name__": "__main__"}
exec(compile(constructs.PRELUDE, "<prelude>", "exec"), _prelude)


def trace_lines(source, backend="settrace"):
    globals_ = dict(_prelude)
    recording = sidefx.exec_and_record_function_calls(compile(source, "<construct>", "exec"), globals_, backend=backend)
    assert recording.not_implemented_ops == []
    assert recording.stack_read_errors == []
    assert recording.internal_errors == []
    return [call_text(c) for c in recording.function_calls]


CASES = constructs.applicable(VERSION)
# sys.monitoring exists from 3.12 on; both backends must give the same golden traces there.
BACKENDS = ["settrace"] + (["monitoring"] if VERSION >= (3, 12) else [])


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_construct_trace(name, backend):
    lines = trace_lines(CASES[name], backend)
    if os.environ.get("SIDEFX_WRITE_GOLDEN"):
        path = os.path.join(golden.GOLDEN_DIR, "constructs.txt")
        cases = golden.read(path)
        cases[name] = lines
        golden.write(path, cases, HEADER)
        return
    expected = golden.expected(name, VERSION)
    assert expected is not None, "no golden trace for %s: run with SIDEFX_WRITE_GOLDEN=1 and review it" % name
    assert lines == expected


HEADER = """# Golden traces of tests/constructs.py, shared by every CPython version (docs/call-model.md).
# A version-specific difference goes in constructs-3.X.txt with a comment saying why."""


def _opnames(code):
    names = {ins.opname for ins in dis.get_instructions(code)}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _opnames(const)
    return names


def test_matrix_exercises_every_call_producing_opcode():
    present = set()
    for source in CASES.values():
        present |= _opnames(compile(source, "<construct>", "exec"))
    assert sorted(set(translator_module().TRANSLATORS) - present) == []
