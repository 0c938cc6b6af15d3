#!/usr/bin/env bash
# Provision a private CPython 3.14 from Debian's unstable suite, without
# installing anything system-wide.
#
#   bash scripts/provision-python314.sh        # prints the interpreter path last
#
# How: a private apt configuration (own sources list, lists, cache and dpkg
# status under the cache dir) runs `apt-get download` for python3.14 and the
# shared libraries it links against (unstable's glibc included), `dpkg -x`
# unpacks them into <cache>/root, and patchelf (fetched the same way from the
# host's own suite) points the binary at the unpacked ld-linux and gives it a
# DT_RPATH onto the unpacked library dir, so <cache>/bin/python3.14 runs
# directly, like any other python (venvs, subprocesses, ctypes).
#
# Cache dir: ${SIDEFX_CACHE:-~/.cache/sidefx}/python3.14. A second run that
# finds a working interpreter there does nothing but print its path.
# Set SIDEFX_PY314_REFRESH=1 to rebuild from the current unstable suite.
set -euo pipefail

CACHE_ROOT="${SIDEFX_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/sidefx}"
CACHE="$CACHE_ROOT/python3.14"
ROOT="$CACHE/root"
LIBDIR="$ROOT/usr/lib/x86_64-linux-gnu"
BIN="$CACHE/bin/python3.14"
STAMP="$CACHE/.complete"

START_S=$SECONDS
log() { printf '[provision-python314 +%ss] %s\n' "$((SECONDS - START_S))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The checks a finished interpreter must pass (also used for the fast path).
CHECK_CODE='
import sys
assert sys.version_info[:2] == (3, 14), sys.version
import ssl, sqlite3, ctypes, json, asyncio, decimal, zlib, lzma, bz2, hashlib, uuid, zoneinfo
import _ctypes, _decimal
# the project reads frame/object memory with ctypes: check raw memory reads and the C API
obj = object()
before = ctypes.c_ssize_t.from_address(id(obj)).value
ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))
after = ctypes.c_ssize_t.from_address(id(obj)).value
assert after in (before + 1, before), (before, after)  # immortal/deferred rc may not move
ctypes.pythonapi.Py_DecRef(ctypes.py_object(obj))
assert ctypes.CDLL(None).getpid() > 0
assert sys.executable
ssl.create_default_context()
sqlite3.connect(":memory:").execute("select 1").fetchone()
'

interp_ok() {
    [ -x "$BIN" ] && "$BIN" -I -c "$CHECK_CODE" >/dev/null 2>&1
}

# ---- fast path ---------------------------------------------------------------
if [ "${SIDEFX_PY314_REFRESH:-0}" != 1 ] && [ -f "$STAMP" ] && interp_ok; then
    log "cached: $("$BIN" -c 'import sys; print(sys.version.split()[0])') in $CACHE"
    echo "$BIN"
    exit 0
fi

[ "$(uname -m)" = x86_64 ] || die "only x86_64 is supported (got $(uname -m))"
command -v apt-get >/dev/null || die "apt-get not found (needs a Debian-like host)"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found"

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
if command -v flock >/dev/null; then flock 9; fi
# Another run may have finished while we waited for the lock.
if [ "${SIDEFX_PY314_REFRESH:-0}" != 1 ] && [ -f "$STAMP" ] && interp_ok; then
    echo "$BIN"
    exit 0
fi

# ---- private apt configuration -------------------------------------------------
# Same Debian mirror the machine already uses (first non-security URI), unless overridden.
detect_mirror() {
    local files=() f uri
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && files+=("$f")
    done
    [ "${#files[@]}" -gt 0 ] || return 0
    # deb822 "URIs:" lines and one-line "deb URI suite ..." lines
    uri=$(
        { grep -hE '^[[:space:]]*URIs:' "${files[@]}" | sed -E 's/^[[:space:]]*URIs:[[:space:]]*//' | tr ' ' '\n'
          grep -hE '^[[:space:]]*deb[[:space:]]' "${files[@]}" | sed -E 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' | awk '{print $1}'
        } 2>/dev/null | grep -E '^(https?|file)://' | grep -E '/debian/?$' | grep -v security | head -n1
    )
    echo "${uri%/}"
}
MIRROR="${SIDEFX_DEBIAN_MIRROR:-$(detect_mirror)}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
HOST_SUITE="$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-}")"
HOST_SUITE="${HOST_SUITE:-bookworm}"
KEYRING="${SIDEFX_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}"
[ -f "$KEYRING" ] || die "Debian archive keyring not found at $KEYRING"

