#!/bin/sh
# test_sweep.sh - sweeps (TAP): examples/fi_curve.circ's points are the runs
# `--set step.amp=VALUE` gives (same spikes, traces and measures, from the
# values sweep.csv prints); the outputs do not depend on the thread count;
# a `circ build` program writes the same files; -e chooses a sweep; log
# ranges, lists and grids of two lines (two values of one stimulus both
# applied) give the points they say; a bad sweep is a located error.
# --vary on the command line (circ run and programs) makes the same sweep
# as the language's, alone, in the experiment -e names; two lines of 3
# values or more draw a heat map per population.  A measure that reads a
# measure in mixed units has that measure's value in sweep.csv.
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
circ=${CIRC:-$top/circ}
model=$top/examples/fi_curve.circ
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-sweep-XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }
echo "1..16"

# every file of two runs but report.html and summary.json (they name the
# thread count and the date) byte for byte, and summary.json by circ diff
same_run() {
    (cd "$1" && find . -type f ! -name report.html ! -name summary.json | sort) > "$work/files1"
    (cd "$2" && find . -type f ! -name report.html ! -name summary.json | sort) > "$work/files2"
    cmp -s "$work/files1" "$work/files2" || return 1
    while read -r f; do cmp -s "$1/$f" "$2/$f" || return 1; done < "$work/files1"
    "$circ" diff "$1" "$2" > /dev/null 2>&1
}

"$circ" run "$model" -o "$work/t1" --threads 1 > "$work/out1" 2>&1
rc1=$?
"$circ" run "$model" -o "$work/t3" --threads 3 > /dev/null 2>&1
rows=$(($(wc -l < "$work/t1/fi/sweep.csv") - 1))
[ $rc1 -eq 0 ] && [ "$rows" -eq 17 ] && [ -f "$work/t1/fi/16/spikes.csv" ] \
    && [ -f "$work/t1/figures/sweep_fi.svg" ] && grep -q 'id="sweeps"' "$work/t1/report.html" \
    && ok "fi_curve: 17 points, their folders, the figure and the report's section" \
    || no "fi_curve: exit $rc1, $rows rows: $(tail -2 "$work/out1")"
same_run "$work/t1" "$work/t3" && ok "1 and 3 threads: the same files" || no "threads change the outputs"

# points 2, 9 and 13 against --set runs of their values
bad=""
for p in 2 9 13; do
    line=$(sed -n "$((p + 2))p" "$work/t1/fi/sweep.csv")
    amp=$(echo "$line" | cut -d, -f2)
    d=$(printf '%02d' $p)
    "$circ" run "$model" -e control --set "step.amp=${amp}nA" -o "$work/s$p" > /dev/null 2>&1
    for f in spikes.csv traces.csv cells.csv; do
        cmp -s "$work/t1/fi/$d/$f" "$work/s$p/control/$f" || bad="$bad $p:$f"
    done
    # the measures sweep.csv has are summary.json's of the --set run
    python3 - "$work/t1/fi/sweep.csv" "$p" "$work/s$p/summary.json" <<'PY' || bad="$bad $p:measures"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
row = rows[int(sys.argv[2])]
ctl = json.load(open(sys.argv[3]))["experiments"]["control"]
for name in ("rate_on", "steady_rate", "mean_v_on"):
    col = [k for k in row if k.split(" (")[0] == name][0]
    if float(row[col]) != ctl["measures"][name]:
        sys.exit(1)
if float(row["rate neuron (Hz)"]) != ctl["rates"]["neuron"]:
    sys.exit(1)
PY
done
[ -z "$bad" ] && ok "points 2, 9, 13 are their --set runs (spikes, traces, measures, rates)" \
    || no "points differ from --set runs:$bad"

"$circ" run "$model" -e fi -o "$work/only" > /dev/null 2>&1
[ -d "$work/only/fi/00" ] && [ ! -d "$work/only/control" ] && ok "-e fi runs the sweep alone" \
    || no "-e fi: $(ls "$work/only")"

"$circ" build "$model" -o "$work/prog" > /dev/null 2>&1
"$work/prog" -o "$work/p2" --threads 2 > /dev/null 2>&1
same_run "$work/t1" "$work/p2" && ok "a circ build program writes the same files" \
    || no "program differs"

