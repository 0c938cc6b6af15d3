"""exec_and_record_function_calls: run a code object under opcode tracing and record its calls.

At each opcode event of a traced frame the generated translator for the running CPython reads
the instruction's stack inputs and returns a Pending call; the frame's next event completes it
with the result (or the exception event with what it raised).  Only frames whose code object is
the given one or nested in it are traced, however they are called (from C too).
"""
import array
import collections
import dis
import importlib
import operator
import sys
import types

from sidefx import _runtime as rt
from sidefx import model
from sidefx._function_call import FunctionCall
from sidefx._stack import StackReadError, UnsupportedInterpreterError, reader_for_running_python

SUPPORTED = ((3, 8), (3, 9), (3, 10), (3, 11), (3, 12), (3, 13), (3, 14))
SUPPORTED_TEXT = "CPython 3.8–3.14"
_COMPREHENSION_NAMES = {"<listcomp>", "<setcomp>", "<dictcomp>"}


def translator_module(version=None):
    """The generated translator module for ``version`` (default: the running interpreter)."""
    version = tuple(version or sys.version_info[:2])
    if sys.implementation.name != "cpython" or version not in SUPPORTED:
        raise UnsupportedInterpreterError(
            "sidefx supports %s; this is %s %s" % (SUPPORTED_TEXT, sys.implementation.name, ".".join(map(str, version)))
        )
    return importlib.import_module("sidefx._generated.cpython_%d_%d" % version)


class Recording:
    """What exec_and_record_function_calls returns."""

    def __init__(self):
        #: The calls, in order: a sequence of :class:`FunctionCall` (a list on the pure-Python
        #: path; on the compiled path a ``CallLog``, which makes each record when it is first read
        #: and compares equal to the list of its records).  Empty when a sink received the calls.
        self.function_calls = []
        #: Opcodes met that the running version's table neither translates nor declares callless.
        self.not_implemented_ops = []
        #: (code name, offset, message) of events whose stack could not be read safely.
        self.stack_read_errors = []
        #: (code name, offset, error) of recorder faults, contained so the program never sees them.
        self.internal_errors = []
        #: Number of calls recorded (also counted when they went to a sink).
        self.calls_emitted = 0

    def __repr__(self):
        return "<Recording %d calls, not implemented: %s>" % (len(self.function_calls), self.not_implemented_ops)


class _CodeInfo:
    """Per code object: what to run at each offset, computed once."""

    __slots__ = ("steps", "fallthrough", "lines", "name", "branch_landings", "deferred_landings", "branch_reads",
                 "branch_passes", "read_further", "accumulators",
                 "accumulator_loops", "constructions", "construction_ends", "building_ends")

    def __init__(self, code, module, depths=None, defer_stores=True):
        self.name = code.co_name
        self.steps = {}        # offset -> (translator, oparg, opname)
        self.fallthrough = {}  # offset -> offset of the next instruction
        self.lines = {}
        translators, no_call = module.TRANSLATORS, module.NO_CALL
        folded = module.TRACING.get("extended_arg_event") == "folded"
        instructions = list(dis.get_instructions(code))
        real = [ins for ins in instructions if ins.opname != "EXTENDED_ARG"]  # patterns skip prefixes
        acted_on = _pattern_offsets(real, module.PATTERNS)
        # comprehension accumulators: build offset -> offset its loop exits to; and the offsets
        # (EXTENDED_ARG prefixes included) of each one's FOR_ITER -> build offset
        self.accumulators, self.accumulator_loops = {}, {}
        loops = {}
        for offset, (action, run) in acted_on.items():
            if action == "comprehension":
                self.accumulators[offset] = run[-1].argval
                loops[run[-1].offset] = offset
        # displays built over several instructions: opening offset -> offset of the last
        # instruction that grows, converts or absorbs it; and that last instruction's offsets
        # (EXTENDED_ARG prefixes included) -> the openings it completes
        self.constructions, self.construction_ends = {}, {}
        completes = {}
        if depths:
            for opening, last in _display_constructions(real, depths, module, self.accumulators):
                self.constructions[opening] = last
                completes.setdefault(last, []).append(opening)
        prefix_offsets = []
        line = None
        for index, ins in enumerate(instructions):
            following = instructions[index + 1].offset if index + 1 < len(instructions) else None
            if getattr(ins, "line_number", None) is not None:
                line = ins.line_number  # 3.13+ (starts_line became a bool)
            elif type(getattr(ins, "starts_line", None)) is int:
                line = ins.starts_line  # <= 3.12: the line number where a line starts
            self.lines[ins.offset] = line
            if ins.opname == "EXTENDED_ARG" and folded:
                prefix_offsets.append(ins.offset)
                continue
            translator = translators.get(ins.opname)
            if translator is None and ins.opname not in no_call:
                translator = _not_implemented
            action = acted_on.get(ins.offset, (None,))[0]
            if action in _PATTERN_ACTIONS:
                translator = _PATTERN_ACTIONS[action]
            step = (translator, ins.arg or 0, ins.opname) if translator is not None else None
            for offset in prefix_offsets + [ins.offset]:
                if ins.offset in loops:
                    self.accumulator_loops[offset] = loops[ins.offset]
                if ins.offset in completes:
                    self.construction_ends[offset] = completes[ins.offset]
                if ins.offset in self.constructions:
                    self.constructions[offset] = self.constructions[ins.offset]
                self.fallthrough[offset] = following
                if step is not None:
                    self.steps[offset] = step
                self.lines[offset] = line
            prefix_offsets = []
        # where the instructions of each display under construction end (_FrameState.building)
        self.building_ends = {**self.constructions, **self.accumulators}
        # Where a call that branches (FOR_ITER) can land: the monitoring backend keeps events
        # there.  An exhausted FOR_ITER lands on its target or, skipping END_FOR / POP_TOP (3.12+),
        # up to two instructions later: all of them stay observable.
        targets = {ins.argval for ins in real if ins.offset in self.steps and ins.opcode in _JUMPS}
        for _ in range(3):
            targets |= {self.fallthrough.get(offset) for offset in targets} - {None}
        self.branch_landings = targets
        position = {ins.offset: index for index, ins in enumerate(real)}
        self.deferred_landings = _deferred_landings(code, real, position, self, module, defer_stores)
        self.branch_reads, self.branch_passes = _branch_reads(code, real, position, self, module)
        # where a result may be read further on: an event there is disabled even if one is read
        self.read_further = frozenset(self.deferred_landings) | frozenset(self.branch_reads) | self.branch_passes


