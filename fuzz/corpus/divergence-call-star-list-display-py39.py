# sidefx fuzz corpus: found by `python -m fuzz` (seed 11, shard 1/1) on CPython 3.9.18, backend default
# what diverged: CPython 3.9.18: missing at call #4, opcode (missing sidefx.model.build_list)
#   recorder : (no call)
#   reference: sidefx.model.build_list() -> []
# signature: ["3.9", "divergence", "trace", "(missing sidefx.model.build_list)", "-", "sidefx.model.build_list", ""]

class C1:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self.v)
    def __getitem__(self, k):
        return self.v + k
    def __len__(self):
        return self.v % 5
    def __iter__(self):
        return iter(range(self.v % 4))
    def __getattr__(self, name):
        return len(name)
class C2:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self.v)
    def __call__(self, a):
        return self.v * a
    @staticmethod
    def sm(a):
        return a + 1
print(0)
def fn3(p0, p1=0, p2=0, *args):
    return 0
i4 = fn3(0, *[])
