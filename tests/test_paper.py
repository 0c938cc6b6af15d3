"""The paper's numbers come from scripts: their quick mode runs and writes every table it inputs."""
import os
import re
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPERIMENTS = os.path.join(REPO, "paper", "experiments")
SCRIPTS = ["opcode_coverage", "opcode_churn", "fuzz_campaigns", "overhead", "overhead_breakdown", "side_effects"]


def test_every_table_the_paper_inputs_has_a_script():
    tex = open(os.path.join(REPO, "paper", "paper.tex")).read()
    inputs = set(re.findall(r"\\input\{generated/([a-z_]+)(?:\.macros)?\.tex\}", tex))
    assert inputs == set(SCRIPTS)
    makefile = open(os.path.join(REPO, "paper", "Makefile")).read()
    assert all(name in makefile for name in SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_quick_generation(script, tmp_path):
    if script == "opcode_coverage" and not os.path.isdir(os.path.join(REPO, ".venv", "pythons")):
        pytest.fail("opcode_coverage needs the interpreters of `bash scripts/dev.sh setup`")
    env = dict(os.environ, SIDEFX_PAPER_GENERATED=str(tmp_path), SIDEFX_PAPER_QUICK="1", PYTHONPATH=REPO)
    done = subprocess.run([sys.executable, script + ".py", "--quick"], cwd=EXPERIMENTS, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]
    table = (tmp_path / (script + ".tex")).read_text()
    assert r"\begin{tabular}" in table and r"\bottomrule" in table
    assert (tmp_path / (script + ".json")).stat().st_size > 2
