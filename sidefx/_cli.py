"""The ``sidefx`` command line (also ``python -m sidefx``)."""
import argparse
import builtins
import os
import sys

from sidefx._recorder import exec_and_record_function_calls, translator_module
from sidefx._render import call_text
from sidefx._stack import UnsupportedInterpreterError

EXIT_USAGE = 2


def _trace(options):
    path = options.script
    try:
        with open(path, "rb") as handle:
            source = handle.read()
    except OSError as exc:
        print("sidefx: cannot read %s: %s" % (path, exc.strerror), file=sys.stderr)
        return EXIT_USAGE
    try:
        code = compile(source, path, "exec")
    except SyntaxError as exc:
        print("sidefx: %s:%s: syntax error: %s" % (path, exc.lineno, exc.msg), file=sys.stderr)
        return EXIT_USAGE
    globals_ = {"__name__": "__main__", "__file__": path, "__builtins__": builtins}
    saved_argv, saved_path0 = sys.argv[:], sys.path[0]
    sys.argv = [path] + options.args
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    status, recording = 0, None
    try:
        recording = exec_and_record_function_calls(code, globals_)
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv, sys.path[0] = saved_argv, saved_path0
    if recording is not None:
        out = sys.stdout
        out.write("%6s  %-22s %s\n" % ("line", "opcode", "call"))
        for call in recording.function_calls:
            out.write("%6s  %-22s %s\n" % (call.line, call.opname, call_text(call)))
        out.write("%d calls recorded\n" % len(recording.function_calls))
        if recording.not_implemented_ops:
            out.write("opcodes not translated: %s\n" % ", ".join(recording.not_implemented_ops))
        for name, offset, problem in recording.stack_read_errors:
            out.write("unreadable stack in %s at offset %d: %s\n" % (name, offset, problem))
    return status


def main(argv=None):
    parser = argparse.ArgumentParser(prog="sidefx", description="Record the calls Python code makes, on CPython 3.8–3.14.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    trace = commands.add_parser("trace", help="run a script as __main__ and print every call its code makes")
    trace.add_argument("script")
    trace.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the script")
    options = parser.parse_args(argv)
    if options.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        translator_module()
    except UnsupportedInterpreterError as exc:
        print("sidefx: %s" % exc, file=sys.stderr)
        return EXIT_USAGE
    return _trace(options)
