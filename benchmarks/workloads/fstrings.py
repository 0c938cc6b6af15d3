"""String formatting: f-strings with conversions and format specs, joined into a report."""
from benchmarks.workloads import Workload

SOURCE = '''
def render(n):
    names = ["ada", "grace", "linus", "guido", "barbara"]
    lines = []
    for i in range(n):
        name = names[i % 5]
        value = i * 1.37
        lines.append(f"{i:05d} | {name:>8} | {value:10.3f} | {name!r} | {i % 7}/{i % 11}")
    text = "\\n".join(lines)
    return len(text), lines[-1]

result = render(N)
'''

WORKLOAD = Workload(
    "fstrings",
    "f-strings with conversions and format specs",
    SOURCE,
    {"full": 8000, "quick": 100},
)
