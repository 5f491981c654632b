#!/bin/bash
# bench/point_net.sh - issue 9 item 6: a point-neuron network
# (bench/point_net.circ: 10^4 IntFire4 cells, ~10^6 connections, NetStim
# background, 1 s; or bench/point_net_izhi.circ, the same network of
# Izhikevich cells) in circ on 1 and 2 threads, default and --exact, and in
# plain NEURON 8.2.2 (bench/point_net_neuron.py; plain and cache_efficient)
# on circ's connectivity and NetStim streams; one run each.
#
#   bench/point_net.sh [--model FILE.circ] [--scale S] [--tstop MS] [--skip ENGINES]
#
# --model: bench/point_net_izhi.circ or another model of the same shape
# (default bench/point_net.circ);
# --scale: `--set scale=S` (cells x S, inputs per cell kept); --tstop:
# simulated ms (default: the model's); --skip: engines left out, of
# "neuron neuron_ce".
#
# Columns: compile = circ's parse .. jit, cold (CIRC_CACHE_DIR=off); build =
# network build (circ: "build network"; NEURON: cells, NetCons and
# NetStims from Python); s/s = wall seconds of simulation per simulated
# second; peak = peak resident MB of the process (/usr/bin/time); spikes;
# "= NEURON" says whether the spike list (times and gids) is the same as
# NEURON's, bit for bit; "NEURON / this" = NEURON's s/s over this row's.
# circ's connections are written by a first, untimed run (--connections).
# Raw logs in $OUT (default /tmp/circ-point-net).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PY=/usr/bin/python3
OUT=${OUT:-/tmp/circ-point-net}
MODEL="$HERE/point_net.circ"
SCALE=1
TSTOP=""
SKIP=""
while [ $# -gt 0 ]; do
    case "$1" in
        --model) MODEL=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift ;;
        --scale) SCALE=$2; shift ;;
        --tstop) TSTOP=$2; shift ;;
        --skip) SKIP=$2; shift ;;
        -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
        *) echo "point_net.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
skip() { case " $SKIP " in *" $1 "*) return 0 ;; esac; return 1; }

