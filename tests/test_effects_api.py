"""sidefx.effects: the public API, views, loops, external state, globals, unannotated calls."""
import dataclasses
import io
import sys

import pytest

import sidefx
from sidefx.effects import (
    ID, AccessedGlobals, EffectsRun, ExecutionContext, ExternalState, FunctionInspector, ImplicitDependencyNode,
    MutatedNode, Variable, ViewOfNodes, function_calls_to_side_effects, record_side_effects,
)


def run(source, globals_, input_nodes=None, **kwargs):
    """record_side_effects on ``source``; checks the recorder had no problem."""
    result = record_side_effects(compile(source, "<test>", "exec"), globals_, input_nodes, **kwargs)
    assert result.recording.not_implemented_ops == []
    assert result.recording.stack_read_errors == []
    return result.side_effects


def of(effects, kind):
    return [e for e in effects if isinstance(e, kind)]


def mutated(effects):
    return {e.pointer for e in of(effects, MutatedNode)}


def view_pairs(effects):
    pairs = set()
    for view in of(effects, ViewOfNodes):
        for i, a in enumerate(view.pointers):
            for b in view.pointers[i + 1:]:
                pairs.add(frozenset((a, b)))
    return pairs


def accessed(effects):
    (acc,) = of(effects, AccessedGlobals)
    return acc


# ---- public types -----------------------------------------------------------------------------

def test_public_types_have_the_seed_shapes():
    assert [f.name for f in dataclasses.fields(MutatedNode)] == ["pointer"]
    assert [f.name for f in dataclasses.fields(ViewOfNodes)] == ["pointers"]
    assert [f.name for f in dataclasses.fields(ImplicitDependencyNode)] == ["pointer"]
    assert [f.name for f in dataclasses.fields(AccessedGlobals)][:2] == ["retrieved", "added_or_updated"]
    assert AccessedGlobals(["x"], ["y"]) == AccessedGlobals(["x"], ["y"], [])
    assert ID("a") == ID("a") and hash(Variable("v")) == hash(Variable("v"))
    assert ExternalState("file_system") != Variable("file_system")


def test_seed_example_append_and_alias():
    """The seed's own test: ``x.append(10); y = x`` with x an input node."""
    x = []
    g = {"x": x}
    code = compile("x.append(10); y = x", "<cell>", "exec")
    recording = sidefx.exec_and_record_function_calls(code, g)
    effects = function_calls_to_side_effects(FunctionInspector(), recording.function_calls, {"list": x}, {"y": g["y"]})
    assert effects == [
        AccessedGlobals(retrieved=["x"], added_or_updated=["y"]),
        MutatedNode(ID("list")),
        ViewOfNodes([ID("list"), Variable("y")]),
    ]


def test_a_recording_is_accepted_in_place_of_its_calls():
    g = {"x": []}
    recording = sidefx.exec_and_record_function_calls(compile("x.append(1)", "<c>", "exec"), g)
    a = function_calls_to_side_effects(FunctionInspector(), recording, {"x": g["x"]}, {})
    b = function_calls_to_side_effects(FunctionInspector(), recording.function_calls, {"x": g["x"]}, {})
    assert a == b and MutatedNode(ID("x")) in a


def test_record_side_effects_defaults_and_result():
    result = record_side_effects(compile("y = [x]", "<c>", "exec"), {"x": [1]})
    assert isinstance(result, EffectsRun)
    assert set(result.input_nodes) == {"x"} and set(result.output_globals) == {"y"}
    assert view_pairs(result.side_effects) == {frozenset((ID("x"), Variable("y")))}


# ---- views ------------------------------------------------------------------------------------

def test_views_are_transitive_through_deleted_intermediates():
    effects = run("z = [y]\na = [z]\ndel z", {"y": [10]})
    assert view_pairs(effects) == {frozenset((ID("y"), Variable("a")))}
    assert accessed(effects) == AccessedGlobals(["y"], ["a"], [])


def test_views_through_several_containers_and_kinds():
    effects = run("t = (y,)\nd = {'k': t}\nclass Box:\n    pass\nb = Box()\nb.inner = [d]\ndel t, d", {"y": {"v": 1}})
    assert frozenset((ID("y"), Variable("b"))) in view_pairs(effects)