_JUMPS = frozenset(dis.hasjrel) | frozenset(dis.hasjabs)
_EMPTY_TUPLE = ()
_FAST_ROUTINE_CALL = 0  # sidefx._generator.codegen.FAST_ROUTINE_CALL
_FAST_RESULT_TOP = 0  # sidefx._generator.codegen.FAST_RESULT_TOP
_FAST_RESULT_NOT = 2  # sidefx._generator.codegen.FAST_RESULT_NOT
_MOST_SILENT_SLOTS = 63  # (the compiled lane packs a deferred landing as target << 6 | slots)


def _table_plan(code, module, step):
    """The table's fast plan of an instruction (``FAST_PLANS``), or None: none for its opcode, a
    pattern acts there, or the plan cannot be made (the Python translator meets the same problem
    and reports it)."""
    translator, oparg, opname = step
    plan_for = module.FAST_PLANS.get(opname)
    if plan_for is None or translator is not module.TRANSLATORS.get(opname):
        return None
    try:
        return plan_for(oparg, code.co_names, code.co_consts)
    except Exception:
        return None


def _plan_words(plan):
    """A plan's numbers for the compiled path (sidefx/_speedups.c, ``PW_*``): inputs, routine,
    result kind, outputs, fallthrough, callee form (-1: ``fn`` is the callee) and its two inputs,
    keywords (-2: none, -1: the frame's keyword names, else an input), the number of arguments,
    then per argument (kind, a, b): an input (0, index, 0), a constant of the plan (1, 0, 0), the
    slice of two inputs (2, start, stop)."""
    fn, inputs, arguments, result, _, callee, keywords, _, outputs, routine, fallthrough = plan[:11]
    form, first, second = (-1, 0, 0) if callee is None else callee
    words = [inputs, routine, result, outputs, fallthrough, form, first, second,
             -2 if keywords is None else keywords, len(arguments)]
    for argument in arguments:
        if argument.__class__ is int:
            words += (0, argument, 0)
        elif len(argument) == 1:
            words += (1, 0, 0)
        else:
            words += (2, argument[1], argument[2])
    return words


def _kept_offsets(info, branch_reads=None):
    """The offsets whose monitoring events are kept: where a call is made, a branch lands or a
    result is read (at its landing, or where ``deferred_landings`` and ``branch_reads`` say)."""
    kept = set(info.steps) | info.branch_landings
    for offset in info.steps:
        following = info.fallthrough.get(offset)
        if branch_reads and following in branch_reads:
            kept.update(branch_reads[following][:2])
        elif following is not None:
            kept.add(info.deferred_landings.get(following, (following,))[0])
    return kept


def _silent_run(real, position, index, silent, moves, avoid):
    """Where a path starting at ``real[index]`` meets an instruction that is neither one of the
    table's ``silent_pushes`` nor one of its ``silent_moves`` (a jump among them followed to its
    target, forward only): (its index, the slots pushed on the way, the offsets passed), or None
    where the path leaves the code, jumps backwards, passes an offset in ``avoid`` (an event kept
    there would come first) or ends on an instruction with an EXTENDED_ARG prefix (whose own event
    comes first)."""
    slots, passed = 0, []
    while index < len(real):
        ins = real[index]
        if ins.opname not in silent and ins.opname not in moves:
            return (index, slots, passed) if (ins.arg or 0) <= 0xFF else None
        if ins.offset in avoid:
            return None
        passed.append(ins.offset)
        if ins.opname in silent:
            slots += dis.stack_effect(ins.opcode, ins.arg)
            index += 1
        elif ins.opcode in _JUMPS:
            if ins.argval <= ins.offset or ins.argval not in position:
                return None
            index = position[ins.argval]
        else:
            index += 1
    return None


