"""Table: fuzz campaigns per version (recorder vs the independent reference, and transparency)."""
from _common import quick, run_json, versions_to_run, write_outputs

SECONDS = 60


def main():
    budget = ["--examples", "20"] if quick() else ["--seconds", str(SECONDS)]
    results = {}
    for version in versions_to_run():
        results[version] = run_json(version, ["-m", "fuzz", "--seed", "1", "--corpus", "{json}.corpus"] + budget + ["--json", "{json}"])
    lines = [r"\begin{tabular}{lrrrrr}", r"\toprule",
             r"CPython & programs & calls compared & programs/s & divergences & transparency failures \\", r"\midrule"]
    total = 0
    for version, r in results.items():
        divergences = len(r.get("failures", []))
        total += r["programs"]
        lines.append(r"%s & %d & %d & %.1f & %d & %d \\" % (version, r["programs"], r["calls_compared"], r["programs_per_second"],
                                                            divergences, r["transparency_failures"]))
    lines += [r"\bottomrule", r"\end{tabular}", ""]
    write_outputs("fuzz_campaigns", results, "\n".join(lines), {"FuzzPrograms": total})


if __name__ == "__main__":
    main()
