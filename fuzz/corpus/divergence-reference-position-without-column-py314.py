# sidefx fuzz corpus: found by `python -m fuzz` (seed 1, shard 1/1) on CPython 3.14.10, backend settrace
# what diverged: CPython 3.14.10: exception, opcode (exception)
#   the recorder's run ended with no exception, the reference's with TypeError: '>=' not supported between instances of 'NoneType' and 'int'
# signature: ["3.14", "divergence", "exception", "(exception)", "", "", ""]

print(0)
i1 = 0
i2 = 0
i3 = 0
i4 = sum(((0 + (0 if True else 0)) for v5 in []))