# log range x list: a grid, the last line fastest, both values of one stimulus set
cat > "$work/grid.circ" <<'CIRC'
cell HH { section soma { L = 18.8 um; diam = 18.8 um; insert hh } }
population P of HH { count = 1 }
stimulus step = IClamp { del = 20 ms; dur = 100 ms; amp = 0.1 nA } -> P at soma(0.5)
simulation { duration = 150 ms }
sweep g {
    vary step.amp from 0.01 nA to 1 nA in 3 log steps
    vary step.dur in [20 ms, 60 ms]
}
CIRC
"$circ" run "$work/grid.circ" -o "$work/g" > /dev/null 2>&1
cut -d, -f1-3 "$work/g/g/sweep.csv" | tr '\n' ' ' > "$work/gridv"
[ "$(cat "$work/gridv")" = "point,step.amp (nA),step.dur (ms) 0,0.01,20 1,0.01,60 2,0.1,20 3,0.1,60 4,1,20 5,1,60 " ] \
    && ok "log range x list: 6 points, the last line fastest" || no "grid: $(cat "$work/gridv")"
"$circ" run "$work/grid.circ" -o "$work/g2" --set step.amp=0.1nA --set step.dur=20ms > /dev/null 2>&1
cmp -s "$work/g/g/02/spikes.csv" "$work/g2/default/spikes.csv" \
    && ! cmp -s "$work/g/g/02/spikes.csv" "$work/g/g/03/spikes.csv" \
    && ! cmp -s "$work/g/g/02/spikes.csv" "$work/g/g/00/spikes.csv" \
    && ok "two values of one stimulus both apply (point 2 is --set amp and dur)" \
    || no "point 2 is not its --set run"

printf 'cell HH { section soma { L = 18.8 um; diam = 18.8 um; insert hh } }\npopulation P of HH { count = 1 }\nstimulus step = IClamp { del = 20 ms; dur = 100 ms; amp = 0.1 nA } -> P at soma(0.5)\nsimulation { duration = 150 ms }\nsweep b { vary step.amp from 0 mV to 1 mV in 3 steps }\n' > "$work/bad.circ"
"$circ" run "$work/bad.circ" -o "$work/bad" > "$work/badout" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "bad.circ:5:30: error: expected a current (nA) for 'amp'" "$work/badout" \
    && [ ! -d "$work/bad" ] && ok "a value in the wrong unit: located error, exit 1, nothing run" \
    || no "bad unit: exit $rc: $(head -1 "$work/badout")"
"$circ" check "$model" --set step.amp=0.1nA > "$work/warn" 2>&1
grep -q "warning: --set step.amp overrides the values sweep 'fi' varies" "$work/warn" \
    && ok "--set of a varied path warns" || no "no warning: $(head -1 "$work/warn")"

# --vary: the sweep g written on the command line, alone (named cli)
"$circ" run "$work/grid.circ" -o "$work/v" --vary 'step.amp from 0.01 nA to 1 nA in 3 log steps' \
    --vary 'step.dur in [20 ms, 60 ms]' > /dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && cmp -s "$work/g/g/sweep.csv" "$work/v/cli/sweep.csv" && [ ! -d "$work/v/g" ] \
    && cmp -s "$work/g/g/05/spikes.csv" "$work/v/cli/05/spikes.csv" \
    && ok "--vary twice: the sweep the language writes, alone, in cli/" \
    || no "--vary: exit $rc, $(ls "$work/v" 2>&1 | tr '\n' ' ')"
"$circ" build "$work/grid.circ" -o "$work/gprog" > /dev/null 2>&1
"$work/gprog" -o "$work/vp" --vary 'step.amp from 0.01 nA to 1 nA in 3 log steps' \
    --vary 'step.dur in [20 ms, 60 ms]' > /dev/null 2>&1
cmp -s "$work/v/cli/sweep.csv" "$work/vp/cli/sweep.csv" \
    && cmp -s "$work/v/cli/03/spikes.csv" "$work/vp/cli/03/spikes.csv" \
    && ok "a program's --vary: the same sweep" || no "program --vary: $(ls "$work/vp" 2>&1)"

# -e: the sweep runs in that experiment (its own sets apply)
{ cat "$work/grid.circ"; echo 'experiment late { set step.del = 60 ms }'; } > "$work/late.circ"
"$circ" run "$work/late.circ" -o "$work/vl" -e late --vary 'step.amp in [0.5 nA, 1 nA]' \
    > /dev/null 2>&1
