#!/bin/sh
# regen.sh — (re)records the expectations of script tests by running them
# under CPython, so .out/.err/.code files are never written by hand:
#
#   tests/scripts/regen.sh tests/scripts/ints/bigint.mp ...   the given tests
#   tests/scripts/regen.sh                                    every test and example
#
# PYTHON=/path/to/python3 overrides the interpreter (default: python3).
here=$(cd "$(dirname "$0")" && pwd -P)
py=${PYTHON:-python3}
command -v "$py" >/dev/null || { echo "regen.sh: $py not found" >&2; exit 2; }
case $("$py" -c 'import sys; print(sys.version_info[:2] == (3, 11))') in
True) ;;
*) echo "regen.sh: $py is not CPython 3.11" >&2; exit 2 ;;
esac
if [ $# = 0 ]; then
    for f in "$here"/*/*.mp "$here"/../../examples/*.mp; do
        [ -f "$f" ] && set -- "$@" "$f"
    done
fi
exec sh "$here/../run_script.sh" regen "$(command -v "$py")" "$@"