def test_mutation_propagates_to_every_view():
    g = {"x": [1], "holder": None}
    effects = run("a = [x]\nb = {'a': a}\nb['a'][0].append(2)", g)
    assert mutated(effects) == {ID("x")}
    pairs = view_pairs(effects)
    assert frozenset((ID("x"), Variable("a"))) in pairs and frozenset((ID("x"), Variable("b"))) in pairs


def test_mutating_a_view_mutates_the_input_it_views():
    effects = run("mv = memoryview(buf)\nmv[0] = 65", {"buf": bytearray(b"abc")})
    assert mutated(effects) == {ID("buf")}
    assert view_pairs(effects) == {frozenset((ID("buf"), Variable("mv")))}


def test_copies_are_not_views_and_are_not_mutated_through():
    effects = run("s = x[:]\ns.append(0)\nc = list(x)\nc.append(1)", {"x": [1, 2]})
    assert mutated(effects) == set()
    assert view_pairs(effects) == set()


def test_immutable_values_are_never_views():
    effects = run("y = n\nt = (n, s)", {"n": 5, "s": "abc"})
    assert view_pairs(effects) == set()


def test_inputs_sharing_before_the_run_are_not_new_views():
    x = [1]
    effects = run("x.append(2)", {"x": x, "y": [x]})
    assert mutated(effects) == {ID("x"), ID("y")}  # y holds x: its value changed too
    assert view_pairs(effects) == set()


def test_input_stored_into_another_input_is_a_new_view():
    effects = run("c.append(x)", {"c": [], "x": [1]})
    assert mutated(effects) == {ID("c")}
    assert view_pairs(effects) == {frozenset((ID("c"), ID("x")))}


# ---- loops ------------------------------------------------------------------------------------

def test_mutation_in_a_late_iteration_counts():
    effects = run("for i in range(1000):\n    if i == 999:\n        d[i] = i", {"d": {}})
    assert mutated(effects) == {ID("d")}


def test_every_iteration_mutates_its_own_input():
    lists = {"l%d" % i: [] for i in range(20)}
    g = dict(lists)
    g["all_"] = [lists["l%d" % i] for i in range(20)]
    nodes = dict(lists)
    effects = run("for i in range(20):\n    all_[i].append(i)", g, nodes)
    assert mutated(effects) == {ID(name) for name in lists}


def test_every_loop_call_is_inspected():
    g = {"x": []}
    recording = sidefx.exec_and_record_function_calls(compile("for i in range(300):\n    x.append(i)", "<c>", "exec"), g)
    inspector = FunctionInspector()
    appends = [c for c in recording.function_calls if getattr(c.fn, "__name__", "") == "append"]
    assert len(appends) == 300
    for call in appends:
        effects = inspector.effects(call)
        assert [id(o) for o in effects.mutated] == [id(g["x"])]


def test_loop_over_rows_mutates_the_container():
    effects = run("for r in rows:\n    r.append(0)", {"rows": [[1], [2], [3]]})
    assert mutated(effects) == {ID("rows")}


def test_temporaries_do_not_alias_inputs():
    effects = run("for i in range(500):\n    t = [i]\n    t.append(i)\n    del t", {"x": [0]})
    assert mutated(effects) == set()


def test_traced_functions_and_methods():
    src = (
        "class W:\n    def __init__(self, items):\n        self.items = items\n"
        "    def add(self, v):\n        self.items.append(v)\n"
        "def fill(w, n):\n    for i in range(n):\n        w.add(i)\n"
        "w = W(x)\nfill(w, 3)"
    )
    effects = run(src, {"x": []})
    assert mutated(effects) == {ID("x")}
    assert frozenset((ID("x"), Variable("w"))) in view_pairs(effects)


# ---- external state ---------------------------------------------------------------------------

def test_print_writes_stdout(capsys):
    effects = run("print(x)", {"x": 1})
    assert mutated(effects) == {ExternalState("stdout")}
    buf = io.StringIO()
    effects = run("print(x, file=buf)", {"x": 1, "buf": buf})
    assert mutated(effects) == {ID("buf")}


