"""Callables that stand for calls the interpreter makes without a Python-visible callable.

The call model (docs/call-model.md) records container displays and unpacking as calls
of these functions.  Each performs the operation it stands for, so a recorded trace can be
replayed: ``call.fn(*call.args, **call.kwargs) == call.res``.
"""


def build_list(*items):
    """``[a, *b, c]`` and list comprehensions."""
    return list(items)


def build_tuple(*items):
    """``(a, *b, c)`` (tuple displays whose items are all constants are folded by the compiler)."""
    return items


def build_set(*items):
    """``{a, *b}`` and set comprehensions."""
    return set(items)


def build_dict(*items):
    """``{k: v, **m}`` and dict comprehensions; each item is a ``(key, value)`` pair."""
    return dict(items)


def unpack_sequence(value, count):
    """``a, b = value``: the ``count`` items as a tuple."""
    items = tuple(value)
    if len(items) != count:
        raise ValueError("expected %d values to unpack, got %d" % (count, len(items)))
    return items


def unpack_ex(value, before, after):
    """``a, *b, c = value``: ``before`` leading items, the rest as a list, ``after`` trailing items."""
    items = list(value)
    if len(items) < before + after:
        raise ValueError("not enough values to unpack")
    end = len(items) - after
    return tuple(items[:before]) + (items[before:end],) + tuple(items[end:])


class _NotObserved:
    """The result of a call whose result the bytecode never exposes (see the call model)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return "NOT_OBSERVED"

    def __reduce__(self):
        return (_NotObserved, ())


NOT_OBSERVED = _NotObserved()
