"""Precision and recall of sidefx.effects on the labelled programs.

    python evaluation/effects/evaluate.py [--mode default|observe|pure|conservative|all]
                                          [--json FILE] [--check-labels] [--details]
                                          [--backend settrace|monitoring]

Prints a table per mode (kinds: mutated, views, accessed, implicit) and writes JSON (to FILE, or
to stdout with --json -).  --check-labels first confirms every label by observation (state
diffing, reachability, a name tracer, perturbation runs) and fails if one disagrees.
"""
import argparse
import json
import os
import platform
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
for path in (HERE, ROOT):
    if path not in sys.path:
        sys.path.insert(0, path)

import harness  # noqa: E402
from programs import PROGRAMS  # noqa: E402

MODES = ("default", "observe", "pure", "conservative")


def available_programs():
    return [p for p in PROGRAMS if p.available()]


def evaluate(modes=("default",), check=False, backend=None):
    programs = available_programs()
    report = {
        "python": platform.python_version(),
        "backend": backend or "default",
        "programs": len(programs),
        "skipped": sorted(p.name for p in PROGRAMS if not p.available()),
        "labels": {k: sum(len(p.labels()[k]) for p in programs) for k in harness.KINDS},
        "modes": {},
    }
    if check:
        report["label_problems"] = {}
        for p in programs:
            problems = harness.check_labels(p)
            if problems:
                report["label_problems"][p.name] = problems
    for mode in modes:
        totals, details = harness.score(programs, mode, backend)
        report["modes"][mode] = {"scores": totals, "differences": [d for d in details if len(d) > 2]}
    return report


def table(report):
    lines = ["Python %s, recorder backend %s: %d programs (skipped: %s)" % (
        report["python"], report["backend"], report["programs"], ", ".join(report["skipped"]) or "none")]
    for mode, data in report["modes"].items():
        lines.append("")
        lines.append("mode %-12s %8s %5s %5s %5s %10s %8s" % (mode, "labels", "tp", "fp", "fn", "precision", "recall"))
        for kind in harness.KINDS:
            t = data["scores"][kind]
            lines.append("  %-17s %8d %5d %5d %5d %10.3f %8.3f" % (
                kind, t["tp"] + t["fn"], t["tp"], t["fp"], t["fn"], t["precision"], t["recall"]))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", default="default", choices=MODES + ("all",))
    parser.add_argument("--json", metavar="FILE", help="write the JSON report to FILE ('-' for stdout)")
    parser.add_argument("--check-labels", action="store_true")
    parser.add_argument("--details", action="store_true", help="print each program's differences")
    parser.add_argument("--backend", choices=("settrace", "monitoring"), help="the recorder backend (default: its default)")
    args = parser.parse_args(argv)
    modes = MODES if args.mode == "all" else (args.mode,)
    report = evaluate(modes, check=args.check_labels, backend=args.backend)
    print(table(report))
    if args.details:
        for mode, data in report["modes"].items():
            for d in data["differences"]:
                print("[%s] %s" % (mode, json.dumps(d, sort_keys=True)))
    if report.get("label_problems"):
        print("\nlabel problems:")
        for name, problems in sorted(report["label_problems"].items()):
            for problem in problems:
                print("  %s: %s" % (name, problem))
    if args.json:
        text = json.dumps(report, indent=2, sort_keys=True, default=str)
        if args.json == "-":
            print(text)
        else:
            with open(args.json, "w") as fh:
                fh.write(text + "\n")
    return 1 if report.get("label_problems") else 0


if __name__ == "__main__":
    sys.exit(main())
