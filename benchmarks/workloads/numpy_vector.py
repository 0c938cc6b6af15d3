"""A numpy-vectorized script: few, expensive calls on large arrays (skipped without numpy)."""
from benchmarks.workloads import Workload

SOURCE = '''
import numpy as np


def analyse(n, rounds):
    x = np.linspace(0.0, 10.0, n)
    acc = 0.0
    for k in range(rounds):
        y = np.sin(x * (k + 1)) + np.cos(x) ** 2
        z = np.cumsum(y) / (np.arange(n) + 1)
        means = z.reshape(-1, 100).mean(axis=1)
        acc += float(means.std()) + float(np.dot(y, z)) / n
    return round(acc, 6)

result = analyse(N, 5)
'''

WORKLOAD = Workload(
    "numpy_vector",
    "numpy-vectorized array script",
    SOURCE,
    {"full": 100000, "quick": 1000},
    requires=("numpy",),
)
