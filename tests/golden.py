"""Golden trace files: '## case' headers, one rendered call per line."""
import os

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")


def read(path):
    cases, current = {}, None
    if not os.path.exists(path):
        return cases
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("## "):
                current = line[3:].strip()
                cases[current] = []
            elif line.startswith("#") or current is None:
                continue
            elif line:
                cases[current].append(line)
    return cases


def write(path, cases, header=""):
    with open(path, "w", encoding="utf-8") as handle:
        if header:
            handle.write(header.rstrip("\n") + "\n\n")
        for name in sorted(cases):
            handle.write("## %s\n" % name)
            for line in cases[name]:
                handle.write(line + "\n")
            handle.write("\n")


def expected(name, version, base="constructs"):
    """The golden lines for a case on ``version``: the version override file wins."""
    override = read(os.path.join(GOLDEN_DIR, "%s-%d.%d.txt" % ((base,) + tuple(version))))
    if name in override:
        return override[name]
    return read(os.path.join(GOLDEN_DIR, base + ".txt")).get(name)
