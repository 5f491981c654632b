#!/bin/sh
# run_pipeline.sh [MINUTES] [FIRST_SEED] - the long differential-fuzzing
# campaign of the whole pipeline (tests/fuzz/pipeline.py): models from seed
# FIRST_SEED on (default: from the clock, so that each campaign covers new
# seeds) until MINUTES have passed (default 30), at the lowest priority.
# JOBS (models at once, default 1), NICE (default 19), CIRC (default
# ./circ of the tree; an ASan+UBSan build finds more) and
# WORK (default ${TMPDIR:-/tmp}/circ-pipeline-<first seed>) as in the
# environment.  Writes WORK/summary.json (models run, wall time, failures
# by kind and their seeds) while it runs and prints it at the end; each
# failure's model and command lines are in WORK/failures/<kind>-<seed>/.
# Exit 0 when nothing failed.
here=$(cd "$(dirname "$0")" && pwd)
minutes=${1:-30}
first=${2:-$(( $(date +%s) % 100000000 * 100 ))}
circ=${CIRC:-$here/../../circ}
work=${WORK:-${TMPDIR:-/tmp}/circ-pipeline-$first}
mkdir -p "$work"
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/../lsan.supp:print_suppressions=0}
export LSAN_OPTIONS
echo "run_pipeline: seeds from $first for $minutes min with $circ; work in $work" >&2
exec nice -n "${NICE:-19}" python3 "$here/pipeline.py" --circ "$circ" --jobs "${JOBS:-1}" --first "$first" --count 100000000 \
    --minutes "$minutes" --work "$work" --summary "$work/summary.json" --timeout 300
