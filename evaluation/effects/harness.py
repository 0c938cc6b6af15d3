"""Run the labelled programs, check their labels independently, score sidefx.effects against them.

Each program runs in a fresh sandbox: a temporary working directory holding its files, its
environment variables, seeded random state, captured standard streams and a logging handler of
its own.  Its *setup* source (an "earlier cell") is executed with plain ``exec`` and yields the
input globals; its *code* is the cell under study.

Labels are checked against observations that do not use sidefx.effects:

- mutated inputs: a deep copy before vs the value after (structural comparison);
- mutated external state: the sandbox's files, its sqlite databases, the environment and working
  directory, random states, captured stdout/stderr and records emitted by logging, before vs after;
- views: objects reachable (``gc.get_referents``, plus numpy bases) from two nodes after the run,
  minus sharing between inputs that existed before;
- globals read: an opcode tracer of its own (``LOAD_NAME``/``LOAD_GLOBAL`` of a name bound before
  the run and not yet rebound); globals written/deleted: the globals dict before vs after;
- implicit dependencies: perturbation runs (files edited, database rows deleted, environment
  variables changed, random reseeded, other stdin) that change what the program computes.
"""
import copy
import dis
import gc
import io
import logging
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import types
from typing import Dict

import sidefx
from sidefx.effects import (
    ID, AccessedGlobals, ExternalState, FunctionInspector, ImplicitDependencyNode, MutatedNode, Variable,
    ViewOfNodes, record_side_effects,
)

KINDS = ("mutated", "views", "accessed", "implicit")
PERTURBABLE = ("file_system", "database", "environment", "random", "stdin")
_SEED, _PERTURBED_SEED = 12345, 54321
_DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")


class Program:
    def __init__(self, name, code, setup="", *, mutated=(), views=(), retrieved=(), updated=(), deleted=(),
                 implicit=(), files=None, env=None, stdin="", requires=(), unverified=(), category="", note=""):
        self.name = name
        self.code = code
        self.setup = setup
        self.mutated = set(mutated)
        self.views = {frozenset(pair) for pair in views}
        self.retrieved = set(retrieved)
        self.updated = set(updated)
        self.deleted = set(deleted)
        self.implicit = set(implicit)
        self.files = dict(files or {})
        self.env = dict(env or {})
        self.stdin = stdin
        self.requires = tuple(requires)
        self.unverified = set(unverified)  # label items the checkers cannot confirm (explained in note)
        self.category = category
        self.note = note

    def available(self):
        for module in self.requires:
            try:
                __import__(module)
            except ImportError:
                return False
        return True

    def labels(self):
        return {
            "mutated": set(self.mutated),
            "views": set(self.views),
            "accessed": {("read", n) for n in self.retrieved} | {("write", n) for n in self.updated}
                        | {("delete", n) for n in self.deleted},
            "implicit": set(self.implicit),
        }


# ---------------------------------------------------------------------------------------------
# The sandbox
# ---------------------------------------------------------------------------------------------

class _LogCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record):
        self.count += 1