def _deferred_landings(code, real, position, info, module, defer_stores=True):
    """Where the monitoring backend reads a call's result later than where it lands, so that the
    landing keeps no event: ``{landing offset: (offset read at, slots pushed over the result,
    local)}``.

    For the plain calls (a fast plan of the table: a callee, arguments, a result on the stack, no
    display) whose result lands on a run of the table's ``silent_pushes`` and ``silent_moves``
    (read under them: ``local`` is -1; not after a branch), or on one of its ``local_stores`` and
    then such a run (a single result: read from the local the store names; a loop's ``next`` too,
    which ended if its frame's next event is elsewhere), when the instruction after the run keeps
    its event anyway (it makes a call or a branch lands there).  See Engine._instruction, and
    Engine.settle_stores for the code a store can run.  (settrace reads every result where it
    lands.)  Stores are only passed over (``defer_stores``) when the recording keeps every call:
    a stream lets records, and the objects only they hold, go when the next call is recorded, so
    reading later would change what the store releases."""
    silent = frozenset(module.TRACING.get("silent_pushes", ()))
    moves = frozenset(module.TRACING.get("silent_moves", ()))
    stores = frozenset(module.TRACING.get("local_stores", ()) if defer_stores else ())
    if not silent and not stores:
        return {}
    kept = set(info.steps) | info.branch_landings
    # A landing another path reaches keeps its event unless it is deferred too: a first pass
    # passes none, a second passes those the first deferred (deferring more only keeps fewer).
    landings = {info.fallthrough.get(offset) for offset in info.steps}
    deferred = _deferred_pass(code, real, info, module, silent, moves, stores, position, kept, landings)
    return _deferred_pass(code, real, info, module, silent, moves, stores, position, kept, landings - set(deferred))


def _deferred_pass(code, real, info, module, silent, moves, stores, position, kept, landings):
    """One pass of _deferred_landings: a run passes no offset in ``landings`` but its own."""
    deferred = {}
    for offset, step in info.steps.items():
        plan = _table_plan(code, module, step)
        if plan is None or plan[9] != _FAST_ROUTINE_CALL:  # a display routine
            continue
        landing = info.fallthrough.get(offset)
        index, local = position.get(landing), -1
        if index is None or plan[4] and real[index].opname not in stores:  # (exhausts: only stores)
            continue
        if real[index].opname in stores:
            if plan[3] != _FAST_RESULT_TOP or plan[8] != 1:
                continue
            local = real[index].arg
            index += 1
        run = _silent_run(real, position, index, silent, moves, kept | landings - {landing})
        if run is None:
            continue
        index, slots, _ = run
        target = real[index].offset
        if (slots or local >= 0 or target != landing) and slots <= _MOST_SILENT_SLOTS and target in kept:
            deferred[landing] = (target, 0 if local >= 0 else slots, local)
    return deferred


def _branch_reads(code, real, position, info, module):
    """Where the monitoring backend learns a call's result from the way a branch went, so that
    the branch keeps no event: ``{landing offset: (offset read at when the branch falls through,
    offset read at when it jumps, the call's result when it falls through)}``, and the offsets
    either way passes before (``_CodeInfo.branch_passes``: the first pass of a way not taken before
    has events there, which leave the call waiting).

    For the plain calls with a single result (as it is, or negated) that lands on one of the
    table's ``bool_jumps`` (3.13+: they pop a bool, which the compiler makes sure of, and run no
    code), when each way on reaches, through ``silent_pushes`` and ``silent_moves`` only, an
    instruction that keeps its event anyway, not the same one.  The result is the bool the branch
    popped to go that way, negated where the call's result is (``not in``)."""
    jumps = module.TRACING.get("bool_jumps", {})
    if not jumps:
        return {}, frozenset()
    silent = frozenset(module.TRACING.get("silent_pushes", ()))
    moves = frozenset(module.TRACING.get("silent_moves", ()))
    kept = _kept_offsets(info)
    reads, passes = {}, set()
    for offset, step in info.steps.items():
        plan = _table_plan(code, module, step)
        if (plan is None or plan[9] != _FAST_ROUTINE_CALL or plan[4] or plan[8] != 1
                or plan[3] not in (_FAST_RESULT_TOP, _FAST_RESULT_NOT)):
            continue
        landing = info.fallthrough.get(offset)
        index = position.get(landing)
        if index is None or real[index].opname not in jumps or index + 1 >= len(real):
            continue
        branch = real[index]
        if branch.argval not in position or position[branch.argval] <= index:
            continue
        ways = (_silent_run(real, position, index + 1, silent, moves, kept),
                _silent_run(real, position, position[branch.argval], silent, moves, kept))
        if None in ways:
            continue
        (fall, _, fall_passes), (jump, _, jump_passes) = ways
        fall, jump = real[fall].offset, real[jump].offset
        if fall != jump and fall in kept and jump in kept:
            falls_on = not jumps[branch.opname]
            reads[landing] = (fall, jump, not falls_on if plan[3] == _FAST_RESULT_NOT else falls_on)
            passes.update(fall_passes, jump_passes)
    return reads, frozenset(passes)


