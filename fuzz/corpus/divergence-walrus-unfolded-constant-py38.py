# sidefx fuzz corpus: found by `python -m fuzz` (seed 7, shard 1/1) on CPython 3.8.18, backend default
# what diverged: CPython 3.8.18: extra at call #5, line 20, opcode BUILD_TUPLE
#   recorder : sidefx.model.build_tuple() -> ()    [line 20]
#   reference: (no call)
# signature: ["3.8", "divergence", "trace", "BUILD_TUPLE", "", "", ""]

class C1:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self.v)
    k = len('a') + abs(0)
    def __iter__(self):
        for i in range(self.v % 4):
            yield i * 2
    @property
    def double(self):
        return self.v * 2
    def __getattr__(self, name):
        return len(name)
i2 = 0
i3 = 0
i4 = 0
i5 = i2
f6 = 0.5
f7 = float((i2 := len(())))
