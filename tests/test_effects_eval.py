"""The labelled evaluation set: labels confirmed by observation, precision and recall >= 0.95."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.join(os.path.dirname(HERE), "evaluation", "effects")
if EVAL not in sys.path:
    sys.path.insert(0, EVAL)

import harness  # noqa: E402
from programs import PROGRAMS  # noqa: E402

THRESHOLD = 0.95
AVAILABLE = [p for p in PROGRAMS if p.available()]


def test_the_set_is_large_enough_and_well_formed():
    assert len(AVAILABLE) >= 60
    names = [p.name for p in PROGRAMS]
    assert len(names) == len(set(names))
    for kind in harness.KINDS:
        assert sum(len(p.labels()[kind]) for p in AVAILABLE) >= 15, kind
    for p in PROGRAMS:
        assert p.category, p.name
        assert not p.unverified or p.note, "%s: unverified labels need a note" % p.name


@pytest.mark.parametrize("program", AVAILABLE, ids=lambda p: p.name)
def test_labels_agree_with_observation(program):
    assert harness.check_labels(program) == []


BACKENDS = [None] + (["monitoring"] if sys.version_info >= (3, 12) else [])


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b or "default-backend")
@pytest.mark.parametrize("mode", ["default", "observe"])
def test_precision_and_recall(mode, backend):
    totals, details = harness.score(AVAILABLE, mode, backend)
    problems = [d for d in details if d.get("recorder_problems")]
    assert problems == []
    for kind, t in totals.items():
        assert t["precision"] >= THRESHOLD, (kind, t, [d for d in details if len(d) > 2])
        assert t["recall"] >= THRESHOLD, (kind, t, [d for d in details if len(d) > 2])


def test_the_script_prints_a_table_and_writes_json(tmp_path, capsys):
    import json
    import evaluate
    out = tmp_path / "report.json"
    assert evaluate.main(["--mode", "default", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "mode default" in text and "precision" in text and "implicit" in text
    report = json.loads(out.read_text())
    assert report["programs"] == len(AVAILABLE)
    assert set(report["modes"]["default"]["scores"]) == set(harness.KINDS)
    for scores in report["modes"]["default"]["scores"].values():
        assert {"tp", "fp", "fn", "precision", "recall"} <= set(scores)
