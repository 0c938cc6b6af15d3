"""Opcode tables: complete for every version, generated modules fresh, errors located."""
import os
import re
import shutil
import sys

import pytest

from sidefx._generator import available_versions, render, stale_modules
from sidefx._generator.tables import TABLES_DIR, TableError, resolve
from sidefx._generator.validate import validate

ALL_VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]
RUNNING = "%d.%d" % sys.version_info[:2]


def test_every_supported_version_has_a_table():
    assert available_versions() == ALL_VERSIONS


def test_running_versions_table_is_complete_against_dis():
    # the exact check: every opcode of this interpreter's dis has a row or is declared callless
    table = resolve(RUNNING)
    universe = validate(table)
    assert universe.exact
    assert set(universe.names) <= set(table.rows) | table.no_call | {
        n for n in universe.names if any(__import__("fnmatch").fnmatchcase(n, p) for p in table.never_seen)
    }


@pytest.mark.parametrize("version", ALL_VERSIONS)
def test_each_table_validates(version):
    pytest.importorskip("xdis") if version != RUNNING else None
    validate(resolve(version))


def test_generated_modules_are_fresh():
    # Regenerating from the tables must reproduce the committed modules byte for byte.
    assert stale_modules() == []


def _copy_tables(tmp_path):
    target = tmp_path / "opcode_tables"
    shutil.copytree(TABLES_DIR, str(target))
    return str(target)


def test_broken_row_is_reported_with_file_and_row(tmp_path):
    tables = _copy_tables(tmp_path)
    path = os.path.join(tables, "cpython-%s.toml" % RUNNING)
    with open(path, "a") as handle:
        handle.write('\n[ops.NOT_AN_OPCODE]\nstack = "a -- b"\ncall = "operator.neg(a)"\n')
    with pytest.raises(TableError) as info:
        render(RUNNING, tables)
    assert "cpython-%s.toml" % RUNNING in str(info.value) and "NOT_AN_OPCODE" in str(info.value)


def test_wrong_stack_effect_is_reported(tmp_path):
    tables = _copy_tables(tmp_path)
    path = os.path.join(tables, "cpython-3.8.toml")
    text = open(path).read().replace('[ops.BINARY_SUBSCR]\nstack = "container sub -- res"', '[ops.BINARY_SUBSCR]\nstack = "container -- res"')
    open(path, "w").write(text)
    with pytest.raises(TableError, match=r"cpython-3\.8\.toml: BINARY_SUBSCR: stack 'container -- res' has effect \+0"):
        validate(resolve("3.8", tables))


def test_missing_opcode_is_reported(tmp_path):
    tables = _copy_tables(tmp_path)
    path = os.path.join(tables, "cpython-3.8.toml")
    text = open(path).read().replace('"NOP", ', "", 1)
    open(path, "w").write(text)
    with pytest.raises(TableError, match="no row and not declared.*NOP"):
        validate(resolve("3.8", tables))


def test_corrupt_toml_is_reported(tmp_path):
    tables = _copy_tables(tmp_path)
    with open(os.path.join(tables, "cpython-3.9.toml"), "a") as handle:
        handle.write("\n[ops.BROKEN\n")
    with pytest.raises(TableError, match=r"cpython-3\.9\.toml: <table>: not valid TOML"):
        resolve("3.9", tables)


def test_unknown_row_key_is_reported(tmp_path):
    tables = _copy_tables(tmp_path)
    with open(os.path.join(tables, "cpython-3.10.toml"), "a") as handle:
        handle.write('\n[ops.GET_ITER]\nstack = "a -- b"\ncal = "builtins.iter(a)"\n')
    with pytest.raises(TableError, match=r"cpython-3\.10\.toml: GET_ITER: unknown keys \['cal'\]"):
        resolve("3.10", tables)


def test_later_tables_list_only_changes():
    # each table after 3.8 inherits and is much smaller than the flattened result
    for version in ALL_VERSIONS[1:]:
        path = os.path.join(TABLES_DIR, "cpython-%s.toml" % version)
        assert "inherits = " in open(path).read()


def _replace_in_table(tables, version, old, new):
    path = os.path.join(tables, "cpython-%s.toml" % version)
    text = open(path).read()
    assert old in text
    open(path, "w").write(text.replace(old, new, 1))


