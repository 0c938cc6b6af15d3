"""Fuzz campaigns: generate programs, check each with fuzz.compare, shrink and keep what fails.

    python -m fuzz --seconds 600 --jobs 2 --seed 1
    python -m fuzz --examples 5000 --shard 3/8 --database /shared/fuzz-db
    python -m fuzz --python .tox/py38/bin/python --seconds 60

Work is cut into *rounds*: round ``i`` is one hypothesis run of ``--batch`` examples whose seed is
derived from ``--seed`` and ``i``.  ``--shard K/N`` takes the rounds ``i`` with ``i % N == K-1``
(a batch scheduler runs shards 1/N … N/N anywhere, each with the same ``--seed``), and ``--jobs``
worker processes split a shard's rounds the same way, so a campaign is reproducible from its
seed, shard and job count.  ``--examples`` bounds the total over all shards; ``--seconds`` the
wall time of this shard.

A program that fails (the recorder's trace diverges from the reference's, or the traced run does
not end in the untraced run's state) makes the round fail; hypothesis shrinks it and the minimal
program goes to ``fuzz/corpus/`` as a plain ``.py`` file whose header says what diverged, where
``tests/test_fuzz.py`` replays it on every version.  Later programs failing the same way (same
kind, opcode and callables) are counted but do not stop rounds, so a campaign keeps looking for
other bugs.  Workers write the program they are running to a scratch file, so a program that
crashes the interpreter is kept too (unshrunk).

``--database DIR`` keeps hypothesis' examples in ``DIR`` (DirectoryBasedExampleDatabase) so
workers, shards sharing a file system and later campaigns replay each other's failures first;
``--database redis://host:port`` uses hypothesis' RedisExampleDatabase (needs the ``redis``
package) to share them across machines.

Exit status: 0 no failure, 1 failures found, 2 usage error.
"""
import argparse
import hashlib
import json
import multiprocessing
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import warnings

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.join(REPO, "fuzz", "corpus")
VERSION = "%d.%d" % sys.version_info[:2]
FULL_VERSION = sys.version.split()[0]


class UsageError(Exception):
    pass


# ---- options -----------------------------------------------------------------------------------

def parse_shard(text):
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError("--shard wants K/N, e.g. 2/8, got %r" % text)
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError("--shard K/N needs 1 <= K <= N, got %r" % text)
    return k, n


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1, got %s" % text)
    return value


