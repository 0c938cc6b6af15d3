"""Side effects of recorded executions: mutated inputs, views, globals read and written, external state.

``function_calls_to_side_effects(inspector, calls, input_nodes, output_globals)`` maps the calls
a :func:`sidefx.exec_and_record_function_calls` recording holds to effects on graph nodes, using a
:class:`FunctionInspector` over declarative annotation specs (TOML, ``sidefx/effects/specs``).
:func:`record_side_effects` runs code and does both steps.  See docs/side-effects.md.
"""
from sidefx.effects._types import (
    EXTERNAL_STATES, ID, AccessedGlobals, ExternalState, ImplicitDependencyNode, MutatedNode, Pointer, SideEffect,
    Variable, ViewOfNodes,
)
from sidefx.effects._spec import (
    SpecError, SpecValidationError, load_spec_file, validate_spec_file, validate_spec_text,
)
from sidefx.effects._inspector import SHIPPED_SPECS, FunctionInspector
from sidefx.effects._snapshot import ExecutionContext, fingerprint
from sidefx.effects._convert import function_calls_to_side_effects
from sidefx.effects._run import EffectsRun, record_side_effects

__all__ = [
    "AccessedGlobals",
    "EXTERNAL_STATES",
    "EffectsRun",
    "ExecutionContext",
    "ExternalState",
    "FunctionInspector",
    "ID",
    "ImplicitDependencyNode",
    "MutatedNode",
    "Pointer",
    "SHIPPED_SPECS",
    "SideEffect",
    "SpecError",
    "SpecValidationError",
    "Variable",
    "ViewOfNodes",
    "fingerprint",
    "function_calls_to_side_effects",
    "load_spec_file",
    "record_side_effects",
    "validate_spec_file",
    "validate_spec_text",
]
