"""Table: fuzz campaigns per version and backend (recorder vs the independent reference, and
transparency).

Each campaign is ``python -m fuzz --seconds S --seed 1`` under that version's interpreter, one
worker; campaigns run side by side, one per CPU.  S is 600 (the fuzzer issue's done-criterion:
ten minutes per version) unless SIDEFX_FUZZ_SECONDS says otherwise; quick mode runs 20 programs.
Failing programs go to generated/fuzz_corpus/ (nothing there when every campaign is clean).

SIDEFX_PAPER_VERSIONS=3.13,3.14 reruns only those versions' campaigns and keeps the others from
the previous generated/fuzz_campaigns.json; each result records the commit it ran on.
"""
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

from _common import GENERATED, REPO, quick, run_json, versions_to_run, write_outputs

SECONDS = int(os.environ.get("SIDEFX_FUZZ_SECONDS", "600"))
SEED = 1


def campaigns():
    """(version, backend): settrace everywhere, and sys.monitoring where it exists (3.12+)."""
    found = []
    for version in versions_to_run():
        found.append((version, "settrace"))
        if tuple(int(p) for p in version.split(".")) >= (3, 12):
            found.append((version, "monitoring"))
    return found


def _commit():
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "sidefx", "fuzz"], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, universal_newlines=True)
        return out.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")
    except OSError:
        return None


def run_campaign(version, backend):
    budget = ["--examples", "20"] if quick() else ["--seconds", str(SECONDS)]
    corpus = os.path.join(GENERATED, "fuzz_corpus", "%s-%s" % (version, backend))
    commit = _commit()  # the code the campaign starts with (the tree may move on while it runs)
    result = run_json(version, ["-m", "fuzz", "--seed", str(SEED), "--backend", backend, "--quiet",
                                "--corpus", corpus] + budget + ["--json", "{json}"], timeout=SECONDS * 3 + 600)
    result["commit"] = commit
    return result


def main():
    todo = campaigns()
    only = os.environ.get("SIDEFX_PAPER_VERSIONS")
    previous = {}
    if only and not quick():
        with open(os.path.join(GENERATED, "fuzz_campaigns.json")) as handle:
            previous = json.load(handle)
    rerun = [c for c in todo if not only or quick() or c[0] in only.split(",")]
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        fresh = dict(zip(rerun, pool.map(lambda c: run_campaign(*c), rerun)))
    done = [fresh[c] if c in fresh else previous["%s/%s" % c] for c in todo]
    results = {"%s/%s" % c: r for c, r in zip(todo, done)}
    lines = [r"\begin{tabular}{llrrrrr}", r"\toprule",
             r"CPython & backend & programs & calls compared & programs/s & divergences & transparency \\",
             r"\midrule"]
    programs = divergences = 0
    for (version, backend), r in zip(todo, done):
        programs += r["programs"]
        divergences += r["divergences"]
        lines.append(r"%s & %s & %d & %d & %.1f & %d & %d \\" % (
            version, backend, r["programs"], r["calls_compared"], r["programs_per_second"], r["divergences"],
            r["transparency_failures"]))
    lines += [r"\bottomrule", r"\end{tabular}", ""]
    seconds = "20 programs" if quick() else "%d\\,s" % SECONDS
    corpus = os.listdir(os.path.join(REPO, "fuzz", "corpus"))
    regressions = len([n for n in corpus if n.endswith(".py") and not n.startswith("seed-")])
    write_outputs("fuzz_campaigns", results, "\n".join(lines),
                  {"FuzzPrograms": programs, "FuzzDivergences": divergences, "FuzzBudget": seconds,
                   "FuzzCampaigns": len(todo), "FuzzRegressions": regressions})


if __name__ == "__main__":
    main()
