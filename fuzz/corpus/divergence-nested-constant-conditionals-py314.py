# sidefx fuzz corpus: found by `python -m fuzz` (seed 1, shard 1/1) on CPython 3.14.10, backend monitoring
# what diverged: CPython 3.14.10: missing at call #0, opcode (missing operator.neg)
#   recorder : (no call)
#   reference: operator.neg(0) -> 0
# signature: ["3.14", "divergence", "trace", "(missing operator.neg)", "-", "operator.neg", ""]

i1 = (-((0 if True else 0) if True else len('a')))
i2 = abs(i1)  # (added) a call on every version
