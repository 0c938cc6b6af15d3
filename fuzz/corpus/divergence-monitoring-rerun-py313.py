# sidefx fuzz corpus: found by `python -m fuzz --backend monitoring` on CPython 3.13
# what diverged: the exhausting next() of a loop was missing the second time the same code ran
#   (its landing offset had been DISABLEd)
#   recorder : (no call)
#   reference: builtins.next(<list_iterator object>) -> raised StopIteration

def f(xs):
    for x in xs:
        pass
    return [y for y in xs]
f([])
f([1])
f([])
