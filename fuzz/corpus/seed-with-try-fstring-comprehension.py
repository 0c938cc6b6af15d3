# sidefx fuzz corpus: hand-written seed (not found by a campaign)
# exercises: with (normal and exception paths, swallowing), try/except/else/finally, f-strings
# with conversions and specs, comprehensions of every kind, generator expressions, break/continue.

class Ctx:
    def __init__(self, swallow):
        self.swallow = swallow
        self.log = []
    def __repr__(self):
        return 'Ctx(%r)' % (self.swallow,)
    def __enter__(self):
        self.log.append('enter')
        return self
    def __exit__(self, et, ev, tb):
        self.log.append('exit %s' % (et.__name__ if et else None))
        return self.swallow


class Money:
    def __init__(self, cents):
        self.cents = cents
    def __repr__(self):
        return 'Money(%d)' % self.cents
    def __format__(self, spec):
        return format(self.cents / 100, spec or '.2f')
    def __add__(self, other):
        return Money(self.cents + getattr(other, 'cents', other))


prices = [Money(150), Money(275), Money(999)]
total = Money(0)
with Ctx(False) as c:
    for p in prices:
        total = total + p
with Ctx(True) as d:
    raise KeyError('swallowed')
try:
    with Ctx(False):
        {}['missing']
except KeyError as e:
    caught = repr(e)
else:
    caught = None
finally:
    done = len(c.log) + len(d.log)

label = f"{total:>10.2f}|{total!r:<12}|{'x'!a}|{len(prices):03d}|{3.14159:{done}.3}"
squares = [n * n for n in range(6) if n % 2]
pairs = {(a, b) for a in range(3) for b in (a, a + 1)}
index = {str(n): n ** 2 for n in squares}
gen_total = sum(n // 2 for n in squares)
nested = [[i * j for j in range(i)] for i in range(4)]
kept = []
for n in range(10):
    if n == 2:
        continue
    if n > 5:
        break
    try:
        if n == 4:
            raise ValueError(n)
        kept.append(n)
    except ValueError as err:
        kept.append(-err.args[0])
    finally:
        kept.append(0)
print(label, squares, sorted(pairs), index, gen_total, nested, kept, caught, c.log, d.log)
