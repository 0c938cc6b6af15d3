"""sidefx: record, on every CPython from 3.8 to 3.14, the calls a piece of Python code makes."""
from sidefx._function_call import FunctionCall
from sidefx._recorder import Recording, exec_and_record_function_calls
from sidefx._stack import StackReadError, UnsupportedInterpreterError
from sidefx.model import NOT_OBSERVED
from sidefx.effects import (
    ID,
    AccessedGlobals,
    ExternalState,
    FunctionInspector,
    ImplicitDependencyNode,
    MutatedNode,
    Variable,
    ViewOfNodes,
    function_calls_to_side_effects,
)

__version__ = "0.1.0"

__all__ = [
    "ID",
    "AccessedGlobals",
    "ExternalState",
    "FunctionCall",
    "FunctionInspector",
    "ImplicitDependencyNode",
    "MutatedNode",
    "Variable",
    "ViewOfNodes",
    "function_calls_to_side_effects",
    "NOT_OBSERVED",
    "Recording",
    "StackReadError",
    "UnsupportedInterpreterError",
    "exec_and_record_function_calls",
]
