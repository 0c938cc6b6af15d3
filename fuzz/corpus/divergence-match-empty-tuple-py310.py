# sidefx fuzz corpus: found by `python -m fuzz` on CPython 3.10–3.14
# what diverged: after a class pattern without sub-patterns, calls whose first argument is () vanished;
#   a mapping pattern with **rest recorded the interpreter's internal copy (3.11+)
#   recorder : (no call)
#   reference: builtins.len(()) -> 0
# min-version: 3.10

match 'a':
    case str():
        pass
y = len(())
for v in ():
    pass
match {'k': 1, 'j': 2}:
    case {'k': v, **rest}:
        n = len(rest)
