#!/bin/sh
# test_fit.sh - circ fit (TAP): a passive cell's holding current found as
# the analytic I = dV * g * area; the microcircuit example's background
# rate and weight meeting its Exc and PV targets within a few runs; the
# same fit.csv and best.set on 1 and 3 threads; --seed changes the runs and
# the same seed repeats them; best.set given to circ run reproduces the best
# run's measures; the budget bounds the runs; the report, best.set and the
# best run's folder; bad command lines and a bad `within` are errors;
# circ diff sees a fit's changes; a target on a measure of a measure in
# mixed units is the measure in its reported unit, declared before or after
# the fit.
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
circ=${CIRC:-$top/circ}
passive=$top/tests/runtime/cases/fit_passive.circ
micro=$top/examples/microcircuit_fit.circ
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-fit-XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }
echo "1..16"

# the holding current of a passive soma: g * area * dV
"$circ" fit "$passive" -o "$work/p1" --threads 1 > "$work/pout" 2>&1
rc=$?
python3 - "$work/p1/hold" <<'PY' > "$work/pcheck" 2>&1
import csv, math, sys
d = sys.argv[1]
area_cm2 = math.pi * 20e-4 * 20e-4                  # L = diam = 20 um
want_nA = 1e-4 * area_cm2 * 10e-3 * 1e9             # g (S/cm2) * area * 10 mV
line = open(d + "/best.set").read().split()
assert line[0] == "--set" and line[1].startswith("clamp.amp="), line
amp = float(line[1].split("=")[1].rstrip("nA"))
assert abs(amp - want_nA) < 2e-5, (amp, want_nA)
rows = list(csv.DictReader(open(d + "/fit.csv")))
best = min(rows, key=lambda r: float(r["objective"]))
assert float(best["clamp.amp (nA)"]) == amp, (best, amp)
assert abs(float(best["v_steady (mV)"]) + 60) <= 0.001, best
assert 3 <= len(rows) <= 60, len(rows)
print("amp", amp, "want", want_nA, "runs", len(rows))
PY
[ $rc -eq 0 ] && ok "passive cell: the clamp holding it 10 mV up is g * area * dV ($(cat "$work/pcheck"))" \
    || no "passive cell: exit $rc: $(cat "$work/pcheck") $(tail -3 "$work/pout")"
[ -f "$work/p1/hold/report.html" ] && [ -f "$work/p1/hold/best/report.html" ] \
    && [ -f "$work/p1/hold/best/summary.json" ] && grep -q "<svg" "$work/p1/hold/report.html" \
    && grep -q "every target was met" "$work/p1/hold/report.html" \
    && ok "report.html with the trace's figures, and the best run's outputs in best/" \
    || no "report: $(ls "$work/p1/hold" 2>&1 | tr '\n' ' ')"
grep -q "^fit hold: 1/60 clamp.amp=0.025nA | v_steady " "$work/pout" \
    && ok "progress: one line per run on stderr" || no "progress: $(head -2 "$work/pout")"

"$circ" fit "$passive" -o "$work/p3" --threads 3 > /dev/null 2>&1
cmp -s "$work/p1/hold/fit.csv" "$work/p3/hold/fit.csv" && cmp -s "$work/p1/hold/best.set" "$work/p3/hold/best.set" \
    && ok "passive cell: 1 and 3 threads, the same runs" || no "passive cell: threads change the fit"

# the microcircuit example: a few runs, both targets met
start=$(date +%s)
"$circ" fit "$micro" -o "$work/m1" --threads 1 > "$work/mout" 2>&1
rc=$?
took=$(($(date +%s) - start))
runs=$(($(wc -l < "$work/m1/rates/fit.csv") - 1))
[ $rc -eq 0 ] && grep -q "every target was met" "$work/mout" && [ "$runs" -le 40 ] \
    && ok "microcircuit: Exc and PV rates met in $runs runs, ${took} s" \
    || no "microcircuit: exit $rc, $runs runs: $(tail -3 "$work/mout")"
"$circ" fit "$micro" -o "$work/m3" --threads 3 > /dev/null 2>&1
cmp -s "$work/m1/rates/fit.csv" "$work/m3/rates/fit.csv" \
    && ok "microcircuit: 1 and 3 threads, the same runs" || no "microcircuit: threads change the fit"

# best.set on circ run's command line: the best run's measures again
# shellcheck disable=SC2046
"$circ" run "$micro" $(cat "$work/m1/rates/best.set") -o "$work/again" > /dev/null 2>&1
python3 - "$work/m1/rates/fit.csv" "$work/again/summary.json" <<'PY' > "$work/again.txt" 2>&1 \
    && ok "best.set given to circ run: the best run's measures" || no "best.set: $(cat "$work/again.txt")"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
best = min(rows, key=lambda r: float(r["objective"]))
got = json.load(open(sys.argv[2]))["experiments"]["control"]
assert float(best["exc_rate (Hz)"]) == got["measures"]["exc_rate"], (best, got)
assert float(best["Inh_PV (Hz)"]) == got["rates"]["Inh_PV"], (best, got)
PY

# --seed: another seed, other runs; the same seed, the same runs
"$circ" fit "$micro" -o "$work/s7a" --seed 7 > /dev/null 2>&1
"$circ" fit "$micro" -o "$work/s7b" --seed 7 > /dev/null 2>&1
cmp -s "$work/s7a/rates/fit.csv" "$work/s7b/rates/fit.csv" \
    && ! cmp -s "$work/s7a/rates/fit.csv" "$work/m1/rates/fit.csv" \
    && grep -q "seed 7" "$work/s7a/rates/report.html" \
    && ok "--seed 7: the same runs twice, not seed 1's" || no "--seed: not reproducible or no effect"

