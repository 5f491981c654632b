#!/bin/sh
# test_model_diff.sh - `circ diff A.circ B.circ` (TAP): what changed in the
# model.  b.circ is a.circ reordered where order does not change the run,
# laid out and commented otherwise, with a length in other units: no
# differences (exit 0); populations, rules or stimuli in another order
# change the run (gids, random draws): one `reordered` line each (exit 1).  c.circ changes a
# parameter, a mechanism's current, a rule's weight, a measure and an
# experiment's set, adds a population and removes a stimulus: each is one
# line, old and new values as written (exit 1).  A model that does not check
# gives its diagnostics (exit 2), as a parameter in degC given in K does in
# `circ check` and `circ run`.
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
circ=${CIRC:-$top/circ}
d=$top/tests/diffmodel
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-mdiff-XXXXXX") || exit 1
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }
echo "1..10"

"$circ" diff "$d/a.circ" "$d/b.circ" > "$work/ab" 2>&1
rc=$?
[ $rc -eq 0 ] && [ "$(cat "$work/ab")" = "no differences in the model" ] \
    && ok "layout, order, comments and units as written do not count" || no "a vs b: exit $rc: $(head -3 "$work/ab")"

"$circ" diff "$d/a.circ" "$d/c.circ" > "$work/ac" 2>&1
rc=$?
cat > "$work/want" <<'WANT'
changed  cell C / section soma / insert hh / gnabar: 0.12 S/cm2 -> 0.15 S/cm2
changed  connect p -> q at soma(0.5) via exc / weight: 0.001 uS -> 0.002 uS
removed  experiment strong / set step.amp = 0.5 nA
changed  measure p_rate: rate(p, all_time) -> rate(q, all_time)
changed  mechanism leak / current i: g * (v - e) -> 2 * g * (v - e)
removed  stimulus step
added    experiment strong / set hh.gnabar = 0.2 S/cm2
added    population r
WANT
[ $rc -eq 1 ] && cmp -s "$work/ac" "$work/want" && ok "each change one line, values as written (exit 1)" \
    || no "a vs c: exit $rc: $(diff "$work/want" "$work/ac" | head -6)"

"$circ" diff "$d/c.circ" "$d/a.circ" > "$work/ca" 2>&1
grep -q '^removed  population r$' "$work/ca" && grep -q '^added    stimulus step$' "$work/ca" \
    && grep -q 'gnabar: 0.15 S/cm2 -> 0.12 S/cm2' "$work/ca" && ok "the other way round" || no "c vs a: $(head -3 "$work/ca")"

"$circ" diff "$top/examples/microcircuit.circ" "$top/examples/microcircuit_scaled.circ" > "$work/seed" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q '^added    parameter scale = 1$' "$work/seed" \
    && grep -q '^changed  population Exc_L23 / count: 40 -> 40 \* scale$' "$work/seed" \
    && [ "$(wc -l < "$work/seed")" -lt 20 ] && ok "the seed against its scaled version: $(wc -l < "$work/seed") changes" \
    || no "seed: exit $rc: $(head -3 "$work/seed")"

"$circ" diff "$d/a.circ" "$d/bad.circ" > "$work/bad" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "bad.circ:1:17: error: unknown cell type 'Nowhere'" "$work/bad" \
    && ok "a model with errors: its diagnostics, exit 2" || no "bad: exit $rc"

"$circ" diff "$d/a.circ" "$work/missing.circ" > "$work/missing" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "missing.circ" "$work/missing" && ok "a missing file: exit 2, named" || no "missing: exit $rc"

# populations and stimuli swapped: their order changes gids and streams
sed -e 's/^population p of C { count = 4 }$/population P_TMP/' -e 's/^population q of C { count = 2 }$/population p of C { count = 4 }/' \
    -e 's/^population P_TMP$/population q of C { count = 2 }/' "$d/a.circ" > "$work/swapped.circ"
