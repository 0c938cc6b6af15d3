"""Generate sidefx/_generated/cpython_3_X.py from opcode_tables/cpython-3.X.toml.

Run ``python -m sidefx._generator`` after editing a table; ``--check`` reports stale modules
without writing (the test suite runs the same check).
"""
import os

from .codegen import generate_module
from .tables import TABLES_DIR, TableError, available_versions, resolve  # noqa: F401
from .validate import validate

GENERATED_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "_generated")


def module_path(version):
    return os.path.join(GENERATED_DIR, "cpython_%s.py" % version.replace(".", "_"))


def render(version, tables_dir=TABLES_DIR):
    """Validated source text of the translator module for ``version``."""
    table = resolve(version, tables_dir)
    validate(table)
    return generate_module(table)


def stale_modules(versions=None):
    """Versions whose committed module differs from what the tables generate now."""
    stale = []
    for version in versions or available_versions():
        path = module_path(version)
        try:
            with open(path, encoding="utf-8") as handle:
                current = handle.read()
        except FileNotFoundError:
            current = None
        if current != render(version):
            stale.append(version)
    return stale


def write_all(versions=None):
    written = []
    for version in versions or available_versions():
        text = render(version)
        path = module_path(version)
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            written.append(path)
    return written
