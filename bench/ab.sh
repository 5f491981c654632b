#!/bin/bash
# bench/ab.sh - two circ binaries on one model, alternated (A, B, A, B, ...)
# so that the host's drift hits both alike; prints the min and median of the
# "simulate" stage of each and whether their last spikes.csv are identical.
#
#   bench/ab.sh MODEL.circ N CIRC_A CIRC_B [run options, e.g. --threads 1 -e control]
#
# Outputs go to $OUT (default /tmp/circ-ab).
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,8p' "$0"; exit 2; }
model=$1 n=$2 A=$3 B=$4
shift 4
OUT=${OUT:-/tmp/circ-ab}
mkdir -p "$OUT"
ra=() rb=()
sim() { "$1" run "$model" -o "$2" --time "${@:3}" 2>&1 | sed -n 's/.*simulate \([0-9.]*\) ms.*/\1/p' | head -1; }
for _ in $(seq "$n"); do
    ra+=("$(sim "$A" "$OUT/a" "$@")")
    rb+=("$(sim "$B" "$OUT/b" "$@")")
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {printf "min %.0f ms, median %.0f ms (n = %d)", a[1], a[int((NR + 1) / 2)], NR}'; }
echo "A $A: $(stats "${ra[@]}")"
echo "B $B: $(stats "${rb[@]}")"
same=identical
for f in "$OUT"/a/*/spikes.csv; do
    cmp -s "$f" "$OUT/b/${f#"$OUT"/a/}" || same=different
done
echo "spikes.csv: $same"
