#!/bin/sh
# test_plan_time.sh - circ plan's time (TAP): the calibration runs the network
# in small, each kept cell with its inputs.  For the seed the sample is the
# whole network for the whole run, so its spikes are the run's; at 10^4
# cells it keeps fewer cells with the connections a cell of the run has;
# a sample that fails says why and the plan goes on.  (What the times are
# worth against runs is measured in bench/RESULTS.md, not here.)
here=$(cd "$(dirname "$0")" && pwd)
circ=${CIRC:-$here/../../circ}
cases=$here/cases
examples=$here/../../examples
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-plan-time-XXXXXX") || exit 1
export CIRC_CACHE_DIR="$work/cache"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }
echo "1..6"

# field N of the plan's network line: "the network X s a simulated second
# (... measured on C of the T cells ... for D ms: R spikes/s a cell, K connections a cell)"
network() { sed -n 's/^  the network *\([0-9.e+-]*\) s a simulated second .*measured on \([0-9,]*\) of the \([0-9,]*\) cells .* for \([0-9.e+-]*\) ms: \([0-9.e+-]*\) spikes\/s a cell, \([0-9.e+-]*\) connections a cell)$/\1 \2 \3 \4 \5 \6/p' "$1" | tr -d ,; }

"$circ" plan "$examples/microcircuit.circ" --threads 1 > "$work/seed.plan" 2>&1
"$circ" run "$examples/microcircuit.circ" --threads 1 -e control -o "$work/seed" > /dev/null 2>&1
set -- $(network "$work/seed.plan")
spikes=$(($(wc -l < "$work/seed/control/spikes.csv") - 1))
rate=$(awk -v s="$spikes" 'BEGIN { printf "%.3g", s / 100 }')
[ "$2" = 100 ] && [ "$3" = 100 ] && [ "$4" = 1000 ] && [ "$5" = "$rate" ] \
    && ok "seed: the sample is the whole run: $5 spikes/s a cell, as the run's $spikes spikes" \
    || no "seed: sample '$*' against the run's $spikes spikes ($rate a cell)"
second=$1
run=$(sed -n 's/^  the run: 3 experiments of 1000 ms: about \([0-9.e+-]*\) s.*/\1/p' "$work/seed.plan")
awk -v s="$second" -v r="$run" 'BEGIN { exit !(s > 0 && r >= 2.98 * s && r <= 3.02 * s) }' \
    && ok "seed: the run's 3 experiments take 3 x $second s" \
    || no "seed: the run '$run' s against $second s a simulated second"
n_types=$(grep -c ' ns a cell-step' "$work/seed.plan")
[ "$n_types" = 2 ] && ok "seed: PYR and INH timed alone" || no "seed: $n_types cell types timed"

# 10^4 cells: fewer kept, each with the in-degree of the run's cells
"$circ" plan "$examples/microcircuit_scaled.circ" --set scale=100 -e control --threads 1 \
    > "$work/scaled.plan" 2>&1
set -- $(network "$work/scaled.plan")
expected=$(sed -n 's/^  experiment control *\([0-9,]*\) .*/\1/p' "$work/scaled.plan" | tr -d ,)
awk -v c="$2" -v t="$3" -v k="$6" -v e="$expected" \
    'BEGIN { exit !(c > 0 && c < t && t == 10000 && k >= 0.9 * e / t && k <= 1.1 * e / t) }' \
    && ok "scale=100: $2 of $3 cells, $6 connections a cell (the run: $expected / $3)" \
    || no "scale=100: sample '$*', $expected connections expected"

# point neurons (IntFire1, IntFire2...) beside 9 HH cells: every cell in the sample
"$circ" plan "$cases/point_neurons.circ" --threads 1 > "$work/point.plan" 2>&1
set -- $(network "$work/point.plan")
[ -n "$1" ] && [ "$2" = 159 ] && [ "$3" = 159 ] && [ "$(grep -c ' ns a cell-step' "$work/point.plan")" = 1 ] \
    && ok "point neurons: the 150 of them and 9 HH cells timed together ($1 s a simulated second)" \
    || no "point neurons: $(grep -A3 '^time' "$work/point.plan")"

# a sample that blows up: said, and the plan still answers (memory fits)
"$circ" plan "$cases/nan_leak.circ" --threads 1 > "$work/nan.plan" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q '^  not calibrated: the network in small: the simulation became unstable' \
    "$work/nan.plan" && grep -q '^outputs of each experiment' "$work/nan.plan" \
    && ok "a blow-up in the sample: not calibrated, with the reason" \
    || no "blow-up: exit $rc: $(grep -A2 '^time' "$work/nan.plan")"
rm -rf "$work"