def test_files(tmp_path):
    path = str(tmp_path / "f.txt")
    effects = run("with open(p, 'w') as fh:\n    fh.write('hi')", {"p": path})
    assert mutated(effects) == {ExternalState("file_system")}
    assert of(effects, ImplicitDependencyNode) == []
    effects = run("with open(p) as fh:\n    s = fh.read()", {"p": path})
    assert of(effects, ImplicitDependencyNode) == [ImplicitDependencyNode(ExternalState("file_system"))]
    assert mutated(effects) == set()


def test_environment_and_random(monkeypatch):
    monkeypatch.setenv("SIDEFX_TEST_VAR", "1")
    effects = run("import os\nv = os.environ['SIDEFX_TEST_VAR']", {})
    assert of(effects, ImplicitDependencyNode) == [ImplicitDependencyNode(ExternalState("environment"))]
    effects = run("import os\nos.environ['SIDEFX_TEST_VAR'] = '2'", {})
    assert mutated(effects) == {ExternalState("environment")}
    effects = run("import random\nr = random.random()\nrandom.shuffle(x)", {"x": [1, 2, 3]})
    assert mutated(effects) == {ExternalState("random"), ID("x")}
    assert of(effects, ImplicitDependencyNode) == [ImplicitDependencyNode(ExternalState("random"))]
    effects = run("import random\nv = random.Random(1).random()", {})
    assert mutated(effects) == set() and of(effects, ImplicitDependencyNode) == []


def test_replaced_stdout_is_still_stdout(capsys):
    old = sys.stdout
    sys.stdout = io.StringIO()
    try:
        effects = run("import sys\nsys.stdout.write('x')", {})
    finally:
        sys.stdout = old
    assert mutated(effects) == {ExternalState("stdout")}


# ---- AccessedGlobals --------------------------------------------------------------------------

def test_globals_read_only_where_code_ran():
    src = "if flag:\n    y = f(a)\nelse:\n    y = g(b)\ndef unused():\n    return secret"
    g = {"flag": True, "f": abs, "g": abs, "a": -1, "b": -2, "secret": 0}
    acc = accessed(run(src, g))
    assert acc.retrieved == ["a", "f", "flag"]
    assert sorted(acc.added_or_updated) == ["unused", "y"]


def test_globals_rebound_before_reading_are_not_retrieved():
    acc = accessed(run("x = 5\ny = x + 1\ndel tmp", {"x": 1, "tmp": 0}))
    assert acc.retrieved == [] and sorted(acc.added_or_updated) == ["x", "y"] and acc.deleted == ["tmp"]


def test_globals_read_in_functions_and_called_helpers():
    g = {"k": 2, "x": [1, 2], "factor": 3}
    exec("def scaled(v):\n    return v * factor", g)
    acc = accessed(run("out = list(map(lambda v: v * k, x))\ny = scaled(2)", g))
    assert acc.retrieved == ["factor", "k", "scaled", "x"]


def test_accessed_globals_without_context_uses_the_recording():
    g = {"x": [1], "n": 2}
    recording = sidefx.exec_and_record_function_calls(compile("y = len(x) + n", "<c>", "exec"), g)
    (acc,) = of(function_calls_to_side_effects(FunctionInspector(), recording, {}, {"y": g["y"]}), AccessedGlobals)
    assert acc.retrieved == ["n", "x"] and acc.added_or_updated == ["y"]


# ---- unannotated callables and observed mutation ----------------------------------------------

OPAQUE = "def add_item(lst, v):\n    lst.append(v)\ndef total(lst):\n    return sum(lst)\n"


def opaque_globals():
    g = {"x": [1]}
    exec(OPAQUE, g)
    return g


@pytest.mark.parametrize("mode, expected", [
    ("infer", {ID("x")}), ("pure", set()), ("conservative", {ID("x")}),
])
def test_unannotated_modes_on_a_mutating_function(mode, expected):
    g = opaque_globals()
    effects = run("add_item(x, 2)", g, {"x": g["x"]}, inspector=FunctionInspector(unannotated=mode))
    assert mutated(effects) == expected


