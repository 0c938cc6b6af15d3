# sidefx fuzz corpus: found by `python -m fuzz` on CPython 3.9–3.14 (minimized by hand from the report)
# what diverged: a list display unpacked straight into another display was recorded separately,
#   and an empty list inside a starred display was dropped (stack arrays vs single items in absorption)
#   recorder : sidefx.model.build_list(1, 2) -> [1, 2]
#   reference: (no call)

a = 1
x = [*[a, 2], 3]
y = [*[a, [], 2]]
def ident(*args):
    return args
z = ident(*[a, [], 2])
