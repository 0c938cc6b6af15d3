"""The ``sidefx`` command line (also ``python -m sidefx``).

Exit codes: 0 success; the traced script's own exit status when it calls ``sys.exit``; 1 when the
traced script raised; 2 for usage errors (missing script, syntax error, unsupported interpreter,
unknown table version).
"""
import argparse
import builtins
import os
import sys
import traceback

EXIT_OK, EXIT_SCRIPT_RAISED, EXIT_USAGE = 0, 1, 2


def _fail(message):
    print("sidefx: %s" % message, file=sys.stderr)
    return EXIT_USAGE


def _compile_script(path):
    """(code, None) or (None, exit status after reporting the problem)."""
    try:
        with open(path, "rb") as handle:
            source = handle.read()
    except OSError as exc:
        return None, _fail("cannot read %s: %s" % (path, exc.strerror))
    try:
        return compile(source, path, "exec"), None
    except SyntaxError as exc:
        return None, _fail("%s:%s: syntax error: %s" % (path, exc.lineno, exc.msg))
    except ValueError as exc:  # e.g. null bytes
        return None, _fail("%s: cannot compile: %s" % (path, exc))


def _run_script(code, path, args, runner=None, **options):
    """Run ``code`` as ``__main__`` under the recorder: (recording or None, status, globals).

    ``runner(code, globals_, **options)`` defaults to exec_and_record_function_calls."""
    from sidefx._recorder import exec_and_record_function_calls
    runner = runner or exec_and_record_function_calls
    globals_ = {"__name__": "__main__", "__file__": path, "__builtins__": builtins}
    saved_argv, saved_path0 = sys.argv[:], sys.path[0]
    sys.argv = [path] + list(args)
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    status, recording = EXIT_OK, None
    try:
        recording = runner(code, globals_, **options)
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_SCRIPT_RAISED)
    except BaseException as exc:
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code is not code:  # hide sidefx's own frames
            tb = tb.tb_next
        traceback.print_exception(type(exc), exc, tb)
        status = EXIT_SCRIPT_RAISED
    finally:
        sys.argv, sys.path[0] = saved_argv, saved_path0
    return recording, status, globals_


def _check_interpreter():
    from sidefx._recorder import translator_module
    from sidefx._stack import UnsupportedInterpreterError, reader_for_running_python
    try:
        translator_module()
        reader_for_running_python()
    except UnsupportedInterpreterError as exc:
        return _fail(str(exc))
    return None


def _prepare(path):
    """(code, None) for a script this interpreter can trace, or (None, exit status) after saying why."""
    problem = _check_interpreter()
    if problem is not None:
        return None, problem
    return _compile_script(path)


def cmd_trace(options):
    code, status = _prepare(options.script)
    if code is None:
        return status
    if options.output:
        from sidefx.trace_format import TraceWriter
        with open(options.output, "w", encoding="utf-8") as stream:
            from sidefx._recorder import default_backend
            writer = TraceWriter(stream, script=options.script, argv=options.args,
                                 backend=options.backend or default_backend())
            recording, status, _ = _run_script(code, options.script, options.args, backend=options.backend, sink=writer)
            writer.close(recording, exit_status=status)
        print("sidefx: %d calls written to %s" % (writer.count, options.output), file=sys.stderr)
        return status
    calls = []  # through a sink, so the calls survive a script that raises
    recording, status, _ = _run_script(code, options.script, options.args, backend=options.backend, sink=calls.append)
    _print_table(calls, recording)
    return status


def _print_table(calls, recording):
    from sidefx._render import call_text
    out = sys.stdout
    out.write("%6s  %-22s %s\n" % ("line", "opcode", "call"))
    for call in calls:
        out.write("%6s  %-22s %s\n" % (call.line, call.opname, call_text(call)))
    out.write("%d calls recorded\n" % len(calls))
    if recording is None:
        return
    if recording.not_implemented_ops:
        out.write("opcodes not translated: %s\n" % ", ".join(recording.not_implemented_ops))
    for name, offset, problem in recording.stack_read_errors:
        out.write("unreadable stack in %s at offset %d: %s\n" % (name, offset, problem))


def cmd_effects(options):
    code, status = _prepare(options.script)
    if code is None:
        return status
    from sidefx.effects import record_side_effects
    run, status, _ = _run_script(code, options.script, options.args, runner=record_side_effects,
                                 observe=options.observe, backend=options.backend)
    if run is not None:
        print("%d calls recorded; side effects on the script's globals:" % len(run.recording.function_calls))
        for effect in run.side_effects:
            print("  %s" % (effect,))
    return status


