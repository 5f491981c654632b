#!/bin/sh
# bench/mpi_ranks.sh - one process against K = 2 MPI ranks (a build configured
# --with-mpi; docs/CLUSTER.md): the seed and bench/microcircuit_x100.circ
# (10^4 cells, 1 s), each as a `circ build` program on one thread per rank.
# Prints rank 0's build and simulate times (--time) and each process's wall
# time, CPU (user+sys) and peak memory, and checks that the outputs are the
# same (tests/runtime/same_outputs.py).  Extra arguments go to mpirun (e.g.
# --mca mpi_yield_when_idle 1 on a loaded machine).
#
#   CIRC=./circ sh bench/mpi_ranks.sh [mpirun options]
here=$(cd "$(dirname "$0")" && pwd)
circ=${CIRC:-$here/../circ}
work=${WORK:-/tmp/circ-mpi-bench}
mkdir -p "$work"
T="/usr/bin/time -f process:wall=%es,cpu=%U+%Ss,maxrss=%MkB"
for model in "$here/../examples/microcircuit.circ" "$here/microcircuit_x100.circ"; do
    name=$(basename "$model" .circ)
    "$circ" build "$model" -o "$work/$name" > /dev/null || exit 1
    echo "== $name: one process (--threads 1)"
    $T "$work/$name" -o "$work/$name.1" --threads 1 --time 2>&1 | grep -E "^time: [a-z_]*: build|^process:"
    echo "== $name: mpirun -np 2 $* (--threads 1)"
    mpirun --oversubscribe --allow-run-as-root "$@" -np 2 $T "$work/$name" -o "$work/$name.2" \
        --threads 1 --time 2>&1 | grep -E "^time: [a-z_]*: build|^process:"
    python3 "$here/../tests/runtime/same_outputs.py" "$work/$name.1" "$work/$name.2" &&
        echo "outputs: the same"
done
cat /proc/loadavg
