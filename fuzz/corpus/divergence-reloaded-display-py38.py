# sidefx fuzz corpus: found by `python -m fuzz` on CPython 3.8
# what diverged: a display bound to a name and later unpacked into another display lost its record
#   (same object at the same stack slot as a display built in place)
#   recorder : (no call)
#   reference: sidefx.model.build_list(1) -> [1]

a = [1]
b = len('xy')
x = [*a, 3]
t = (2,)
y = [*t[0:], 4]
