#!/bin/sh
# test_mpi.sh - runs across MPI ranks give the outputs of one process, byte
# for byte (TAP; `make check` runs it only in a build configured --with-mpi).
# K = 1, 2 and 3 ranks under mpirun against a plain `circ run`: the seed in
# both modes, point neurons with NetPyNE's random numbers (connection lists
# too), a synapse that draws random numbers (its streams are numbered over
# every rank's cells), connections with their own state (receive's
# arguments after the weight), `for each connection`, recorded stimuli's spikes, a `circ build` program, a blow-up on one rank that
# must end every rank with the message and a non-zero status, a move() and a
# send() NEURON refuses, on one rank, with the message of one process,
# connection thresholds (set on the rank of the target, read on the source's), a delay
# shorter than a step (no interval to exchange in), refused; a SIGTERM to
# one rank, or to mpirun, while it simulates: every rank stops after the
# same interval and rank 0 keeps what was written in <out>.incomplete, whose
# spikes are a one-process run's up to where it stopped.
# same_outputs.py leaves out what a run says about itself: the date, threads
# and ranks of summary.json's provenance and of report.html.
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
circ=${CIRC:-$top/circ}
cases=$here/cases
seed=$top/examples/microcircuit.circ
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-mpi-XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
# containers without ptrace between processes: shared memory copies only
OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_btl_vader_single_copy_mechanism
mpi() {
    k=$1
    shift
    timeout 300 mpirun --oversubscribe --allow-run-as-root -np "$k" "$@"
}
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }
# same NAME A B: the directories hold the same outputs
same() {
    if python3 "$here/same_outputs.py" "$2" "$3" > "$work/why" 2>&1; then
        ok "$1"
    else
        no "$1: $(head -3 "$work/why" | tr '\n' ' ')"
    fi
}
echo "1..35"

"$circ" run "$seed" -o "$work/seed" --threads 1 > /dev/null 2>&1
for k in 1 2 3; do
    mpi "$k" "$circ" run "$seed" -o "$work/seed$k" --threads 1 > /dev/null 2>&1
    same "the seed on $k ranks" "$work/seed" "$work/seed$k"
done
mpi 2 "$circ" run "$seed" -o "$work/seed2t" --threads 2 > /dev/null 2>&1
same "the seed on 2 ranks of 2 threads" "$work/seed" "$work/seed2t"

"$circ" run "$seed" -o "$work/exact" -e control --exact --threads 1 > /dev/null 2>&1
mpi 3 "$circ" run "$seed" -o "$work/exact3" -e control --exact --threads 1 > /dev/null 2>&1
same "the seed --exact on 3 ranks" "$work/exact" "$work/exact3"

pn="$cases/point_neurons.circ"
"$circ" run "$pn" -o "$work/pn" --rng netpyne --connections --sonata --threads 1 > /dev/null 2>&1
for k in 1 2 3; do
    mpi "$k" "$circ" run "$pn" -o "$work/pn$k" --rng netpyne --connections --sonata --threads 2 \
        > /dev/null 2>&1
    same "point neurons, --rng netpyne, connection lists and SONATA, on $k ranks" "$work/pn" "$work/pn$k"
done
"$circ" run "$pn" -o "$work/pnx" --exact --rng netpyne --threads 1 > /dev/null 2>&1
mpi 2 "$circ" run "$pn" -o "$work/pnx2" --exact --rng netpyne --threads 1 > /dev/null 2>&1
same "point neurons --exact --rng netpyne on 2 ranks" "$work/pnx" "$work/pnx2"

st="$cases/stochastic_synapse.circ"
"$circ" run "$st" -o "$work/st" --threads 1 > /dev/null 2>&1
mpi 3 "$circ" run "$st" -o "$work/st3" --threads 1 > /dev/null 2>&1
same "random synapses' streams on 3 ranks" "$work/st" "$work/st3"

