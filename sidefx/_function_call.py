"""The record of one call made by traced bytecode."""
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Dict, List, Optional


def _with_slots(cls):
    """``cls`` remade with ``__slots__`` for its fields (what ``dataclass(slots=True)`` does from 3.10
    on): a record costs less memory, and the compiled hot path fills a new record's slots directly
    instead of running ``__init__``.  ``kwargs`` lives in the slot ``_kwargs``, None until it is
    first read: most calls have no keyword arguments, and a record needs no dict of its own for
    them until somebody looks."""
    names = tuple(f.name for f in fields(cls))
    namespace = {k: v for k, v in cls.__dict__.items() if k not in names + ("__dict__", "__weakref__")}
    namespace["__slots__"] = tuple("_kwargs" if name == "kwargs" else name for name in names)
    namespace["kwargs"] = property(_get_kwargs, _set_kwargs, doc="The keyword arguments (a dict).")
    return type(cls)(cls.__name__, cls.__bases__, namespace)


def _get_kwargs(call):
    kwargs = call._kwargs
    if kwargs is None:
        kwargs = call._kwargs = {}
    return kwargs


def _set_kwargs(call, kwargs):
    call._kwargs = kwargs


@_with_slots
@dataclass
class FunctionCall:
    """A call the traced code's own bytecode made, explicit or implicit.

    ``fn``, ``args``, ``kwargs`` and ``res`` define the call (and equality);
    the location fields and ``raised`` describe it but never take part in
    comparisons, so the same program compares equal across CPython versions
    whose offsets and opcode names differ.
    """

    fn: Callable
    args: List[Any] = field(default_factory=list)
    kwargs: Dict[str, Any] = field(default_factory=dict)
    res: Optional[Any] = None
    #: The exception the call raised (``res`` is then ``None``).
    raised: Optional[BaseException] = field(default=None, compare=False, repr=False)
    code: Any = field(default=None, compare=False, repr=False)
    offset: int = field(default=-1, compare=False, repr=False)
    line: Optional[int] = field(default=None, compare=False, repr=False)
    opname: str = field(default="", compare=False, repr=False)
