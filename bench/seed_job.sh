#!/bin/bash
# bench/seed_job.sh - the whole seed job, warm: `circ run
# examples/microcircuit.circ -o DIR --time` N times (default 7) after one
# run that fills the object cache; prints each run's wall and CPU time
# (user + sys, figure workers included) and stage times, then the medians.
#
#   bench/seed_job.sh [N] [extra circ run options, e.g. --threads 1 --png]
#
# CIRC (default ./circ beside bench/) and MODEL may be set.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CIRC=${CIRC:-$HERE/../circ}
MODEL=${MODEL:-$HERE/../examples/microcircuit.circ}
N=${1:-7}
shift || true
OUT=$(mktemp -d /tmp/circ-seed-job-XXXXXX)
trap 'rm -rf "$OUT"' EXIT

"$CIRC" run "$MODEL" -o "$OUT/o" "$@" > /dev/null 2>&1    # fills the object cache
for i in $(seq "$N"); do
    /usr/bin/time -f "TIME %e %U %S" "$CIRC" run "$MODEL" -o "$OUT/o" --time "$@" \
        > /dev/null 2> "$OUT/err"
    awk '
        /^TIME/ { wall = $2; cpu = $3 + $4 }
        /^time: parse/ { for (i = 1; i <= NF; i++) if ($i == "jit") jit = $(i + 1) }
        /simulate/ { for (i = 1; i <= NF; i++) if ($i == "simulate") sim += $(i + 1) }
        /^time: analysis/ {
            gsub(",", ""); for (i = 1; i <= NF; i++) {
                if ($i == "analysis") an = $(i + 1)
                if ($i == "figures") fig = $(i + 1)
                if ($i == "report") rep = $(i + 1)
                if ($i == "summary") sum = $(i + 1)
            }
        }
        END { printf "%.3f %.2f %.1f %.1f %.1f %.1f %.1f %.1f\n", wall, cpu, jit, sim, an, fig, rep, sum }
    ' "$OUT/err"
done > "$OUT/runs"
echo "wall_s cpu_s jit_ms simulate_ms(all) analysis_ms csv+figures_ms report_ms files+summary_ms"
cat "$OUT/runs"
echo "median:"
for c in 1 2 3 4 5 6 7 8; do
    sort -g -k$c,$c "$OUT/runs" | awk -v c=$c '{ v[NR] = $c } END { printf "%s ", v[int((NR + 1) / 2)] }'
done
echo
