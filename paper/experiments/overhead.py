"""Table: recording overhead per workload, version and backend (median traced/untraced CPU-time
ratio), with the sys.setprofile baseline, from the benchmark suite (benchmarks/)."""
from _common import quick, run_json, versions_to_run, write_outputs


def main():
    # the loop, object-heavy and realistic workloads; `python -m benchmarks.matrix` runs all eight
    full = ["--repeat", "3", "--workload", "arith_loop", "--workload", "methods", "--workload", "csv_report"]
    argv = ["-m", "benchmarks", "--json", "{json}"] + (["--quick", "--workload", "arith_loop"] if quick() else full)
    results = {version: run_json(version, argv) for version in versions_to_run()}
    lines = [r"\begin{tabular}{llrrr}", r"\toprule",
             r"CPython & workload & settrace & monitoring & setprofile \\", r"\midrule"]
    for version, report in results.items():
        for w in report["workloads"]:
            if w.get("status") != "ok":
                continue
            backends = w.get("backends", {})
            cell = lambda b: "%.0f$\\times$" % backends[b]["ratio"] if b in backends and backends[b].get("ratio") else "--"
            lines.append(r"%s & %s & %s & %s & %.1f$\times$ \\" % (version, w["name"].replace("_", r"\_"), cell("settrace"),
                                                                   cell("monitoring"), w["baseline"]["ratio"]))
    lines += [r"\bottomrule", r"\end{tabular}", ""]
    write_outputs("overhead", results, "\n".join(lines))


if __name__ == "__main__":
    main()
