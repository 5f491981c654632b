#!/bin/sh
# test_pipeline.sh - the short differential-fuzzing run of `make check`
# (TAP): the models of seeds 1.. (tests/fuzz/genmodel.py) through `circ run`
# and a `circ build` program, 1 and 3 threads, default and --exact
# (pipeline.py).  Stops starting models after PIPELINE_SECONDS (default 45)
# or PIPELINE_MODELS models (default 30), whichever comes first, so a slow
# (sanitized) build runs fewer of the same seeds.  A failing seed's files stay
# in the work directory named in the output.
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null 2>&1; then
    echo "1..0 # SKIP python3 not found"
    exit 0
fi
circ=${CIRC:-$here/../../circ}
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-pipeline-check-XXXXXX") || exit 1
secs=${PIPELINE_SECONDS:-45}
python3 "$here/pipeline.py" --tap --circ "$circ" --first 1 --count "${PIPELINE_MODELS:-30}" \
    --minutes "$(echo "$secs" | awk '{print $1 / 60}')" --work "$work" --timeout 300
rc=$?
[ "$rc" -eq 0 ] && rm -rf "$work"
exit "$rc"