@pytest.mark.parametrize("mode, expected", [
    ("infer", set()), ("pure", set()), ("conservative", {ID("x")}),
])
def test_unannotated_modes_on_a_pure_function(mode, expected):
    g = opaque_globals()
    effects = run("t = total(x)", g, {"x": g["x"]}, inspector=FunctionInspector(unannotated=mode))
    assert mutated(effects) == expected


def test_unknown_mode_is_rejected():
    with pytest.raises(ValueError):
        FunctionInspector(unannotated="maybe")


def test_observed_mode_catches_what_specs_cannot():
    src = "exec('y.append(1)', {'y': x})"
    assert mutated(run(src, {"x": []})) == set()
    assert mutated(run(src, {"x": []}, observe=True)) == {ID("x")}


def test_observed_mode_clears_changes_that_did_not_happen():
    effects = run("d.setdefault('a', 0)", {"d": {"a": 1}})
    assert mutated(effects) == {ID("d")}
    assert mutated(run("d.setdefault('a', 0)", {"d": {"a": 1}}, observe=True)) == set()


def test_observed_mode_keeps_spec_mutations_of_opaque_objects():
    effects = run("got = [v for v in g]", {"g": (i for i in range(3))}, observe=True)
    assert ID("g") in mutated(effects)


def test_execution_context_by_hand():
    g = {"x": [1], "gone": 1}
    nodes = {"x": g["x"]}
    code = compile("x.append(2)\ny = 1\ndel gone", "<c>", "exec")
    context = ExecutionContext.before(code, g, nodes, observe=True)
    recording = sidefx.exec_and_record_function_calls(code, g)
    output = context.changed_globals()
    effects = function_calls_to_side_effects(FunctionInspector(), recording, nodes, output, context=context)
    assert accessed(effects) == AccessedGlobals(["x"], ["y"], ["gone"])
    assert mutated(effects) == {ID("x")}


# ---- inspector --------------------------------------------------------------------------------

def test_specs_load_lazily_per_module():
    inspector = FunctionInspector()
    assert inspector.loaded_spec_files == []
    g = {"x": []}
    recording = sidefx.exec_and_record_function_calls(compile("x.append(1)", "<c>", "exec"), g)
    function_calls_to_side_effects(inspector, recording, {"x": g["x"]}, {})
    assert inspector.loaded_spec_files == ["builtins.toml"]
    for name in ("numpy", "pandas", "sklearn"):
        assert inspector.lookup(name, "nothing_here") is None
    assert "numpy.toml" in inspector.loaded_spec_files  # looked up by name, never imported
    assert "sidefx.toml" not in inspector.loaded_spec_files


def test_user_specs_take_precedence(tmp_path):
    spec = tmp_path / "mine.toml"
    spec.write_text(
        '[spec]\nschema = 1\nmodules = ["builtins"]\n\n[functions.len]\nmutates = ["arg0"]\n', encoding="utf-8")
    effects = run("n = len(x)", {"x": [1]}, inspector=FunctionInspector([spec]))
    assert mutated(effects) == {ID("x")}
    assert mutated(run("n = len(x)", {"x": [1]})) == set()


def test_user_spec_for_user_module(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "store.toml").write_text(
        '[spec]\nschema = 1\nmodules = ["sidefx_test_store"]\nexternal_states = ["object_store"]\n\n'
        '[functions.upload]\nmutates = ["external:object_store"]\n', encoding="utf-8")
    import types as _types
    module = _types.ModuleType("sidefx_test_store")
    exec("def upload(x):\n    return None", module.__dict__)
    effects = run("store.upload(1)", {"store": module}, inspector=FunctionInspector([tmp_path / "specs"]))
    assert mutated(effects) == {ExternalState("object_store")}


def test_analysis_runs_no_user_code():
    class Trap:
        def __getattr__(self, name):
            raise AssertionError("user code ran: __getattr__(%s)" % name)

        def __eq__(self, other):
            raise AssertionError("user code ran: __eq__")

        __hash__ = object.__hash__

        def __iter__(self):
            raise AssertionError("user code ran: __iter__")

    trap = Trap()
    g = {"t": trap, "box": [trap]}
    effects = run("y = [t]\nbox.append(y)", g, observe=True)
    assert mutated(effects) == {ID("box")}
