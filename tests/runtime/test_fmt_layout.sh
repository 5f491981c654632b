#!/bin/sh
# test_fmt_layout.sh - `circ fmt` (TAP): a carelessly written model gets the
# one layout (tests/fmt/messy.expected); the layout is idempotent and keeps
# every token and comment on every .circ file of the tree; examples/,
# stdlib/, bench/ and tests/ are in it (but the tabs case of the column
# diagnostics, whose point is its tabs, messy.circ and diffmodel/b.circ, whose point is
# their layout, and files that do not parse); --check
# shows a diff and exits 1 without writing; a file that does not parse is a
# located error (exit 2) and is left alone; formatting never changes a run.
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
circ=${CIRC:-$top/circ}
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-fmt-XXXXXX") || exit 1
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }
echo "1..9"

"$circ" fmt --stdout "$top/tests/fmt/messy.circ" > "$work/messy.out" 2> "$work/err"
cmp -s "$work/messy.out" "$top/tests/fmt/messy.expected" && ok "messy.circ gets the layout" \
    || no "messy.circ: $(diff "$top/tests/fmt/messy.expected" "$work/messy.out" | head -5)"

# every file: idempotent, and never a layout that changes the tokens
files=$(find "$top/examples" "$top/stdlib" "$top/bench" "$top/tests" -name '*.circ' | sort)
count=0 bad="" bug=""
for f in $files; do
    if "$circ" fmt --stdout "$f" > "$work/once" 2> "$work/err"; then
        count=$((count + 1))
        "$circ" fmt --stdout "$work/once" > "$work/twice" 2>&1
        cmp -s "$work/once" "$work/twice" || bad="$bad $f"
    elif grep -q 'changed what the file says' "$work/err"; then
        bug="$bug $f"
    fi
done
[ -z "$bad" ] && [ "$count" -gt 300 ] && ok "idempotent on $count files" || no "not idempotent:$bad ($count files)"
[ -z "$bug" ] && ok "tokens and comments kept on every file" || no "layout changed tokens:$bug"

# the tree is in the layout (files that do not parse print nothing here)
"$circ" fmt --check $(echo "$files" | grep -v -e 'columns-tabs-and-utf8' -e 'tests/fmt/messy.circ' -e 'tests/diffmodel/b.circ') > "$work/tree" 2> /dev/null
[ ! -s "$work/tree" ] && ok "examples/, stdlib/, bench/ and tests/ are in the layout" \
    || no "not in the layout: $(grep '^--- ' "$work/tree" | head -5)"

cp "$top/tests/fmt/messy.circ" "$work/m.circ"
"$circ" fmt --check "$work/m.circ" > "$work/diff" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "^+++ $work/m.circ (circ fmt)" "$work/diff" && grep -q '^-density kx{' "$work/diff" \
    && cmp -s "$work/m.circ" "$top/tests/fmt/messy.circ" \
    && ok "--check shows a diff, exits 1, writes nothing" || no "--check: exit $rc"

"$circ" fmt "$work/m.circ" && cmp -s "$work/m.circ" "$top/tests/fmt/messy.expected" \
    && "$circ" fmt --check "$work/m.circ" > /dev/null 2>&1 \
    && ok "rewrites in place; then --check is clean" || no "in place"

printf 'cell C {\n    section soma { L = 10 um\n' > "$work/broken.circ"
cp "$work/broken.circ" "$work/broken.orig"
"$circ" fmt "$work/broken.circ" > /dev/null 2> "$work/err"
rc=$?
[ $rc -eq 2 ] && grep -q "broken.circ:[0-9]*:[0-9]*: error" "$work/err" && cmp -s "$work/broken.circ" "$work/broken.orig" \
    && ok "a file that does not parse: located error, exit 2, left alone" || no "broken: exit $rc: $(head -2 "$work/err")"

# FILE -: standard input to standard output (an editor's filter)
"$circ" fmt - < "$top/tests/fmt/messy.circ" > "$work/piped" 2> "$work/err" \
    && cmp -s "$work/piped" "$top/tests/fmt/messy.expected" \
    && ! "$circ" fmt --check - < "$top/tests/fmt/messy.circ" > /dev/null 2>&1 \
    && "$circ" fmt --check - < "$top/tests/fmt/messy.expected" \
    && ! "$circ" fmt - < "$work/broken.orig" > /dev/null 2>&1 \
    && ok "- formats standard input to standard output; --check - exits 1 when it is not in the layout" \
    || no "stdin: $(head -2 "$work/err")"

# a run of the seed written carelessly (no indentation, no blanks around
# '=') and of its layout: the same spikes, traces and cells
sed 's/^ *//; s/ = /=/g' "$top/examples/microcircuit.circ" > "$work/seed_messy.circ"
"$circ" fmt --stdout "$work/seed_messy.circ" > "$work/seed_fmt.circ"
"$circ" run "$work/seed_messy.circ" -o "$work/r1" > /dev/null 2>&1
"$circ" run "$work/seed_fmt.circ" -o "$work/r2" > /dev/null 2>&1
same=0
for e in control pv_silencing isn_push; do
    for f in spikes.csv traces.csv cells.csv; do
        [ -s "$work/r1/$e/$f" ] && cmp -s "$work/r1/$e/$f" "$work/r2/$e/$f" && same=$((same + 1))
    done
done
! cmp -s "$work/seed_messy.circ" "$work/seed_fmt.circ" && [ $same -eq 9 ] \
    && ok "formatting the seed changes none of its results" || no "seed: $same of 9 files the same"
rm -rf "$work"