APTDIR="$CACHE/apt"
mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/preferences.d" "$APTDIR/debs"
: > "$APTDIR/status"
: > "$APTDIR/preferences"
cat > "$APTDIR/sources.list" <<EOF
deb [signed-by=$KEYRING] $MIRROR unstable main
deb [signed-by=$KEYRING] $MIRROR $HOST_SUITE main
EOF
APT_OPTS=(
    -o "Dir::Etc::SourceList=$APTDIR/sources.list"
    -o "Dir::Etc::SourceParts=$APTDIR/sources.list.d-none"
    -o "Dir::Etc::Preferences=$APTDIR/preferences"
    -o "Dir::Etc::PreferencesParts=$APTDIR/preferences.d"
    -o "Dir::State::Lists=$APTDIR/lists"
    -o "Dir::State::status=$APTDIR/status"
    -o "Dir::Cache=$APTDIR/cache"
    -o "Debug::NoLocking=1"
    -o "APT::Architecture=amd64"
    -o "APT::Architectures::=amd64"
    -o "Acquire::Languages=none"
    -o "APT::Sandbox::User=$(id -un)"
    -o "APT::Get::List-Cleanup=0"
    -q
)
apt_get()   { apt-get   "${APT_OPTS[@]}" "$@"; }
apt_cache() { apt-cache "${APT_OPTS[@]}" "$@"; }

log "updating private package lists (unstable + $HOST_SUITE from $MIRROR)"
retry=0
until apt_get update >"$APTDIR/update.log" 2>&1; do
    retry=$((retry + 1))
    [ "$retry" -lt 3 ] || { cat "$APTDIR/update.log" >&2; die "apt-get update failed"; }
    log "apt-get update failed, retrying ($retry)"; sleep 5
done

# ---- package set ----------------------------------------------------------------
# The interpreter packages, then the closure of their Depends/Pre-Depends,
# skipping data/config-only packages the host already provides (or that only
# matter for a real installation).
ROOTS=(python3.14-minimal libpython3.14-minimal libpython3.14-stdlib libpython3.14 libpython3.14-dev)
SKIP=" debconf cdebconf debconf-2.0 tzdata netbase media-types mime-support readline-common
       linux-libc-dev libc-dev-bin libc6-dev libcrypt-dev rpcsvc-proto libnsl-dev libtirpc-dev
       libc-gconv-modules-extra python3.14 libpython3.14-testsuite "
SKIP=" $(echo $SKIP) "

direct_deps() {
    # the first alternative of each Depends/Pre-Depends group of the packages "$@"
    apt_cache depends --no-recommends --no-suggests --no-conflicts --no-breaks \
        --no-replaces --no-enhances "$@" 2>/dev/null |
    awk '
        /^[^ ]/ { skip = 0; next }   # a new package header
        /^ [ |](Pre)?Depends: / {
            alt = (substr($0, 2, 1) == "|")
            pkg = $2; sub(/:.*/, "", pkg)
            if (skip) { skip = alt; next }
            if (pkg ~ /^</) { next }   # virtual: take the next alternative
            print pkg
            skip = alt
        }' | sort -u
}

# breadth-first, one apt-cache call per level (each call re-reads the cache)
declare -A SEEN=()
PKGS=()
FRONTIER=("${ROOTS[@]}")
while [ "${#FRONTIER[@]}" -gt 0 ]; do
    LEVEL=()
    for p in "${FRONTIER[@]}"; do
        [ -n "${SEEN[$p]:-}" ] && continue
        SEEN[$p]=1
        case "$SKIP" in *" $p "*) continue ;; esac
        PKGS+=("$p"); LEVEL+=("$p")
    done
    FRONTIER=()
    [ "${#LEVEL[@]}" -gt 0 ] || break
    while read -r d; do
        [ -n "$d" ] && [ -z "${SEEN[$d]:-}" ] && FRONTIER+=("$d")
    done < <(direct_deps "${LEVEL[@]}")
done
log "downloading ${#PKGS[@]} packages: ${PKGS[*]}"

