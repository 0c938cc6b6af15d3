#!/usr/bin/env bash
# Developer entry point.
#
#   bash scripts/dev.sh setup          # interpreters 3.8-3.14 + tools venv (.venv); idempotent
#   bash scripts/dev.sh demo           # setup, then trace examples/demo.py
#   bash scripts/dev.sh test [ARGS]    # setup, then the tox matrix py38..py314; ARGS go to tox
#                                      #   e.g. test -e py314 -- -k calls   (SIDEFX_TOX_PARALLEL=2: two envs at a time)
#   bash scripts/dev.sh pythons        # print the interpreter bin dir (put it on PATH to run tox yourself)
#
# Interpreters 3.8-3.13 come from pyenv (or python3.X on PATH); 3.14 from
# scripts/provision-python314.sh (or pyenv, or $SIDEFX_PYTHON314).
# Everything generated lives in .venv/ (tools venv, .venv/pythons/ links),
# .tox/ and ${SIDEFX_CACHE:-~/.cache/sidefx}.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

VENV="$REPO/.venv"
PYBIN="$VENV/pythons"
MINORS=(3.8 3.9 3.10 3.11 3.12 3.13 3.14)
TOOLS_PY=3.11

log() { printf '[dev.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

py_is() {  # py_is EXE X.Y: EXE runs and is Python X.Y
    [ -x "$1" ] && [ "$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$2" ]
}

pyenv_root() {
    if command -v pyenv >/dev/null 2>&1; then pyenv root; else echo "${PYENV_ROOT:-$HOME/.pyenv}"; fi
}

find_python() {  # find_python X.Y -> absolute path of a real (non-shim) pythonX.Y
    local minor="$1" root cand exe
    root="$(pyenv_root)"
    if [ -d "$root/versions" ]; then
        # highest installed X.Y.Z (plain CPython builds only: no -dev, t (free-threaded), ...)
        while read -r cand; do
            exe="$root/versions/$cand/bin/python$minor"
            if py_is "$exe" "$minor"; then echo "$exe"; return 0; fi
        done < <(ls -1 "$root/versions" 2>/dev/null | grep -E "^${minor//./\\.}\.[0-9]+$" | sort -t. -k3,3nr)
    fi
    exe="$(command -v "python$minor" 2>/dev/null || true)"
    if [ -n "$exe" ] && [[ "$exe" != */shims/* ]] && py_is "$exe" "$minor"; then
        echo "$exe"; return 0
    fi
    return 1
}

setup_pythons() {
    mkdir -p "$PYBIN"
    local minor exe
    for minor in "${MINORS[@]}"; do
        exe=""
        if [ "$minor" = 3.14 ]; then
            if [ -n "${SIDEFX_PYTHON314:-}" ]; then
                py_is "$SIDEFX_PYTHON314" 3.14 || die "SIDEFX_PYTHON314=$SIDEFX_PYTHON314 is not a working Python 3.14"
                exe="$SIDEFX_PYTHON314"
            else
                exe="$(find_python 3.14 || true)"
                if [ -z "$exe" ]; then
                    exe="$(bash "$REPO/scripts/provision-python314.sh" | tail -n1)"
                    py_is "$exe" 3.14 || die "provisioning Python 3.14 failed"
                fi
            fi
        else
            exe="$(find_python "$minor")" ||
                die "no Python $minor found (looked in $(pyenv_root)/versions and on PATH); install it, e.g. with pyenv"
        fi
        ln -sfn "$exe" "$PYBIN/python$minor"
    done
}

TOOLS_STAMP="$VENV/.sidefx-tools-stamp"

tools_fingerprint() {
    cat "$REPO/scripts/tools-requirements.txt" "$REPO/pyproject.toml" | cksum
    readlink "$PYBIN/python$TOOLS_PY"
}

pip_install() {  # quiet pip in the tools venv; drops the noise about unusable local index dirs
    local rc=0
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$@" 2>&1 |
        { grep -v "^WARNING: Location 'file:" >&2 || true; } || rc=${PIPESTATUS[0]}
    [ "$rc" = 0 ] || die "pip install $* failed (exit $rc)"
}

setup_venv() {
    local py="$PYBIN/python$TOOLS_PY"
    if [ -x "$VENV/bin/python" ] && ! py_is "$VENV/bin/python" "$TOOLS_PY"; then
        log "recreating $VENV (not a working Python $TOOLS_PY venv)"
        rm -rf "$VENV/bin" "$VENV/lib" "$VENV/lib64" "$VENV/include" "$VENV/pyvenv.cfg" "$TOOLS_STAMP"
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating tools venv $VENV with $(readlink "$py")"
        "$py" -m venv "$VENV"
        rm -f "$TOOLS_STAMP"
    fi
    if [ -f "$TOOLS_STAMP" ] && [ "$(cat "$TOOLS_STAMP")" = "$(tools_fingerprint)" ] \
        && [ -x "$VENV/bin/tox" ] \
        && "$VENV/bin/python" -c 'import importlib.metadata as m; m.version("sidefx")' >/dev/null 2>&1; then
        return 0
    fi
    log "installing tools (tox, virtualenv) and sidefx[test] (editable) into $VENV"
    pip_install -r "$REPO/scripts/tools-requirements.txt"
    pip_install -e "$REPO[test]"
    tools_fingerprint > "$TOOLS_STAMP"
}

cmd_setup() {
    setup_pythons
    setup_venv
    log "ready: $(for m in "${MINORS[@]}"; do printf '%s ' "$("$PYBIN/python$m" -c 'import platform; print(platform.python_version())')"; done)"
}

# Sum the pytest summary lines of all envs into one closing line.
summarize() {  # summarize LOGFILE
    awk '
        /^=+ .* in [0-9.]+s( \([^)]*\))? =+$/ {
            n++
            line = $0
            while (match(line, /[0-9]+ (passed|failed|errors?|skipped)/)) {
                part = substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH)
                split(part, kv, " ")
                if (kv[2] == "passed") p += kv[1]
                else if (kv[2] == "skipped") s += kv[1]
                else f += kv[1]
            }
        }
        END {
            if (n == 0) { print "no pytest summary found" > "/dev/stderr"; exit }
            printf "pytest summaries of %d runs (two per tox env: compiled and pure Python; counts added up):\n", n
            printf "total: %d passed, %d failed, %d skipped\n", p, f, s
        }' "$1"
}

cmd_test() {
    cmd_setup
    mkdir -p "$REPO/.tox"
    local logf="$REPO/.tox/dev-test.log" rc=0
    local args=("$@") a parallel="${SIDEFX_TOX_PARALLEL:-0}"
    # One env at a time, so every env's pytest output (and summary line) is in the log;
    # SIDEFX_TOX_PARALLEL=N runs N at a time, showing only failing envs' output.
    for a in "$@"; do
        [ "$a" = -- ] && break
        case "$a" in -p|-p*|--parallel*|-e|--env|-e*) parallel=0 ;; esac
    done
    if [ "$parallel" != 0 ]; then args=(-p "$parallel" --parallel-no-spinner "${args[@]}"); fi
    log "running tox ${args[*]} with interpreters from $PYBIN (pytest twice per env: compiled, then SIDEFX_PURE_PYTHON=1)"
    PATH="$PYBIN:$PATH" "$VENV/bin/tox" "${args[@]}" 2>&1 | tee "$logf" || rc=${PIPESTATUS[0]}
    summarize "$logf" || true
    return "$rc"
}

cmd_demo() {
    cmd_setup
    exec "$VENV/bin/python" -m sidefx trace examples/demo.py "$@"
}

case "${1:-}" in
    setup) shift; cmd_setup "$@" ;;
    test) shift; cmd_test "$@" ;;
    demo) shift; cmd_demo "$@" ;;
    pythons) shift; setup_pythons; echo "$PYBIN" ;;
    *) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; [ -z "${1:-}" ] || exit 2 ;;
esac
