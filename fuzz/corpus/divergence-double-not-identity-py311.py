# sidefx fuzz corpus: found by `python -m fuzz` (seed 11, shard 1/1) on CPython 3.11.7, backend default
# what diverged: CPython 3.11.7: call at call #6, line 9, opcode IS_OP (differs in fn, res)
#   recorder : operator.is_(C1(0), C1(0)) -> False    [line 9]
#   reference: operator.is_not(C1(0), C1(0)) -> True
# signature: ["3.11", "divergence", "trace", "IS_OP", "", "", ""]

class C1:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self.v)
print(0)
i2 = 0
i3 = 0
assert (not (not (C1(0) is C1(0)))), 'a'