def test_pattern_with_unknown_action_is_reported(tmp_path):
    tables = _copy_tables(tmp_path)
    _replace_in_table(tables, "3.8", 'action = "elide"', 'action = "drop"')
    with pytest.raises(TableError, match=r"cpython-3\.8\.toml: patterns\.none_identity_branch: action must be one of"):
        resolve("3.8", tables)


def test_pattern_out_of_range_is_reported(tmp_path):
    tables = _copy_tables(tmp_path)
    _replace_in_table(tables, "3.9", "at = 1", "at = 3")
    with pytest.raises(TableError, match=r"cpython-3\.9\.toml: patterns\.none_identity_branch: at must index the sequence"):
        resolve("3.9", tables)


def test_pattern_eliding_a_callless_opcode_is_reported(tmp_path):
    tables = _copy_tables(tmp_path)
    _replace_in_table(tables, "3.8", "at = 1\naction = \"elide\"", "at = 0\naction = \"elide\"")
    with pytest.raises(TableError, match=r"patterns\.none_identity_branch: elides LOAD_CONST, which records no call"):
        validate(resolve("3.8", tables))


def test_removing_an_unknown_pattern_is_reported(tmp_path):
    tables = _copy_tables(tmp_path)
    _replace_in_table(tables, "3.11", 'removed_patterns = ["none_identity_branch"]', 'removed_patterns = ["no_such_pattern"]')
    with pytest.raises(TableError, match=r"cpython-3\.11\.toml: patterns\.no_such_pattern: removed, but"):
        resolve("3.11", tables)


def test_pattern_naming_an_unknown_opcode_is_reported(tmp_path):
    pytest.importorskip("xdis") if RUNNING != "3.11" else None
    tables = _copy_tables(tmp_path)
    _replace_in_table(tables, "3.11", '{ op = "COPY", arg = "1" }', '{ op = "DUP_TOP" }')
    with pytest.raises(TableError, match=r"cpython-3\.11\.toml: patterns\.named_display: no such opcode in CPython 3\.11: DUP_TOP"):
        validate(resolve("3.11", tables))


def test_monitoring_default_before_312_is_reported(tmp_path):
    tables = _copy_tables(tmp_path)
    _replace_in_table(tables, "3.8", 'default_backend = "settrace"', 'default_backend = "monitoring"')
    with pytest.raises(TableError, match=r"cpython-3\.8\.toml: tracing: default_backend = 'monitoring' needs"):
        resolve("3.8", tables)


_TRACING_LISTS = {"silent_pushes": ("3.12", '["LOAD_CONST", "LOAD_FAST"]'), "local_stores": ("3.12", '["STORE_FAST"]'),
                  "silent_moves": ("3.12", '["NOP", "JUMP_FORWARD"]'),
                  "bool_jumps": ("3.13", "{ POP_JUMP_IF_FALSE = false, POP_JUMP_IF_TRUE = true }")}


@pytest.mark.parametrize("key, entry, problem", [
    ("silent_pushes", '["BINARY_OP"]', "silent_pushes lists BINARY_OP, which is not in no_call"),
    ("silent_pushes", '["POP_TOP"]', "silent_pushes lists POP_TOP, which pushes nothing"),
    ("silent_pushes", '["LOAD_FAST_BORROW"]', "silent_pushes lists LOAD_FAST_BORROW, but CPython 3.12 has no such opcode"),
    ("local_stores", '["BINARY_OP"]', "local_stores lists BINARY_OP, which is not in no_call"),
    ("local_stores", '["LOAD_FAST"]', "local_stores lists LOAD_FAST, which does not pop one value"),
    ("silent_moves", '["POP_TOP"]', "silent_moves lists POP_TOP, which moves the stack"),
    ("silent_moves", '["NOT_TAKEN"]', "silent_moves lists NOT_TAKEN, but CPython 3.12 has no such opcode"),
    ("bool_jumps", "{ LOAD_FAST = true }", "bool_jumps lists LOAD_FAST, which does not pop one value"),
    ("bool_jumps", "{ POP_JUMP_IF_FALSE = 0 }", "bool_jumps must map opcode names to true or false, got {'POP_JUMP_IF_FALSE': 0}"),
])
def test_bad_tracing_opcode_lists_are_reported(tmp_path, key, entry, problem):
    version, listed = _TRACING_LISTS[key]
    pytest.importorskip("xdis") if RUNNING != version else None
    tables = _copy_tables(tmp_path)
    _replace_in_table(tables, version, "%s = %s" % (key, listed), "%s = %s" % (key, entry))
    with pytest.raises(TableError, match=r"cpython-%s\.toml: tracing: " % re.escape(version) + re.escape(problem)):
        validate(resolve(version, tables))


