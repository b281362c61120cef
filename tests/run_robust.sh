#!/bin/sh
# run_robust.sh MINIPY CASE — feeds minipy a huge or deeply nested generated
# program and checks that it never crashes.  These inputs are generated (they
# would be megabytes in git) and are not python3-checked scripts because
# CPython itself gives up on several of them by design (MemoryError or
# RecursionError "during compilation", "too many nested parentheses").
#
# Each case states what it must print:
#   ok VALUE      exit 0 and stdout VALUE — CPython 3.11 runs it fine
#   either VALUE  exit 0 with stdout VALUE, or exit 1 with a clean
#                 SyntaxError/IndentationError/RecursionError/MemoryError
# The VALUEs are the results CPython prints for the same programs where it
# runs them (checked with python3 when these cases were written).

set -u
[ $# = 2 ] || { echo "usage: $0 MINIPY CASE" >&2; exit 2; }
exe=$1
case=$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mp_robust.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

# gen AWK-PROGRAM: writes the case program to $TMP/case.mp.
gen() { awk "BEGIN { $1 }" </dev/null >"$TMP/case.mp"; }

case $case in
neg_chain) # x = ------...1 (100000 unary minuses)
    gen 'printf "x = "; for (i = 0; i < 100000; i++) printf "-"; print "1"; print "print(x)"'
    want="either 1" ;;
plus_chain) # x = 1+1+...+1 (a 100000-deep left-leaning tree)
    gen 'printf "x = 1"; for (i = 1; i < 100000; i++) printf "+1"; print ""; print "print(x)"'
    want="either 100000" ;;
list_literal) # a 100000-element list display
    gen 'printf "x = ["; for (i = 0; i < 100000; i++) printf "%d, ", i; print "]"
         print "print(len(x), sum(x))"'
    want="ok 100000 4999950000" ;;
nested_parens) # ((((...1)))) 100000 deep
    gen 'printf "x = "; for (i = 0; i < 100000; i++) printf "(";
         printf "1"; for (i = 0; i < 100000; i++) printf ")"; print ""; print "print(x)"'
    want="either 1" ;;
nested_brackets) # [[[[...]]]] 100000 deep
    gen 'printf "x = "; for (i = 0; i < 100000; i++) printf "[";
         for (i = 0; i < 100000; i++) printf "]"; print ""; print "print(len(x))"'
    want="either 1" ;;
nested_calls) # abs(abs(...abs(-1)...)) 100000 deep
    gen 'printf "x = "; for (i = 0; i < 100000; i++) printf "abs(";
         printf "-1"; for (i = 0; i < 100000; i++) printf ")"; print ""; print "print(x)"'
    want="either 1" ;;
long_string) # a 1,000,000-character string literal
    gen 'printf "s = \""; for (i = 0; i < 1000000; i++) printf "%c", 97 + i % 26; print "\""
         print "print(len(s), s.count(\"z\"), s[-3:])"'
    want="ok 1000000 38461 lmn" ;;
long_line) # 50000 statements on one line
    gen 'printf "x = 0"; for (i = 0; i < 50000; i++) printf "; x += %d", i % 7; print ""
         print "print(x)"'
    want="ok 149997" ;;
many_lines) # 200000 lines
    gen 'print "x = 0"; for (i = 0; i < 200000; i++) print "x += 1"; print "print(x)"'
    want="ok 200000" ;;
deep_blocks) # 1000 nested if blocks (CPython stops at 100 levels)
    gen 'for (i = 0; i < 1000; i++) { for (j = 0; j < i; j++) printf " "; print "if True:" }
         for (j = 0; j < 1000; j++) printf " "; print "print(1)"'
    want="either 1" ;;
*) echo "$0: unknown case $case" >&2; exit 2 ;;
esac

(cd "$TMP" && exec "$exe" case.mp) </dev/null >"$TMP/out" 2>"$TMP/err"
status=$?
kind=${want%% *}
value=${want#* }
out=$(cat "$TMP/out")
last=$(tail -n 1 "$TMP/err")
if [ "$status" -ge 128 ]; then
    echo "FAIL: minipy was killed by signal $((status - 128)) on $case"
elif [ "$status" = 0 ] && [ "$out" = "$value" ]; then
    echo "ok: printed $value"
    exit 0
elif [ "$status" = 1 ] && [ "$kind" = either ] &&
    printf '%s\n' "$last" | grep -Eq '^(SyntaxError|IndentationError|RecursionError|MemoryError)(:|$)'; then
    echo "ok: failed cleanly with: $last"
    exit 0
else
    echo "FAIL: exit status $status, expected $want"
    echo "stdout: $(head -c 300 "$TMP/out")"
fi
echo "stderr (tail):"
tail -n 5 "$TMP/err" | cut -c 1-300
exit 1
