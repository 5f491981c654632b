#!/bin/bash
# bench/loop_threshold.sh - where the kernels of a cell type should turn from
# code per node (compiler/gen/cg_cell.c) into loops over tables (cg_tree.c):
# one cell type of N nodes (an hh soma and a dendrite of N-1 segments with hh
# and pas), CELLS cells driven by NetStims through Exp2Syn, compiled cold and
# simulated with CIRC_LOOP_NODES set above N (per node) and to 1 (loops).
#
#   bench/loop_threshold.sh [--cells CELLS] [--tstop MS] [N ...]
#
# Prints one row per N: compile (optimize + jit, ms) and simulate (ms) of
# each path, and whether spikes.csv is the same file (it must be).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CIRC=${CIRC:-$ROOT/circ}
CELLS=1000 TSTOP=200 SIZES=()
while [ $# -gt 0 ]; do
    case "$1" in
        --cells) CELLS=$2; shift ;;
        --tstop) TSTOP=$2; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) SIZES+=("$1") ;;
    esac
    shift
done
[ ${#SIZES[@]} -gt 0 ] || SIZES=(2 3 5 9 17 33 65)
OUT=${OUT:-/tmp/circ-loop-threshold}
rm -rf "$OUT"; mkdir -p "$OUT"
model() {   # model N
    cat <<EOM
cell C {
    section soma { L = 20 um; diam = 20 um; insert hh }
    section dend {
        L = 400 um; diam = 2 um; Ra = 150 ohm*cm; nseg = $(( $1 - 1 ))
        insert pas { g = 0.0001 S/cm2; e = -65 mV }
        insert hh { gnabar = 0.012 S/cm2; gkbar = 0.0036 S/cm2; gl = 0 S/cm2 }
    }
    attach dend(0) to soma(1)
    spike_at = soma(0.5)
}
population P of C { count = $CELLS }
synapse exc = Exp2Syn { tau1 = 0.5 ms; tau2 = 3 ms; e = 0 mV }
stimulus bkg = NetStim { rate = 100 Hz; noise = 1; start = 0 ms } -> P at dend(0.8) via exc { weight = 0.004 uS; delay = 1 ms }
connect P -> P at dend(0.3) via exc { probability = 0.01; weight = 0.0005 uS; delay = 2 ms }
simulation { duration = $TSTOP ms; dt = 0.025 ms; record spikes }
EOM
}
stage() { sed -n "s/.*$2 \([0-9.]*\) ms.*/\1/p" "$1" | head -1; }
echo "| nodes | per node: compile (ms) | per node: simulate (ms) | loops: compile (ms) | loops: simulate (ms) | same spikes |"
echo "|---|---|---|---|---|---|"
for n in "${SIZES[@]}"; do
    model "$n" > "$OUT/c$n.circ"
    row="| $n"
    for loop in $((n + 1)) 1; do
        log="$OUT/c$n-$loop.log"
        CIRC_LOOP_NODES=$loop CIRC_CACHE_DIR=off "$CIRC" run "$OUT/c$n.circ" -o "$OUT/o$n-$loop" \
            --threads 1 --time >"$log" 2>&1
        compile=$(awk -v a="$(stage "$log" optimize)" -v b="$(stage "$log" jit)" 'BEGIN {printf "%.0f", a + b}')
        row="$row | $compile | $(stage "$log" simulate)"
    done
    same=no; cmp -s "$OUT/o$n-$((n + 1))/default/spikes.csv" "$OUT/o$n-1/default/spikes.csv" && same=yes
    echo "$row | $same |"
done
echo; echo "$CELLS cells, ${TSTOP} ms, 1 thread; $(date -u '+%Y-%m-%d %H:%M UTC')"
