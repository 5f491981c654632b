#!/bin/sh
# tests/golden/regen.sh - rewrites tests/golden/NN-name.ir from the built circ
# (`circ --emit=ir`), as tests/golden/test_ir.c compares them: 00-stdlib.ir
# whole, the others without the standard mechanisms that begin every dump.
# Run from the build directory (or set CIRC), then read `git diff`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
circ=${CIRC:-./circ}
std=$(mktemp)
trap 'rm -f "$std"' EXIT
"$circ" --emit=ir "$here/00-stdlib.circ" > "$std"
cp "$std" "$here/00-stdlib.ir"
# lines of the standard mechanisms: those before the first cell type
n=$(grep -n '^celltype ' "$std" | head -1 | cut -d: -f1)
for f in "$here"/[0-9]*.circ; do
    case "$f" in */00-stdlib.circ) continue ;; esac
    "$circ" --emit=ir "$f" | tail -n +"$n" > "${f%.circ}.ir"
done
