# sidefx fuzz corpus: found by `python -m fuzz` (seed 1, shard 1/1) on CPython 3.14.10, backend settrace
# what diverged: CPython 3.14.10: missing at call #5, opcode (missing operator.neg)
#   recorder : (no call)
#   reference: operator.neg(0) -> 0
# signature: ["3.14", "divergence", "trace", "(missing operator.neg)", "-", "operator.neg", ""]

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
print(0)
try:
    try:
        pass
        raise ValueError((-((0, 0, 0)[0] if len((0, 0, 0)) > 0 else 0)))
    finally:
        pass
except Exception as e3:
    pass
