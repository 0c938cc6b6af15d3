# sidefx fuzz corpus: found by `python -m fuzz` (seed 1, shard 1/1) on CPython 3.9.18, backend settrace
# what diverged: CPython 3.9.18: call at call #8, line 23, opcode BUILD_TUPLE (differs in fn, args, res)
#   recorder : sidefx.model.build_tuple((0, 0), 'a') -> ((0, 0), 'a')    [line 23]
#   reference: sidefx.model.unpack_sequence((0, 0), 2) -> (0, 0)
# signature: ["3.9", "divergence", "trace", "BUILD_TUPLE", "", "", ""]

class C1:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self.v)
    def __eq__(self, o):
        return self.v == getattr(o, 'v', o)
    __hash__ = None
    def __contains__(self, x):
        return x == self.v
class C2(C1):
    def __init__(self, v):
        super().__init__(v + 1)
    k = len('a') + abs(0)
try:
    assert 1 == 1, 'a'
    w3 = 0
    while w3 < 0:
        w3 += 1
        print(0, 0.5)
        f4 = 0.5
        h5 = lambda q: 0
    (i6, i7), s8 = (0, w3), 'a'
    raise ValueError(s8) from None
except Exception:
    print(0)
    import operator as m9
    i10 = m9.add(0, 0)
    if (C1(0) == 0):
        pass
    else:
        i10 //= ((0 - 0) or 1)
        i11 = 1
finally:
    i12, i13 = divmod(divmod(([0, 0][0] if len([0, 0]) > 0 else 0), ((0 // (0 or 1)) or 1))[0], ((len(str(len(str(0)))) // (([][0] if len([]) > 0 else abs(0)) or 1)) or 1))
i14 = 0
