# sidefx fuzz corpus: found by `python -m fuzz` (seed 1) on CPython 3.8–3.14
# what diverged: a display in a branch of a conditional expression that is unpacked into another display
#   is built right where it is unpacked (a constant condition even loses its other branch)
#   and the recorder folds it; the reference folded only syntactically direct displays
#   recorder : (no call)
#   reference: sidefx.model.build_list() -> []

i1 = 0
i2, *xs3, i4 = (0, *([] if True else []), 0)
x = [*([1] if 0 else [2, i1])]
i5, *xs6, i7 = (0, *([] if (i1 < 0) else [i1]), 0)