printf 'stimulus kick = IClamp { del = 5 ms; dur = 1 ms; amp = 1 nA } -> q at soma(0.5)\n' > "$work/kick"
cat "$work/swapped.circ" "$work/kick" > "$work/d.circ"
sed '/^stimulus step/,+0d' "$work/d.circ" > "$work/d2.circ"
sed -n '/^stimulus step/p' "$d/a.circ" >> "$work/d2.circ"
cat "$d/a.circ" "$work/kick" > "$work/e.circ"
"$circ" diff "$work/e.circ" "$work/d2.circ" > "$work/ed" 2>&1
rc=$?
cat > "$work/want" <<'WANT'
reordered populations (the gids follow their order): p, q -> q, p
reordered stimuli (their random streams follow their order): step, kick -> kick, step
WANT
[ $rc -eq 1 ] && cmp -s "$work/ed" "$work/want" && ok "populations and stimuli in another order: reordered (exit 1)" \
    || no "reordered: exit $rc: $(cat "$work/ed" | head -4)"

# a written change in the 14th digit is a change; a unit's conversion is not
# (nor a temperature in K that runs as the one in degC)
printf 'parameter a: nA = 0.2 nA\nparameter b: ms = 0.025 ms\nsimulation { duration = 10 ms; temperature = 0.1 degC }\n' > "$work/t1.circ"
printf 'parameter a: nA = 0.20000000000001 nA\nparameter b: ms = 25 us\nsimulation { duration = 10 ms; temperature = 273.25 K }\n' > "$work/t2.circ"
"$circ" diff "$work/t1.circ" "$work/t2.circ" > "$work/t12" 2>&1
rc=$?
[ $rc -eq 1 ] && [ "$(cat "$work/t12")" = "changed  parameter a: 0.2 nA -> 0.20000000000001 nA" ] \
    && ok "a change in the 14th digit counts, a unit's conversion (K too) does not" || no "digits: exit $rc: $(cat "$work/t12")"
# an experiment's stimulus moved past one of the protocol's: numbered
# together in file order (their streams), so it is reordered
cp "$d/a.circ" "$work/f1.circ"
printf 'experiment x { stimulus k = NetStim { rate = 30 Hz } -> q at soma(0.5) via exc { weight = 0.001 uS } }\n' >> "$work/f1.circ"
sed '/^stimulus step/,+0d' "$d/a.circ" > "$work/f2.circ"
printf 'experiment x { stimulus k = NetStim { rate = 30 Hz } -> q at soma(0.5) via exc { weight = 0.001 uS } }\n' >> "$work/f2.circ"
sed -n '/^stimulus step/p' "$d/a.circ" >> "$work/f2.circ"
"$circ" diff "$work/f1.circ" "$work/f2.circ" > "$work/f12" 2>&1
rc=$?
[ $rc -eq 1 ] && [ "$(cat "$work/f12")" = "reordered stimuli (their random streams follow their order): step, experiment x / stimulus k -> experiment x / stimulus k, step" ] \
    && ok "an experiment's stimulus and the protocol's: one order" || no "experiment stimuli: exit $rc: $(cat "$work/f12")"
# a parameter in degC given in K: refused as `circ check` and `circ run` do
# (296.15 K would run as 296.15 degC), not compared as the number written
printf 'density q { parameter temp: degC = 23 degC\n current i = 0.001 S/cm2 * (celsius - temp) / 10 degC * (v + 60 mV) }\ncell C { section soma { L = 10 um; diam = 10 um; insert q { } } }\npopulation p of C { count = 1 }\nsimulation { duration = 1 ms }\n' > "$work/k1.circ"
cp "$work/k1.circ" "$work/k2.circ"
printf 'set q.temp = 23 degC\n' >> "$work/k1.circ"
printf 'set q.temp = 296.15 K\n' >> "$work/k2.circ"
"$circ" diff "$work/k1.circ" "$work/k2.circ" > "$work/k12" 2>&1
rc=$?
"$circ" check "$work/k2.circ" > /dev/null 2>&1
rc_check=$?
[ $rc -eq 2 ] && [ $rc_check -eq 1 ] && grep -q "k2.circ:6:14: error: 'temp' of 'q' is in degC, and this value is in K" "$work/k12" \
    && ok "a parameter in degC given in K: refused by diff as by check" || no "kelvin: exit $rc (check $rc_check): $(head -2 "$work/k12")"
rm -rf "$work"
