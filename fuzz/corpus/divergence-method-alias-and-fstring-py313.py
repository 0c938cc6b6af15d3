# sidefx fuzz corpus: found by the reference's probes on CPython 3.8–3.14 and 3.13+
# what diverged: a method stored under another name was recorded unbound; on 3.13+ a conversion
#   followed by a nested format spec lost its conversion record
#   recorder : K.<lambda>(<K object>) -> 1
#   reference: bound K.<lambda>() -> 1

class K:
    f = lambda self: 1
    def __m(self):
        return 2
    def g(self):
        return self.__m()
k = K()
a = k.f() + k.g()
v = 'q'
w = 5
s = f'{v!r:{w}}'
