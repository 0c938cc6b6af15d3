"""Readable, version-stable text for recorded calls (CLI tables and golden test traces)."""
import re
import types

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_PUBLIC_MODULE = {"_operator": "operator"}


def callable_name(fn):
    """``operator.add``, ``bound list.append``, ``f`` — stable across runs and versions."""
    if isinstance(fn, types.MethodType):
        return "bound " + getattr(fn.__func__, "__qualname__", getattr(fn.__func__, "__name__", "?"))
    owner = getattr(fn, "__self__", None)
    if isinstance(fn, types.BuiltinMethodType) and owner is not None and not isinstance(owner, types.ModuleType):
        kind = owner.__name__ if isinstance(owner, type) else type(owner).__name__
        return "bound %s.%s" % (kind, fn.__name__)
    module = getattr(fn, "__module__", None)
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
    if name is None:
        return value_text(fn)
    if module in (None, "__main__"):
        return name
    module = _PUBLIC_MODULE.get(module, module)
    return "%s.%s" % (module, name)


def value_text(value, limit=80):
    if isinstance(value, types.ModuleType):
        return "<module %r>" % value.__name__  # the file path differs between installations
    if isinstance(value, (classmethod, staticmethod)):  # their repr changed in 3.10
        return "<%s %s>" % (type(value).__name__, getattr(value.__func__, "__qualname__", "?"))
    try:
        text = repr(value)
    except Exception as exc:  # a user __repr__ that fails must not break rendering
        text = "<repr failed: %s>" % type(exc).__name__
    text = _ADDRESS.sub("", text).replace("<str_ascii_iterator", "<str_iterator")  # renamed in 3.11
    return text if len(text) <= limit else text[: limit - 3] + "..."


def call_text(call):
    parts = [value_text(a) for a in call.args]
    parts += ["%s=%s" % (k, value_text(v)) for k, v in call.kwargs.items()]
    outcome = "raised %s" % type(call.raised).__name__ if call.raised is not None else value_text(call.res)
    return "%s(%s) -> %s" % (callable_name(call.fn), ", ".join(parts), outcome)
