# sidefx fuzz corpus: found by `python -m fuzz` (seed 11) on CPython 3.12.1
# what diverged: a display whose starred item failed to unpack left a partial record
#   recorder : sidefx.model.build_list(0) -> [0]    [line 5]
#   reference: (no call)

def fn3(p0=[]):
    try:
        i4, *xs5, i6 = (0, *p0, 0)
    except TypeError:
        pass
    try:
        x = [1, *p0]
    except TypeError:
        pass
    return 0
fn3(0)
