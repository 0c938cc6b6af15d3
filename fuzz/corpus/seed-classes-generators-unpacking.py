# sidefx fuzz corpus: hand-written seed (not found by a campaign)
# exercises: classes with dunders and inheritance, super() (both forms), properties,
# classmethod/staticmethod, closures, decorators, generators (send, yield from), unpacking with
# starred targets, keyword / *args / **kwargs calls, augmented assignment on names, attributes
# and subscripts, walrus, slicing, chained comparisons, lambdas called from C.

class Vec:
    def __init__(self, *xs):
        self.xs = list(xs)
    def __repr__(self):
        return 'Vec%r' % (tuple(self.xs),)
    def __len__(self):
        return len(self.xs)
    def __getitem__(self, i):
        return self.xs[i]
    def __setitem__(self, i, v):
        self.xs[i] = v
    def __iter__(self):
        yield from self.xs
    def __eq__(self, other):
        return isinstance(other, Vec) and self.xs == other.xs
    __hash__ = None
    def __iadd__(self, other):
        self.xs = [a + b for a, b in zip(self.xs, other)]
        return self
    @property
    def norm1(self):
        return sum(abs(x) for x in self.xs)
    @classmethod
    def zeros(cls, n):
        return cls(*[0] * n)
    @staticmethod
    def dot(a, b):
        return sum(x * y for x, y in zip(a, b))


class Vec2(Vec):
    def __init__(self, x, y):
        super().__init__(x, y)
    def __repr__(self):
        return 'Vec2(%r)' % (super(Vec2, self).__repr__(),)


def counting(fn):
    calls = []
    def wrapper(*args, **kwargs):
        calls.append(len(args) + len(kwargs))
        return fn(*args, **kwargs)
    wrapper.calls = calls
    return wrapper


@counting
def combine(a, b=2, *rest, scale=1, **extra):
    return (a + b + sum(rest)) * scale + len(extra)


def adder(n):
    def add(m):
        nonlocal n
        n += m
        return n
    return add


def echo():
    got = yield 'ready'
    while got is not None:
        got = yield got * 2


v = Vec(3, -1, 4)
w = Vec2(1, 5)
v += [1, 1, 1]
v[0] += 10
w.xs[1] -= 2
first, *middle, last = v
(a, b), c = w, v.norm1
z = Vec.zeros(2)
args = [1, 2, 3]
opts = {'scale': 2, 'tag': 'x'}
r1 = combine(*args, **opts)
r2 = combine(5, b=1)
acc = adder(10)
r3 = [acc(k) for k in range(3)]
g = echo()
r4 = [next(g), g.send(4), g.send(5)]
g.close()
ordered = sorted([v, w, z], key=lambda vec: (len(vec), vec.norm1), reverse=True)
if (n := len(ordered)) > 2 and 0 < n <= 3:
    window = v.xs[1:], v.xs[::-1], v.xs[-2:0:-1]
print(v, w, first, middle, last, a, b, c, z == Vec(0, 0), Vec.dot(v, w), r1, r2, r3, r4, ordered,
      combine.calls, n, window, sep='\n')
