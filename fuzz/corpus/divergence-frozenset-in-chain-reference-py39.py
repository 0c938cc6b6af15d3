# sidefx fuzz corpus: found by `python -m fuzz` (seed 11, shard 1/1) on CPython 3.9.18, backend default
# what diverged: CPython 3.9.18: extra at call #0, line 1, opcode GET_ITER
#   recorder : builtins.iter(frozenset({0})) -> <set_iterator object>    [line 1]
#   reference: (no call)
# signature: ["3.9", "divergence", "trace", "GET_ITER", "", "", ""]

assert (0 < sum([0 for v1 in {0}]) < 0), 'a'
