"""function_calls_to_side_effects: recorded calls -> effects on objects -> effects on nodes."""
import types
from typing import Any, Dict, Hashable, Iterable, List, Mapping, Optional

from sidefx.effects._globals import accessed_globals, nested_codes
from sidefx.effects._graph import ObjectGraph, is_mutable_data
from sidefx.effects._inspector import FunctionInspector, is_atom, is_data
from sidefx.effects._snapshot import ExecutionContext, fingerprint
from sidefx.effects._types import (
    ID, AccessedGlobals, ExternalState, ImplicitDependencyNode, MutatedNode, SideEffect, Variable, ViewOfNodes,
)


_BOUND_TYPES = (types.MethodType, types.BuiltinMethodType, type([].__add__))


def _calls_of(function_calls):
    calls = getattr(function_calls, "function_calls", function_calls)
    return list(calls)


def traced_code_objects(calls, code=None):
    """Code objects whose calls the recording holds: those calls were made in, and all nested ones."""
    found = {}
    if code is not None:
        nested_codes(code, found)
    for call in calls:
        if call.code is not None and id(call.code) not in found:
            nested_codes(call.code, found)
    return list(found.values())


class _Analysis:
    def __init__(self, inspector, calls, input_nodes, output_globals, context):
        self.inspector = inspector
        self.calls = calls
        self.input_nodes = input_nodes
        self.output_globals = output_globals
        self.context = context
        self.graph = ObjectGraph()
        self.externals = inspector.external_objects()
        self.mutated_states = {}   # name -> None (ordered)
        self.read_states = {}

    def run(self):
        code = self.context.code if self.context is not None else None
        traced_list = traced_code_objects(self.calls, code)
        traced = frozenset(traced_list)
        for call in self.calls:
            if call.fn is getattr and len(call.args) == 2 and isinstance(call.args[0], types.ModuleType) and call.raised is None:
                self.externals.note_module_attribute(call.args[0], call.args[1], call.res)
        for call in self.calls:
            self._apply(call, traced)
        effects: List[SideEffect] = []
        effects.append(self._accessed(traced_list, code))
        for name in self.read_states:
            effects.append(ImplicitDependencyNode(ExternalState(name)))
        mutated_inputs = self._mutated_inputs()
        for node_id in mutated_inputs:
            effects.append(MutatedNode(ID(node_id)))
        for name in self.mutated_states:
            effects.append(MutatedNode(ExternalState(name)))
        for group in self._views():
            effects.append(ViewOfNodes(group))
        return effects

    # -- calls -> object effects ----------------------------------------------------------------
    def _state_of(self, obj):
        if isinstance(obj, ExternalState):
            return obj.name
        return self.externals.state_of(obj)

    def _apply(self, call, traced):
        eff = self.inspector.effects(call, traced, self.externals)
        graph = self.graph
        for obj in [call.res] + list(call.args):
            graph.note_object(obj)
        completed = call.raised is None or isinstance(call.raised, StopIteration)
        mutated_ids = set()
        if completed:
            for obj in eff.mutated:
                state = self._state_of(obj)
                if state is not None:
                    self.mutated_states.setdefault(state, None)
                elif not isinstance(obj, ExternalState):
                    graph.add_mutated(obj)
                mutated_ids.add(id(obj))
        for obj in eff.depends:
            state = self._state_of(obj)
            if state is not None:
                self.read_states.setdefault(state, None)
        if eff.reads_args:
            values = list(call.args) + list(call.kwargs.values())
            fn = call.fn
            if isinstance(fn, _BOUND_TYPES):
                values.append(fn.__self__)
            for value in values:
                if id(value) not in mutated_ids and self.externals.reads(value):
                    self.read_states.setdefault(self.externals.state_of(value), None)
        for container, item in eff.contains:
            graph.add_contains(container, item)
        for group in eff.views:
            first = group[0]
            for other in group[1:]:
                graph.add_view(first, other)

    # -- object effects -> node effects ---------------------------------------------------------
    def _mutated_inputs(self):
        graph = self.graph
        out = []
        observed = self.context.input_fingerprints if self.context is not None else None
        for node_id, value in self.input_nodes.items():
            by_calls = False
            if graph.mutated and not is_atom(value):
                reached = graph.reach(value)
                by_calls = any(oid in graph.mutated for oid in reached)
            if observed is not None and node_id in observed:
                before, complete = observed[node_id]
                after, _ = fingerprint(value)
                changed = after != before
                if complete:
                    by_calls = changed
                else:
                    by_calls = by_calls or changed
            if by_calls:
                out.append(node_id)
        if self.context is not None and self.context.observe:
            for name in self.context.observed_external_changes():
                self.mutated_states.setdefault(name, None)
        return out

    def _views(self):
        graph = self.graph
        pointers = []
        for node_id, value in self.input_nodes.items():
            if is_data(value):
                pointers.append((ID(node_id), value, True))
        for name, value in self.output_globals.items():
            if is_data(value):
                pointers.append((Variable(name), value, False))
        if len(pointers) < 2:
            return []
        owners: Dict[int, List] = {}
        order: List[int] = []
        for index, (pointer, value, is_input) in enumerate(pointers):
            for oid, (obj, fresh) in graph.reach(value).items():
                if not is_mutable_data(obj) or self._state_of(obj) is not None:
                    continue
                if oid not in owners:
                    owners[oid] = []
                    order.append(oid)
                owners[oid].append((index, is_input, fresh))
        groups: List[frozenset] = []
        for oid in order:
            members = owners[oid]
            if len(members) < 2:
                continue
            outputs = [m[0] for m in members if not m[1]]
            fresh_inputs = [m[0] for m in members if m[1] and m[2]]
            stale_inputs = [m[0] for m in members if m[1] and not m[2]]
            core = outputs + fresh_inputs
            if not stale_inputs:
                candidates = [core]
            elif core:
                candidates = [core + [s] for s in stale_inputs]
            else:  # inputs that already shared this object before the execution
                candidates = []
            for cand in candidates:
                if len(set(cand)) >= 2:
                    groups.append(frozenset(cand))
        unique = []
        for g in groups:
            if g not in unique:
                unique.append(g)
        maximal = [g for g in unique if not any(g < other for other in unique)]
        return [[pointers[i][0] for i in sorted(g)] for g in maximal]

    def _accessed(self, traced_list, code):
        ctx = self.context
        names_before = ctx.names_before if ctx is not None else None
        deleted = ctx.deleted_globals() if ctx is not None else []
        globals_ = ctx.globals if ctx is not None else None
        roots = [code] if code is not None else _root_codes(self.calls, traced_list)
        retrieved, updated, deleted = accessed_globals(
            self.calls, traced_list, roots, list(self.output_globals), names_before, deleted, globals_,
        )
        return AccessedGlobals(retrieved, updated, deleted)


