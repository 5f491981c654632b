#!/bin/sh
# tests/nmodl/regen.sh - rewrites the golden file of every tests/nmodl/NN-name.mod
# from the built circ, as tests/nmodl/test_nmodl.c compares them: .ast from
# `circ --emit=ast`, .tokens from `circ --emit=tokens`, .err from the stderr of
# `circ check` run in the source root.  Only goldens that exist are rewritten
# (create an empty one to add a case).  Set CIRC if circ is not ./circ; then
# read `git diff`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
circ=$(cd "$(dirname "${CIRC:-./circ}")" && pwd)/$(basename "${CIRC:-./circ}")
cd "$here/../.."
for f in tests/nmodl/[0-9]*.mod; do
    b=${f%.mod}
    if [ -f "$b.ast" ]; then "$circ" --emit=ast "$f" > "$b.ast"; fi
    if [ -f "$b.tokens" ]; then "$circ" --emit=tokens "$f" > "$b.tokens"; fi
    if [ -f "$b.err" ]; then "$circ" check "$f" 2> "$b.err" || true; fi
done
