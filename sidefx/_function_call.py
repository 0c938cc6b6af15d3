"""The record of one call made by traced bytecode."""
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional


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
