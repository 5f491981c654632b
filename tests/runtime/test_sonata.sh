#!/bin/sh
# test_sonata.sh - `circ run --sonata` writes the seed's network as a
# SONATA circuit that Debian's h5py reads as the specification lays it out,
# equal to the run's own cells.csv and connections.csv (check_sonata.py;
# TAP).  Needs /usr/bin/python3 with python3-h5py (tools/setup installs it).
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
if ! "$py" -c 'import h5py' 2>/dev/null; then
    echo "1..0 # SKIP Debian's python3-h5py is not installed"
    exit 0
fi
circ=${CIRC:-$here/../../circ}
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-sonata-XXXXXX") || exit 1
if ! "$circ" run "$here/../../examples/microcircuit.circ" -e control --sonata --connections \
        -o "$work/out" > "$work/log" 2>&1; then
    echo "1..1"
    echo "not ok 1 - circ run --sonata failed: $(tail -1 "$work/log")"
    exit 1
fi
"$circ" run "$here/../../examples/microcircuit.circ" -e control --sonata --connections \
    -o "$work/again" > /dev/null 2>&1
"$py" "$here/check_sonata.py" "$work/out" control "$work/again"
rc=$?
rm -rf "$work"
exit $rc