def cmd_tables(options):
    from sidefx._generator.tables import TableError, available_versions, resolve
    try:
        if options.tables_command == "list":
            for version in available_versions():
                table = resolve(version)
                print("%-5s %3d rows (call-producing), %3d no-call, %2d never-seen  %s"
                      % (version, len(table.rows), len(table.no_call), len(table.never_seen), os.path.relpath(table.path)))
            return EXIT_OK
        if options.tables_command == "show":
            table = resolve(options.version)
            for name in sorted(table.rows):
                row = table.rows[name]
                what = row.call or row.special or "absorbs %s" % ", ".join(row.absorbs)
                print("%-28s %-50s %s  [%s]" % (name, row.stack_text, what, row.origin))
            print("no call: %s" % ", ".join(sorted(table.no_call)))
            if table.never_seen:
                print("never seen: %s" % ", ".join(sorted(table.never_seen)))
            return EXIT_OK
        return _print_diff(resolve(options.old), resolve(options.new))
    except TableError as exc:
        return _fail(str(exc))


def _row_text(row):
    text = "%s => %s" % (row.stack_text, row.call or row.special or "absorbs " + ", ".join(row.absorbs))
    for variant in row.variants:
        text += "; if %s: %s" % (variant.condition, variant.call or variant.special or "no call")
    return text


def table_diff(old, new):
    """Lines describing how opcode semantics changed from table ``old`` to table ``new``."""
    def kinds(table):
        result = {name: "call" for name in table.rows}
        result.update({name: "no call" for name in table.no_call})
        result.update({name: "never seen" for name in table.never_seen})
        return result

    before, after = kinds(old), kinds(new)
    lines = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            lines.append("- %-28s removed (was %s)" % (name, before[name]))
        elif name not in before:
            detail = _row_text(new.rows[name]) if name in new.rows else after[name]
            lines.append("+ %-28s new: %s" % (name, detail))
        elif before[name] != after[name]:
            lines.append("~ %-28s %s -> %s" % (name, before[name], after[name]))
        elif name in new.rows and _row_text(old.rows[name]) != _row_text(new.rows[name]):
            lines.append("~ %-28s %s\n  %-28s -> %s" % (name, _row_text(old.rows[name]), "", _row_text(new.rows[name])))
    return lines


def _print_diff(old, new):
    lines = table_diff(old, new)
    print("opcode semantics from CPython %s to %s: %d changes" % (old.version, new.version, len(lines)))
    for line in lines:
        print(line)
    return EXIT_OK


def cmd_fuzz(options):
    try:
        from fuzz.campaign import main as fuzz_main
    except ImportError:
        return _fail("the fuzzer lives in the repository's fuzz/ directory: run from a checkout (python -m fuzz)")
    return fuzz_main(options.rest)


def cmd_bench(options):
    try:
        from benchmarks.__main__ import main as bench_main
    except ImportError:
        return _fail("the benchmarks live in the repository's benchmarks/ directory: run from a checkout")
    return bench_main(options.rest)


def build_parser():
    parser = argparse.ArgumentParser(prog="sidefx", description="Record the calls Python code makes, on CPython 3.8–3.14.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    trace = commands.add_parser("trace", help="run a script as __main__ and record every call its code makes",
                                description="Run SCRIPT as __main__ under the recorder; print a table, or write JSON Lines with -o.")
    trace.add_argument("-o", "--output", metavar="FILE", help="write the trace as JSON Lines (docs/trace-format.md)")
    trace.add_argument("--backend", choices=("settrace", "monitoring"), help="event source (monitoring: 3.12+)")
    trace.add_argument("script")
    trace.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the script")
    trace.set_defaults(handler=cmd_trace)

    effects = commands.add_parser("effects", help="run a script and print its side effects (docs/side-effects.md)")
    effects.add_argument("--observe", action="store_true", help="also detect mutations by comparing state before/after")
    effects.add_argument("--backend", choices=("settrace", "monitoring"), help="event source (monitoring: 3.12+)")
    effects.add_argument("script")
    effects.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the script")
    effects.set_defaults(handler=cmd_effects)

    tables = commands.add_parser("tables", help="inspect the opcode tables")
    table_commands = tables.add_subparsers(dest="tables_command", metavar="WHAT")
    table_commands.add_parser("list", help="every version's table")
    show = table_commands.add_parser("show", help="one version's resolved table")
    show.add_argument("version", help="e.g. 3.12")
    diff = table_commands.add_parser("diff", help="how opcode semantics changed between two versions")
    diff.add_argument("old")
    diff.add_argument("new")
    tables.set_defaults(handler=cmd_tables)

    for name, handler, text in (("fuzz", cmd_fuzz, "run a fuzz campaign (python -m fuzz --help)"),
                                ("bench", cmd_bench, "run the benchmark suite (python -m benchmarks --help)")):
        sub = commands.add_parser(name, help=text, add_help=False)
        sub.add_argument("rest", nargs=argparse.REMAINDER)
        sub.set_defaults(handler=handler)
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    # fuzz and bench forward everything (options included) to their own parsers
    if argv and argv[0] in ("fuzz", "bench"):
        return (cmd_fuzz if argv[0] == "fuzz" else cmd_bench)(argparse.Namespace(rest=argv[1:]))
    parser = build_parser()
    options = parser.parse_args(argv)
    if options.command is None:
        parser.print_help()
        return EXIT_USAGE
    if options.command == "tables" and options.tables_command is None:
        return _fail("tables needs one of: list, show VERSION, diff OLD NEW")
    return options.handler(options)
