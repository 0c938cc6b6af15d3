# sidefx fuzz corpus: found by `python -m fuzz` (seed 1, shard 1/1) on CPython 3.14.10, backend settrace
# what diverged: CPython 3.14.10: call at call #6, line 7, opcode IS_OP (differs in fn, res)
#   recorder : operator.is_not(C1(0), C1(0)) -> True    [line 7]
#   reference: operator.is_(C1(0), C1(0)) -> False
# signature: ["3.14", "divergence", "trace", "IS_OP", "", "", ""]

class C1:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self.v)
print(0)
b2 = (not (C1(0) is C1(0)))
# 3.14 folds `not` into the identity test only where it makes a value; a condition's `not`
# inverts the jump instead (docs/call-model.md, differences between versions)
a, b, c = C1(1), C1(2), [1]
x1 = not (a is b)
x3 = not not (a is b)
x4 = not (a is b) and c
x8 = not (a is not b)
if not (a is b):
    pass
if not not (a is b):
    pass
x6 = 1 if not (a is b) else 2
x7 = [q for q in c if not (q is a)]
if not (a is b) and not (b in c):
    pass
# ... but never over a test against None on the right (3.14 keeps `is` and the `not`)
i1 = 0
b5 = (not (i1 is None))
b6 = not (i1 is not None)
b7 = not not (i1 is None)
b8 = not (None is i1)
