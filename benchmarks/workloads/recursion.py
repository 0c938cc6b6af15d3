"""Recursion: naive Fibonacci and a recursive tree build/sum."""
from benchmarks.workloads import Workload

SOURCE = '''
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def build(depth):
    if depth == 0:
        return None
    return (depth, build(depth - 1), build(depth - 1))


def tree_sum(node):
    if node is None:
        return 0
    value, left, right = node
    return value + tree_sum(left) + tree_sum(right)

result = (fib(N), tree_sum(build(N // 2 + 1)))
'''

WORKLOAD = Workload(
    "recursion",
    "recursive fib + tree build/sum",
    SOURCE,
    {"full": 23, "quick": 8},
)