def _pattern_offsets(real, patterns):
    """{offset: (action, matched instructions)} for the instructions the table's patterns act on;
    ``real``: the code's instructions without EXTENDED_ARG prefixes (they do not break a run)."""
    if not patterns:
        return {}
    found = {}
    for steps, acted_on, action in patterns:
        first_ops = steps[0][0]
        for start in range(len(real) - len(steps) + 1):
            if real[start].opname not in first_ops:
                continue
            run = real[start:start + len(steps)]
            if all(ins.opname in ops and (args is None or (ins.argrepr or str(ins.argval)) in args)
                   for ins, (ops, args) in zip(run, steps)):
                for at in acted_on:
                    found[run[at].offset] = (action, run)
    return found


def _display_constructions(real, depths, module, accumulators):
    """(opening offset, last offset) of each display that later instructions grow, convert or
    absorb: the display is under construction in between (comprehension accumulators aside).

    ``depths`` (offset -> static stack depth before it) locates the display's slot; the scan ends
    where the slot is consumed (an instruction with a row takes it as an input without growing
    it), no longer exists, or the depth is unknown.  ``real``: instructions without EXTENDED_ARG."""
    openers, steps = module.DISPLAY_OPENERS, module.DISPLAY_STEPS
    found = []
    for index, ins in enumerate(real[:-1]):
        if ins.opname not in openers or ins.offset in accumulators:
            continue
        after = depths.get(real[index + 1].offset)
        if after is None:
            continue
        slot = after - 1  # where the display lies
        last = None
        for later in real[index + 1:]:
            depth = depths.get(later.offset)
            if depth is None or depth <= slot:
                break
            step = steps.get(later.opname)
            if step is None:  # no row: moves no display (the depth says when the slot is gone)
                continue
            inputs, grows, takes = step(later.arg or 0)
            if any(depth - d == slot for d in grows):
                last = later.offset
            elif any(depth - d == slot for d in takes):
                last = later.offset
                break
            elif depth - inputs <= slot:  # consumed otherwise (a call's argument, an outer display)
                break
        if last is not None:
            found.append((ins.offset, last))
    return found


_SUSPENDING = frozenset(("YIELD_VALUE", "YIELD_FROM"))


def _suspended(frame):
    """At a frame's exit event: True if it is a generator suspending (a display may still be
    under construction there, ``[*xs, (yield)]``), not returning or unwinding."""
    code = frame.f_code.co_code  # without instrumentation (3.12+)
    lasti = frame.f_lasti
    if not 0 <= lasti < len(code) - 1:
        return False
    opname = dis.opname[code[lasti]]
    # 3.13 reports the suspension at the RESUME after the yield (oparg 1-3: after yield / await)
    return opname in _SUSPENDING or (opname == "RESUME" and code[lasti + 1] != 0)


def _not_implemented(ctx, st, frame, oparg):
    raise NotImplementedError


_INT32 = "i" if array.array("i").itemsize == 4 else "l"

#: The result of a fast plan's call as Pending.result (sidefx._generator.codegen.FAST_RESULT_*).
_FAST_RESULTS = (
    None,  # the top of the stack
    rt.RESULT_NONE,
    lambda outs, oparg: not outs[-1],
    lambda outs, oparg: rt.loaded_attribute(*outs),
    lambda outs, oparg: rt.loaded_attribute_null_second(*outs),
    lambda outs, oparg: tuple(reversed(outs)),
)

#: Patterns that replace their instruction's translator (``elide``: nothing is recorded there).
#: ``comprehension`` keeps the translator: the engine tracks the accumulator (_FrameState.building).
_PATTERN_ACTIONS = {"elide": None, "keep_display": rt.keep_display}