"$circ" run "$work/late.circ" -o "$work/sl" -e late --set step.amp=1nA > /dev/null 2>&1
cmp -s "$work/vl/cli/01/spikes.csv" "$work/sl/late/spikes.csv" && [ ! -d "$work/vl/late" ] \
    && ok "-e late --vary: the points run in late" || no "-e late --vary: $(ls "$work/vl" 2>&1)"

"$circ" run "$work/grid.circ" -o "$work/vb" --vary 'step.amp from 0 mV to 1 mV in 3 steps' \
    > "$work/vbout" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q -- "--vary:1:32: error: expected a current (nA) for 'amp'" "$work/vbout" \
    && [ ! -d "$work/vb" ] && ok "--vary in the wrong unit: located error, exit 1, nothing run" \
    || no "--vary bad unit: exit $rc: $(head -1 "$work/vbout")"
"$circ" run "$work/late.circ" -o "$work/vb2" -e late -e default --vary 'step.amp in [1 nA]' \
    > "$work/vbout2" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "at most one -e" "$work/vbout2" && ok "--vary with two -e: usage error" \
    || no "two -e: exit $rc: $(head -1 "$work/vbout2")"

# two lines of 3 values or more: a heat map per population (two panels
# here, one when the lines are drawn as curves)
cat > "$work/two.circ" <<'CIRC'
cell HH { section soma { L = 18.8 um; diam = 18.8 um; insert hh } }
population P of HH { count = 1 }
population Q of HH { count = 1 }
stimulus step = IClamp { del = 20 ms; dur = 100 ms; amp = 0.1 nA } -> P at soma(0.5)
simulation { duration = 150 ms }
CIRC
"$circ" run "$work/two.circ" -o "$work/h" --vary 'step.amp in [0.1 nA, 0.3 nA, 0.5 nA]' \
    --vary 'step.dur in [20 ms, 60 ms, 100 ms]' > /dev/null 2>&1
"$circ" run "$work/two.circ" -o "$work/c" --vary 'step.amp in [0.1 nA, 0.3 nA, 0.5 nA]' \
    --vary 'step.dur in [20 ms, 60 ms]' > /dev/null 2>&1
height() { sed -n "s/.*<svg[^>]* height=[\"']\([0-9.]*\)[a-z]*[\"'].*/\1/p" "$1" | head -1; }
hh=$(height "$work/h/figures/sweep_cli.svg")
hc=$(height "$work/c/figures/sweep_cli.svg")
[ -n "$hh" ] && [ -n "$hc" ] && awk -v h="$hh" -v c="$hc" 'BEGIN { exit !(h - c > 200 && h - c < 300) }' \
    && ok "3 x 3 values: a heat map per population ($hh px against $hc for curves)" \
    || no "heat map: heights $hh and $hc"

# measures of measures in mixed units (n / 100 ms is 1/ms as written, kept
# in Hz; f2 read it 1000 times too large): sweep.csv has the same values
{ cat "$work/grid.circ"; cat <<'CIRC'
window w = [20 ms, 120 ms)
measure f = count(P, w) / 100 ms
measure f2 = f * 1
measure period = 1 / rate(P, w)
measure period2 = period + 0 ms
CIRC
} > "$work/mm.circ"
"$circ" run "$work/mm.circ" -o "$work/mm" -e g > /dev/null 2>&1
python3 - "$work/mm/g/sweep.csv" <<'PY' > "$work/mmcheck" 2>&1 \
    && ok "sweep.csv: a measure of a mixed-unit measure is that measure ($(cat "$work/mmcheck"))" \
    || no "sweep.csv measures of measures: $(tail -2 "$work/mmcheck")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 6, len(rows)
for r in rows:
    assert r["f2 (Hz)"] == r["f (Hz)"] and r["period2 (ms)"] == r["period (ms)"], r
    if float(r["f (Hz)"]) > 0:
        assert abs(float(r["f (Hz)"]) * float(r["period (ms)"]) - 1000) < 1e-9, r
assert max(float(r["f2 (Hz)"]) for r in rows) >= 20, rows
print("up to", max(float(r["f2 (Hz)"]) for r in rows), "Hz")
PY
