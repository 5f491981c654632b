#!/bin/sh
# test_diff.sh - `circ diff OUT_A OUT_B` on runs of the seed (TAP): a run on
# one thread against two is "no differences" (exit 0); a --set that changes
# the network's input shows rates and measures that moved (exit 1), fewer
# under a loose tolerance; an experiment run only in one, an expectation
# whose outcome flipped and a missing directory are reported.
here=$(cd "$(dirname "$0")" && pwd)
circ=${CIRC:-$here/../../circ}
model=$here/../../examples/microcircuit.circ
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-diff-XXXXXX") || exit 1
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }
echo "1..7"
"$circ" run "$model" -o "$work/a" --threads 2 > /dev/null 2>&1
"$circ" run "$model" -o "$work/b" --threads 1 > /dev/null 2>&1
"$circ" run "$model" -o "$work/c" --set bkg.rate=42Hz > /dev/null 2>&1
"$circ" run "$model" -o "$work/d" -e control > /dev/null 2>&1
"$circ" diff "$work/a" "$work/b" > "$work/ab" 2>&1
[ $? -eq 0 ] && grep -q '^no differences' "$work/ab" && ok "threads change nothing" || no "1 vs 2 threads: $(tail -1 "$work/ab")"
"$circ" diff "$work/a" "$work/c" > "$work/ac" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q '^control: rate Exc_L23: ' "$work/ac" && grep -q '^(provenance overrides' "$work/ac" \
    && ok "a faster background moves rates (exit 1, with the override as context)" || no "bkg.rate: exit $rc"
loose=$("$circ" diff "$work/a" "$work/c" --rtol 0.5 | grep -c '^[a-z_]*: ')
tight=$(grep -c '^[a-z_]*: ' "$work/ac")
[ "$loose" -lt "$tight" ] && ok "--rtol 0.5 keeps $loose of $tight differences" || no "--rtol: $loose vs $tight"
"$circ" diff "$work/a" "$work/d" > "$work/ad" 2>&1
grep -q '^pv_silencing: run only in A' "$work/ad" && ok "an experiment run only in A" || no "experiment only in A: $(head -3 "$work/ad")"
# an expectation whose outcome flipped (summary.json edited in a copy)
cp -r "$work/a" "$work/e"
sed 's/^\( *\)"control":true$/\1"control":false/' "$work/a/summary.json" > "$work/e/summary.json"
"$circ" diff "$work/a" "$work/e" > "$work/ae" 2>&1
grep -q "^control: expectation 'PV_baseline > 2 \* L23_baseline': true -> false" "$work/ae" \
    && ok "an expectation that no longer holds" || no "expectation flip: $(head -3 "$work/ae")"
"$circ" diff "$work/a" "$work/nosuch" > /dev/null 2>&1
[ $? -eq 2 ] && ok "a missing directory exits 2" || no "a missing directory"
"$circ" diff "$work/a" "$work/b" --rtol x > /dev/null 2>&1
[ $? -eq 2 ] && ok "a bad tolerance exits 2" || no "a bad tolerance"
rm -rf "$work"
