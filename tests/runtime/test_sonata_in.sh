#!/bin/sh
# test_sonata_in.sh - `network from` (TAP): the seed's network written by
# `circ run --sonata` and read back by tests/runtime/cases/sonata_seed.circ
# runs spike- and trace-identical to the seed in --exact (every
# experiment); the hand-made tests/sonata/tiny circuit (interleaved node
# types, types named by pop_name and dynamics_params, delays from
# edge_types.csv) gives the documented gids, positions and connections; a
# `circ build` program runs it without the circuit's files; an
# afferent_section_id past the target's sections is a located error; the
# circuit read and written again with --sonata has the same edges (h5py);
# tests/sonata/inputs' virtual nodes driven by its simulation config's spike
# files (VecStim) run spike- and voltage-identical to NEURON 8.2.2's VecStim
# -> NetCon (inputs/make_inputs.py), also as `spikes from` lines and from a
# `circ build` program without the files; BMTK's sec_id / sec_x columns in
# place of afferent_section_id / _pos are named in a warning, not read.
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../..
circ=${CIRC:-$src/circ}
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-sonata-in-XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
echo "1..13"
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

# edge delays (0.1, 0.2 ms) shorter than the interval the rules' own delay
# would allow: threads and parts exchange within the shortest edge's delay
# (they did not: 2 threads lost events)
short_delays() {
    mkdir "$work/sd" && cp -r "$src/tests/sonata/tiny" "$src/tests/sonata/tiny.circ" "$work/sd/" &&
        chmod -R u+w "$work/sd" || return 1
    sed -i 's/ 2\.0$/ 0.1/; s/ 1\.5$/ 0.2/' "$work/sd/tiny/network/v1_v1_edge_types.csv"
    grep -q ' 0\.1$' "$work/sd/tiny/network/v1_v1_edge_types.csv" || return 1
    "$circ" run "$work/sd/tiny.circ" --threads 1 -o "$work/sd/o1" > /dev/null || return 1
    "$circ" run "$work/sd/tiny.circ" --threads 2 -o "$work/sd/o2" > /dev/null &&
        cmp "$work/sd/o1/default/spikes.csv" "$work/sd/o2/default/spikes.csv" || return 1
    CIRC_PART_BYTES=1 "$circ" run "$work/sd/tiny.circ" --threads 2 -o "$work/sd/o3" > /dev/null &&
        cmp "$work/sd/o1/default/spikes.csv" "$work/sd/o3/default/spikes.csv"
}
check "edges' delays shorter than the rules': the same spikes on 2 threads and in parts" short_delays

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

# spkt,spkid of circ and of NEURON as numbers (circ prints 0, NEURON 0.0),
# and circ's first trace column against NEURON's v
same_as_neuron() {  # same_as_neuron OUTDIR
    /usr/bin/python3 - "$1" "$src/tests/sonata/inputs" <<'PY'
import csv, sys
def rows(path):
    return [[float(x) for x in r] for r in list(csv.reader(open(path)))[1:]]
a, b = rows(sys.argv[1] + "/spikes.csv"), rows(sys.argv[2] + "/neuron.spikes.csv")
assert len(a) == len(b) == 110, (len(a), len(b))
assert a == b, next((x, y) for x, y in zip(a, b) if x != y)
a, b = rows(sys.argv[1] + "/traces.csv"), rows(sys.argv[2] + "/neuron.v.csv")
assert len(a) == len(b) and all(x[:2] == y for x, y in zip(a, b)), "v differs"
PY
}

vecstim() {
    "$circ" run "$src/tests/sonata/inputs.circ" --exact -o "$work/vs" > /dev/null &&
        same_as_neuron "$work/vs/default"
}
check "virtual nodes driven by spike files: NEURON's spikes and voltage (--exact)" vecstim

spike_files() {
    mkdir "$work/sf" && cp -r "$src/tests/sonata/inputs" "$work/sf/" || return 1
    sed 's|    inputs from "inputs/simulation_config.json"|    spikes from "inputs/lgn_spikes.h5"\
    spikes from "inputs/tw_spikes.csv"|' "$src/tests/sonata/inputs.circ" > "$work/sf/files.circ" &&
        "$circ" run "$work/sf/files.circ" --exact -o "$work/sf/out" > /dev/null &&
        cmp "$work/vs/default/spikes.csv" "$work/sf/out/default/spikes.csv"
}
check "spikes from the files directly: the same spikes" spike_files

vecstim_program() {
    mkdir "$work/vp" && cp -r "$src/tests/sonata/inputs" "$src/tests/sonata/inputs.circ" "$work/vp/" || return 1
    "$circ" build "$work/vp/inputs.circ" --exact -o "$work/vp/prog" > /dev/null || return 1
    rm -r "$work/vp/inputs"
    "$work/vp/prog" -o "$work/vp/out" > /dev/null && same_as_neuron "$work/vp/out/default"
}
check "a circ build program carries the spike files" vecstim_program

run_settings() {    # no simulation block: run.tstop and run.dt of the config; the model's win
    mkdir "$work/rs" && cp -r "$src/tests/sonata/inputs" "$work/rs/" || return 1
    sed '/^simulation {/,/^}/d' "$src/tests/sonata/inputs.circ" > "$work/rs/none.circ" &&
        "$circ" run "$work/rs/none.circ" --exact -o "$work/rs/none" > /dev/null &&
        cmp "$work/vs/default/spikes.csv" "$work/rs/none/default/spikes.csv" || return 1
    sed 's/duration = 200 ms/duration = 50 ms/' "$src/tests/sonata/inputs.circ" > "$work/rs/short.circ" &&
        "$circ" run "$work/rs/short.circ" --exact -o "$work/rs/short" > /dev/null || return 1
    awk -F, 'NR > 1 && $1 < 50' "$work/vs/default/spikes.csv" > "$work/rs/want" &&
        tail -n +2 "$work/rs/short/default/spikes.csv" | cmp - "$work/rs/want"
}
check "the simulation config's run.tstop and dt where the model sets none" run_settings

bmtk_site_columns() {   # tiny's edges with BMTK's names for the site (h5py)
    mkdir "$work/bm" && cp -r "$src/tests/sonata/tiny" "$src/tests/sonata/tiny.circ" "$work/bm/" || return 1
    /usr/bin/python3 - "$work/bm/tiny/network/v1_v1_edges.h5" <<'PY' || return 1
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    for pop in f["edges"].values():
        for name, grp in pop.items():
            if isinstance(grp, h5py.Group) and "afferent_section_id" in grp:
                grp.move("afferent_section_id", "sec_id")
                grp.move("afferent_section_pos", "sec_x")
PY
    "$circ" check "$work/bm/tiny.circ" 2> "$work/bm/err" || return 1
    grep -q "has BMTK's sec_id, which circ does not read" "$work/bm/err" &&
        grep -q "has BMTK's sec_x, which circ does not read" "$work/bm/err"
}
check "BMTK's sec_id and sec_x: named in a warning, not read" bmtk_site_columns