class Sandbox:
    """A temporary directory, environment, seeds, captured streams and logging for one run."""

    def __init__(self, program, seed=_SEED, stdin=None):
        self.program = program
        self.seed = seed
        self.stdin_text = program.stdin if stdin is None else stdin

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="sidefx-eval-")
        self.old_cwd = os.getcwd()
        os.chdir(self.dir)
        for rel, content in self.program.files.items():
            path = os.path.join(self.dir, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb" if isinstance(content, bytes) else "w") as fh:
                fh.write(content)
        self.old_env = dict(os.environ)
        os.environ.update(self.program.env)
        self.old_streams = (sys.stdin, sys.stdout, sys.stderr)
        self.stdout, self.stderr = io.StringIO(), io.StringIO()
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(self.stdin_text), self.stdout, self.stderr
        self.old_random = random.getstate()
        random.seed(self.seed)
        np = sys.modules.get("numpy")
        self.old_np_random = np.random.get_state() if np is not None else None
        if np is not None:
            np.random.seed(self.seed)
        root = logging.getLogger()
        self.old_logging = (root.level, list(root.handlers), logging.root.manager.disable)
        self.log_counter = _LogCounter()
        for h in list(root.handlers):
            root.removeHandler(h)
        root.addHandler(self.log_counter)
        root.setLevel(logging.WARNING)
        self.old_loggers = set(logging.root.manager.loggerDict)
        return self

    def reseed(self, seed):
        random.seed(seed)
        np = sys.modules.get("numpy")
        if np is not None:
            np.random.seed(seed)

    def __exit__(self, *exc):
        root = logging.getLogger()
        for h in list(root.handlers):
            root.removeHandler(h)
        level, handlers, disable = self.old_logging
        for h in handlers:
            root.addHandler(h)
        root.setLevel(level)
        logging.disable(disable)
        for name in set(logging.root.manager.loggerDict) - self.old_loggers:
            lg = logging.root.manager.loggerDict[name]
            if isinstance(lg, logging.Logger):
                for h in list(lg.handlers):
                    lg.removeHandler(h)
                    h.close()
        sys.stdin, sys.stdout, sys.stderr = self.old_streams
        random.setstate(self.old_random)
        np = sys.modules.get("numpy")
        if np is not None and self.old_np_random is not None:
            np.random.set_state(self.old_np_random)
        os.environ.clear()
        os.environ.update(self.old_env)
        os.chdir(self.old_cwd)
        shutil.rmtree(self.dir, ignore_errors=True)
        return False

    # -- observable external state --
    def files_state(self):
        out = {}
        for base, dirs, files in os.walk(self.dir):
            for d in dirs:
                out[os.path.relpath(os.path.join(base, d), self.dir) + "/"] = None
            for f in files:
                path = os.path.join(base, f)
                if f.endswith(_DB_SUFFIXES) or f.endswith("-journal"):
                    continue
                with open(path, "rb") as fh:
                    out[os.path.relpath(path, self.dir)] = fh.read()
        return out

    def db_state(self):
        out = {}
        for base, _, files in os.walk(self.dir):
            for f in files:
                if f.endswith(_DB_SUFFIXES):
                    conn = sqlite3.connect(os.path.join(base, f))
                    try:
                        out[f] = "\n".join(conn.iterdump())
                    finally:
                        conn.close()
        return out

    def random_state(self):
        np = sys.modules.get("numpy")
        state = [random.getstate()]
        if np is not None:
            s = np.random.get_state()
            state.append((s[0], s[1].tobytes(), s[2:]))
        return state

    def logging_state(self):
        root = logging.getLogger()
        loggers = tuple(sorted(
            (name, lg.level, tuple(map(id, lg.handlers)))
            for name, lg in logging.root.manager.loggerDict.items() if isinstance(lg, logging.Logger)
        ))
        return (self.log_counter.count, root.level, tuple(map(id, root.handlers)), loggers)

    def external_state(self):
        return {
            "file_system": self.files_state(),
            "database": self.db_state(),
            "environment": (dict(os.environ), os.getcwd()),
            "random": self.random_state(),
            "logging": self.logging_state(),
        }


def run_setup(program):
    g = {}
    if program.setup:
        exec(compile(program.setup, "<setup:%s>" % program.name, "exec"), g)
    return g


def input_nodes_of(g):
    return {name: value for name, value in g.items() if not name.startswith("__")}


# ---------------------------------------------------------------------------------------------
# Independent observations
# ---------------------------------------------------------------------------------------------

_ATOMS = (int, float, complex, str, bytes, bool, type(None), range, slice, type(Ellipsis))
_STOP = (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType, types.CodeType,
         types.MethodDescriptorType if hasattr(types, "MethodDescriptorType") else type(list.append),
         types.WrapperDescriptorType if hasattr(types, "WrapperDescriptorType") else type(list.__add__),
         type(sidefx.NOT_OBSERVED))


def _data(obj):
    return not isinstance(obj, _ATOMS) and not isinstance(obj, _STOP) and not isinstance(obj, types.MethodType)


class _Unverifiable(Exception):
    pass


def same_state(a, b, depth=0):
    """Structural equality of two values (a deep copy and the value after the run)."""
    if depth > 200:
        raise _Unverifiable("too deep")
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (a != a and b != b)
    if isinstance(a, _ATOMS) or isinstance(a, _STOP):
        return a == b
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same_state(x, y, depth + 1) for x, y in zip(a, b))
    if isinstance(a, dict):
        if list(a.keys()) != list(b.keys()):
            return False
        if not all(same_state(a[k], b[k], depth + 1) for k in a):
            return False
    elif isinstance(a, (set, frozenset, bytearray)):
        return a == b
    elif isinstance(a, (io.StringIO, io.BytesIO)):
        return a.getvalue() == b.getvalue() and a.tell() == b.tell()
    elif type(a).__module__.startswith("numpy") and hasattr(a, "shape"):
        np = sys.modules["numpy"]
        return a.dtype == b.dtype and a.shape == b.shape and bool(np.array_equal(a, b))
    if hasattr(a, "__dict__") and not isinstance(a, dict):
        return same_state(vars(a), vars(b), depth + 1)
    if isinstance(a, dict):
        return True
    if type(a).__eq__ is object.__eq__:
        raise _Unverifiable("no comparable state: %s" % type(a).__name__)
    return a == b


