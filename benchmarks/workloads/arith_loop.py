"""Tight arithmetic loop: integer and float operators in a counted loop, no calls of its own."""
from benchmarks.workloads import Workload

SOURCE = '''
def collatz_mix(n):
    total = 0
    acc = 0.5
    for i in range(n):
        x = i * 7 + 3
        total += x % 11 - (x >> 2) // 3
        acc = acc * 0.999 + x / 13.0
        if total > 1000000:
            total -= 999983
    return total, round(acc, 6)

result = collatz_mix(N)
'''

WORKLOAD = Workload(
    "arith_loop",
    "tight int/float arithmetic loop",
    SOURCE,
    {"full": 50000, "quick": 200},
)
