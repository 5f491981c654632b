#!/bin/sh
# test_analysis_doc.sh - the Python snippets of docs/ANALYSIS.md, run on
# the seed's outputs (--connections --sonata): every output of circ loads as
# documented (TAP).  Needs Debian's python3-pandas and python3-h5py.
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
if ! "$py" -c 'import pandas, h5py' 2>/dev/null; then
    echo "1..0 # SKIP Debian's python3-pandas or python3-h5py is not installed"
    exit 0
fi
circ=${CIRC:-$here/../../circ}
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-analysis-doc-XXXXXX") || exit 1
if ! "$circ" run "$here/../../examples/microcircuit.circ" --connections --sonata \
        -o "$work/microcircuit" > "$work/log" 2>&1; then
    echo "1..1"
    echo "not ok 1 - circ run failed: $(tail -1 "$work/log")"
    exit 1
fi
"$py" "$here/run_doc_snippets.py" "$here/../../docs/ANALYSIS.md" "$work/microcircuit"
rc=$?
rm -rf "$work"
exit $rc
