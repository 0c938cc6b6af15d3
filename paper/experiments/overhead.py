"""Table: recording overhead per workload, version and backend (median traced/untraced CPU-time
ratio) on the compiled path, the pure-Python path of the loop workload alongside, and the
sys.setprofile baseline, from the benchmark suite (benchmarks/)."""
from _common import quick, run_json, versions_to_run, write_outputs

WORKLOADS = ("arith_loop", "containers", "methods", "csv_report")
PURE_WORKLOAD = "arith_loop"


def _argv(workloads, pure):
    argv = ["-m", "benchmarks", "--json", "{json}", "--no-memory"] + (["--pure-python"] if pure else [])
    if quick():
        return argv + ["--quick", "--workload", "arith_loop"]
    return argv + ["--repeat", "3"] + [a for w in workloads for a in ("--workload", w)]


def main():
    # the two loop workloads, the object-heavy and the realistic one; `python -m benchmarks.matrix` runs all eight
    results = {version: run_json(version, _argv(WORKLOADS, False)) for version in versions_to_run()}
    pure = {version: run_json(version, _argv([PURE_WORKLOAD], True)) for version in versions_to_run()}
    lines = [r"\begin{tabular}{llrrrr}", r"\toprule",
             r"CPython & workload & settrace & monitoring & settrace, pure & setprofile \\", r"\midrule"]
    ratio = lambda w, b: w.get("backends", {}).get(b, {}).get("ratio")
    # (one decimal where the targets are, 10x and 15x: rounding 9.5 up would say 10)
    cell = lambda x: ("%.1f$\\times$" if x < 20 else "%.0f$\\times$") % x if x else "--"
    for version, report in results.items():
        pure_rows = {w["name"]: w for w in pure[version]["workloads"] if w.get("status") == "ok"}
        for w in report["workloads"]:
            if w.get("status") != "ok":
                continue
            p = pure_rows.get(w["name"])
            lines.append(r"%s & %s & %s & %s & %s & %.1f$\times$ \\" % (
                version, w["name"].replace("_", r"\_"), cell(ratio(w, "settrace")), cell(ratio(w, "monitoring")),
                cell(ratio(p, "settrace") if p else None), w["baseline"]["ratio"]))
    lines += [r"\bottomrule", r"\end{tabular}", ""]
    write_outputs("overhead", {"compiled": results, "pure": pure}, "\n".join(lines))


if __name__ == "__main__":
    main()
