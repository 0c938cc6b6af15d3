# sidefx fuzz corpus: found by `python -m fuzz` (seed 7, shard 1/1) on CPython 3.11.7, backend default
# what diverged: CPython 3.11.7: missing at call #2, opcode (missing sidefx.model.build_dict)
#   recorder : (no call)
#   reference: sidefx.model.build_dict() -> {}
# signature: ["3.11", "divergence", "trace", "(missing sidefx.model.build_dict)", "-", "sidefx.model.build_dict", ""]

i1 = 0
i2 = i1
d3 = {}
i4 = 0
d5 = {**{}, **(d3 := {})}