class _FrameState:
    __slots__ = ("info", "pending", "kw_names", "converted", "displays", "log", "building",
                 "match_values", "match_subject", "match_keys", "match_rest",
                 "fast_call")

    def __init__(self, info, log):
        self.info = info
        self.log = log
        # pattern matching's own tuples and dicts (MATCH_CLASS / MATCH_KEYS / **rest)
        self.match_values = self.match_subject = self.match_keys = self.match_rest = None
        self.pending = None
        # a call the compiled hot path started (a ``_speedups.StartedCall``); any event that reaches
        # Python first turns it into ``pending`` (Engine._adopt)
        self.fast_call = None
        self.kw_names = None
        self.converted = None
        self.displays = {}
        self.building = {}  # displays under construction: opening offset -> their record

    def open_display(self, container, call, slot):
        """Remember a display record by container identity and the stack slot it was built in."""
        displays = self.displays
        displays[id(container)] = (call, slot)
        self.log.opened(call)
        if len(displays) > 64:  # displays never extended again are forgotten oldest first
            oldest = next(iter(displays))
            self.log.closed(displays.pop(oldest)[0])
        opening = call.offset
        if opening in self.info.building_ends:
            previous = self.building.pop(opening, None)
            if previous is not None:  # re-entered after an exception the frame handled
                self.abandon(previous)
            self.building[opening] = call

    def abandon(self, call):
        """A display left unfinished (an exception during its construction): the model records none."""
        self.take_display(call.res)
        self.log.retract(call)  # also when no longer tracked as a display (the 64 most recent are)

    def check_building(self, offset):
        """At an event at ``offset``: displays completed here stop being watched; any other display
        under construction whose instructions ``offset`` is not among was abandoned."""
        info, building = self.info, self.building
        completed = info.construction_ends.get(offset)
        if completed is not None:
            for opening in completed:
                building.pop(opening, None)
        ends, left = info.building_ends, None
        for opening in building:
            if not opening <= offset <= ends[opening]:
                left = [opening] if left is None else left + [opening]
        if left is not None:
            for opening in left:
                self.abandon(building.pop(opening))

    def take_display(self, container):
        """Stop tracking ``container``'s display (it can no longer grow or be folded) and return
        its record, or None if ``container`` is not a display being tracked.  The caller either
        closes the record (it stays) or retracts it."""
        entry = self.displays.get(id(container))
        if entry is None or entry[0].res is not container:
            return None
        del self.displays[id(container)]
        return entry[0]

    def close_display(self, container):
        """``container``'s display is final: its record stays as it is."""
        record = self.take_display(container)
        if record is not None:
            self.log.closed(record)

    def close_displays(self):
        for call, _ in self.displays.values():
            self.log.closed(call)
        self.displays.clear()


class _CallList(list):
    """Keeps every record (the default)."""

    def opened(self, call):
        pass

    closed = opened

    def retract(self, call):
        for index in range(len(self) - 1, -1, -1):
            if self[index] is call:
                del self[index]
                return True
        return False

    def move_to_end(self, call):
        if self.retract(call):
            self.append(call)

    def flush(self):
        pass


class _CallStream:
    """Hands records to ``sink`` as soon as no display instruction can still change them.

    Display records stay in a small window while their container may still grow; the window is
    bounded (``WINDOW``), so memory stays flat however many calls are made.
    """

    WINDOW = 10000

    def __init__(self, sink, hand_over=None):
        self.sink, self.hand_over = sink, hand_over
        self.window = collections.deque()
        self.open = set()
        self.count = 0

    def opened(self, call):
        self.open.add(id(call))

    def closed(self, call):
        self.open.discard(id(call))
        self._drain()

    def append(self, call):
        self.window.append(call)
        self._drain()

    def _drain(self, keep=1):
        # The newest record stays until the next one arrives: a display is marked open just
        # after it is appended.
        window, open_, sink = self.window, self.open, self.sink
        while len(window) > keep and (id(window[0]) not in open_ or len(window) > self.WINDOW):
            call = window.popleft()
            open_.discard(id(call))
            self.count += 1
            if self.hand_over is not None:
                self.hand_over((call,))
            sink(call)

    def retract(self, call):
        window = self.window
        for index in range(len(window) - 1, -1, -1):
            if window[index] is call:
                del window[index]
                self.open.discard(id(call))
                self._drain()
                return True
        return False

    def move_to_end(self, call):
        if self.retract(call):
            self.open.add(id(call))
            self.window.append(call)

    def flush(self):
        self.open.clear()
        self._drain(keep=0)