[ -x "$ROOT/circ" ] || { echo "point_net.sh: build circ first (make -j2)" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT/bin"
# private copies: a rebuild or an edit of the tree during the run changes nothing
cp "$ROOT/circ" "$HERE/point_net_neuron.py" "$ROOT/tests/neuron/nrnmech.py" "$OUT/bin/"
cp -r "$ROOT/tests/neuron/mod" "$OUT/mod"   # izhikevich.mod, for the Izhikevich model
CIRC="$OUT/bin/circ"
NRNPY="$OUT/bin/point_net_neuron.py"
SETS=(--set "scale=$SCALE")
[ -n "$TSTOP" ] && SETS+=(--set "simulation.duration=${TSTOP}ms")
export CIRC_CACHE_DIR=off

peak_mb() { awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$1"; }
json() { $PY -c "import json,sys; print(json.loads(sys.argv[1].split('RESULT ',1)[1])['$2'])" "$(grep RESULT "$1")"; }
# sim_ms LOG: circ's "simulate N ms"; build_s, compile_s likewise
sim_ms() { sed -n 's/.*simulate \([0-9.]*\) ms.*/\1/p' "$1" | head -1; }
build_s() { sed -n 's/.*build network \([0-9.]*\) ms.*/\1/p' "$1" | head -1 | awk '{printf "%.2f", $1 / 1000}'; }
compile_s() {
    grep -m1 '^time: parse' "$1" | tr ',' '\n' | sed -n 's/.* \([0-9.]*\) ms.*/\1/p' |
        awk '{s += $1} END {printf "%.2f", s / 1000}'
}
# same A B: the same spikes (times as doubles, gids), in any order
same() {
    $PY -c "import sys
r = lambda p: sorted((float(l.split(',')[0]), int(l.split(',')[1])) for l in list(open(p))[1:])
print('yes' if r(sys.argv[1]) == r(sys.argv[2]) else 'no')" "$1" "$2"
}

echo "uptime before: $(uptime)"
# connectivity for NEURON (untimed)
"$CIRC" run "$MODEL" "${SETS[@]}" -o "$OUT/conns" --connections --threads 1 >"$OUT/conns.log" 2>&1
EXP=$(ls -d "$OUT/conns"/*/ | head -1); EXP=${EXP%/}
TSIM=$($PY -c "import json; print(json.load(open('$OUT/conns/summary.json'))['provenance']['duration_ms'])")

# NEURON first: its spikes are the reference of the "= NEURON" column
declare -A NSPS NSPK
nrows=()
for ce in 0 1; do
    name=neuron label="NEURON 8.2.2" flag=""
    [ "$ce" = 1 ] && { name=neuron_ce; label="NEURON 8.2.2, cache_efficient"; flag=--cache-efficient; }
    skip "$name" && continue
    log="$OUT/$name.log"
    /usr/bin/time -v $PY "$NRNPY" "$MODEL" "$EXP" --set "scale=$SCALE" \
        --tstop "$TSIM" $flag \
        --out "$OUT/$name-spikes.csv" >"$log" 2>&1
    NSPS[$name]=$(awk -v s="$(json "$log" simulate_s)" -v t="$TSIM" 'BEGIN {printf "%.2f", s * 1000 / t}')
    NSPK[$name]="$OUT/$name-spikes.csv"
    nrows+=("$(printf '| %s | - | %s | %s | %s | %s | %s | x%s |' "$label" "$(json "$log" build_s)" \
        "${NSPS[$name]}" "$(peak_mb "$log")" "$(json "$log" spikes)" \
        "$(same "$OUT/$name-spikes.csv" "$OUT/neuron-spikes.csv" 2>/dev/null || echo -)" \
        "$(awk -v a="${NSPS[neuron]:-${NSPS[$name]}}" -v b="${NSPS[$name]}" 'BEGIN {printf "%.2f", a / b}')")")
done

rows=()
for mode in default exact; do
    for th in 1 2; do
        log="$OUT/circ-$mode-$th.log"
        /usr/bin/time -v "$CIRC" run "$MODEL" "${SETS[@]}" -o "$OUT/out-$mode-$th" --time \
            --threads "$th" $([ "$mode" = exact ] && echo --exact) >"$log" 2>&1
        sps=$(awk -v s="$(sim_ms "$log")" -v t="$TSIM" 'BEGIN {printf "%.3f", s / t}')
        spk="$OUT/out-$mode-$th/$(basename "$EXP")/spikes.csv"
        eq=-; [ -n "${NSPK[neuron]:-}" ] && eq=$(same "$spk" "${NSPK[neuron]}")
        ratio=-; [ -n "${NSPS[neuron]:-}" ] && ratio=x$(awk -v a="${NSPS[neuron]}" -v b="$sps" 'BEGIN {printf "%.1f", a / b}')
        rows+=("$(printf '| circ, %s, %s thread(s) | %s | %s | %s | %s | %s | %s | %s |' "$mode" "$th" \
            "$(compile_s "$log")" "$(build_s "$log")" "$sps" "$(peak_mb "$log")" \
            "$(($(wc -l < "$spk") - 1))" "$eq" "$ratio")")
    done
done
echo "uptime after: $(uptime)"

echo "| engine | compile (s) | build (s) | simulate (s per simulated s) | peak (MB) | spikes | = NEURON | NEURON / this |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}" "${nrows[@]}"
echo
echo "$(basename "$MODEL") at scale $SCALE: $($PY -c "import json; print(json.load(open('$OUT/conns/summary.json'))['network']['cells'])") cells, $(($(wc -l < "$EXP/connections.csv") - 1)) connections, ${TSIM} ms simulated; $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); logs in $OUT"
