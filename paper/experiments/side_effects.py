"""Table: side-effect precision and recall per effect kind and version, on the labelled programs
of evaluation/effects/ (default mode; the observe mode in the JSON)."""
from _common import run_json, versions_to_run, write_outputs

KINDS = ("mutated", "views", "accessed", "implicit")


def main():
    results = {}
    for version in versions_to_run():
        results[version] = run_json(version, ["evaluation/effects/evaluate.py", "--mode", "all", "--json", "{json}"])
    lines = [r"\begin{tabular}{l" + "rr" * len(KINDS) + "r}", r"\toprule",
             "CPython & " + " & ".join(r"\multicolumn{2}{c}{%s}" % k for k in KINDS) + r" & programs \\",
             " & " + " & ".join("P & R" for _ in KINDS) + r" & \\", r"\midrule"]
    worst = 1.0
    for version, report in results.items():
        scores = report["modes"]["default"]["scores"]
        cells = []
        for kind in KINDS:
            cells += ["%.3f" % scores[kind]["precision"], "%.3f" % scores[kind]["recall"]]
            worst = min(worst, scores[kind]["precision"], scores[kind]["recall"])
        lines.append("%s & %s & %d \\\\" % (version, " & ".join(cells), report["programs"]))
    lines += [r"\bottomrule", r"\end{tabular}", ""]
    write_outputs("side_effects", results, "\n".join(lines), {"EffectsWorstScore": "%.3f" % worst})


if __name__ == "__main__":
    main()