def _root_codes(calls, traced_list):
    """Without the code object: the recorded code objects nested in no other recorded one."""
    inner = set()
    for code in traced_list:
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                inner.add(id(const))
    recorded = {}
    for call in calls:
        if call.code is not None:
            recorded[id(call.code)] = call.code
    return [c for i, c in recorded.items() if i not in inner and c.co_name == "<module>"]


def function_calls_to_side_effects(
    function_inspector: FunctionInspector,
    function_calls: Iterable[Any],
    input_nodes: Mapping[Hashable, object],
    output_globals: Mapping[str, object],
    *,
    context: Optional[ExecutionContext] = None,
) -> List[SideEffect]:
    """Translate recorded calls into side effects on nodes.

    ``function_inspector`` says what each call does to objects; ``function_calls`` are the
    recorded calls (a :class:`~sidefx.Recording` is accepted too); ``input_nodes`` maps node ids to
    the values the execution was given; ``output_globals`` maps the globals the execution bound to
    their values.  ``context`` (an :class:`ExecutionContext` made before the execution) adds the
    code object and the globals as they were — for exact ``AccessedGlobals`` — and, made with
    ``observe=True``, fingerprints that turn observed changes of inputs into mutations.

    Returns ``AccessedGlobals`` first, then ``ImplicitDependencyNode``s, ``MutatedNode``s and
    ``ViewOfNodes`` (each group lists input pointers first, in ``input_nodes`` order).  Every call
    counts, at every execution: a mutation in the 1000th iteration of a loop is a mutation.
    """
    analysis = _Analysis(function_inspector, _calls_of(function_calls), dict(input_nodes), dict(output_globals), context)
    return analysis.run()
