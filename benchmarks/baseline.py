"""The "what users would use instead" baseline: a ``sys.setprofile`` recorder of real calls.

It records what a profile hook can see without reading the interpreter's stack:

- a Python function call: its code object, its arguments read from ``frame.f_locals`` at the
  ``call`` event, and its return value at the ``return`` event;
- a C function call: the callable (the ``arg`` of ``c_call``); arguments and results of C calls
  are not visible to a profile hook, so they are recorded as ``None``.

Operators, attribute access, subscripts, displays, ``next`` of a ``for`` loop etc. are not calls
for ``sys.setprofile`` and are not recorded; it also sees the calls made by library code (e.g.
``csv.DictReader.__next__``), which sidefx deliberately does not record.  So it records fewer,
different calls; it is the cost a user pays for the usual hook-based alternative.
"""
import sys

_CO_VARARGS = 0x04
_CO_VARKEYWORDS = 0x08


class SetprofileRecorder:
    """Records ``(callable_or_code, args, result)`` tuples in ``calls``."""

    def __init__(self):
        self.calls = []
        self._stack = []

    def profile(self, frame, event, arg):
        if event == "call":
            code = frame.f_code
            n = code.co_argcount + code.co_kwonlyargcount
            if code.co_flags & _CO_VARARGS:
                n += 1
            if code.co_flags & _CO_VARKEYWORDS:
                n += 1
            local = frame.f_locals
            self._stack.append((code, {name: local[name] for name in code.co_varnames[:n] if name in local}))
        elif event == "return":
            if self._stack:
                code, args = self._stack.pop()
                self.calls.append((code, args, arg))
        elif event == "c_call":
            self._stack.append((arg, None))
        elif event == "c_return" or event == "c_exception":
            if self._stack:
                fn, _ = self._stack.pop()
                self.calls.append((fn, None, None))

    def run(self, code, globals_):
        previous = sys.getprofile()
        sys.setprofile(self.profile)
        try:
            exec(code, globals_)
        finally:
            sys.setprofile(previous)
        return self


def exec_and_profile(code, globals_):
    """Run ``code`` under the baseline recorder; returns the recorder (``.calls``)."""
    return SetprofileRecorder().run(code, globals_)