def deep_snapshot(value):
    try:
        return copy.deepcopy(value)
    except Exception:
        return _Unverifiable


def reach_gc(obj, stop_ids):
    """Objects reachable from ``obj`` through references (gc.get_referents, numpy bases, generator
    frames), not entering code, classes, modules or the globals and builtins dicts."""
    seen = {}
    stack = [obj]
    while stack:
        o = stack.pop()
        if id(o) in seen or id(o) in stop_ids:
            continue
        seen[id(o)] = o
        if isinstance(o, _ATOMS) or isinstance(o, _STOP):
            continue
        if isinstance(o, types.FrameType):
            children = list(o.f_locals.values())
        elif isinstance(o, types.GeneratorType):
            children = list(o.gi_frame.f_locals.values()) if o.gi_frame is not None else []
        else:
            children = gc.get_referents(o)
            if type(o).__module__.startswith("numpy") and getattr(o, "base", None) is not None:
                children.append(o.base)
            if isinstance(o, sqlite3.Cursor):  # not visible to gc on 3.8/3.9
                children.append(o.connection)
        for c in children:
            if id(c) not in seen and not isinstance(c, _ATOMS):
                stack.append(c)
    return seen


def _mutable(obj):
    return _data(obj) and not isinstance(obj, (tuple, frozenset)) and not isinstance(obj, types.FrameType)


def sharing(pointers, stop_ids):
    """Pairs of pointer names whose values reach a common mutable object."""
    owners: Dict[int, set] = {}
    for name, value in pointers.items():
        for oid, o in reach_gc(value, stop_ids).items():
            if _mutable(o):
                owners.setdefault(oid, set()).add(name)
    pairs = set()
    for names in owners.values():
        names = sorted(names)
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                pairs.add(frozenset((names[i], names[j])))
    return pairs


class NameTracer:
    """Globals read by any code running with the program's globals (an opcode tracer of its own)."""

    LOADS = {"LOAD_NAME", "LOAD_GLOBAL", "LOAD_FROM_DICT_OR_GLOBALS"}
    STORES = {"STORE_NAME", "STORE_GLOBAL", "DELETE_NAME", "DELETE_GLOBAL"}

    def __init__(self, g):
        self.g = g
        self.before = set(g)
        self.written = set()
        self.reads = set()
        self.tables = {}
        self.class_locals = {}
        self.late = sys.version_info >= (3, 13)

    def _table(self, code):
        table = self.tables.get(code)
        if table is None:
            table = {}
            pending = []
            for ins in dis.get_instructions(code):
                if ins.opname == "EXTENDED_ARG":
                    pending.append(ins.offset)
                    continue
                for off in pending + [ins.offset]:
                    table[off] = (ins.opname, ins.argval)
                pending = []
            self.tables[code] = table
        return table

    def global_trace(self, frame, event, arg):
        if event != "call" or frame.f_globals is not self.g:
            return None
        if self.late:
            frame.f_trace = self.local_trace
        frame.f_trace_opcodes = True
        return self.local_trace

    def local_trace(self, frame, event, arg):
        if event != "opcode":
            return self.local_trace
        hit = self._table(frame.f_code).get(frame.f_lasti)
        if hit is None:
            return self.local_trace
        opname, name = hit
        code = frame.f_code
        module_level = code.co_name == "<module>"
        class_body = not module_level and not (code.co_flags & 0x02) and opname in ("LOAD_NAME", "STORE_NAME", "DELETE_NAME")
        if opname in self.LOADS:
            if class_body and name in self.class_locals.get(id(frame), ()):
                return self.local_trace
            if name in self.before and name not in self.written:
                self.reads.add(name)
        elif opname in self.STORES:
            if class_body:
                self.class_locals.setdefault(id(frame), set()).add(name)
            elif module_level or opname.endswith("GLOBAL"):
                self.written.add(name)
        return self.local_trace

    def run(self, code):
        previous = sys.gettrace()
        here = sys._getframe()
        here.f_trace_opcodes = True
        sys.settrace(self.global_trace)
        try:
            exec(code, self.g)
        finally:
            sys.settrace(previous)
            here.f_trace_opcodes = False


