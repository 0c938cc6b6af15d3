# sidefx fuzz corpus: hand-written seed (not found by a campaign)
# exercises: match with literal, or-, sequence (with star), mapping, class (positional and
# keyword), capture and guard patterns.
# min-version: 3.10

class Point:
    __match_args__ = ('x', 'y')
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return 'Point(%r, %r)' % (self.x, self.y)


def describe(subject):
    match subject:
        case 0 | 1:
            return 'bit'
        case [x, y]:
            return 'pair %d' % (x + y)
        case [head, *tail] if len(tail) > 1:
            return 'list %d+%d' % (head, len(tail))
        case {'k': v, **rest}:
            return 'map %r %d' % (v, len(rest))
        case Point(0, y):
            return 'on axis %d' % y
        case Point(x=x, y=y) if x == y:
            return 'diagonal'
        case str() as s:
            return 'str ' + s.upper()
        case _:
            return 'other'


results = [describe(s) for s in (1, [2, 3], [1, 2, 3], {'k': 1, 'j': 2}, Point(0, 4), Point(2, 2),
                                 Point(1, 2), 'ab', 7.5)]
print(results)