class Engine:
    """The backend-independent part of recording: frame states, translators, call completion.

    A backend reports, for frames of the traced code only: each instruction about to execute
    (``instruction``), an exception passing through the frame (``exception``) and the frame's
    exit or suspension (``frame_exit``).
    """

    def __init__(self, code, module, reader, sink=None):
        self.module = module
        self.reader = reader
        self.peek = reader.peek
        self.recording = Recording()
        from sidefx import _fast  # (imports the backends, which import this module)
        self._hand_over = _fast.hand_over()
        if sink is not None:
            self.calls = _CallStream(sink, self._hand_over)
        else:
            log = _fast.call_log()
            self.calls = _CallList() if log is None else log
        if sink is None:
            self.recording.function_calls = self.calls
        self.own = {}
        self._collect(code)
        self.comprehensions = {id(c) for c in self.own.values() if c.co_name in _COMPREHENSION_NAMES}
        self.untrack, self._track = _fast.untrack(), _fast.track()
        if self.untrack is not None and sink is None:
            self.untrack(self.calls)  # while it grows; finish() gives it back
        self.infos = {}
        self.states = {}
        self.missing = set()
        # Backends that read results after their landing (monitoring) make this a list: frame,
        # landing offset, ... of the calls whose result a store puts into a local (settle_stores).
        self.stores = None

    def _collect(self, code):
        self.own[id(code)] = code
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                self._collect(const)

    def info_for(self, code):
        info = self.infos.get(id(code))
        if info is None:
            info = self.infos[id(code)] = _CodeInfo(code, self.module, self._static_depths(code),
                                                    defer_stores=not isinstance(self.calls, _CallStream))
        return info

    def _static_depths(self, code):
        try:
            return self.reader.static_depths(code)
        except Exception:  # without static depths, displays under construction are not tracked
            return None

    def state_for(self, frame):
        st = self.states.get(frame)
        if st is None:
            st = self.states[frame] = _FrameState(self.info_for(frame.f_code), self.calls)
        return st

    # -- hooks used by translators and runtime helpers --
    def make_call(self, pending, args, res, raised=None, fn=None):
        kwargs = pending.kwargs or None  # (FunctionCall makes the empty dict when it is read)
        call = FunctionCall(
            pending.fn if fn is None else fn, args, kwargs, res, raised,
            pending.code, pending.offset, pending.lines.get(pending.offset), pending.opname,
        )
        if self.untrack is not None:
            self.untrack(call, args, kwargs)  # (None is no GC object: left alone)
        return call

    def append(self, call):
        self.calls.append(call)

    def retract(self, call):
        self.calls.retract(call)

    def move_to_end(self, call):
        self.calls.move_to_end(call)

    def finish(self):
        """The recording is over: the records still held go out, the list becomes the caller's,
        and records are ordinary objects for the cyclic GC again."""
        self.calls.flush()
        if self._track is not None and not isinstance(self.calls, _CallStream):
            self._hand_over(self.calls)
            self._track(self.calls)

    def fast_plans(self, code):
        """For the compiled hot path: per code unit of ``code``, the plan of the call its
        instruction makes when the compiled path can run it alone (the table's ``FAST_PLANS``), or
        None; and, as int32 arrays per code unit, where the display opened there is under
        construction up to (-1: none), and whether one is completed there (_FrameState.building).
        A plan: the table's (see ``sidefx._generator.codegen._fast_plan_expression``), then
        ``(fallthrough offset or -1, offset, line, opname, oparg, code)``.  Last, per code unit
        where a result may land, where it is read instead (``_CodeInfo.deferred_landings``):
        ``target offset << 6 | slots pushed over it``, or -1; the local it is read from, or -1;
        and for a branch landing there (``_CodeInfo.branch_reads``, its fall-through read as the
        target): ``the offset read at when it jumps << 1 | the call's result when it falls
        through``, or -1.
        Then each plan's numbers as int32 words (``_plan_words``), for the compiled path to read
        without converting: per code unit, where its plan's words start (-1: no plan), and the
        words."""
        info = self.info_for(code)
        units = len(code.co_code) // 2 + 1
        plans = [None] * units
        ends, completes = array.array(_INT32, [-1]) * units, array.array(_INT32, [0]) * units
        landings, landing_locals = array.array(_INT32, [-1]) * units, array.array(_INT32, [-1]) * units
        branch_reads = array.array(_INT32, [-1]) * units
        for opening, end in info.building_ends.items():
            ends[opening >> 1] = end
        for offset in info.construction_ends:
            completes[offset >> 1] = 1
        for offset, (target, slots, local) in info.deferred_landings.items():
            landings[offset >> 1] = target << 6 | slots
            landing_locals[offset >> 1] = local
        for offset, (fall, jump, fall_result) in info.branch_reads.items():
            landings[offset >> 1] = fall << 6
            branch_reads[offset >> 1] = jump << 1 | fall_result
        plan_at, words = array.array(_INT32, [-1]) * units, array.array(_INT32)
        for offset, step in info.steps.items():
            plan = _table_plan(code, self.module, step)
            if plan is not None:
                _, oparg, opname = step
                fallthrough = info.fallthrough.get(offset)
                plan += (-1 if fallthrough is None else fallthrough, offset, info.lines.get(offset), opname, oparg, code)
                plans[offset >> 1] = plan
                plan_at[offset >> 1] = len(words)
                words.extend(_plan_words(plan))
        return (tuple(plans), ends.tobytes(), completes.tobytes(), landings.tobytes(), landing_locals.tobytes(),
                branch_reads.tobytes(), plan_at.tobytes(), words.tobytes())

    def _adopt(self, st, frame):
        """A call the compiled hot path started becomes an ordinary pending call."""
        # a callee the lane has not bound yet is a function or method descriptor and bound_to its
        # self; an argument it has not made yet is the slice of args[slice_at:slice_at + 2]
        taken = st.fast_call.take()
        st.fast_call = None
        if taken is None:
            return  # (emptied: the cyclic GC cleared it)
        plan, fn, bound_to, args, kwargs, slice_at = taken
        result_kind, exhausts, hide, outputs = plan[3], plan[4], plan[7], plan[8]  # (only calls are left started)
        fallthrough, offset, _, opname, oparg, _ = plan[-6:]
        flags = (rt.EXHAUSTS if exhausts else 0) | (rt.HIDE_COMPREHENSION if hide else 0)
        if bound_to:
            fn = rt.bound(fn, *bound_to)
        if slice_at is not None:
            args[slice_at:slice_at + 2] = [slice(args[slice_at], args[slice_at + 1])]
        pending = rt.Pending(fn, args, kwargs, _FAST_RESULTS[result_kind], outputs, flags)
        pending.offset, pending.oparg, pending.opname = offset, oparg, opname
        pending.code, pending.lines = frame.f_code, st.info.lines
        pending.fallthrough = None if fallthrough < 0 else fallthrough
        st.pending = pending

    # -- events from the backend --
    def instruction(self, frame, st, offset):
        if st.fast_call is not None:
            self._adopt(st, frame)
        try:
            self._instruction(frame, st, offset)
        except StackReadError as exc:
            st.pending = None
            self.recording.stack_read_errors.append((frame.f_code.co_name, offset, str(exc)))
            if self.stores:
                self._forget_store(frame)
        except Exception as exc:  # a recorder bug must never reach the traced program
            st.pending = None
            self.recording.internal_errors.append((frame.f_code.co_name, offset, repr(exc)))
            if self.stores:
                self._forget_store(frame)

    def settle_stores(self, frame):
        """An event of ``frame`` while another frame runs the store its call's result lands on
        (the store released the local's old value, whose ``__del__`` runs traced code): that call
        completes first, with its result read from the local, where every backend records it.
        Called by the monitoring backends before any other work of the event when the last
        frame in ``stores`` is another frame executing its landing."""
        stores = self.stores
        while stores and stores[-2] is not frame:
            waiting, landing = stores[-2], stores[-1]
            st = self.states.get(waiting)
            if st is not None and st.fast_call is not None:
                self._adopt(st, waiting)
            pending = None if st is None else st.pending
            if pending is None or pending.fallthrough != landing:
                del stores[-2:]  # (dropped with its frame's state or its pending call)
                continue
            if waiting.f_lasti != landing:
                return  # its call still runs: so do those of the frames below it
            st.pending = None
            try:
                res = self.reader.local(waiting, st.info.deferred_landings[landing][2])
                self._finish(st, waiting, pending, res, None)
            except StackReadError as exc:
                self.recording.stack_read_errors.append((waiting.f_code.co_name, landing, str(exc)))
            except Exception as exc:  # a recorder bug must never reach the traced program
                self.recording.internal_errors.append((waiting.f_code.co_name, landing, repr(exc)))
            self._forget_store(waiting)

    def _forget_store(self, frame):
        stores = self.stores
        for index in range(len(stores) - 2, -1, -2):
            if stores[index] is frame:
                del stores[index:index + 2]
                return

    def exception(self, frame, st, exc):
        if st.fast_call is not None:
            self._adopt(st, frame)
        pending = st.pending
        if pending is not None:
            st.pending = None
            try:
                self._finish(st, frame, pending, None, exc)
            except Exception as error:
                self.recording.internal_errors.append((frame.f_code.co_name, pending.offset, repr(error)))

    def frame_exit(self, frame):
        if self.stores:
            self._forget_store(frame)
        st = self.states.pop(frame, None)
        if st is not None:
            if st.building and not _suspended(frame):
                for call in st.building.values():  # left by an exception before it was complete
                    st.abandon(call)
            st.close_displays()

    def _instruction(self, frame, st, offset):
        pending = st.pending
        if pending is not None:
            st.pending = None
            above, local = 0, -1  # where the result is read if not at its landing (_deferred_landings)
            learnt = None  # the result the way a branch went says (_branch_reads)
            if offset != pending.fallthrough:
                deferred = st.info.deferred_landings.get(pending.fallthrough)
                if deferred is not None and deferred[0] == offset:
                    _, above, local = deferred
                branch = st.info.branch_reads.get(pending.fallthrough)
                if branch is not None:
                    if offset not in branch[:2]:  # (on its way there: _branch_reads)
                        st.pending = pending
                        return
                    learnt = branch[2] if offset == branch[0] else not branch[2]
            if pending.flags & rt.EXHAUSTS and offset != pending.fallthrough and local < 0:
                self._finish(st, frame, pending, None, StopIteration())
            else:
                result = pending.result
                if learnt is not None:
                    res = learnt
                elif local >= 0:  # (only single results are stored)
                    res = self.reader.local(frame, local)
                elif result is None:
                    res = self.peek(frame, 1 + above)[0]
                elif result is rt.RESULT_NONE:
                    res = None
                else:
                    res = result(self.peek(frame, pending.n_out + above)[:pending.n_out], pending.oparg)
                self._finish(st, frame, pending, res, None)
        if st.building:
            st.check_building(offset)
        step = st.info.steps.get(offset)
        if step is None:
            return
        translator, oparg, opname = step
        try:
            pending = translator(self, st, frame, oparg)
        except StackReadError:
            raise
        except Exception:
            if opname not in self.missing:
                self.missing.add(opname)
                self.recording.not_implemented_ops.append(opname)
            return
        if pending is not None:
            pending.offset, pending.oparg, pending.opname = offset, oparg, opname
            pending.code, pending.lines = frame.f_code, st.info.lines
            pending.fallthrough = st.info.fallthrough.get(offset)
            st.pending = pending
            if self.stores is not None:
                deferred = st.info.deferred_landings.get(pending.fallthrough)
                if deferred is not None and deferred[2] >= 0:
                    self.stores += (frame, pending.fallthrough)

    def _finish(self, st, frame, pending, res, raised):
        if self.stores:
            deferred = st.info.deferred_landings.get(pending.fallthrough)
            if deferred is not None and deferred[2] >= 0:
                self._forget_store(frame)
        if st.building and pending.flags & rt.EXHAUSTS and isinstance(raised, StopIteration):
            # a comprehension's loop ended: its container is complete
            st.building.pop(st.info.accumulator_loops.get(pending.offset), None)
        if pending.hook is not None:
            if raised is None:
                pending.hook(self, st, frame, pending, res)
            elif pending.hook is rt._grow:
                # a display whose * item failed to unpack was never built: the model records none
                rt.drop_display(self, st, pending.args[0])
            elif pending.fn is not None and pending.hook is not rt._reopen:
                self.calls.append(self.make_call(pending, pending.args or [], None, raised))
            return
        fn = pending.fn
        if st.match_subject is not None or st.match_values is not None:
            first = pending.args[0] if pending.args else None
            if first is st.match_values and first is not None:
                if fn is model.unpack_sequence:  # 3.11+ unpacks the whole tuple at once
                    st.match_values = None
                return
            if (fn is operator.delitem and first is st.match_rest and first is not None
                    or fn is model.unpack_sequence and first is st.match_keys):
                return  # the keys a **rest pattern deletes from its copy
        if pending.flags & rt.HIDE_COMPREHENSION and id(getattr(fn, "__code__", None)) in self.comprehensions:
            return
        if fn is rt.NO_CALLABLE:
            return
        call = self.make_call(pending, pending.args, res, raised)
        self.calls.append(call)
        displays = st.displays
        if displays and pending.args:
            # a display passed to a call is consumed there: whatever comes out, even the very same
            # object (``t + ()`` is t), is no longer the display and never folds into another.
            # Not the empty tuple: every ``()`` is that one object (f(**kw)'s BUILD_TUPLE 0 on
            # 3.8/3.9 and the constant in len(())), and it cannot change.
            for arg in pending.args:
                if id(arg) in displays and arg is not _EMPTY_TUPLE:  # (most arguments are not displays)
                    st.close_display(arg)
        if pending.flags & rt.DISPLAY and raised is None:
            st.open_display(res, call, self.reader.depth(frame) - 1)