# same_on_ranks LABEL MODEL NAME [THREADS]: MODEL in one process of one
# thread, then on 2 and 3 ranks of THREADS threads (1): the same outputs
same_on_ranks() {
    th=${4:-1}
    of=""
    [ "$th" -gt 1 ] && of=" of $th threads"
    "$circ" run "$2" -o "$work/$3" --threads 1 > /dev/null 2>&1
    for k in 2 3; do
        mpi "$k" "$circ" run "$2" -o "$work/$3$k" --threads "$th" > /dev/null 2>&1
        same "$1 on $k ranks$of" "$work/$3" "$work/$3$k"
    done
}
# exact_on_ranks LABEL MODEL NAME: MODEL --exact in one process, then on 3 ranks
exact_on_ranks() {
    "$circ" run "$2" -o "$work/$3" --exact --threads 1 > /dev/null 2>&1
    mpi 3 "$circ" run "$2" -o "$work/${3}3" --exact --threads 1 > /dev/null 2>&1
    same "$1, --exact, on 3 ranks" "$work/$3" "$work/${3}3"
}

# receive's arguments after the weight: each connection's state lives on its target's rank
same_on_ranks "connections' state (receive's arguments)" "$cases/netargs_net.circ" na 2

# `for each connection`: every connection onto an instance is on its rank, in
# an order (sources by gid, then creation) no split changes
same_on_ranks "connection lists (for each connection)" "$cases/for_conns_net.circ" fc 2
exact_on_ranks "connection lists" "$cases/for_conns_net.circ" fcx

# cells whose spikes are their point processes' emit(): fired on the cell's
# rank, born of the delivery that emitted, exchanged and recorded as a
# threshold crossing's
same_on_ranks "spikes from point processes (spikes_from)" "$cases/spikes_from_net.circ" sf 2
exact_on_ranks "spikes from point processes" "$cases/spikes_from_net.circ" sfx

# recorded stimuli's spikes: every rank's stream to rank 0 an interval at a time
same_on_ranks "stimulus_spikes.csv streamed" "$cases/stim_spikes.circ" ss 2

# each rank's threads split further into many parts (one or two cells each):
# the seed's spikes and traces as one process with one part
"$circ" run "$seed" -o "$work/seedpp" -e isn_push --threads 1 > /dev/null 2>&1
mpi 2 env CIRC_PART_BYTES=300 "$circ" run "$seed" -o "$work/seedpp2" -e isn_push --threads 2 \
    > /dev/null 2>&1
same "the seed on 2 ranks of 2 threads, in parts of a cell or two" "$work/seedpp" "$work/seedpp2"

# a program (circ build) on 2 ranks against circ run on one process
if "$circ" build "$seed" -o "$work/prog" > "$work/build.err" 2>&1; then
    mpi 2 "$work/prog" -o "$work/prog2" -e control -e pv_silencing --threads 1 > /dev/null 2>&1
    "$circ" run "$seed" -o "$work/seedce" -e control -e pv_silencing --threads 1 > /dev/null 2>&1
    same "a circ build program on 2 ranks" "$work/seedce" "$work/prog2"
else
    no "circ build: $(head -3 "$work/build.err")"
fi

# cell 13 blows up: it is rank 1's of 2 (gid % 2); rank 0 reports it, all end
mpi 2 "$circ" run "$cases/runaway_v.circ" -o "$work/run" -e up --threads 1 > "$work/out" 2> "$work/err"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 124 ] &&
    grep -q "experiment 'up': the simulation became unstable: the voltage of cell 13 reached" "$work/err" &&
    [ ! -e "$work/run" ]; then
    ok "a blow-up on rank 1 ends both ranks with the message (exit $rc), no output"
else
    no "blow-up on rank 1: exit $rc: $(grep circ: "$work/err" | head -2 | tr '\n' ' ')"
fi
# events due together go in NEURON's queue order, whatever rank queued them
same_on_ranks "events due together" "$cases/event_ties_net.circ" et
# a connection's threshold is its source cell's: set by the rank that made
# the connection, read by the rank that detects the source's spikes
same_on_ranks "connection thresholds (the source's)" "$top/tests/neuron/cases/connect_threshold.circ" ct
# a move() or send() that NEURON refuses, on one rank of 2 or 3: the message a
# single process gives (the cell's gid, not its index on the rank), exit 1
for c in move_unsent send_to_past; do
    "$circ" run "$cases/$c.circ" -o "$work/$c" --threads 1 > /dev/null 2> "$work/err1"
    for k in 2 3; do
        mpi "$k" "$circ" run "$cases/$c.circ" -o "$work/$c$k" --threads 1 > /dev/null 2> "$work/err"
        rc=$?
        if [ $rc -eq 1 ] && grep -q "cell" "$work/err1" &&
            [ "$(grep "circ: experiment" "$work/err" | head -1)" = "$(grep "circ: experiment" "$work/err1")" ]; then
            ok "$c on $k ranks: the one-process message, exit 1"
        else
            no "$c on $k ranks: exit $rc: $(grep circ: "$work/err" | head -1) vs $(head -1 "$work/err1")"
        fi
    done
