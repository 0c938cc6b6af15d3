# sidefx fuzz corpus: found by `python -m fuzz` (seed 1, shard 1/1) on CPython 3.14.10, backend settrace
# what diverged: CPython 3.14.10: extra at call #2, line 2, opcode CALL_INTRINSIC_1
#   recorder : operator.pos(0) -> 0    [line 2]
#   reference: (no call)
# signature: ["3.14", "divergence", "trace", "CALL_INTRINSIC_1", "operator.pos", "-", ""]

i1 = 0
i2 = (0 + (+((0,)[0] if len((0,)) > 0 else 0)))
