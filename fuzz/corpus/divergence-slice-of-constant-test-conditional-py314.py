# sidefx fuzz corpus: found by `python -m fuzz` (seed 1, shard 1/1) on CPython 3.14.10, backend settrace
# what diverged: CPython 3.14.10: missing at call #0, opcode (missing operator.getitem)
#   recorder : (no call)
#   reference: operator.getitem('a', slice(None, None, None)) -> 'a'
# signature: ["3.14", "divergence", "trace", "(missing operator.getitem)", "-", "operator.getitem", ""]

i1 = 0
i2 = 0
assert False, ('a'[0] if 'a' else 'e')[:]
