"""Comprehensions: list, set and dict comprehensions, nested ones and generator expressions."""
from benchmarks.workloads import Workload

SOURCE = '''
def crunch(n):
    squares = [i * i for i in range(n)]
    evens = [s for s in squares if s % 2 == 0]
    residues = {s % 97 for s in squares}
    index = {i: s % 13 for i, s in enumerate(evens)}
    grid = [[x * y for x in range(8)] for y in range(n // 64)]
    diag = sum(row[i % 8] for i, row in enumerate(grid))
    flat = [v for row in grid for v in row if v % 3]
    return len(evens), len(residues), sum(index.values()), diag, len(flat)

result = crunch(N)
'''

WORKLOAD = Workload(
    "comprehensions",
    "list/set/dict comprehensions, genexps, nesting",
    SOURCE,
    {"full": 60000, "quick": 128},
)
