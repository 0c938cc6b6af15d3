# sidefx fuzz corpus: found by `python -m fuzz` (seed 1, shard 1/1) on CPython 3.9.18, backend settrace
# what diverged: CPython 3.9.18: extra at call #9, line 27, opcode BUILD_LIST
#   recorder : sidefx.model.build_list(0) -> [0]    [line 27]
#   reference: (no call)
# signature: ["3.9", "divergence", "trace", "BUILD_LIST", "", "", ""]

class C1:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self.v)
    k = len('a') + abs(0)
    def __iter__(self):
        for i in range(self.v % 4):
            yield i * 2
    @staticmethod
    def sm(a):
        return a + 1
    @property
    def double(self):
        return self.v * 2
    def __getattr__(self, name):
        return len(name)
it2 = iter([])
w3 = 0
while w3 < 0:
    w3 += 1
    pass
def fn4():
    for s5, v6 in {'a': 0}.items():
        assert False, 'a'
    return 0
i7, *xs8, i9 = (0, *[], fn4())
