# sidefx fuzz corpus: found by `python -m fuzz` (seed 1, shard 1/1) on CPython 3.14.10, backend settrace
# what diverged: CPython 3.14.10: extra at call #1, line 1, opcode UNARY_NEGATIVE
#   recorder : operator.neg(0) -> 0    [line 1]
#   reference: (no call)
# signature: ["3.14", "divergence", "trace", "UNARY_NEGATIVE", "", "", ""]

i1 = (-(0 if (0 < 0) else 0))
i2 = abs(i1)  # (added) a call on every version
