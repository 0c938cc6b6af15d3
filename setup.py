"""Build of the optional C extension sidefx._speedups (everything else is in pyproject.toml).

``optional=True``: if the extension cannot be compiled (no compiler, no Python headers, an
unsupported interpreter) the build says so and installs the pure-Python package, which
sidefx/_fast.py then uses.  SIDEFX_NO_EXTENSION=1 leaves the extension out altogether.
"""
import hashlib
import os
import sys
import sysconfig

from setuptools import Extension, setup


def _multiarch_include_args():
    """Debian-style multiarch headers outside the compiler's default search path.

    Debian's ``include/pythonX.Y/pyconfig.h`` only does ``#include <MULTIARCH/pythonX.Y/pyconfig.h>``,
    relying on ``/usr/include`` being searched.  An interpreter unpacked elsewhere (the private
    3.14 of scripts/provision-python314.sh) has that file under its own ``usr/include``: search it
    last (``-idirafter``), so it never shadows the system's C headers.
    """
    include = sysconfig.get_paths().get("include") or ""
    multiarch = sysconfig.get_config_var("MULTIARCH")
    if not include or not multiarch or os.name != "posix":
        return []
    parent = os.path.dirname(include)
    target = os.path.join(parent, multiarch, "python%d.%d" % sys.version_info[:2], "pyconfig.h")
    if os.path.isfile(target) and os.path.normpath(parent) != "/usr/include":
        return ["-idirafter", parent]
    return []


SOURCE = os.path.join("sidefx", "_speedups.c")


def _source_digest():
    """sha256 of the C source, compiled in: sidefx/_fast.py refuses a build of another source."""
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), SOURCE), "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


ext_modules = []
if os.environ.get("SIDEFX_NO_EXTENSION", "") in ("", "0"):
    ext_modules.append(Extension(
        "sidefx._speedups",
        sources=[SOURCE],
        define_macros=[("SIDEFX_SOURCE_DIGEST", '"%s"' % _source_digest())],
        extra_compile_args=_multiarch_include_args(),
        optional=True,
    ))

setup(ext_modules=ext_modules)
