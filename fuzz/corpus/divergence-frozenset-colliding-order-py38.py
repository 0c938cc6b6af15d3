# sidefx fuzz corpus: found by `python -m fuzz` (seed 23, shard 1/1) on CPython 3.8.18, backend default
# what diverged: CPython 3.8.18: call at call #3, line 11, opcode FOR_ITER (differs in res)
#   recorder : builtins.next(<set_iterator object>) -> -1    [line 11]
#   reference: builtins.next(<set_iterator object>) -> 6
# signature: ["3.8", "divergence", "trace", "FOR_ITER", "", "", ""]

class C1:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self.v)
class C2:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self.v)
i3 = (-sum([v4 for v4 in {6, -1, -2}]))
