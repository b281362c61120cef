#!/bin/sh
# run_cli.sh MINIPY CASE — checks the command line: `-c CODE`, `FILE ARGS`
# (sys.argv), `-` and piped stdin, -h, --version, and the exit statuses
# (0 success, 1 uncaught exception or syntax error, 2 usage error, n from
# sys.exit(n)).  Outputs are those of CPython 3.11 for the same command,
# except -h/--version, which are minipy's own.

set -u
[ $# = 2 ] || { echo "usage: $0 MINIPY CASE" >&2; exit 2; }
exe=$1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mp_cli.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 2
fails=0

# expect WANT_STATUS WANT_STDOUT [STDERR_ERE]: checks the last run (see mp).
expect() {
    out=$(cat out)
    if [ "$status" != "$1" ] || [ "$out" != "$2" ] ||
        { [ $# -ge 3 ] && ! grep -Eq "$3" err; }; then
        echo "FAIL: $cmd"
        echo "  exit status $status (want $1)"
        echo "  stdout: $out"
        echo "  want:   $2"
        [ $# -ge 3 ] && echo "  stderr should match: $3"
        echo "  stderr: $(head -c 400 err)"
        fails=$((fails + 1))
    else
        echo "ok: $cmd"
    fi
}

# expect_match WANT_STATUS STDOUT_ERE...: like expect, for minipy's own texts.
expect_match() {
    want=$1
    shift
    bad=
    [ "$status" = "$want" ] || bad="exit status $status (want $want)"
    for re in "$@"; do
        grep -Eiq -e "$re" out || bad="$bad; stdout does not match /$re/"
    done
    if [ -n "$bad" ]; then
        echo "FAIL: $cmd: $bad"
        echo "  stdout: $(head -c 400 out)"
        echo "  stderr: $(head -c 400 err)"
        fails=$((fails + 1))
    else
        echo "ok: $cmd"
    fi
}

# mp ARGS...: runs minipy with stdin from /dev/null (or from $input when set).
mp() {
    cmd="minipy $*"
    if [ -n "${input:-}" ]; then
        printf '%s\n' "$input" | "$exe" "$@" >out 2>err
    else
        "$exe" "$@" </dev/null >out 2>err
    fi
    status=$?
    input=
}

nl='
'
case $2 in
c_flag)
    mp -c 'import sys; print(6 * 7, sys.argv)'
    expect 0 "42 ['-c']"
    mp -c 'import sys; print(sys.argv[1:])' one 'two words' -x
    expect 0 "['one', 'two words', '-x']"
    mp -c 'for i in range(3):
    print(i, end=" ")
print()'
    expect 0 "0 1 2 " ;;
argv)
    printf 'import sys\nprint(sys.argv)\nprint(len(sys.argv), __name__)\n' >args.mp
    mp args.mp
    expect 0 "['args.mp']${nl}1 __main__"
    mp args.mp a 'b c' --flag -c
    expect 0 "['args.mp', 'a', 'b c', '--flag', '-c']${nl}5 __main__" ;;
stdin_dash)
    input='import sys
print("hi", 1 + 1, sys.argv)'
    mp -
    expect 0 "hi 2 ['-']"
    input='import sys
print(sys.argv)'
    mp - x y
    expect 0 "['-', 'x', 'y']" ;;
stdin_pipe)
    input='print("piped", sum(range(10)))
x = [i * i for i in range(5)]
print(x)'
    mp
    expect 0 "piped 45${nl}[0, 1, 4, 9, 16]" ;;
help)
    mp -h
    expect_match 0 'usage' '-c' ;;
version)
    mp --version
    expect_match 0 'minipy' '0\.1\.0' 'gil' ;;
usage_error)
    mp --no-such-option
    expect 2 "" '.'
    mp -c
    expect 2 "" '.' ;;
missing_file)
    mp no_such_file.mp
    expect 2 "" 'no_such_file\.mp' ;;
exit_status)
    mp -c 'print("before"); raise ValueError("bad value")'
    expect 1 "before" '^ValueError: bad value$'
    mp -c 'import sys; print("x"); sys.exit(7)'
    expect 7 "x"
    mp -c 'import sys; sys.exit()'
    expect 0 ""
    mp -c 'import sys; sys.exit("goodbye")'
    expect 1 "" '^goodbye$'
    mp -c 'raise SystemExit(4)'
    expect 4 "" ;;
syntax_status)
    mp -c 'x = = 1'
    expect 1 "" '^SyntaxError: invalid syntax$'
    mp -c 'print("never")
if True:
print(1)'
    expect 1 "" '^IndentationError: expected an indented block' ;;
*) echo "$0: unknown case $2" >&2; exit 2 ;;
esac
[ "$fails" = 0 ]
