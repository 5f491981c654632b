#!/bin/bash
# nmodl_survey.sh - how many of a collection of NEURON .mod files circ
# imports, and why it refuses the others (issue 9: "a folder of .mod files
# used as they are").  Runs `circ check FILE.mod` in each file's own
# directory (for its INCLUDEs) and groups the refused files by their first
# error, names and numbers blanked out.
#
#   bench/nmodl_survey.sh [--top N] [--list OUT.tsv] DIR...
#
# DIR: directories of .mod files (not searched below).  The collection used
# in bench/RESULTS.md is ICGenealogy's ModelDB channel files: the .mod files
# of github.com/icgenealogy/icg-channels-{K,Na,Ca,KCa,IH,Other}, one
# directory per repository (their .inc files beside them).  CIRC= another
# build.  --list writes "exit status, file, first error" per file.
top=25
list=
while [ $# -gt 0 ]; do
    case $1 in
    --top) top=$2; shift 2 ;;
    --list) list=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || { echo "usage: $0 [--top N] [--list OUT.tsv] DIR..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
circ=${CIRC:-$here/../circ}
[ -x "$circ" ] || { echo "$0: no circ at $circ (build it, or set CIRC=)" >&2; exit 2; }
circ=$(cd "$(dirname "$circ")" && pwd)/$(basename "$circ")
out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT
for d in "$@"; do
    for f in "$d"/*.mod; do
        [ -e "$f" ] || continue
        err=$(cd "$(dirname "$f")" && timeout 60 "$circ" check "$(basename "$f")" 2>&1 >/dev/null)
        rc=$?
        first=$(printf '%s\n' "$err" | grep -m1 ': error: ' | sed 's/^[^:]*:[0-9]*:[0-9]*: error: //')
        [ $rc -ne 0 ] && [ -z "$first" ] && first="(exit $rc, no located error: $(printf '%s' "$err" | head -c 120))"
        printf '%s\t%s\t%s\n' "$rc" "$f" "$first" >> "$out"
    done
done
[ -n "$list" ] && cp "$out" "$list"
total=$(wc -l < "$out")
ok=$(awk -F'\t' '$1 == 0' "$out" | wc -l)
echo "circ: $("$circ" --version 2>/dev/null | head -1)"
echo "files: $total; imported: $ok ($(awk -v a="$ok" -v b="$total" 'BEGIN { printf "%.1f", b ? 100 * a / b : 0 }') %)"
echo "refused, by first error (names 'X', numbers N):"
awk -F'\t' '$1 != 0 { print $3 }' "$out" |
    sed -E "s/'[^']*'/'X'/g; s/[0-9]+(\.[0-9]+)?/N/g" | cut -c1-140 |
    sort | uniq -c | sort -rn | head -n "$top"
