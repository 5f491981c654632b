#!/bin/sh
# test_plan.sh - `circ plan` against the run it plans (TAP): for the seed, the
# scaled seed at --set scale=10 on 2 threads (3 experiments at once), a
# network whose connections dominate the memory, one of 400 cells of 1,707
# nodes and a program from circ build (--plan), the plan's peak memory is
# within 20 % of the run's peak resident set (GNU time's %M), and its expected connections within 5 % of
# those the run made (exactly, for probability 1).  The plan and the memory
# check agree on the limit: the run's own bytes fit, one byte less is
# refused by both, with the same number.  A private object cache, so the
# plan compiles and measures itself again with the machine code cached, as
# the run that follows takes it.
here=$(cd "$(dirname "$0")" && pwd)
circ=${CIRC:-$here/../../circ}
cases=$here/cases
examples=$here/../../examples
if [ ! -x /usr/bin/time ] || ! /usr/bin/time -f %M true > /dev/null 2>&1; then
    echo "1..0 # SKIP GNU time (/usr/bin/time -f %M) is not installed"
    exit 0
fi
# (make check says how circ was linked; gcc's -fsanitize=address links
# libasan, clang's is static and LLVM's own archives, linked in, name
# __asan_init as text, so neither ldd nor the binary's strings can tell)
case "${CIRC_SANITIZERS:-}" in
*sanitize=address*) asan=yes ;;
*) asan=no ;;
esac
if [ "$asan" = yes ] || ldd "$circ" 2> /dev/null | grep -q libasan; then
    echo "1..0 # SKIP AddressSanitizer's shadow memory is not the run's"
    exit 0
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-plan-XXXXXX") || exit 1
export CIRC_CACHE_DIR="$work/cache"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }
echo "1..12"

# plan NAME MODEL OPTIONS...: the plan, then the run under GNU time
plan_and_run() {
    name=$1
    model=$2
    shift 2
    if [ "$name" = program ]; then
        "$model" --plan "$@" > "$work/$name.plan" 2> "$work/$name.plan.err"
        /usr/bin/time -o "$work/$name.rss" -f %M "$model" "$@" -o "$work/$name.out" \
            > "$work/$name.run" 2> "$work/$name.run.err"
    else
        "$circ" plan "$model" "$@" > "$work/$name.plan" 2> "$work/$name.plan.err"
        /usr/bin/time -o "$work/$name.rss" -f %M "$circ" run "$model" "$@" -o "$work/$name.out" \
            > "$work/$name.run" 2> "$work/$name.run.err"
    fi
    planned=$(sed -n 's/^  peak .*(\([0-9]*\) bytes)$/\1/p' "$work/$name.plan")
    measured=$(($(tail -1 "$work/$name.rss") * 1024))
    if [ -z "$planned" ] || [ "$measured" -le 0 ]; then
        no "$name: no plan or no measurement: $(head -3 "$work/$name.plan.err" "$work/$name.run.err")"
        return
    fi
    awk -v p="$planned" -v m="$measured" 'BEGIN { exit !(p >= 0.8 * m && p <= 1.2 * m) }' \
        && ok "$name: peak memory planned $((planned >> 20)) MiB, measured $((measured >> 20)) MiB" \
        || no "$name: peak memory planned $((planned >> 20)) MiB, measured $((measured >> 20)) MiB (more than 20 % apart)"
}

# same_connections NAME TOLERANCE: the plan's count of experiment control's
# connections against the run's
same_connections() {
    planned=$(sed -n 's/^  experiment control *\([0-9,]*\) .*/\1/p' "$work/$1.plan" | tr -d ,)
    made=$(sed -n 's/^control: .* \([0-9]*\) connections$/\1/p' "$work/$1.run")
    awk -v p="$planned" -v m="$made" -v tol="$2" \
        'BEGIN { exit !(m > 0 && p >= (1 - tol) * m && p <= (1 + tol) * m) }' \
        && ok "$1: $planned connections expected, $made made" \
        || no "$1: $planned connections expected, $made made (tolerance $2)"
}

plan_and_run seed "$examples/microcircuit.circ" --threads 1
same_connections seed 0.05
plan_and_run scaled "$examples/microcircuit_scaled.circ" --set scale=10 --threads 2
same_connections scaled 0.05
grep -q '^plan for microcircuit_scaled: 3 experiments (3 side by side), 1 rank of 2 threads' \
    "$work/scaled.plan" && ok "scaled: all three experiments at once on 2 threads, as the run" \
    || no "scaled: $(head -1 "$work/scaled.plan")"
plan_and_run dense "$cases/plan_dense.circ" --threads 1
same_connections dense 0
plan_and_run bigcells "$cases/plan_bigcells.circ" --threads 1
grep -q '^  total  *400 cells, 682,800 nodes' "$work/bigcells.plan" \
    && ok "bigcells: 400 cells of 1,707 nodes" || no "bigcells: $(grep total "$work/bigcells.plan")"

# a program from circ build plans itself (--plan): no LLVM in its process
if "$circ" build "$examples/microcircuit_scaled.circ" -o "$work/prog" > /dev/null 2>&1; then
    plan_and_run program "$work/prog" --set scale=10 --threads 1
else
    no "program: circ build failed"
fi

# the limit: the plan's own figure fits; a byte less is refused by plan and run
need=$(sed -n 's/^  the run .*(\([0-9]*\) bytes: .*/\1/p' "$work/dense.plan")
"$circ" plan "$cases/plan_dense.circ" --threads 1 --memory-limit "$need" > "$work/fits" 2>&1
rc_fits=$?
"$circ" plan "$cases/plan_dense.circ" --threads 1 --memory-limit "$((need - 1))" > "$work/over" 2>&1
rc_over=$?
[ $rc_fits -eq 0 ] && [ $rc_over -eq 1 ] && grep -q 'the run would be refused' "$work/over" \
    && ok "plan: $need bytes fit, one less is refused" || no "plan at the limit: exit $rc_fits, $rc_over"
"$circ" run "$cases/plan_dense.circ" --threads 1 --memory-limit "$((need - 1))" -o "$work/x" \
    > /dev/null 2> "$work/refused"
rc=$?
said=$(sed -n 's/^  the run  *\([0-9.]* [KMG]*i*B\) (.*/\1/p' "$work/dense.plan")
[ $rc -eq 1 ] && grep -q "the run would need about $said of memory" "$work/refused" \
    && ok "run: refused one byte under the plan's $said, with that figure" \
    || no "run at the limit: exit $rc, $(cat "$work/refused")"
rm -rf "$work"
