"""How the recorder hears about instructions: sys.settrace (every version) or sys.monitoring (3.12+).

Both report to the same :class:`sidefx._recorder.Engine`, for the traced code's frames only.
"""
import sys

from sidefx._recorder import _kept_offsets

#: Frames closer than this to the recursion limit are not traced (see SettraceBackend).
RECURSION_MARGIN = 150


class SettraceBackend:
    """Opcode events through ``sys.settrace``, restoring the previous trace function afterwards."""

    def __init__(self, engine):
        self.engine = engine
        self.own = engine.own
        self.states = engine.states
        # 3.13+: f_trace must be set before f_trace_opcodes for opcode events to arrive.
        self.trace_first = sys.version_info >= (3, 13)
        self.primed = set()  # id(code) whose opcode events were switched off and on in this run
        self.local_trace = self._make_local_trace()
        # Frames close to the recursion limit are left untraced: a trace function running there
        # hits the limit itself, which makes CPython drop it for the rest of the run (3.9+) or
        # abort the process ("Cannot recover from stack overflow", 3.8).
        self.deepest = sys.getrecursionlimit() - RECURSION_MARGIN

    def near_recursion_limit(self, frame):
        if len(self.states) < self.deepest // 2:
            return False
        depth = 0
        while frame is not None and depth <= self.deepest:
            frame, depth = frame.f_back, depth + 1
        return depth > self.deepest

    def _make_local_trace(self):
        """The per-frame trace function, holding the backend only through ``self.box``.

        A generator suspended inside the traced code keeps its ``f_trace`` after the run; emptying
        the box then lets the engine and its recording be freed with no frame to visit.
        """
        box = self.box = [self]

        def local_trace(frame, event, arg):
            backend = box[0]
            if backend is None:
                return None
            return backend.on_event(frame, event, arg)

        return local_trace

    def global_trace(self, frame, event, arg):
        if event != "call" or id(frame.f_code) not in self.own:
            return None
        if self.near_recursion_limit(frame):
            return None
        self.engine.state_for(frame)
        if self.trace_first:
            frame.f_trace = self.local_trace
            if id(frame.f_code) not in self.primed:
                # 3.13/3.14 deliver no opcode events for a code object whose sys.monitoring
                # local events another tool (the monitoring backend) set and cleared after an
                # earlier settrace run enabled them: switching them off first re-instruments it.
                self.primed.add(id(frame.f_code))
                frame.f_trace_opcodes = False
        frame.f_trace_lines = False  # opcode events are all the engine needs
        frame.f_trace_opcodes = True
        return self.local_trace

    def on_event(self, frame, event, arg):
        st = self.states.get(frame)
        if st is None:
            return self.local_trace
        if event == "opcode":
            self.engine.instruction(frame, st, frame.f_lasti)
        elif event == "exception":
            self.engine.exception(frame, st, arg[1])
        elif event == "return":
            self.engine.frame_exit(frame)
        return self.local_trace

    def run(self, code, globals_):
        previous = sys.gettrace()
        here = sys._getframe()
        # 3.12 delivers opcode events only if some frame asked for them before settrace (gh-103615).
        here.f_trace_opcodes = True
        sys.settrace(self.global_trace)
        try:
            exec(code, globals_)
        finally:
            sys.settrace(previous)
            here.f_trace_opcodes = False
            del here  # (the frame would hold itself, and through self the recording, in a cycle)
            self.box[0] = None


class MonitoringBackend:
    """INSTRUCTION events through ``sys.monitoring`` on the traced code objects only.

    An offset keeps its event only if an instruction there makes a call or a pending call's result
    is read there (a result landing on pushes of locals or constants is read under them at the
    next instruction, ``_CodeInfo.deferred_landings``, and a bool a branch pops is learnt from the
    way it went, ``_CodeInfo.branch_reads``); everywhere else the callback returns
    ``DISABLE`` the first time.
    """

    def __init__(self, engine):
        if sys.version_info < (3, 12):
            raise ValueError("the monitoring backend needs sys.monitoring (CPython 3.12+); use backend='settrace'")
        self.engine = engine
        self.states = engine.states
        monitoring = sys.monitoring
        self.monitoring = monitoring
        self.DISABLE = monitoring.DISABLE
        self.events = monitoring.events
        self.wanted = {}  # id(code) -> set of offsets whose events matter
        engine.stores = []  # (results are read after their landing: Engine.settle_stores)

    def _wanted(self, code):
        wanted = self.wanted.get(id(code))
        if wanted is None:
            info = self.engine.info_for(code)
            wanted = _kept_offsets(info, info.branch_reads)
            self.wanted[id(code)] = wanted
        return wanted

    def on_instruction(self, code, offset):
        frame = sys._getframe(1)
        stores = self.engine.stores
        if stores and stores[-2] is not frame and stores[-2].f_lasti == stores[-1]:
            self.engine.settle_stores(frame)
        st = self.states.get(frame)
        if st is None:
            st = self.engine.state_for(frame)
        # A result was read here: keep observing it, unless it can be read further on (its event
        # comes before the offset's first DISABLE).
        completes = st.pending is not None and offset not in st.info.read_further
        self.engine.instruction(frame, st, offset)
        if not completes and offset not in self._wanted(code):
            return self.DISABLE
        return None

    def on_raise(self, code, offset, exception):
        if id(code) not in self.engine.own:
            return None
        frame = sys._getframe(1)
        st = self.states.get(frame)
        if st is not None:
            self.engine.exception(frame, st, exception)
        return None

    def on_exit(self, code, offset, *rest):
        if id(code) in self.engine.own:
            self.engine.frame_exit(sys._getframe(1))
        return None

    def run(self, code, globals_):
        monitoring, events = self.monitoring, self.events
        tool = _free_tool_id(monitoring)
        monitoring.use_tool_id(tool, "sidefx")
        try:
            monitoring.register_callback(tool, events.INSTRUCTION, self.on_instruction)
            monitoring.register_callback(tool, events.RAISE, self.on_raise)
            for event in (events.PY_RETURN, events.PY_YIELD, events.PY_UNWIND):
                monitoring.register_callback(tool, event, self.on_exit)
            # RAISE and PY_UNWIND can only be enabled globally; their callbacks filter by code.
            monitoring.set_events(tool, events.RAISE | events.PY_UNWIND)
            local = events.INSTRUCTION | events.PY_RETURN | events.PY_YIELD
            for own in self.engine.own.values():
                monitoring.set_local_events(tool, own, local)
            exec(code, globals_)
        finally:
            monitoring.set_events(tool, 0)
            for own in self.engine.own.values():
                monitoring.set_local_events(tool, own, 0)
            for event in (events.INSTRUCTION, events.RAISE, events.PY_RETURN, events.PY_YIELD, events.PY_UNWIND):
                monitoring.register_callback(tool, event, None)
            monitoring.free_tool_id(tool)


def _free_tool_id(monitoring):
    # Tool ids 0-5 are reserved for debuggers, coverage, profilers and optimizers; take another.
    for tool in range(5, -1, -1):
        if monitoring.get_tool(tool) is None:
            return tool
    raise RuntimeError("every sys.monitoring tool id is in use")