BACKENDS = ("settrace", "monitoring")


def default_backend():
    """The backend used when none is given: the running version's table says (``[tracing]``)."""
    return translator_module().TRACING.get("default_backend", "settrace")


def exec_and_record_function_calls(code, globals_, *, backend=None, sink=None):
    """Execute ``code`` in ``globals_`` and record every call its bytecode makes.

    Returns a :class:`Recording`.  Exceptions raised by the code propagate unchanged, after the
    tracer that was active before the call has been restored.

    ``backend``: ``"settrace"`` (every version) or ``"monitoring"`` (``sys.monitoring``, 3.12+);
    default :func:`default_backend`.  ``sink``: a callable given each call as soon as it is final,
    instead of keeping them in ``Recording.function_calls`` (bounded memory for long runs).
    """
    if not isinstance(code, types.CodeType):
        raise TypeError("exec_and_record_function_calls needs a code object (from compile()), got %s" % type(code).__name__)
    if not isinstance(globals_, dict):
        raise TypeError("globals_ must be a dict, got %s" % type(globals_).__name__)
    backend = backend or default_backend()
    if backend not in BACKENDS:
        raise ValueError("backend must be one of %s, got %r" % (", ".join(BACKENDS), backend))
    if sink is not None and not callable(sink):
        raise TypeError("sink must be callable, got %s" % type(sink).__name__)
    from sidefx import _fast  # compiled reader and settrace backend when available (sidefx._speedups)
    engine = Engine(code, translator_module(), _fast.reader(reader_for_running_python()), sink)
    runner = _fast.backend(backend)
    try:
        runner(engine).run(code, globals_)
    finally:
        engine.finish()
        engine.recording.calls_emitted = len(engine.recording.function_calls) if sink is None else engine.calls.count
    return engine.recording