done
# a delay shorter than a step leaves no interval to exchange in: refused
cat > "$work/short.circ" <<'EOF'
cell C {
    section soma {
        L = 18.8 um; diam = 18.8 um; cm = 1 uF/cm2
        insert pas { g = 0.0001 S/cm2; e = -65 mV }
    }
}
population p of C { count = 2 }
synapse exc = ExpSyn { tau = 2 ms; e = 0 mV }
connect p -> p at soma(0.5) via exc { probability = 1; weight = 0.01 uS; delay = 0.01 ms }
simulation { duration = 5 ms; dt = 0.025 ms; seed = 1 }
experiment control { }
EOF
mpi 2 "$circ" run "$work/short.circ" -o "$work/short" > /dev/null 2> "$work/err"
rc=$?
[ $rc -eq 1 ] && [ "$(grep -c 'needs every delay longer than dt' "$work/err")" -eq 1 ] &&
    ok "a delay shorter than a step is refused on 2 ranks, said once" ||
    no "short delay: exit $rc: $(grep circ: "$work/err" | head -2 | tr '\n' ' ')"
grep -q '"ranks":2' "$work/seed2/summary.json" && grep -q '"ranks":1' "$work/seed/summary.json" &&
    ok "summary.json records the ranks" || no "summary.json's ranks"

# stopped NAME WHOM: a long seed run on 2 ranks, stopped by SIGTERM once it
# simulates (its traces.csv is being written), sent to one rank or to mpirun
stopped() {
    out="$work/stop$n"
    # mpirun gives a signalled rank one second before SIGKILL by default
    # (and waits as long before it passes the signal on): more on a loaded
    # machine
    OMPI_MCA_odls_base_sigkill_timeout=3 mpi 2 "$circ" run "$seed" -o "$out" -e control --threads 1 \
        --set simulation.duration=1000000ms > /dev/null 2> "$work/stop.err" &
    job=$!
    for i in $(seq 300); do
        ls "$work"/.stop$n.circ-run-*/control/traces.csv* > /dev/null 2>&1 && break
        sleep 0.1
    done
    case $2 in
    rank) kill -TERM $(pgrep -f "^$circ run $seed -o $out " | tail -1) ;;
    mpirun) kill -TERM $(pgrep -f "^mpirun .* -o $out ") ;;
    esac
    wait $job
    rc=$?
    t=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); \
print(j['t_reached_ms'] if j['complete'] is False and j['stopped_by'] == 'SIGTERM' else '')" \
        "$out.incomplete/summary.json" 2> /dev/null)
    if [ $rc -eq 0 ] || [ $rc -eq 124 ] || [ -z "$t" ] || [ -e "$out" ]; then
        no "$1: exit $rc, t_reached '$t': $(grep circ: "$work/stop.err" | head -2 | tr '\n' ' ')"
        return
    fi
    end=$(python3 -c "import math,sys; print(math.ceil(float(sys.argv[1])) + 1)" "$t")
    "$circ" run "$seed" -o "$work/ref$n" -e control --threads 1 \
        --set simulation.duration="${end}ms" > /dev/null 2>&1
    if python3 - "$out.incomplete/control/spikes.csv" "$work/ref$n/control/spikes.csv" "$t" <<'PY'
import sys
t = float(sys.argv[3])
got = open(sys.argv[1]).read().splitlines()
ref = open(sys.argv[2]).read().splitlines()
want = ref[:1] + [l for l in ref[1:] if float(l.split(",")[0]) < t]
sys.exit(0 if got == want and len(got) > 100 else 1)
PY
    then
        ok "$1: exit $rc, stopped at $t ms, spikes as one process's to there"
    else
        no "$1: the stopped run's spikes differ from one process's before $t ms"
    fi
}
stopped "SIGTERM to one rank of 2 while it simulates" rank
stopped "SIGTERM to mpirun while 2 ranks simulate" mpirun
