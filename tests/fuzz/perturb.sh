#!/bin/sh
# perturb.sh - a `circ` that lies, for test_pipeline.sh: runs the real one
# ($CIRC_REAL) and then, in a `run` with `--threads 3`, appends a line to
# the traces or spikes files it wrote.  pipeline.py must call that a
# "threads" failure: this shows its comparison sees a one-line difference.
"$CIRC_REAL" "$@"
rc=$?
out=
three=no
prev=
for a in "$@"; do
    [ "$prev" = "-o" ] && out=$a
    [ "$prev" = "--threads" ] && [ "$a" = 3 ] && three=yes
    prev=$a
done
if [ "$1" = run ] && [ "$three" = yes ] && [ -n "$out" ]; then
    for f in "$out"/*/traces.csv "$out"/*/spikes.csv; do
        [ -f "$f" ] && echo "0,0" >> "$f"
    done
fi
exit $rc
