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
    --minutes "$(echo "$secs" | awk '{print $1 / 60}')" --work "$work" --timeout 300 \
    > "$work/tap"
rc=$?
# the comparison itself: a circ whose 3-thread runs add a line to their
# traces must fail seed 2 (a network with traces) as "threads"
CIRC_REAL=$circ python3 "$here/pipeline.py" --circ "$here/perturb.sh" --first 2 --count 1 \
    --work "$work/perturbed" --timeout 300 > "$work/perturbed.out"
n=$(grep -c '^ok\|^not ok' "$work/tap")
grep -v '^1\.\.' "$work/tap"
if grep -q '"threads"' "$work/perturbed.out" && ! grep -q '"jit-vs-program"\|"crash"' "$work/perturbed.out"; then
    echo "ok $((n + 1)) - a one-line difference between 1 and 3 threads is reported"
else
    echo "not ok $((n + 1)) - a one-line difference between 1 and 3 threads is not reported as such"
    sed 's/^/# /' "$work/perturbed.out"
    rc=1
fi
echo "1..$((n + 1))"
[ "$rc" -eq 0 ] && rm -rf "$work"
exit "$rc"
