#!/bin/sh
# test_sonata_in.sh - `network from` (TAP): the seed's network written by
# `circ run --sonata` and read back by tests/runtime/cases/sonata_seed.circ
# runs spike- and trace-identical to the seed in --exact (every
# experiment); the hand-made tests/sonata/tiny circuit (interleaved node
# types, types named by pop_name and dynamics_params, delays from
# edge_types.csv) gives the documented gids, positions and connections; a
# `circ build` program runs it without the circuit's files; an
# afferent_section_id past the target's sections is a located error; the
# circuit read and written again with --sonata has the same edges (h5py).
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../..
circ=${CIRC:-$src/circ}
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-sonata-in-XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
echo "1..7"
n=0
check() {   # check NAME COMMAND...: one TAP line
    n=$((n + 1))
    name=$1
    shift
    if "$@" > "$work/why" 2>&1; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name"
        sed 's/^/# /' "$work/why" | head -20
    fi
}

round_trip() {
    "$circ" run "$src/examples/microcircuit.circ" --exact --sonata -o "$work/seed" > /dev/null || return 1
    mkdir "$work/rt" && cp "$here/cases/sonata_seed.circ" "$work/rt/" &&
        cp -r "$work/seed/sonata" "$work/rt/sonata" || return 1
    "$circ" run "$work/rt/sonata_seed.circ" --exact -o "$work/back" > /dev/null || return 1
    for e in control pv_silencing isn_push; do
        cmp "$work/seed/$e/spikes.csv" "$work/back/$e/spikes.csv" || return 1
        cmp "$work/seed/$e/traces.csv" "$work/back/$e/traces.csv" || return 1
    done
    # and the positions: the nodes' x, y, z
    cmp "$work/seed/control/cells.csv" "$work/back/control/cells.csv" || return 1
    # the default (fast) arithmetic too
    "$circ" run "$src/examples/microcircuit.circ" -e control -o "$work/seed_d" > /dev/null &&
        "$circ" run "$work/rt/sonata_seed.circ" -e control -o "$work/back_d" > /dev/null &&
        cmp "$work/seed_d/control/spikes.csv" "$work/back_d/control/spikes.csv"
}
check "the seed's SONATA export read back runs spike-identical (--exact and default)" round_trip

tiny() {
    "$circ" run "$src/tests/sonata/tiny.circ" --connections -o "$work/tiny" > /dev/null || return 1
    diff "$src/tests/sonata/tiny.cells.csv" "$work/tiny/default/cells.csv" &&
        diff "$src/tests/sonata/tiny.connections.csv" "$work/tiny/default/connections.csv"
}
check "a hand-made circuit: gids, positions, connections" tiny

program() {
    mkdir "$work/p" && cp -r "$src/tests/sonata/tiny" "$src/tests/sonata/tiny.circ" "$work/p/" || return 1
    "$circ" build "$work/p/tiny.circ" -o "$work/p/prog" > /dev/null || return 1
    rm -r "$work/p/tiny"
    "$work/p/prog" -o "$work/p/out" > /dev/null || return 1
    cmp "$work/tiny/default/spikes.csv" "$work/p/out/default/spikes.csv" || return 1
    cmp "$work/tiny/default/cells.csv" "$work/p/out/default/cells.csv" || return 1
    # --set lowers the model again, from the circuit the program carries
    "$work/p/prog" -o "$work/p/out2" --set drive.rate=60Hz > /dev/null
}
check "a circ build program carries the circuit" program

jit_threads() {
    "$circ" run "$src/tests/sonata/tiny.circ" --threads 2 -o "$work/t2" > /dev/null &&
        cmp "$work/tiny/default/spikes.csv" "$work/t2/default/spikes.csv"
}
check "2 threads: the same spikes" jit_threads

bad_section() {
    sed 's/map node type "pyr" to Pyr/map node type "pyr" to PV/' "$src/tests/sonata/tiny.circ" \
        > "$work/bad.circ" && cp -r "$src/tests/sonata/tiny" "$work/tiny_c" &&
        sed -i 's|"tiny/|"tiny_c/|' "$work/bad.circ" || return 1
    if "$circ" run "$work/bad.circ" -o "$work/bad" > "$work/bad.log" 2>&1; then
        return 1
    fi
    grep -q "bad.circ:23:14: error: an edge onto cell 2 of 'pyr' has afferent_section_id 1, and cell type 'PV' has 1 section" "$work/bad.log" ||
        { cat "$work/bad.log"; return 1; }
}
check "an afferent_section_id past the sections is a located error" bad_section

reexport() {
    /usr/bin/python3 -c 'import h5py' 2>/dev/null || { echo "no h5py: skipped"; return 0; }
    "$circ" run "$work/rt/sonata_seed.circ" -e control --exact --sonata -o "$work/again" > /dev/null || return 1
    /usr/bin/python3 - "$work/seed/sonata" "$work/again/sonata" <<'PY'
import sys, h5py, numpy as np
a = h5py.File(sys.argv[1] + "/edges.h5", "r")["edges/microcircuit_to_microcircuit"]
b = h5py.File(sys.argv[2] + "/edges.h5", "r")["edges/sonata_seed_to_sonata_seed"]
for k in ["source_node_id", "target_node_id", "edge_type_id", "0/syn_weight", "0/delay",
          "0/afferent_section_id", "0/afferent_section_pos"]:
    assert np.array_equal(a[k][:], b[k][:]), k
a = h5py.File(sys.argv[1] + "/nodes.h5", "r")["nodes/microcircuit"]
b = h5py.File(sys.argv[2] + "/nodes.h5", "r")["nodes/sonata_seed"]
for k in ["node_type_id", "0/x", "0/y", "0/z"]:
    assert np.array_equal(a[k][:], b[k][:]), k
PY
}
check "read and written again: the same nodes and edges" reexport

inputs() {  # pv nodes as NetStims (start = 10 ms): gids 4 and 5 fire first at 10 ms
    "$circ" run "$src/tests/sonata/tiny_inputs.circ" -o "$work/inputs" > /dev/null || return 1
    grep -q '^10,4$' "$work/inputs/default/spikes.csv" && grep -q '^10,5$' "$work/inputs/default/spikes.csv" &&
        ! grep -E '^[0-9](\.[0-9]*)?,[45]$' "$work/inputs/default/spikes.csv"
}
check "a node type as artificial cells with parameters" inputs