def describe(value, depth=0, memo=None):
    """A comparable description of a value, free of object identities."""
    memo = set() if memo is None else memo
    if depth > 50:
        return "..."
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, _ATOMS):
        return (type(value).__name__, value)
    if id(value) in memo:
        return "<cycle>"
    if isinstance(value, _STOP) or isinstance(value, types.MethodType):
        return (type(value).__name__, getattr(value, "__qualname__", getattr(value, "__name__", "?")))
    memo = memo | {id(value)}
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(describe(v, depth + 1, memo) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((describe(k, depth + 1, memo), describe(v, depth + 1, memo)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return (type(value).__name__, tuple(sorted(repr(describe(v, depth + 1, memo)) for v in value)))
    if isinstance(value, bytearray):
        return ("bytearray", bytes(value))
    if type(value).__module__.startswith("numpy") and hasattr(value, "tolist"):
        return ("ndarray", describe(value.tolist(), depth + 1, memo))
    if hasattr(value, "__dict__") and isinstance(getattr(value, "__dict__", None), dict) and not isinstance(value, io.IOBase):
        return (type(value).__name__, describe(vars(value), depth + 1, memo))
    return (type(value).__name__,)


class Observation:
    """What happened in one plain run of a program (no sidefx)."""

    def __init__(self):
        self.mutated = set()
        self.unverifiable_inputs = set()
        self.views = set()
        self.retrieved = set()
        self.updated = set()
        self.deleted = set()
        self.outcome = None
        self.error = None


def observe_run(program, perturb=None, trace_names=False):
    obs = Observation()
    stdin = program.stdin
    if perturb == "stdin":
        stdin = "perturbed input\n" + program.stdin[::-1] + "\nmore\n"
    with Sandbox(program, stdin=stdin) as box:
        g = run_setup(program)
        box.reseed(box.seed)  # the setup may have imported numpy
        if perturb == "file_system":
            for rel in program.files:
                path = os.path.join(box.dir, rel)
                if not rel.endswith(_DB_SUFFIXES):
                    with open(path, "ab") as fh:
                        fh.write(b"\n0 perturbed\n")
            with open(os.path.join(box.dir, "zz_perturbed.txt"), "w") as fh:
                fh.write("perturbed\n")
        elif perturb == "database":
            for name in box.db_state():
                conn = sqlite3.connect(os.path.join(box.dir, name))
                tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
                for t in tables:
                    conn.execute('delete from "%s"' % t)
                conn.commit()
                conn.close()
        elif perturb == "environment":
            for key in program.env:
                os.environ[key] = program.env[key] + "_perturbed"
        elif perturb == "random":
            box.reseed(_PERTURBED_SEED)
        inputs = input_nodes_of(g)
        names_before = dict(g)
        copies = {name: deep_snapshot(value) for name, value in inputs.items()}
        stop_ids = {id(g), id(vars(__builtins__) if isinstance(__builtins__, types.ModuleType) else __builtins__)}
        data_inputs = {name: v for name, v in inputs.items() if _data(v)}
        shared_before = sharing(data_inputs, stop_ids)
        external_before = box.external_state()
        code = compile(program.code, "<eval:%s>" % program.name, "exec")
        tracer = NameTracer(g)
        try:
            if trace_names:
                tracer.run(code)
            else:
                exec(code, g)
        except Exception as exc:  # the outcome records it
            obs.error = "%s: %s" % (type(exc).__name__, exc)
        # mutated inputs
        for name, value in inputs.items():
            before = copies[name]
            if before is _Unverifiable:
                obs.unverifiable_inputs.add(name)
                continue
            try:
                if not same_state(before, value):
                    obs.mutated.add(name)
            except _Unverifiable:
                obs.unverifiable_inputs.add(name)
        external_after = box.external_state()
        for state, before in external_before.items():
            if external_after[state] != before:
                obs.mutated.add("ext:" + state)
        if box.stdout.getvalue():
            obs.mutated.add("ext:stdout")
        if box.stderr.getvalue():
            obs.mutated.add("ext:stderr")
        # globals
        internal = ("__builtins__", "__warningregistry__")
        obs.updated = {n for n, v in g.items() if n not in internal and (n not in names_before or names_before[n] is not v)}
        obs.deleted = {n for n in names_before if n not in g and n not in internal}
        obs.retrieved = set(tracer.reads)
        # views
        outputs = {"=" + n: g[n] for n in obs.updated if _data(g[n])}
        pointers = dict(data_inputs)
        pointers.update(outputs)
        obs.views = {p for p in sharing(pointers, stop_ids) if p not in shared_before}
        obs.outcome = (
            tuple(sorted((n, repr(describe(g[n]))) for n in obs.updated)),
            tuple(sorted((n, repr(describe(v))) for n, v in inputs.items() if not isinstance(v, _STOP))),
            box.stdout.getvalue(), box.stderr.getvalue(), obs.error,
        )
    return obs


def check_labels(program):
    """Problems with a program's labels, found by the independent observations."""
    problems = []
    base = observe_run(program, trace_names=True)
    if base.error:
        problems.append("the program raised: %s" % base.error)
    labels = program
    unverified = program.unverified

    def compare(kind, labelled, observed, skip=()):
        extra = {x for x in labelled - observed if x not in unverified and x not in skip}
        missing = {x for x in observed - labelled if x not in skip}
        if extra:
            problems.append("%s: labelled but not observed: %s" % (kind, sorted(map(str, extra))))
        if missing:
            problems.append("%s: observed but not labelled: %s" % (kind, sorted(map(str, missing))))

    compare("mutated", labels.mutated, base.mutated, skip=base.unverifiable_inputs)
    compare("views", {frozenset(p) for p in labels.views}, base.views)
    compare("retrieved", labels.retrieved, base.retrieved)
    compare("updated", labels.updated, base.updated)
    compare("deleted", labels.deleted, base.deleted)
    again = observe_run(program)
    if again.outcome != base.outcome:
        problems.append("the program is not deterministic")
        return problems
    detected = set()
    for kind in PERTURBABLE:
        if observe_run(program, perturb=kind).outcome != base.outcome:
            detected.add(kind)
    checkable = {k for k in program.implicit if k in PERTURBABLE}
    compare("implicit", checkable, detected)
    return problems


# ---------------------------------------------------------------------------------------------
# Predictions and scores
# ---------------------------------------------------------------------------------------------

def _pointer_name(pointer):
    if isinstance(pointer, ID):
        return str(pointer.id)
    if isinstance(pointer, Variable):
        return "=" + pointer.name
    return "ext:" + pointer.name


def predict(program, mode="default", backend=None):
    """The label sets sidefx.effects reports for a program (``mode``: default, observe, pure, conservative)."""
    inspector = FunctionInspector(unannotated={"pure": "pure", "conservative": "conservative"}.get(mode, "infer"))
    with Sandbox(program) as box:
        g = run_setup(program)
        box.reseed(box.seed)
        code = compile(program.code, "<eval:%s>" % program.name, "exec")
        run = record_side_effects(code, g, input_nodes_of(g), inspector=inspector, observe=(mode == "observe"),
                                  backend=backend)
        recording = run.recording
        problems = list(recording.not_implemented_ops) + [str(e) for e in recording.stack_read_errors]
        problems += [str(e) for e in getattr(recording, "internal_errors", [])]
    out = {k: set() for k in KINDS}
    for effect in run.side_effects:
        if isinstance(effect, MutatedNode):
            out["mutated"].add(_pointer_name(effect.pointer))
        elif isinstance(effect, ImplicitDependencyNode):
            out["implicit"].add(effect.pointer.name if isinstance(effect.pointer, ExternalState) else _pointer_name(effect.pointer))
        elif isinstance(effect, ViewOfNodes):
            names = [_pointer_name(p) for p in effect.pointers]
            for i in range(len(names)):
                for j in range(i + 1, len(names)):
                    out["views"].add(frozenset((names[i], names[j])))
        elif isinstance(effect, AccessedGlobals):
            out["accessed"] |= {("read", n) for n in effect.retrieved}
            out["accessed"] |= {("write", n) for n in effect.added_or_updated}
            out["accessed"] |= {("delete", n) for n in effect.deleted}
    return out, problems


def score(programs, mode="default", backend=None):
    """Per kind: tp, fp, fn, precision, recall; plus the per-program differences."""
    totals = {k: {"tp": 0, "fp": 0, "fn": 0} for k in KINDS}
    details = []
    for program in programs:
        predicted, problems = predict(program, mode, backend)
        labels = program.labels()
        entry = {"program": program.name, "category": program.category}
        for kind in KINDS:
            tp = predicted[kind] & labels[kind]
            fp = predicted[kind] - labels[kind]
            fn = labels[kind] - predicted[kind]
            totals[kind]["tp"] += len(tp)
            totals[kind]["fp"] += len(fp)
            totals[kind]["fn"] += len(fn)
            if fp:
                entry.setdefault("false_positives", {})[kind] = sorted(map(_show, fp))
            if fn:
                entry.setdefault("false_negatives", {})[kind] = sorted(map(_show, fn))
        if problems:
            entry["recorder_problems"] = problems
        details.append(entry)
    for kind, t in totals.items():
        t["precision"] = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 1.0
        t["recall"] = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 1.0
    return totals, details


def _show(item):
    if isinstance(item, frozenset):
        return " ~ ".join(sorted(item))
    if isinstance(item, tuple):
        return "%s %s" % item
    return str(item)
