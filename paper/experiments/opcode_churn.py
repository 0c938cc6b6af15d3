"""Table: how opcode semantics changed between consecutive CPython versions, from the tables."""
from _common import VERSIONS, write_outputs

from sidefx._cli import table_diff
from sidefx._generator.tables import resolve


def main():
    rows = []
    for old, new in zip(VERSIONS, VERSIONS[1:]):
        lines = table_diff(resolve(old), resolve(new))
        rows.append({
            "from": old, "to": new,
            "added": sum(1 for l in lines if l.startswith("+")),
            "removed": sum(1 for l in lines if l.startswith("-")),
            "changed": sum(1 for l in lines if l.startswith("~")),
            "table_lines": sum(1 for l in open("%s/../opcode_tables/cpython-%s.toml" % (__import__("_common").PAPER, new)) if l.strip() and not l.lstrip().startswith("#")),
        })
    lines = [r"\begin{tabular}{lrrrr}", r"\toprule",
             r"versions & new opcodes & removed & semantics changed & table lines \\", r"\midrule"]
    for r in rows:
        lines.append(r"%s $\to$ %s & %d & %d & %d & %d \\" % (r["from"], r["to"], r["added"], r["removed"], r["changed"], r["table_lines"]))
    lines += [r"\bottomrule", r"\end{tabular}", ""]
    eleven = [r for r in rows if r["to"] == "3.11"][0]
    macros = {"ChurnAddedEleven": eleven["added"], "ChurnRemovedEleven": eleven["removed"]}
    write_outputs("opcode_churn", rows, "\n".join(lines), macros)


if __name__ == "__main__":
    main()
