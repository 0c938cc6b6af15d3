import argparse
import sys

from . import TableError, available_versions, stale_modules, write_all


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m sidefx._generator", description=__doc__)
    parser.add_argument("versions", nargs="*", help="versions to generate (default: every table)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated module is stale; write nothing")
    options = parser.parse_args(argv)
    versions = options.versions or available_versions()
    try:
        if options.check:
            stale = stale_modules(versions)
            for version in stale:
                print("stale: sidefx/_generated/cpython_%s.py" % version.replace(".", "_"))
            return 1 if stale else 0
        for path in write_all(versions):
            print("wrote", path)
    except TableError as exc:
        print("error:", exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
