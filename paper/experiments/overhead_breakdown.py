"""Table: where the time of a recording goes, per version (arith_loop, settrace, compiled path):
observing instructions only, the Python lane translating and recording (compiled fast lane off),
the full recording with the fast lane, the same followed by reading every call, and the recording
with CPython's cyclic GC paused (python -m benchmarks.breakdown)."""
from _common import quick, run_json, versions_to_run, write_outputs

STAGES = ("events", "translate, Python lane", "record, Python lane", "record", "record, read every call",
          "record, no cyclic GC")
HEADERS = ("events", "translate (Python)", "record (Python)", "record (C lane)", "+ read all", "GC paused")


def main():
    argv = ["-m", "benchmarks.breakdown", "--json", "{json}"] + (["--quick"] if quick() else ["--repeat", "3"])
    results = {version: run_json(version, argv) for version in versions_to_run()}
    lines = [r"\begin{tabular}{lrrrrrrr}", r"\toprule",
             r"CPython & calls & %s \\" % " & ".join(HEADERS), r"\midrule"]
    for version, document in results.items():
        (r,) = document["results"]
        cells = ["%.0f$\\times$" % r["ratio"][s] if s in r["ratio"] else "--" for s in STAGES]
        lines.append(r"%s & %d & %s \\" % (version, r["calls"], " & ".join(cells)))
    lines += [r"\bottomrule", r"\end{tabular}", ""]
    def span(stage):
        values = [d["results"][0]["ratio"][stage] for d in results.values() if stage in d["results"][0]["ratio"]]
        return ("%.0f" % min(values), "%.0f" % max(values)) if values else ("--", "--")

    macros = {}
    for name, stage in (("EventFloor", "events"), ("PythonLane", "record, Python lane"),
                        ("FastLane", "record"), ("FastLaneRead", "record, read every call"),
                        ("FastLaneNoGC", "record, no cyclic GC")):
        macros[name + "Min"], macros[name + "Max"] = span(stage)
    write_outputs("overhead_breakdown", results, "\n".join(lines), macros)


if __name__ == "__main__":
    main()