# the budget: at most that many runs; a missed tolerance exits 1
sed 's/budget 40/budget 3/; s/within 1.5 Hz/within 0.01 Hz/' "$micro" > "$work/small.circ"
"$circ" diff "$micro" "$work/small.circ" > "$work/diff" 2>&1
grep -q "^changed  fit rates / budget: 40 -> 3$" "$work/diff" \
    && grep -q "^changed  fit rates / target exc_rate / within: 1.5 Hz -> 0.01 Hz$" "$work/diff" \
    && ok "circ diff names a fit's changed budget and tolerance" || no "diff: $(cat "$work/diff")"
"$circ" fit "$work/small.circ" -o "$work/b" > "$work/bout" 2>&1
rc=$?
runs=$(($(wc -l < "$work/b/rates/fit.csv") - 1))
[ $rc -eq 1 ] && [ "$runs" -eq 3 ] && grep -q "misses a target's tolerance" "$work/bout" \
    && ok "budget 3: three runs, the miss said, exit 1" || no "budget: exit $rc, $runs runs"

# command lines: an unknown fit, a file without one, two fits without -e
"$circ" fit "$micro" -e nosuch -o "$work/x" > "$work/e1" 2>&1
rc1=$?
"$circ" fit "$top/examples/fi_curve.circ" -o "$work/x" > "$work/e2" 2>&1
rc2=$?
sed 's/^fit rates in control {/fit other in control { vary bkg.rate from 10 Hz to 20 Hz; target Inh_PV = 1 Hz }\n&/' \
    "$micro" > "$work/two.circ"
"$circ" fit "$work/two.circ" -o "$work/x" > "$work/e3" 2>&1
rc3=$?
[ $rc1 -eq 2 ] && grep -q "has no fit 'nosuch'" "$work/e1" && [ $rc2 -eq 2 ] \
    && grep -q "has no fit" "$work/e2" && [ $rc3 -eq 2 ] && grep -q "has 2 fits; choose one with -e: other rates" "$work/e3" \
    && [ ! -d "$work/x" ] && ok "unknown fit, no fit, two fits: exit 2, nothing written" \
    || no "command lines: $rc1 $rc2 $rc3: $(cat "$work/e1" "$work/e2" "$work/e3")"
"$circ" fit "$work/two.circ" -e other -o "$work/o" > /dev/null 2>&1
[ -f "$work/o/other/fit.csv" ] && [ ! -d "$work/o/rates" ] && ok "-e other: that fit alone" \
    || no "-e other: $(ls "$work/o" 2>&1)"

# `within` is a word after a target's value, never a unit
sed 's/within 3 Hz/beyond 3 Hz/' "$micro" > "$work/beyond.circ"
"$circ" check "$work/beyond.circ" > "$work/w" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "beyond.circ:[0-9]*:27: error: expected 'within' and a tolerance after the target, got 'beyond'" "$work/w" \
    && ok "a word other than within: located error" || no "within: exit $rc: $(cat "$work/w")"

# a dimensionless target: `0.9 within 0.0001` is two numbers and a word
sed 's/^fit hold {/measure ratio = mean_v(neuron, [150 ms, 200 ms)) \/ (-70 mV)\nfit ratio_fit {\n    vary clamp.amp from 0 nA to 0.05 nA\n    target ratio = 0.9 within 0.0001\n}\nfit hold {/' \
    "$passive" > "$work/ratio.circ"
"$circ" fit "$work/ratio.circ" -e ratio_fit -o "$work/r" > "$work/rout" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "every target was met" "$work/rout" && head -1 "$work/r/ratio_fit/fit.csv" | grep -q "^evaluation,clamp.amp (nA),ratio,objective$" \
    && ok "a dimensionless target and tolerance" || no "dimensionless: exit $rc: $(tail -3 "$work/rout")"

# a target on a measure that reads a measure in mixed units (up is mV/V as
# written, kept as 1: it read 1000 times too small): the holding current
sed 's/^fit hold {/measure up = (mean_v(neuron, [150 ms, 200 ms)) + 70 mV) \/ 1 V\nmeasure up_pct = up * 100\nfit pct {\n    vary clamp.amp from 0 nA to 0.05 nA\n    target up_pct = 1 within 0.0001\n    budget 60\n}\nfit hold {/' \
    "$passive" > "$work/pct.circ"
"$circ" fit "$work/pct.circ" -e pct -o "$work/pct" > "$work/pctout" 2>&1
rc=$?
amp=$(sed -n 's/^--set clamp.amp=\(.*\)nA$/\1/p' "$work/pct/pct/best.set" 2>/dev/null)
[ $rc -eq 0 ] && python3 -c "import sys; assert abs(float(sys.argv[1]) - 0.0125664) < 2e-5" "$amp" 2>/dev/null \
    && head -1 "$work/pct/pct/fit.csv" | grep -q "^evaluation,clamp.amp (nA),up_pct,objective$" \
    && ok "a target on a measure of a mixed-unit measure: the holding current ($amp nA)" \
    || no "measure of a measure: exit $rc, amp '$amp': $(tail -3 "$work/pctout")"
# the same with the measures declared after the fit (it read 'unknown target')
sed -n '/^measure up/p' "$work/pct.circ" > "$work/measures"
{ sed '/^measure up/d' "$work/pct.circ"; cat "$work/measures"; } > "$work/pct_after.circ"
"$circ" fit "$work/pct_after.circ" -e pct -o "$work/pct_after" > "$work/pctout2" 2>&1
rc=$?
[ $rc -eq 0 ] && cmp -s "$work/pct/pct/fit.csv" "$work/pct_after/pct/fit.csv" \
    && ok "a target measure declared after its fit: the same runs" \
    || no "measure after the fit: exit $rc: $(head -3 "$work/pctout2")"
