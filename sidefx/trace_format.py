"""The sidefx trace file: JSON Lines, one header, one line per call, one footer.

Schema version 1 (docs/trace-format.md)::

    {"kind": "header", "format": "sidefx-trace", "schema": 1, "python": "3.12.1", ...}
    {"kind": "call", "index": 0, "fn": {...}, "args": [VALUE...], "kwargs": {NAME: VALUE},
     "res": VALUE, "raised": null | {"type": ..., "message": ...}, "location": {...}}
    {"kind": "end", "calls": N, "not_implemented_ops": [...], "stack_read_errors": [...], ...}

A VALUE is ``{"type": "module.qualname", "repr": "...", "id": 140...}`` with the repr truncated to
``REPR_LIMIT`` characters.  Objects themselves cannot be stored; ``id`` lets a reader tell which
values were the same object during the run.
"""
import json
import platform
import sys
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

SCHEMA = 1
FORMAT = "sidefx-trace"
REPR_LIMIT = 200


class TraceFormatError(ValueError):
    """A trace file that is not a sidefx trace of a schema this version reads."""


def _type_name(value):
    kind = type(value)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else "%s.%s" % (module, kind.__qualname__)


def describe_value(value):
    try:
        text = repr(value)
    except Exception as exc:  # a failing __repr__ must not lose the trace
        text = "<repr failed: %s>" % type(exc).__name__
    if len(text) > REPR_LIMIT:
        text = text[: REPR_LIMIT - 3] + "..."
    return {"type": _type_name(value), "repr": text, "id": id(value)}


def describe_callable(fn):
    owner = getattr(fn, "__self__", None)
    bound = owner is not None and not isinstance(owner, type(sys))
    func = getattr(fn, "__func__", fn)
    return {
        "qualname": getattr(func, "__qualname__", None) or getattr(func, "__name__", None) or _type_name(fn),
        "module": getattr(func, "__module__", None),
        "bound_to": describe_value(owner) if bound else None,
        "id": id(fn),
    }


def call_record(call, index):
    code = call.code
    return {
        "kind": "call",
        "index": index,
        "fn": describe_callable(call.fn),
        "args": [describe_value(a) for a in call.args],
        "kwargs": {k: describe_value(v) for k, v in call.kwargs.items()},
        "res": None if call.raised is not None else describe_value(call.res),
        "raised": None if call.raised is None else {"type": _type_name(call.raised), "message": str(call.raised)[:REPR_LIMIT]},
        "location": {
            "file": getattr(code, "co_filename", None),
            "function": getattr(code, "co_name", None),
            "line": call.line,
            "offset": call.offset,
            "opname": call.opname,
        },
    }


def header_record(**extra):
    from sidefx import __version__
    from sidefx._recorder import translator_module
    module = translator_module()
    record = {
        "kind": "header",
        "format": FORMAT,
        "schema": SCHEMA,
        "python": platform.python_version(),
        "implementation": sys.implementation.name,
        "sidefx": __version__,
        "tables": {"version": "%d.%d" % module.PYTHON, "digest": module.SOURCE_DIGEST},
    }
    record.update(extra)
    return record


class TraceWriter:
    """A recorder sink writing each call as one JSON line as soon as it is final."""

    def __init__(self, stream, **header):
        self.stream = stream
        self.count = 0
        self._write(header_record(**header))

    def _write(self, record):
        self.stream.write(json.dumps(record, ensure_ascii=False, default=repr))
        self.stream.write("\n")

    def __call__(self, call):
        self._write(call_record(call, self.count))
        self.count += 1

    def close(self, recording=None, **extra):
        end = {"kind": "end", "calls": self.count}
        if recording is not None:
            end["not_implemented_ops"] = list(recording.not_implemented_ops)
            end["stack_read_errors"] = [list(e) for e in recording.stack_read_errors]
            end["internal_errors"] = [list(e) for e in recording.internal_errors]
        end.update(extra)
        self._write(end)


def write_trace(recording, stream, **header):
    """Write a finished Recording (calls kept in memory) as a trace file."""
    writer = TraceWriter(stream, **header)
    for call in recording.function_calls:
        writer(call)
    writer.close(recording)


@dataclass
class TracedCall:
    """One call read back from a trace file: descriptions, not the objects."""

    index: int
    fn: Dict[str, Any]
    args: List[Dict[str, Any]]
    kwargs: Dict[str, Dict[str, Any]]
    res: Optional[Dict[str, Any]]
    raised: Optional[Dict[str, Any]]
    location: Dict[str, Any]

    @property
    def name(self):
        bound = self.fn.get("bound_to")
        prefix = "bound " if bound else ""
        module = self.fn.get("module")
        qualname = self.fn.get("qualname")
        if bound or module in (None, "__main__", "builtins"):
            return prefix + qualname
        return "%s.%s" % (module.lstrip("_") if module == "_operator" else module, qualname)


@dataclass
class Trace:
    header: Dict[str, Any]
    calls: List[TracedCall] = field(default_factory=list)
    end: Optional[Dict[str, Any]] = None


def load_trace(source):
    """Read a trace file (a path or an open text stream) back into a :class:`Trace`."""
    if isinstance(source, str):
        with open(source, encoding="utf-8") as handle:
            return load_trace(handle)
    trace = None
    for number, line in enumerate(source, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise TraceFormatError("line %d: not JSON: %s" % (number, exc))
        kind = record.get("kind")
        if trace is None:
            if kind != "header" or record.get("format") != FORMAT:
                raise TraceFormatError("line %d: a sidefx trace starts with its header" % number)
            if record.get("schema") != SCHEMA:
                raise TraceFormatError("line %d: schema %r; this sidefx reads schema %d" % (number, record.get("schema"), SCHEMA))
            trace = Trace(record)
        elif kind == "call":
            try:
                trace.calls.append(TracedCall(
                    record["index"], record["fn"], record["args"], record["kwargs"], record["res"],
                    record["raised"], record["location"]))
            except KeyError as exc:
                raise TraceFormatError("line %d: call record without %s" % (number, exc))
        elif kind == "end":
            trace.end = record
        else:
            raise TraceFormatError("line %d: unknown record kind %r" % (number, kind))
    if trace is None:
        raise TraceFormatError("empty trace file")
    return trace
