"""record_side_effects: run code under the recorder and translate its calls in one step."""
from typing import Any, Dict, Hashable, List, Mapping, Optional

from sidefx._recorder import Recording, exec_and_record_function_calls
from sidefx.effects._convert import function_calls_to_side_effects
from sidefx.effects._inspector import FunctionInspector
from sidefx.effects._snapshot import ExecutionContext
from sidefx.effects._types import SideEffect


class EffectsRun:
    """What :func:`record_side_effects` returns."""

    def __init__(self, recording, side_effects, output_globals, input_nodes):
        #: the :class:`~sidefx.Recording` of the execution
        self.recording: Recording = recording
        #: the effects, as :func:`function_calls_to_side_effects` returns them
        self.side_effects: List[SideEffect] = side_effects
        #: globals the execution bound (name -> value)
        self.output_globals: Dict[str, Any] = output_globals
        #: the input nodes used (node id -> value)
        self.input_nodes: Dict[Hashable, Any] = input_nodes

    def __repr__(self):
        return "<EffectsRun %d calls, %d effects>" % (len(self.recording.function_calls), len(self.side_effects))


def record_side_effects(code, globals_, input_nodes: Optional[Mapping[Hashable, Any]] = None, *,
                        inspector: Optional[FunctionInspector] = None, observe: bool = False,
                        backend: Optional[str] = None) -> EffectsRun:
    """Execute ``code`` in ``globals_`` under the recorder and return its side effects.

    ``input_nodes`` maps node ids to values; by default every global bound before the execution
    whose name does not start with ``__`` is an input node, with its name as id.  ``observe=True``
    fingerprints the input nodes and observable external state before the execution and reports
    observed changes as mutations (see docs/side-effects.md, "Observed mutation").  ``backend``
    is passed to :func:`sidefx.exec_and_record_function_calls` (``"settrace"``, ``"monitoring"``).
    """
    if input_nodes is None:
        input_nodes = {name: value for name, value in globals_.items() if not name.startswith("__")}
    input_nodes = dict(input_nodes)
    context = ExecutionContext.before(code, globals_, input_nodes, observe=observe)
    if backend is None:
        recording = exec_and_record_function_calls(code, globals_)
    else:
        recording = exec_and_record_function_calls(code, globals_, backend=backend)
    output = context.changed_globals()
    effects = function_calls_to_side_effects(
        inspector if inspector is not None else FunctionInspector(), recording, input_nodes, output, context=context,
    )
    return EffectsRun(recording, effects, output, input_nodes)
