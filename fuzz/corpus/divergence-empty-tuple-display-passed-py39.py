# sidefx fuzz corpus: found by `python -m fuzz` (seed 1, shard 1/1) on CPython 3.9.18, backend settrace
# what diverged: CPython 3.9.18: extra at call #8, line 33, opcode BUILD_TUPLE
#   recorder : sidefx.model.build_tuple() -> ()    [line 33]
#   reference: (no call)
# signature: ["3.9", "divergence", "trace", "BUILD_TUPLE", "", "", ""]

class C1:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self.v)
    def __iter__(self):
        for i in range(self.v % 4):
            yield i * 2
    def __call__(self, a):
        return self.v * a
    def m(self, k=1):
        return self.v * k
    @staticmethod
    def sm(a):
        return a + 1
class C2(C1):
    def __init__(self, v):
        super().__init__(v + 1)
    k = len('a') + abs(0)
    def __iter__(self):
        return iter(range(self.v % 4))
    @property
    def double(self):
        return self.v * 2
    def __getattr__(self, name):
        return len(name)
i3 = 0
def deco4(fn):
    return fn
@deco4
def fn5(p0, p1=0):
    return 0
i6 = fn5(**{'p0': (()[0] if len(()) > 0 else 0)})
