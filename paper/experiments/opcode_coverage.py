"""Table: per CPython version, the opcodes a trace function can meet and how the table covers them.

Runs under each version's own interpreter (its ``dis`` is the ground truth), via the interpreters
that scripts/dev.sh links into .venv/pythons/.
"""
import fnmatch
import json
import subprocess

from _common import VERSIONS, python_for, write_outputs

from sidefx._generator.tables import resolve

# Each interpreter reports its own opcodes; the tables are read here (tomllib/tomli).
PROBE = "import dis, json, sys; print(json.dumps(sorted(dis.opmap)))"


def measure(version):
    python = python_for(version, bare=True)
    if python is None:
        raise SystemExit("no interpreter for %s: run `bash scripts/dev.sh setup` first" % version)
    done = subprocess.run([python, "-c", PROBE], stdout=subprocess.PIPE, universal_newlines=True, check=True)
    names = set(json.loads(done.stdout))
    table = resolve(version)
    never = {n for n in names if any(fnmatch.fnmatchcase(n, p) for p in table.never_seen)}
    meetable = names - never
    return {"version": version, "opmap": len(names), "meetable": len(meetable), "never_seen": len(never),
            "call_rows": len(set(table.rows) & meetable), "no_call": len(table.no_call & meetable),
            "uncovered": sorted(meetable - set(table.rows) - table.no_call)}


def main():
    rows = [measure(v) for v in VERSIONS]
    lines = [r"\begin{tabular}{lrrrrr}", r"\toprule",
             r"CPython & opcodes & never met & met by a tracer & call-producing & no call \\", r"\midrule"]
    for r in rows:
        lines.append(r"%s & %d & %d & %d & %d & %d \\" % (r["version"], r["opmap"], r["never_seen"], r["meetable"], r["call_rows"], r["no_call"]))
    lines += [r"\bottomrule", r"\end{tabular}", ""]
    assert all(not r["uncovered"] for r in rows), "a table leaves opcodes uncovered: %s" % rows
    write_outputs("opcode_coverage", rows, "\n".join(lines))


if __name__ == "__main__":
    main()
