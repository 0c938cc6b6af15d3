# sidefx fuzz corpus: found by `python -m fuzz` (seed 1, shard 1/1) on CPython 3.14.10, backend settrace
# what diverged: CPython 3.14.10: missing at call #0, opcode (missing operator.add)
#   recorder : (no call)
#   reference: operator.add('a', 'a') -> 'aa'
# signature: ["3.14", "divergence", "trace", "(missing operator.add)", "-", "operator.add", ""]

i1 = 0
i2 = 0
i3 = 0
assert False, (('a'[0] if 'a' else 'e') + 'a')
