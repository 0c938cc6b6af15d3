"""List/dict-heavy loop: appends, indexing, dict get/set, slicing, sorting."""
from benchmarks.workloads import Workload

SOURCE = '''
def bucket_stats(n):
    words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta"]
    counts = {}
    positions = {}
    window = []
    for i in range(n):
        w = words[(i * 5 + i // 3) % len(words)]
        counts[w] = counts.get(w, 0) + 1
        if w not in positions:
            positions[w] = []
        positions[w].append(i)
        window.append(i % 17)
        if len(window) > 8:
            del window[0]
        pair = window[-3:]
    ranking = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    spans = {w: p[-1] - p[0] for w, p in positions.items()}
    return ranking[:3], sorted(spans.items())[:3], pair

result = bucket_stats(N)
'''

WORKLOAD = Workload(
    "containers",
    "list/dict-heavy loop (get/set, append, del, slices)",
    SOURCE,
    {"full": 30000, "quick": 100},
)