def build_parser():
    p = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="Exit status: 0 no failure, 1 failures found, 2 usage error.")
    budget = p.add_mutually_exclusive_group()
    budget.add_argument("--seconds", type=float, help="wall-time budget of this shard (default 60)")
    budget.add_argument("--examples", type=positive, help="number of programs over all shards")
    p.add_argument("--seed", type=int, help="campaign seed (default: random, printed)")
    p.add_argument("--jobs", type=positive, default=1, help="worker processes (default 1)")
    p.add_argument("--shard", type=parse_shard, default=(1, 1), metavar="K/N", help="run shard K of N (default 1/1)")
    p.add_argument("--database", metavar="DIR|redis://HOST:PORT",
                   help="hypothesis example database: a directory, or redis://host:port (RedisExampleDatabase)")
    p.add_argument("--python", metavar="PATH", help="run the campaign under this interpreter instead")
    p.add_argument("--json", metavar="FILE", help="also write the JSON summary to FILE")
    p.add_argument("--corpus", metavar="DIR", default=DEFAULT_CORPUS, help="where failing programs go (default fuzz/corpus)")
    p.add_argument("--backend", help="recorder backend (settrace, monitoring on 3.12+; default: sidefx's default)")
    p.add_argument("--batch", type=positive, default=50, help="examples per hypothesis run (default 50)")
    p.add_argument("--max-statements", type=positive, default=8, help="top-level statements per program (default 8)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds one run of a program may take (default 10)")
    p.add_argument("--shrink-seconds", type=float, default=60.0,
                   help="seconds hypothesis may spend shrinking one failure (default 60; hypothesis' own is 300)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.add_argument("--inline", action="store_true", help="run the single job in this process (debugging)")
    return p


# ---- running under another interpreter -------------------------------------------------------

PROBE = "import sys, sidefx, hypothesis; print('%d.%d' % sys.version_info[:2], hypothesis.__version__)"


def interpreter_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def probe_interpreter(path):
    """(ok, message) for running the fuzzer under ``path`` with the repository on PYTHONPATH."""
    try:
        done = subprocess.run([path, "-c", PROBE], env=interpreter_env(), capture_output=True, text=True, timeout=120)
    except OSError as exc:
        return False, "cannot run %s: %s" % (path, exc)
    if done.returncode == 0:
        return True, done.stdout.strip()
    err = done.stderr.strip().splitlines()
    last = err[-1] if err else "exit status %d" % done.returncode
    if "hypothesis" in last:
        hint = ["%s cannot import hypothesis (%s)." % (path, last)]
        if os.path.join(".venv", "pythons") in os.path.abspath(path):
            hint.append("(.venv/pythons/python3.X are links that run inside the tools venv, whose pyvenv.cfg is next "
                        "to them, without its packages.) Use the interpreter they link to, after "
                        "`%s -m pip install 'hypothesis<7'`, or a tox env's interpreter." % os.path.realpath(path))
        else:
            hint.append("Install it there: %s -m pip install 'hypothesis<7'" % path)
        alternatives = [c for c in _tox_pythons() if c != path]
        if alternatives:
            hint.append("Interpreters of this checkout's tox envs: %s" % ", ".join(alternatives))
        return False, "\n".join(hint)
    return False, "%s cannot import sidefx with PYTHONPATH=%s: %s" % (path, REPO, last)


def _tox_pythons():
    root = os.path.join(REPO, ".tox")
    found = []
    if os.path.isdir(root):
        for name in sorted(os.listdir(root)):
            exe = os.path.join(root, name, "bin", "python")
            if name.startswith("py3") and os.path.exists(exe):
                found.append(os.path.relpath(exe, os.getcwd()))
    return found


def rerun_under(path, argv):
    ok, message = probe_interpreter(path)
    if not ok:
        print("python -m fuzz: " + message, file=sys.stderr)
        return 2
    rest = _drop_python_option(argv)
    return subprocess.call([path, "-m", "fuzz"] + rest, env=interpreter_env(), cwd=os.getcwd())


def _drop_python_option(argv):
    rest, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--python":
            skip = True
        elif not arg.startswith("--python="):
            rest.append(arg)
    return rest


# ---- example database ----------------------------------------------------------------------------

def open_database(spec):
    if not spec:
        return None
    if spec.startswith("redis://"):
        try:
            import redis
            from hypothesis.extra.redis import RedisExampleDatabase
        except ImportError as exc:
            raise UsageError("--database %s needs the redis package (pip install redis): %s" % (spec, exc))
        return RedisExampleDatabase(redis.Redis.from_url(spec))
    from hypothesis.database import DirectoryBasedExampleDatabase

    return DirectoryBasedExampleDatabase(spec)


# ---- rounds and seeds ------------------------------------------------------------------------

def round_seed(seed, index):
    """The hypothesis seed of round ``index`` of the campaign ``seed`` (stable across versions)."""
    digest = hashlib.sha256(("sidefx-fuzz:%d:%d" % (seed, index)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def rounds_of(shard, jobs, job, total_rounds=None):
    """Round indices of worker ``job`` (0-based) of ``jobs`` in shard ``(K, N)``; endless without a total."""
    k, n = shard
    r = 0
    while True:
        index = (k - 1) + n * (job + jobs * r)
        if total_rounds is not None and index >= total_rounds:
            return
        yield index
        r += 1


def round_sizes(examples, batch):
    """(number of rounds, size of round i) for an --examples budget."""
    total = -(-examples // batch)
    return total, (lambda i: batch if i < total - 1 else examples - batch * (total - 1))


# ---- one worker ------------------------------------------------------------------------------

class Counters(dict):
    KEYS = ("programs", "calls_compared", "shrink_runs", "timeouts", "program_exceptions", "known_failure_hits",
            "reference_transparency_failures", "rounds")

    def __init__(self):
        super().__init__((k, 0) for k in self.KEYS)


class FuzzFailure(AssertionError):
    def __init__(self, outcome, signature):
        super().__init__(outcome.report())
        self.outcome, self.signature = outcome, signature


def failure_signature(outcome):
    """What makes two failures 'the same bug' for a campaign: version, kind, opcode, callables."""
    if outcome.divergence is not None:
        d = outcome.divergence.signature()
        return (VERSION, "divergence") + tuple(str(x) for x in d[:4]) + (",".join(d[4]),)
    first = outcome.transparency[0].split(":")[0].split()
    return (VERSION, "transparency") + tuple(first[:2])


def corpus_header(outcome, program, config):
    lines = ["sidefx fuzz corpus: found by `python -m fuzz` (seed %s, shard %d/%d) on CPython %s, backend %s" % (
        config["seed"], config["shard"][0], config["shard"][1], FULL_VERSION, config.get("backend") or "default")]
    d = outcome.divergence
    if d is not None:
        lines.append("what diverged: " + d.summary())
        if d.recorder_call is not None or d.reference_call is not None:
            from fuzz.compare import safe_call_text

            lines.append("  recorder : %s" % (safe_call_text(d.recorder_call) if d.recorder_call is not None else "(no call)"))
            lines.append("  reference: %s" % (safe_call_text(d.reference_call) if d.reference_call is not None else "(no call)"))
        elif d.detail:
            lines.append("  " + d.detail)
    for problem in outcome.transparency[:5]:
        lines.append("transparency: " + problem.splitlines()[0])
    if getattr(outcome, "flaky", None):
        lines.append("flaky: " + outcome.flaky)
    lines.append("signature: " + signature_text(failure_signature(outcome)))
    if program.min_version > (3, 8):
        lines.append("min-version: %d.%d" % program.min_version)
    return "".join("# %s\n" % line.replace("\n", " ") for line in lines)


def write_corpus_file(directory, name_hint, text):
    os.makedirs(directory, exist_ok=True)
    digest = hashlib.sha1(text.split("\n\n", 1)[-1].encode()).hexdigest()[:10]
    path = os.path.join(directory, "%s-%s.py" % (name_hint, digest))
    if not os.path.exists(path):
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        os.replace(tmp, path)
    return path


def _slug(text):
    return "".join(c if c.isalnum() or c in "_" else "-" for c in text).strip("-") or "x"


def limit_shrinking(seconds):
    """Bound the time one failure's shrinking takes, so --seconds stays close to the wall time.

    Hypothesis has no public setting for it: its engine's module constant is set when present
    (every hypothesis version the test extra allows has it); otherwise its own limit applies.
    """
    if not seconds:
        return
    try:
        from hypothesis.internal.conjecture import engine
    except ImportError:
        return
    if hasattr(engine, "MAX_SHRINKING_SECONDS"):
        engine.MAX_SHRINKING_SECONDS = seconds


def worker(config, job, report, stop_at):
    """Run this worker's rounds; ``report(kind, payload)`` sends progress and failures to the parent."""
    warnings.simplefilter("ignore", SyntaxWarning)
    from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
    from hypothesis.errors import Unsatisfiable

    from fuzz import compare
    from fuzz.programs import program_objects

    limit_shrinking(config.get("shrink_seconds"))
    counters = Counters()
    known = set(config.get("known", ()))
    database = open_database(config.get("database"))
    scratch = config.get("scratch")
    last_report = [0.0]
    state = {"failing": False}

    def progress(force=False):
        now = time.time()
        if force or now - last_report[0] > 0.5:
            last_report[0] = now
            report("progress", (job, dict(counters)))

    def check(program):
        if stop_at is not None and time.time() > stop_at and not state["failing"]:
            return  # out of time: the rest of the round passes without running (never while shrinking)
        if state["failing"]:
            counters["shrink_runs"] += 1
        else:
            counters["programs"] += 1
        if scratch:
            with open(scratch, "w") as handle:
                handle.write(program.source)
        outcome = compare.check_program(program.source, timeout=config["timeout"], backend=config.get("backend"))
        if outcome.timed_out:
            counters["timeouts"] += 1
            from hypothesis import reject

            reject()
        if not state["failing"]:
            counters["calls_compared"] += outcome.calls_compared
            if outcome.plain is not None and outcome.plain.exception is not None:
                counters["program_exceptions"] += 1
            if outcome.reference_transparency:
                counters["reference_transparency_failures"] += 1
        progress()
        if outcome.ok:
            return
        signature = failure_signature(outcome)
        if signature not in known and not state["failing"]:
            known.update(read_known(config))  # another worker may just have reported it
        if signature in known:
            if not state["failing"]:
                counters["known_failure_hits"] += 1
            return
        state["failing"] = True
        failure = FuzzFailure(outcome, signature)
        failure.program = program
        raise failure

    strategy = program_objects(max_statements=config["max_statements"])
    total, size_of = (None, lambda i: config["batch"])
    if config.get("examples"):
        total, size_of = round_sizes(config["examples"], config["batch"])
    for index in rounds_of(tuple(config["shard"]), config["jobs"], job, total):
        if stop_at is not None and time.time() > stop_at:
            break
        state["failing"] = False

        @settings(max_examples=size_of(index), database=database, deadline=None, derandomize=False,
                  suppress_health_check=list(HealthCheck), report_multiple_bugs=False, print_blob=False,
                  verbosity=Verbosity.quiet,
                  phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink])
        @seed(round_seed(config["seed"], index))
        @given(strategy)
        def sidefx_fuzz_round(program):
            check(program)

        known.update(read_known(config))
        try:
            sidefx_fuzz_round()
        except Unsatisfiable:
            pass
        except Exception as exc:
            failure = find_failure(exc)
            if failure is None:
                report("error", (job, traceback.format_exc()))
            else:
                if failure is not exc:  # e.g. FlakyFailure: a failure hypothesis could not reproduce
                    failure.flaky = "%s: %s" % (type(exc).__name__, str(exc).splitlines()[0])
                _report_failure(failure, config, report)
                known.add(failure.signature)
                add_known(config, failure.signature)
        counters["rounds"] += 1
        progress(force=True)
    progress(force=True)


def find_failure(exc):
    """The FuzzFailure in ``exc`` or in its exception group (hypothesis' FlakyFailure is one)."""
    if isinstance(exc, FuzzFailure):
        return exc
    for inner in getattr(exc, "exceptions", ()) or ():
        found = find_failure(inner)
        if found is not None:
            return found
    return None


def signature_text(signature):
    return json.dumps(list(signature))


def read_known(config):
    """Signatures already reported: by the corpus files' headers and by the other workers."""
    known = set()
    for directory in (config["corpus"], config.get("scratch_dir")):
        if not directory or not os.path.isdir(directory):
            continue
        for name in os.listdir(directory):
            if name.endswith(".py") or name == "known.jsonl":
                try:
                    with open(os.path.join(directory, name)) as handle:
                        for line in handle:
                            if line.startswith("# signature: "):
                                known.add(tuple(json.loads(line[len("# signature: "):])))
                            elif name == "known.jsonl" and line.strip():
                                known.add(tuple(json.loads(line)))
                            elif not line.startswith("#"):
                                break
                except (OSError, ValueError):
                    pass
    return known


def add_known(config, signature):
    directory = config.get("scratch_dir")
    if directory:
        with open(os.path.join(directory, "known.jsonl"), "a") as handle:
            handle.write(signature_text(signature) + "\n")


def _report_failure(failure, config, report):
    from fuzz.compare import check_program

    outcome = failure.outcome
    program = failure.program  # hypothesis re-raises the failure of the minimal example
    # re-check the minimal program so the header describes exactly this file
    again = check_program(program.source, timeout=config["timeout"], backend=config.get("backend"))
    if not again.ok:
        outcome = again
    outcome.flaky = getattr(failure, "flaky", None)
    text = corpus_header(outcome, program, config) + "\n" + program.source
    d = outcome.divergence
    hint = "%s-%s-py%s" % (("divergence" if d is not None else "transparency"),
                          _slug(d.opname if d is not None else "state"), VERSION.replace(".", ""))
    path = write_corpus_file(config["corpus"], hint, text)
    report("failure", {
        "signature": list(failure.signature),
        "kind": d.kind if d is not None else "transparency",
        "opcode": d.opname if d is not None else None,
        "version": VERSION,
        "summary": d.summary() if d is not None else outcome.transparency[0].splitlines()[0],
        "corpus_file": path,
        "report": outcome.report(),
        "source": program.source,
    })


def _worker_main(config, job, channel, stop_at):
    try:
        worker(config, job, lambda kind, payload: channel.put((kind, payload)), stop_at)
    except BaseException:
        channel.put(("error", (job, traceback.format_exc())))
    finally:
        channel.put(("done", job))


# ---- the campaign (parent) ---------------------------------------------------------------------

class Display:
    def __init__(self, quiet):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.last = 0.0
        self.width = 0

    def update(self, text, final=False):
        if self.quiet:
            return
        now = time.time()
        if self.tty:
            if final or now - self.last > 0.2:
                self.last = now
                sys.stderr.write("\r" + text.ljust(self.width))
                self.width = len(text)
                if final:
                    sys.stderr.write("\n")
                sys.stderr.flush()
        elif final or now - self.last > 10:
            self.last = now
            sys.stderr.write(text + "\n")
            sys.stderr.flush()

    def message(self, text):
        if self.tty and not self.quiet and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            self.width = 0
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


def run_campaign(options):
    import sidefx

    seed_value = options.seed if options.seed is not None else int.from_bytes(os.urandom(4), "big")
    seconds = options.seconds if options.seconds is not None or options.examples else 60.0
    if options.database:
        open_database(options.database)  # usage errors before any worker starts
    from fuzz import compare

    try:
        compare.reference_function()
    except ImportError as exc:
        raise UsageError("the reference (fuzz/reference.py) cannot be imported: %s" % exc)
    if options.backend:
        from sidefx import _recorder

        if options.backend not in getattr(_recorder, "BACKENDS", ("settrace",)):
            raise UsageError("--backend must be one of %s" % ", ".join(getattr(_recorder, "BACKENDS", ("settrace",))))
    config = {
        "seed": seed_value, "shard": list(options.shard), "jobs": options.jobs, "batch": options.batch,
        "examples": options.examples, "database": options.database, "corpus": os.path.abspath(options.corpus),
        "backend": options.backend, "max_statements": options.max_statements, "timeout": options.timeout,
        "shrink_seconds": options.shrink_seconds,
    }
    display = Display(options.quiet)
    display.message("sidefx fuzz: CPython %s, seed %d, shard %d/%d, %d job(s), %s%s" % (
        FULL_VERSION, seed_value, options.shard[0], options.shard[1], options.jobs,
        "%gs" % seconds if seconds else "%d examples" % options.examples,
        ", database " + options.database if options.database else ""))
    start = time.time()
    stop_at = start + seconds if seconds else None
    per_job = {}
    failures, errors, crashes = [], [], []

    def on_message(kind, payload):
        if kind == "progress":
            job, counters = payload
            per_job[job] = counters
        elif kind == "failure":
            same = [f for f in failures if f["signature"] == payload["signature"]]
            if same:  # two workers shrank the same bug at once: keep the shorter program
                kept, dropped = sorted([same[0], payload], key=lambda f: (len(f["source"]), f["corpus_file"]))
                if dropped["corpus_file"] != kept["corpus_file"] and os.path.exists(dropped["corpus_file"]):
                    os.remove(dropped["corpus_file"])
                failures[failures.index(same[0])] = kept
            else:
                failures.append(payload)
                display.message("\n" + payload["report"] + "\n  -> " + os.path.relpath(payload["corpus_file"]) + "\n")
        elif kind == "error":
            errors.append(payload[1])
            display.message("worker %d error:\n%s" % payload)
        totals = _sum(per_job)
        elapsed = max(time.time() - start, 1e-9)
        left = " %ds left" % max(0, stop_at - time.time()) if stop_at else ""
        display.update("[fuzz %s] %d programs, %d calls, %.1f programs/s, %d failures, %d known hits%s" % (
            VERSION, totals["programs"], totals["calls_compared"], totals["programs"] / elapsed, len(failures),
            totals["known_failure_hits"], left))

    scratch_dir = config["scratch_dir"] = tempfile.mkdtemp(prefix="sidefx-fuzz-")
    if options.inline:
        if options.jobs != 1:
            raise UsageError("--inline runs one job: drop --jobs")
        worker(config, 0, on_message, stop_at)
    else:
        ctx = multiprocessing.get_context("spawn")
        channel = ctx.Queue()
        processes = {}
        for job in range(options.jobs):
            job_config = dict(config, scratch=os.path.join(scratch_dir, "job%d.py" % job))
            proc = ctx.Process(target=_worker_main, args=(job_config, job, channel, stop_at), daemon=True)
            proc.start()
            processes[job] = proc
        running = set(processes)
        while running:
            try:
                kind, payload = channel.get(timeout=0.5)
            except queue.Empty:
                for job in list(running):
                    proc = processes[job]
                    if not proc.is_alive() and proc.exitcode not in (0, None):
                        running.discard(job)
                        crashes.append(_save_crash(config, job, proc.exitcode, scratch_dir, display))
                on_message("tick", None)
                continue
            if kind == "done":
                running.discard(payload)
                continue
            on_message(kind, payload)
        for proc in processes.values():
            proc.join(timeout=10)
    elapsed = time.time() - start
    shutil.rmtree(scratch_dir, ignore_errors=True)
    totals = _sum(per_job)
    on_message("tick", None)
    display.update("", final=True) if display.tty and not options.quiet else None
    summary = make_summary(config, totals, failures, crashes, errors, elapsed, sidefx)
    text = json.dumps(summary, indent=2, sort_keys=True)
    print(text)
    if options.json:
        with open(options.json, "w") as handle:
            handle.write(text + "\n")
    return 1 if failures or crashes else 0


def _sum(per_job):
    totals = Counters()
    for counters in per_job.values():
        for key, value in counters.items():
            totals[key] = totals.get(key, 0) + value
    return totals


def _save_crash(config, job, exitcode, scratch_dir, display):
    path = os.path.join(scratch_dir, "job%d.py" % job)
    source = open(path).read() if os.path.exists(path) else ""
    header = "# sidefx fuzz corpus: crashed CPython %s (worker exit status %s), seed %s, shard %d/%d; not shrunk\n" % (
        FULL_VERSION, exitcode, config["seed"], config["shard"][0], config["shard"][1])
    saved = write_corpus_file(config["corpus"], "crash-py%s" % VERSION.replace(".", ""), header + "\n" + source) if source else None
    display.message("worker %d died with exit status %s%s" % (job, exitcode, "; its program: " + saved if saved else ""))
    return {"job": job, "exitcode": exitcode, "corpus_file": saved, "version": VERSION}


def make_summary(config, totals, failures, crashes, errors, elapsed, sidefx):
    by_opcode, by_version, transparency = {}, {}, 0
    for failure in failures:
        if failure["kind"] == "transparency":
            transparency += 1
            continue
        by_opcode[failure["opcode"]] = by_opcode.get(failure["opcode"], 0) + 1
        by_version[failure["version"]] = by_version.get(failure["version"], 0) + 1
    try:
        from sidefx import _fast

        recorder_path = _fast.status()
    except Exception:
        recorder_path = "pure Python"
    return {
        "python": FULL_VERSION,
        "version": VERSION,
        "sidefx": getattr(sidefx, "__version__", "?"),
        "recorder": recorder_path,
        "backend": config.get("backend") or "default",
        "seed": config["seed"],
        "shard": "%d/%d" % tuple(config["shard"]),
        "jobs": config["jobs"],
        "seconds": round(elapsed, 2),
        "programs": totals["programs"],
        "calls_compared": totals["calls_compared"],
        "programs_per_second": round(totals["programs"] / elapsed, 2) if elapsed else 0,
        "shrink_runs": totals["shrink_runs"],
        "rounds": totals["rounds"],
        "timeouts": totals["timeouts"],
        "programs_ending_in_exception": totals["program_exceptions"],
        "divergences": len(failures) - transparency,
        "divergences_by_opcode": by_opcode,
        "divergences_by_version": by_version,
        "transparency_failures": transparency,
        "known_failure_hits": totals["known_failure_hits"],
        "reference_transparency_failures": totals["reference_transparency_failures"],
        "crashes": crashes,
        "worker_errors": len(errors),
        "failures": [{k: f[k] for k in ("kind", "opcode", "version", "summary", "corpus_file")} for f in failures],
    }


def main(argv=None):
    """Entry point of ``python -m fuzz`` (and ``sidefx fuzz``); returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--"]:  # `sidefx fuzz -- --seconds 60`
        argv = argv[1:]
    parser = build_parser()
    try:
        options = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code in (0, None) else 2
    if options.python:
        return rerun_under(options.python, argv)
    try:
        import hypothesis  # noqa: F401
    except ImportError:
        print("python -m fuzz: hypothesis is not importable by %s: %s -m pip install 'hypothesis<7'" % (
            sys.executable, sys.executable), file=sys.stderr)
        return 2
    try:
        return run_campaign(options)
    except UsageError as exc:
        print("python -m fuzz: %s" % exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 1