def test_silent_pushes_must_be_a_list_of_names(tmp_path):
    tables = _copy_tables(tmp_path)
    _replace_in_table(tables, "3.12", 'silent_pushes = ["LOAD_CONST", "LOAD_FAST"]', 'silent_pushes = "LOAD_CONST"')
    with pytest.raises(TableError, match=r"cpython-3\.12\.toml: tracing: silent_pushes must be a list of opcode names"):
        resolve("3.12", tables)


@pytest.mark.parametrize("version", ALL_VERSIONS)
def test_fast_plans_are_well_formed(version):
    """Every plan the compiled fast lane may meet (sidefx._speedups.FastLane trusts their shape)."""
    import importlib
    from sidefx._generator import codegen
    from sidefx._recorder import _plan_words
    module = importlib.import_module("sidefx._generated.cpython_%s" % version.replace(".", "_"))
    assert set(module.FAST_PLANS) <= set(module.TRANSLATORS)
    # the rows every loop is made of have plans on every version
    binary = "BINARY_OP" if "BINARY_OP" in module.TRANSLATORS else "BINARY_ADD"
    assert {binary, "FOR_ITER", "COMPARE_OP", "STORE_SUBSCR"} <= set(module.FAST_PLANS)
    results = range(codegen.FAST_RESULT_REVERSED + 1)
    callees = (codegen.FAST_CALLEE_INPUT, codegen.FAST_CALLEE_NULL_FIRST, codegen.FAST_CALLEE_NULL_SECOND)
    names, consts = tuple("n%d" % i for i in range(64)), tuple(range(64))
    planned = 0
    for opname, plan_for in module.FAST_PLANS.items():
        for oparg in range(0, 64):
            try:
                plan = plan_for(oparg, names, consts)
            except (IndexError, KeyError):  # an oparg this instruction never has
                continue
            if plan is None:
                continue
            planned += 1
            fn, inputs, arguments, result, exhausts, callee, keywords, hide, outputs, routine = plan
            assert routine in (codegen.FAST_ROUTINE_CALL, codegen.FAST_ROUTINE_GROW)
            if routine == codegen.FAST_ROUTINE_GROW:  # (target, element) of an open display
                assert fn is None and callee is None and len(arguments) == 2 and result == codegen.FAST_RESULT_NONE
            else:
                assert (fn is None) == (callee is not None), opname
            assert isinstance(inputs, int) and inputs >= 0, opname
            for source in arguments:
                assert (isinstance(source, int) and 0 <= source < inputs) or (
                    isinstance(source, tuple) and len(source) == 1) or (
                    isinstance(source, tuple) and len(source) == 3 and source[0] == codegen.FAST_ARG_SLICE
                    and all(isinstance(i, int) and 0 <= i < inputs for i in source[1:])), (opname, oparg, source)
            if callee is not None:
                assert callee[0] in callees and 0 <= callee[1] < inputs and 0 <= callee[2] < inputs
            assert keywords in (codegen.FAST_NO_KEYWORDS, codegen.FAST_KW_NAMES_STATE) or 0 <= keywords < inputs
            assert result in results and isinstance(outputs, int) and outputs >= 0
            # no output slot to read: no result, or an empty unpacking (``() = x``) whose tuple is ()
            assert (result == codegen.FAST_RESULT_NONE) <= (outputs == 0), (opname, oparg)
            assert (outputs == 0) <= (result in (codegen.FAST_RESULT_NONE, codegen.FAST_RESULT_REVERSED)), (opname, oparg)
            assert isinstance(exhausts, bool) and isinstance(hide, bool)
            # the numbers the compiled path reads (sidefx/_speedups.c, PW_*), in int32 range
            words = _plan_words(plan + (7, 0, None, opname, oparg, None))
            assert words[:10] == [inputs, routine, result, outputs, 7] + (
                [-1, 0, 0] if callee is None else list(callee)) + [
                -2 if keywords is None else keywords, len(arguments)], (opname, oparg)
            kinds = {int: 0, 1: 1, 3: 2}
            assert words[10::3] == [kinds[int] if isinstance(a, int) else kinds[len(a)] for a in arguments]
            assert all(-2 ** 31 <= w < 2 ** 31 for w in words)
    assert planned > 20
