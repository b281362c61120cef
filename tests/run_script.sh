#!/bin/sh
# run_script.sh — runs .mp script tests and compares them with the behaviour
# recorded from CPython.  Used by CTest (tests/scripts.cmake) and by
# tests/scripts/regen.sh; POSIX sh, no network, works in a fresh clone.
#
#   run_script.sh check INTERP SCRIPT.mp...  run each script, compare stdout, stderr
#                                            and exit status with the expectations
#   run_script.sh all INTERP SRCDIR          check every SRCDIR/tests/scripts/*/*.mp
#                                            and SRCDIR/examples/*.mp (python3.crosscheck)
#   run_script.sh regen INTERP SCRIPT.mp...  (re)write the expectations by running INTERP,
#                                            which must be python3 (CPython 3.11)
#
# A script runs in its own directory under its bare file name with stdin from
# /dev/null — exactly `cd tests/scripts/AREA && python3 NAME.mp`.
# Expectations of DIR/NAME.mp are DIR/NAME.out (stdout), NAME.err (stderr, only
# when non-empty) and NAME.code (exit status, only when non-zero); those of
# examples/NAME.mp live in tests/examples/ so the learners' folder stays clean.
# CPython names the script by its absolute path in tracebacks and syntax
# errors; the directory part is stripped from stderr, so expectations do not
# depend on where the tree is checked out and minipy may print either form.

set -u
# Only affect CPython: UTF-8 text I/O whatever the locale.
export PYTHONUTF8=1 PYTHONIOENCODING=utf-8

usage() {
    echo "usage: $0 check|regen INTERP SCRIPT.mp... | all INTERP SRCDIR" >&2
    exit 2
}

# Expectation prefix of script $1 (without extension).
expect_base() {
    d=$(dirname "$1")
    n=$(basename "$1" .mp)
    case $(cd "$d" && pwd -P) in
    */examples) echo "$d/../tests/examples/$n" ;;
    *) echo "$d/$n" ;;
    esac
}

# Runs script $1 with interpreter $INTERP; leaves stdout in $TMP/out, the
# normalised stderr in $TMP/err and the exit status in $status.
run() {
    d=$(cd "$(dirname "$1")" && pwd -P)
    n=$(basename "$1")
    (cd "$d" && exec "$INTERP" "$n") \
        </dev/null >"$TMP/out" 2>"$TMP/raw"
    status=$?
    # Escape the directory for use as a sed pattern, then drop it from
    # `File "/abs/dir/NAME.mp"` so only `File "NAME.mp"` remains.
    pat=$(printf '%s\n' "$d/" | sed 's/[][\\.*^$|]/\\&/g')
    sed "s|\"$pat|\"|g" "$TMP/raw" >"$TMP/err"
}

# Compares actual file $2 with expected file $1 (absent = empty); prints a
# diff labelled $3 on mismatch.
same() {
    exp=$1
    [ -f "$exp" ] || exp=/dev/null
    if cmp -s "$exp" "$2"; then
        return 0
    fi
    echo "--- $3 differs (expected: $1)"
    diff -u "$exp" "$2" | sed -n '3,80p'
    return 1
}

check_one() {
    base=$(expect_base "$1")
    run "$1"
    want=0
    [ -f "$base.code" ] && want=$(cat "$base.code")
    bad=0
    if [ "$status" -ge 128 ]; then
        echo "--- $1: killed by signal $((status - 128)) (crash)"
        bad=1
    elif [ "$status" != "$want" ]; then
        echo "--- $1: exit status $status, expected $want"
        bad=1
    fi
    same "$base.out" "$TMP/out" "$1: stdout" || bad=1
    same "$base.err" "$TMP/err" "$1: stderr" || bad=1
    return $bad
}

regen_one() {
    base=$(expect_base "$1")
    run "$1"
    cp "$TMP/out" "$base.out"
    if [ -s "$TMP/err" ]; then cp "$TMP/err" "$base.err"; else rm -f "$base.err"; fi
    if [ "$status" != 0 ]; then echo "$status" >"$base.code"; else rm -f "$base.code"; fi
    echo "$base: exit $status, $(wc -l <"$TMP/out") lines of stdout"
}

[ $# -ge 3 ] || usage
mode=$1
INTERP=$2
shift 2
case $INTERP in
/*) ;;
*/*) INTERP=$(pwd -P)/$INTERP ;;
esac
command -v "$INTERP" >/dev/null 2>&1 || { echo "$0: cannot run $INTERP" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mp_script.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

case $mode in
check)
    failed=0
    for f in "$@"; do check_one "$f" || failed=$((failed + 1)); done
    [ "$failed" = 0 ]
    ;;
regen)
    for f in "$@"; do regen_one "$f"; done
    ;;
all)
    src=$1
    total=0
    failed=0
    for f in "$src"/tests/scripts/*/*.mp "$src"/examples/*.mp; do
        [ -f "$f" ] || continue
        total=$((total + 1))
        check_one "$f" || failed=$((failed + 1))
    done
    echo "$INTERP: $total scripts, $failed differ from their recorded expectations"
    [ "$failed" = 0 ] && [ "$total" -gt 0 ]
    ;;
*) usage ;;
esac
