#!/bin/sh
# bench/plan_time.sh - circ plan's time against the run's, one thread: the
# scaled seed at each scale given (default 1 10 100 1000), experiment control,
# DURATION of simulated time (default 200 ms); plan and run alternate REPS
# times (default 2), the fastest of each kept (another process may have had
# the core).  Prints a table row per scale.
#   bench/plan_time.sh [scale...]        CIRC=./circ DURATION=200ms REPS=2
cd "$(dirname "$0")/.." || exit 2
circ=${CIRC:-./circ}
dur=${DURATION:-200ms}
reps=${REPS:-2}
model=examples/microcircuit_scaled.circ
out=$(mktemp -d "${TMPDIR:-/tmp}/circ-plan-time-XXXXXX") || exit 2
echo "| scale | cells | plan: the run (s) | run: simulate (s) | plan / run |"
echo "|---|---|---|---|---|"
for scale in ${@:-1 10 100 1000}; do
    best_plan= best_run=
    i=0
    while [ $i -lt "$reps" ]; do
        p=$("$circ" plan $model --set scale=$scale --set simulation.duration=$dur -e control \
            --threads 1 2> /dev/null | sed -n 's/^  the run: .* about \([0-9.e+-]*\) s.*/\1/p')
        r=$("$circ" run $model --set scale=$scale --set simulation.duration=$dur -e control \
            --threads 1 --time -o "$out/run" 2>&1 | sed -n 's/.*simulate \([0-9.]*\) ms.*/\1/p')
        best_plan=$(awk -v a="$best_plan" -v b="$p" 'BEGIN { print (a == "" || b < a) ? b : a }')
        best_run=$(awk -v a="$best_run" -v b="$r" 'BEGIN { print (a == "" || b / 1000 < a) ? b / 1000 : a }')
        i=$((i + 1))
    done
    awk -v s="$scale" -v p="$best_plan" -v r="$best_run" \
        'BEGIN { printf "| %s | %d | %.3g | %.3g | %.2f |\n", s, 100 * s, p, r, p / r }'
done
rm -rf "$out"
