#!/bin/sh
# plan_vs_run.sh - `circ plan`'s peak memory and connections against the run's
# (GNU time's maximum resident set, the connections the run printed), one
# Markdown row per case.  CIRC=path/to/circ; MPI=1 adds a row of 2 ranks
# (a build configured --with-mpi; the peak is the larger rank's).
# Usage: sh bench/plan_vs_run.sh [--big]   (--big adds 10^5 cells, ~40 s)
here=$(cd "$(dirname "$0")" && pwd)
circ=${CIRC:-$here/../circ}
ex=$here/../examples
cases=$here/../tests/runtime/cases
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-planbench-XXXXXX") || exit 1

# row LABEL RANKS MODEL OPTIONS...
row() {
    label=$1
    ranks=$2
    model=$3
    shift 3
    "$circ" plan "$model" --ranks "$ranks" "$@" > "$work/plan" 2> /dev/null
    if [ "$ranks" -gt 1 ]; then
        # each rank under its own GNU time; the larger peak
        mpirun --oversubscribe --allow-run-as-root -np "$ranks" \
            sh -c '/usr/bin/time -o "$0.$OMPI_COMM_WORLD_RANK" -f %M "$@" > /dev/null 2>&1' \
            "$work/rss" "$circ" run "$model" "$@" -o "$work/out" > "$work/run" 2>&1
        measured=$(cat "$work"/rss.* | sort -n | tail -1)
        rm -f "$work"/rss.*
    else
        /usr/bin/time -o "$work/rss" -f %M "$circ" run "$model" "$@" -o "$work/out" \
            > "$work/run" 2> /dev/null
        measured=$(tail -1 "$work/rss")
    fi
    planned=$(sed -n 's/^  peak .*(\([0-9]*\) bytes)$/\1/p' "$work/plan")
    conn_plan=$(sed -n 's/^  experiment *[a-z_]* *\([0-9,]*\) .*/\1/p' "$work/plan" | head -1 | tr -d ,)
    conn_run=$(sed -n 's/^[a-z_]*: .* \([0-9]*\) connections$/\1/p' "$work/run" | head -1)
    awk -v l="$label" -v p="$planned" -v m="$measured" -v cp="$conn_plan" -v cr="$conn_run" 'BEGIN {
        printf "| %s | %.1f MiB | %.1f MiB | %+.1f %% | %s | %s |\n", l, p / 1048576, m / 1024,
               100 * (p / 1024 - m) / m, cp, cr ? cr : "(rank 0 prints none)" }'
}

echo "| case | planned peak | measured peak | error | connections expected | made |"
echo "|---|---:|---:|---:|---:|---:|"
row "seed, 1 thread" 1 "$ex/microcircuit.circ" --threads 1
row "seed, --exact" 1 "$ex/microcircuit.circ" --threads 1 --exact
row "scale=10, 1 thread" 1 "$ex/microcircuit_scaled.circ" --set scale=10 --threads 1
row "scale=10, 2 threads (2 side by side)" 1 "$ex/microcircuit_scaled.circ" --set scale=10 --threads 2
row "scale=10, --connections" 1 "$ex/microcircuit_scaled.circ" --set scale=10 --threads 1 --connections
row "plan_dense (1.44 M connections)" 1 "$cases/plan_dense.circ" --threads 1
row "plan_bigcells (400 x 1,707 nodes)" 1 "$cases/plan_bigcells.circ" --threads 1
if [ "${MPI:-0}" = 1 ]; then
    row "scale=10, 2 ranks" 2 "$ex/microcircuit_scaled.circ" --set scale=10 --threads 1
    row "plan_dense, 2 ranks" 2 "$cases/plan_dense.circ" --threads 1
fi
if [ "$1" = --big ]; then
    row "scale=1000 (10^5 cells), 100 ms, control" 1 "$ex/microcircuit_scaled.circ" \
        --set scale=1000 --set simulation.duration=100ms -e control --threads 1
fi
rm -rf "$work"
