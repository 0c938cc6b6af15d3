"""Annotation spec files: every shipped spec validates, invalid specs give located errors."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sidefx.effects import SHIPPED_SPECS, SpecValidationError, load_spec_file, validate_spec_file, validate_spec_text
from sidefx.effects.__main__ import render_index, spec_files

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(spec_files([SHIPPED_SPECS]))


def test_the_expected_spec_files_are_shipped():
    names = {p.stem for p in SHIPPED}
    required = {"builtins", "operator", "sidefx", "io", "os", "shutil", "pathlib", "sqlite3", "pickle", "json",
                "random", "logging", "numpy", "pandas", "sklearn"}
    assert required <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_spec_validates(path):
    assert validate_spec_file(path) == []
    spec = load_spec_file(path)
    assert spec.modules and (spec.entries or spec.objects)


def test_the_index_is_up_to_date():
    assert (SHIPPED_SPECS / "index.toml").read_text(encoding="utf-8") == render_index()


def test_third_party_specs_validate_without_importing_them():
    code = textwrap.dedent("""
        import sys
        from sidefx.effects import FunctionInspector, SHIPPED_SPECS, validate_spec_file
        for name in ("numpy", "pandas", "sklearn"):
            assert validate_spec_file(SHIPPED_SPECS / (name + ".toml")) == []
        inspector = FunctionInspector()
        for module in ("numpy", "pandas.core.frame", "sklearn.base"):
            inspector.lookup(module, "anything")
        inspector.external_objects()
        print(sorted(m for m in ("numpy", "pandas", "sklearn") if m in sys.modules))
    """)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=str(ROOT))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


HEADER = '[spec]\nschema = 1\nmodules = ["m"]\n'

# (spec text, expected line, expected words in the message)
BAD_SPECS = [
    ("[spec\nschema = 1\n", 1, "TOML syntax error"),
    (HEADER + "\n[functions.f]\nmutates = [\"self\"\n", 6, "TOML syntax error"),
    ("[functions.f]\npure = true\n", 1, "missing [spec]"),
    ('[spec]\nschema = 2\nmodules = ["m"]\n[functions.f]\npure = true\n', 2, "schema must be 1"),
    ('[spec]\nschema = 1\nmodules = []\n[functions.f]\npure = true\n', 3, "modules must be"),
    (HEADER + "[functions.f]\nmutates = [\"arg\"]\n", 5, "bad pointer 'arg'"),
    (HEADER + "[functions.f]\nmutates = \"self\"\n", 5, "non-empty list of pointers"),
    (HEADER + "[functions.f]\npure = true\nmutate = [\"arg0\"]\n", 6, "unknown key 'mutate'"),
    (HEADER + "[functions.f]\nmutates = [\"external:disk\"]\n", 5, "unknown external state 'disk'"),
    (HEADER + "[functions.f]\nviews = [[\"result\"]]\n", 5, "at least two pointers"),
    (HEADER + "[functions.f]\ncontains = [[\"result\", \"external:network\"]]\n", 5, "cannot be views or containers"),
    (HEADER + "[functions.f]\nmutates = [\"arg0\"]\n\n[[functions.f.case]]\nmutates = [\"arg1\"]\n", 7, "needs a `when`"),
    (HEADER + "[functions.f]\nmutates = [\"arg0\"]\n[[functions.f.case]]\nwhen = \"arg0 is\"\nmutates = [\"arg1\"]\n", 7,
     "when: expected"),
    (HEADER + "[functions.f]\nmutates = [\"arg0\"]\n[[functions.f.case]]\nwhen = \"arg0 =~ '('\"\nmutates = [\"arg1\"]\n", 7,
     "bad regular expression"),
    (HEADER + "[functions.f]\nmutates = [\"arg0\"]\n[[functions.f.case]]\nwhen = \"arg0 is true\"\n", 6,
     "needs at least one of"),
    (HEADER + "[functions.f]\npure = true\nmutates = [\"arg0\"]\n", 5, "cannot be combined"),
    (HEADER + "[functions.f]\nnote = \"nothing\"\n", 4, "declares nothing"),
    (HEADER + "[functions.f]\ndispatch = \"arg0[__setitem__]\"\n", 5, "dispatch must look like"),
    (HEADER + "[functions.f]\nmutates = [\"self\"]\n", 4, "uses `self` but is not a method"),
    (HEADER + "[functions.f]\npure = true\nalso = [\"g\", \"f\"]\n", 6, "described twice"),
    (HEADER + "[functions.\"1bad\"]\npure = true\n", 4, "bad callable name"),
    (HEADER + "[objects]\n\"environ\" = { state = \"environment\" }\n", 5, "module:attribute.path"),
    (HEADER + "[objects]\n\"os:environ\" = { state = \"env\" }\n", 5, "unknown external state 'env'"),
    (HEADER + "[extras]\nx = 1\n", 4, "unknown top-level table"),
]


@pytest.mark.parametrize("text, line, words", BAD_SPECS, ids=[w for _, _, w in BAD_SPECS])
def test_invalid_specs_are_reported_with_file_and_line(text, line, words):
    errors = validate_spec_text(text, "bad.toml")
    assert errors, "no error for:\n" + text
    first = errors[0]
    assert first.file == "bad.toml"
    assert first.line == line, [str(e) for e in errors]
    assert words in first.message, [str(e) for e in errors]
    assert str(first).startswith("bad.toml:%d: " % line)


def test_every_problem_is_reported():
    text = HEADER + "[functions.f]\nmutates = [\"bogus\"]\n[functions.g]\nviews = [[\"x\", \"y\"]]\n"
    errors = validate_spec_text(text, "two.toml")
    assert [e.line for e in errors] == [5, 7, 7]


def test_declared_external_states_are_accepted():
    text = '[spec]\nschema = 1\nmodules = ["m"]\nexternal_states = ["queue"]\n[functions.put]\nmutates = ["external:queue"]\n'
    assert validate_spec_text(text) == []


def test_load_raises_with_every_error(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(HEADER + "[functions.f]\nmutates = [\"nope\"]\n", encoding="utf-8")
    with pytest.raises(SpecValidationError) as info:
        load_spec_file(path)
    assert len(info.value.errors) == 1 and info.value.errors[0].line == 5
    assert str(path) in str(info.value)


def test_command_line_validator(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(HEADER + "[functions.f]\npure = true\n", encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(HEADER + "[functions.f]\nmutates = [\"nope\"]\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    ok = subprocess.run([sys.executable, "-m", "sidefx.effects", "validate", str(good)], capture_output=True, text=True,
                        env=env, cwd=str(ROOT))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    failed = subprocess.run([sys.executable, "-m", "sidefx.effects", "validate", str(tmp_path)], capture_output=True,
                            text=True, env=env, cwd=str(ROOT))
    assert failed.returncode == 1
    assert "%s:5: mutates: bad pointer 'nope'" % bad in failed.stdout
    shipped = subprocess.run([sys.executable, "-m", "sidefx.effects", "validate"], capture_output=True, text=True,
                             env=env, cwd=str(ROOT))
    assert shipped.returncode == 0, shipped.stdout + shipped.stderr


def test_a_user_spec_file_is_validated_when_loaded(tmp_path):
    from sidefx.effects import FunctionInspector
    path = tmp_path / "user.toml"
    path.write_text(HEADER + "[functions.f]\nmutates = [\"arg0\"]\n[[functions.f.case]]\nwhen = \"arg0 isa\"\nmutates = [\"arg1\"]\n",
                    encoding="utf-8")
    with pytest.raises(SpecValidationError) as info:
        FunctionInspector([path])
    assert info.value.errors[0].line == 7
