#!/bin/bash
# bench/scale_table.sh - issue 10 item 6: circ against NEURON (plain and
# cache_efficient) and Brian2's C++ standalone mode on the seed scaled to
# 10^3 .. 10^6 cells (bench/gen_scaled.py: fixed in-degree), 1 and 2
# threads, all on circ's connectivity (--connections), one run each.
#
#   bench/scale_table.sh [--cells "1000 10000 100000"] [--tstop MS] [--skip ENGINES]
#
# --cells: network sizes (multiples of the seed's 100 cells; 1000000 adds
# the 10^6 row).  --tstop: simulated ms (default 100).  --skip: engines left
# out, of "neuron neuron_ce brian2 mpi".  NEURON needs ~25 kB a cell: a
# size whose estimate passes 80 % of this machine's memory is not run (the
# row says so).  mpi: `mpirun -np 2` of a program built by a circ configured
# --with-mpi, when $CIRC_MPI names one (its build directory's circ).
#
# Columns: build = network build (circ: "build network"; NEURON: sections,
# synapses and NetCons; Brian2: the compiled program's setup), s/s = wall
# seconds of simulation per simulated second, peak = peak resident MB of the
# process (/usr/bin/time), spikes; "time vs circ" is s/s over circ's on 1 thread.
# Raw logs in $OUT (default /tmp/circ-scale).  Needs python3-neuron and
# python3-brian (Debian); Brian2 compiles its program once per size (minutes).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PY=/usr/bin/python3
OUT=${OUT:-/tmp/circ-scale}
CELLS="1000 10000 100000"
TSTOP=100
SKIP=""
while [ $# -gt 0 ]; do
    case "$1" in
        --cells) CELLS=$2; shift ;;
        --tstop) TSTOP=$2; shift ;;
        --skip) SKIP=$2; shift ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "scale_table.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
skip() { case " $SKIP " in *" $1 "*) return 0 ;; esac; return 1; }

[ -x "$ROOT/circ" ] || { echo "scale_table.sh: build circ first (make -j2)" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT/bin"
# a private copy: a rebuild of the tree during the benchmark changes nothing
cp "$ROOT/circ" "$OUT/bin/"
CIRC="$OUT/bin/circ"
mem_kb=$(awk '/MemTotal/ {print $2}' /proc/meminfo)

# time_of LOG: peak MB from /usr/bin/time -v's output
peak_mb() { awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$1"; }
json() { $PY -c "import json,sys; print(json.loads(sys.argv[1].split('RESULT ',1)[1])['$2'])" "$(grep RESULT "$1")"; }

rows=()
row() { rows+=("$(printf '| %s | %s | %s | %s | %s | %s | %s |' "$@")"); }

for n in $CELLS; do
    s=$((n / 100))
    model="$OUT/microcircuit_x$s.circ"
    $PY "$HERE/gen_scaled.py" --outdir "$OUT" "$s" >/dev/null
    sed -i "s/duration = [0-9.]* ms/duration = $TSTOP ms/" "$model"
    base=""
    for th in 1 2; do
        log="$OUT/circ-$n-$th.log"
        /usr/bin/time -v "$CIRC" run "$model" -o "$OUT/out-$n-$th" --time --threads "$th" \
            $([ "$th" = 1 ] && echo --connections) >"$log" 2>&1
        build=$(sed -n 's/.*build network \([0-9.]*\) ms.*/\1/p' "$log" | head -1)
        sim=$(sed -n 's/.*simulate \([0-9.]*\) ms.*/\1/p' "$log" | head -1)
        sps=$(awk -v s="$sim" -v t="$TSTOP" 'BEGIN {printf "%.2f", s / t}')
        [ "$th" = 1 ] && base=$sps
        spikes=$(($(wc -l < "$OUT/out-$n-$th/control/spikes.csv") - 1))
        row "$n" "circ $th thread(s)" "$(awk -v b="$build" 'BEGIN {printf "%.2f", b / 1000}')" \
            "$sps" "$(peak_mb "$log")" "$spikes" "x$(awk -v a="$sps" -v b="$base" 'BEGIN {printf "%.2f", a / b}')"
    done
    conns="$OUT/out-$n-1/control/connections.csv"
    if [ -n "${CIRC_MPI:-}" ] && ! skip mpi; then
        "$CIRC_MPI" build "$model" -o "$OUT/prog-$n" >/dev/null 2>&1
        log="$OUT/mpi-$n.log"
        /usr/bin/time -v mpirun --oversubscribe --allow-run-as-root -np 2 "$OUT/prog-$n" \
            -o "$OUT/mpi-out-$n" --time >"$log" 2>&1
        build=$(sed -n 's/.*build network \([0-9.]*\) ms.*/\1/p' "$log" | head -1)
        sim=$(sed -n 's/.*simulate \([0-9.]*\) ms.*/\1/p' "$log" | head -1)
        sps=$(awk -v s="$sim" -v t="$TSTOP" 'BEGIN {printf "%.2f", s / t}')
        spikes=$(($(wc -l < "$OUT/mpi-out-$n/control/spikes.csv") - 1))
        row "$n" "circ 2 MPI ranks" "$(awk -v b="$build" 'BEGIN {printf "%.2f", b / 1000}')" \
            "$sps" "$(peak_mb "$log") (sum of ranks: see log)" "$spikes" \
            "x$(awk -v a="$sps" -v b="$base" 'BEGIN {printf "%.2f", a / b}')"
    fi
    for ce in 0 1; do
        name=neuron label="NEURON 8.2.2" ce_flag=""
        if [ "$ce" = 1 ]; then
            name=neuron_ce label="NEURON 8.2.2, cache_efficient" ce_flag=--cache-efficient
        fi
        skip "$name" && continue
        if [ $((n * 25)) -gt $((mem_kb * 8 / 10)) ]; then
            row "$n" "$label" "-" "not run: ~$((n * 25 / 1024)) MB needed" "-" "-" "-"
            continue
        fi
        log="$OUT/$name-$n.log"
        /usr/bin/time -v $PY "$HERE/neuron_seed.py" "$model" "$conns" --layout shared \
            $ce_flag >"$log" 2>&1
        sps=$(awk -v s="$(json "$log" simulate_s)" -v t="$TSTOP" 'BEGIN {printf "%.2f", s * 1000 / t}')
        row "$n" "$label" "$(json "$log" build_s)" "$sps" "$(peak_mb "$log")" "$(json "$log" spikes)" \
            "x$(awk -v a="$sps" -v b="$base" 'BEGIN {printf "%.1f", a / b}')"
    done
    if ! skip brian2; then
        for th in 1 2; do
            log="$OUT/brian2-$n-$th.log"
            /usr/bin/time -v $PY "$HERE/brian2_scaled.py" "$model" "$conns" --threads "$th" \
                --dir "$OUT/brian2-$n-$th" >"$log" 2>&1
            sps=$(json "$log" s_per_simulated_s)
            row "$n" "Brian2 2.5.1 standalone, $th thread(s)" "$(json "$log" setup_s)" \
                "$(awk -v a="$sps" 'BEGIN {printf "%.2f", a}')" "$(peak_mb "$log") (Python + program)" \
                "$(json "$log" spikes)" "x$(awk -v a="$sps" -v b="$base" 'BEGIN {printf "%.1f", a / b}')"
        done
    fi
done

echo "| cells | engine | build (s) | simulate (s per simulated s) | peak (MB) | spikes | time vs circ, 1 thread |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "simulated ${TSTOP} ms per run; $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); logs in $OUT"
