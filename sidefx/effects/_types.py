"""The side effects a recorded execution has on graph nodes (the seed's shapes).

Pointers name what an effect is about: ``ID(id)`` an input node, ``Variable(name)`` a global the
execution set, ``ExternalState(name)`` state outside the Python heap (the file system, a database,
the network, standard streams, the process environment, global random state, ...).
"""
from dataclasses import dataclass, field
from typing import Hashable, List, Union

__all__ = [
    "ID", "Variable", "ExternalState", "Pointer",
    "MutatedNode", "ViewOfNodes", "ImplicitDependencyNode", "AccessedGlobals", "SideEffect",
    "EXTERNAL_STATES",
]


@dataclass(frozen=True)
class ID:
    """An input node, by the id the caller gave it in ``input_nodes``."""

    id: Hashable


@dataclass(frozen=True)
class Variable:
    """A global the execution bound (a key of ``output_globals``)."""

    name: str


@dataclass(frozen=True)
class ExternalState:
    """State outside the Python heap; ``name`` is one of :data:`EXTERNAL_STATES` or declared by a spec file."""

    name: str


Pointer = Union[ID, Variable, ExternalState]


@dataclass
class MutatedNode:
    """The node's value (or the external state) was changed in place by the execution."""

    pointer: Pointer


@dataclass
class ViewOfNodes:
    """The nodes share mutable state after the execution: a change to one may show in the others."""

    pointers: List[Pointer]


@dataclass
class ImplicitDependencyNode:
    """The execution read state it was not given as a value (always an ``ExternalState``)."""

    pointer: Pointer


@dataclass
class AccessedGlobals:
    """Globals the traced code read (bound before it ran) and the globals it bound.

    ``deleted`` (not in the seed; empty unless names bound before the execution were deleted)
    lists the globals the execution removed.
    """

    retrieved: List[str]
    added_or_updated: List[str]
    deleted: List[str] = field(default_factory=list)


SideEffect = Union[MutatedNode, ViewOfNodes, ImplicitDependencyNode, AccessedGlobals]

#: External states the shipped specs use.  Spec files may declare more (``[spec] external_states``).
EXTERNAL_STATES = {
    "file_system": "files and directories (open, os, shutil, pathlib, pickle/json files)",
    "database": "databases reached through a connection (sqlite3)",
    "network": "sockets and remote services",
    "stdin": "the process's standard input (sys.stdin)",
    "stdout": "the process's standard output (sys.stdout, print)",
    "stderr": "the process's standard error (sys.stderr)",
    "environment": "the process environment: environment variables and the working directory",
    "random": "global random state (the random module's shared generator, numpy's global RandomState)",
    "clock": "the system clock (time.time, datetime.now); read only",
    "logging": "the logging system: its configuration and the records it emits",
}
