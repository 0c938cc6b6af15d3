# sidefx fuzz corpus: found by `python -m fuzz` (seed 11, shard 1/1) on CPython 3.9.18, backend default
# what diverged: CPython 3.9.18: extra at call #2, line 9, opcode CONTAINS_OP
#   recorder : operator.contains(frozenset({0}), 0) -> True    [line 9]
#   reference: (no call)
# signature: ["3.9", "divergence", "trace", "CONTAINS_OP", "", "", ""]

class C1:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self.v)
print(0)
if False:
    pass
elif (0 < (0 if (0 in {0}) else 0) < 0):
    pass
