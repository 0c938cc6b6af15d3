# sidefx fuzz corpus: found by `python -m fuzz` (seed 1, shard 1/1) on CPython 3.14.10, backend settrace
# what diverged: CPython 3.14.10: missing at call #2, opcode (missing operator.mod)
#   recorder : (no call)
#   reference: operator.mod(0, 5) -> 0
# signature: ["3.14", "divergence", "trace", "(missing operator.mod)", "-", "operator.mod", ""]

def fn1(p0=0, p1=0):
    return (0 << (((0,)[0] if len((0,)) > 0 else len('a')) % 5))
i2, i3 = fn1(**{}), 0