DEBS="$APTDIR/debs"
rm -f "$DEBS"/*.deb
(cd "$DEBS" && apt_get download "${PKGS[@]}" >"$APTDIR/download.log" 2>&1) ||
    { cat "$APTDIR/download.log" >&2; die "apt-get download failed"; }

# ---- patchelf (host suite, unpacked privately unless already on PATH) -----------
PATCHELF="$(command -v patchelf || true)"
if [ -z "$PATCHELF" ]; then
    TOOLS="$CACHE/tools"
    rm -rf "$TOOLS"; mkdir -p "$TOOLS/debs"
    (cd "$TOOLS/debs" && apt_get download "patchelf/$HOST_SUITE" >"$APTDIR/download-patchelf.log" 2>&1) ||
        { cat "$APTDIR/download-patchelf.log" >&2; die "could not fetch patchelf"; }
    for deb in "$TOOLS"/debs/*.deb; do dpkg-deb -x "$deb" "$TOOLS/root"; done
    PATCHELF="$TOOLS/root/usr/bin/patchelf"
    "$PATCHELF" --version >/dev/null || die "unpacked patchelf does not run"
fi

# ---- unpack + patch ---------------------------------------------------------------
log "unpacking and patching"
NEW="$CACHE/root.new"
rm -rf "$NEW"; mkdir -p "$NEW"
for deb in "$DEBS"/*.deb; do dpkg-deb -x "$deb" "$NEW"; done
NEWLIB="$NEW/usr/lib/x86_64-linux-gnu"
[ -e "$NEWLIB/ld-linux-x86-64.so.2" ] || die "unpacked glibc has no ld-linux-x86-64.so.2"
[ -x "$NEW/usr/bin/python3.14" ] || die "unpacked tree has no usr/bin/python3.14"

# Absolute paths of the *final* location: the binary keeps working when a venv
# symlinks or copies it. DT_RPATH (not RUNPATH) is also searched for the
# dependencies of dlopen()ed extension modules (_ssl, _ctypes, ...).
"$PATCHELF" --set-interpreter "$LIBDIR/ld-linux-x86-64.so.2" "$NEW/usr/bin/python3.14"
"$PATCHELF" --force-rpath --set-rpath "$LIBDIR" "$NEW/usr/bin/python3.14"

# Swap the new tree in, keeping the previous one until the new one passes.
rm -rf "$CACHE/root.old"
[ ! -e "$ROOT" ] || mv "$ROOT" "$CACHE/root.old"
mv "$NEW" "$ROOT"
mkdir -p "$CACHE/bin"
ln -sfn "../root/usr/bin/python3.14" "$CACHE/bin/python3.14"
ln -sfn "python3.14" "$CACHE/bin/python3"

# ---- verify --------------------------------------------------------------------------
verify() {
    local so out bad="" vtmp
    # the binary and every extension module must resolve all libraries inside the
    # unpacked tree: "not found", or resolved to an (older) host library, is an error
    for so in "$ROOT"/usr/bin/python3.14 "$ROOT"/usr/lib/python3.14/lib-dynload/*.so; do
        out=$("$LIBDIR/ld-linux-x86-64.so.2" --library-path "$LIBDIR" --list "$so" 2>&1) ||
            { bad+="$so: $out"$'\n'; continue; }
        out=$(grep -v -e 'linux-vdso' -e "=> $LIBDIR/" -e "^[[:space:]]*$LIBDIR/" -e 'statically linked' <<<"$out" || true)
        [ -z "$out" ] || bad+="$so: $out"$'\n'
    done
    [ -z "$bad" ] || { log "unresolved libraries:"$'\n'"$bad"; return 1; }

    "$BIN" -I -c "$CHECK_CODE" || { log "the unpacked interpreter failed its checks"; return 1; }
    log "checking a venv made from it"
    # Debian's build has no ensurepip: --without-pip (virtualenv seeds pip itself)
    vtmp="$(mktemp -d)"
    if ! { "$BIN" -m venv --without-pip "$vtmp/v" && "$vtmp/v/bin/python" -c "$CHECK_CODE
assert sys.prefix != sys.base_prefix"; }; then
        rm -rf "$vtmp"; log "a venv of the interpreter does not work"; return 1
    fi
    rm -rf "$vtmp"
}
log "verifying"
if ! verify; then
    if [ -d "$CACHE/root.old" ]; then
        rm -rf "$ROOT"; mv "$CACHE/root.old" "$ROOT"
        log "kept the previous interpreter"
    fi
    die "the new Python 3.14 does not work (see above)"
fi
rm -rf "$CACHE/root.old"

# keep the cache small: the .debs are not needed once unpacked
rm -rf "$DEBS"/*.deb "$APTDIR"/cache/*.bin "$APTDIR"/lists
{
    echo "mirror=$MIRROR"
    "$BIN" -c 'import sys; print("version=" + sys.version.replace("\n", " "))'
    echo "packages=${PKGS[*]}"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$STAMP.new"
mv "$STAMP.new" "$STAMP"
log "done: $("$BIN" -c 'import sys; print(sys.version.split()[0])')"
echo "$BIN"
