"""python -m benchmarks: run the benchmark suite under the current interpreter.

    python -m benchmarks                         # every workload, every backend available here, 5 repeats
    python -m benchmarks --repeat 3 --json out.json
    python -m benchmarks --backend settrace --workload arith_loop --workload recursion
    python -m benchmarks --quick                 # tiny sizes, 1 repeat (CI)
    python -m benchmarks --all-pythons [ARGS]    # = python -m benchmarks.matrix [ARGS]
"""
import argparse
import json
import os
import sys


def build_parser():
    from benchmarks.workloads import names

    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="repeats per measurement (default 5; medians are reported)")
    parser.add_argument("--backend", choices=("settrace", "monitoring", "all"), default="all",
                        help="sidefx backend(s); all = those available on this Python (default)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes and 1 repeat (CI smoke run)")
    parser.add_argument("--json", metavar="FILE", help="write the results document to FILE")
    parser.add_argument("--workload", action="append", choices=names(), metavar="NAME",
                        help="run only this workload (repeatable); one of: %s" % ", ".join(names()))
    parser.add_argument("--pure-python", action="store_true",
                        help="force sidefx's pure-Python path (SIDEFX_PURE_PYTHON=1) even if the compiled one is built")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc peak-memory runs")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument("--all-pythons", action="store_true",
                        help="run under every .venv/pythons interpreter instead (see python -m benchmarks.matrix)")
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if "--all-pythons" in argv:
        from benchmarks import matrix
        return matrix.main([a for a in argv if a != "--all-pythons"])
    args = build_parser().parse_args(argv)
    if args.repeat < 1:
        raise SystemExit("--repeat must be >= 1")

    if args.pure_python:
        os.environ["SIDEFX_PURE_PYTHON"] = "1"  # read by sidefx at each recording
    from benchmarks.report import format_run
    from benchmarks.suite import run_suite

    def log(message):
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    doc = run_suite(args.workload, args.backend, args.repeat, args.quick, memory=not args.no_memory, log=log)
    print(format_run(doc))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=1, sort_keys=True)
            f.write("\n")
        log("wrote %s" % args.json)
    failed = [w["name"] for w in doc["workloads"] if w["status"] == "error"] + [
        "%s/%s" % (w["name"], b) for w in doc["workloads"] for b, r in w.get("backends", {}).items()
        if r["status"] == "error"]
    if failed:
        print("errors in: %s" % ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
