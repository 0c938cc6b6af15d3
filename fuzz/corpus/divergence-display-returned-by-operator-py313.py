# sidefx fuzz corpus: found by `python -m fuzz` (seed 5, shard 1/1) on CPython 3.13.0, backend monitoring
# what diverged: CPython 3.13.0: missing at call #0, opcode (missing sidefx.model.build_tuple)
#   recorder : (no call)
#   reference: sidefx.model.build_tuple(0) -> (0,)
# signature: ["3.13", "divergence", "trace", "(missing sidefx.model.build_tuple)", "-", "sidefx.model.build_tuple", ""]

i1, *xs2 = [0, *((0, *[]) + ())]
