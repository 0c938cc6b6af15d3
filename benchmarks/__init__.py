"""sidefx benchmark suite: recording overhead per workload, Python version and backend.

See benchmarks/README.md.  Entry points: ``python -m benchmarks`` (this interpreter),
``python -m benchmarks.matrix`` (every interpreter in .venv/pythons), ``python -m
benchmarks.streaming`` (bounded-memory streaming run).
"""
