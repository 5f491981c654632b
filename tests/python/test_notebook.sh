#!/bin/sh
# tests/python/test_notebook.sh - examples/microcircuit.ipynb executed
# headless (jupyter nbconvert --execute, Debian's jupyter-nbconvert and
# python3-ipykernel) against this build, then its outputs checked
# (check_notebook.py); TAP.  Skipped under ASan, as test_python.sh.
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILDDIR:-$top}
if nm -D "$build/libcirc.so" 2>/dev/null | grep -q __asan_; then
    echo "1..0 # SKIP libcirc.so is built with ASan"
    exit 0
fi
if ! command -v jupyter-nbconvert >/dev/null || ! /usr/bin/python3 -c "import ipykernel" 2>/dev/null; then
    echo "1..1"
    echo "not ok 1 - needs Debian's jupyter-nbconvert and python3-ipykernel (tools/setup installs them)"
    exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-test-notebook-XXXXXX")
trap 'rm -rf "$work"' EXIT
export CIRC_LIBRARY="$build/libcirc.so" CIRC_CACHE_DIR="$work/cache"
export PYTHONPATH="$top/compiler/api/python${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1 PYDEVD_DISABLE_FILE_VALIDATION=1 JUPYTER_PLATFORM_DIRS=1
export HOME="$work"         # jupyter's runtime files, not the user's
echo "1..2"
# the notebook runs where it lives (it opens microcircuit.circ beside it)
if (cd "$top/examples" &&
    jupyter-nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
        --output-dir "$work" --output executed microcircuit.ipynb) >"$work/log" 2>&1; then
    echo "ok 1 - examples/microcircuit.ipynb executes without an error"
else
    echo "not ok 1 - examples/microcircuit.ipynb executes without an error"
    sed 's/^/# /' "$work/log" | tail -40
    echo "not ok 2 - its outputs # not checked"
    exit 1
fi
if /usr/bin/python3 "$top/tests/python/check_notebook.py" "$work/executed.ipynb" >"$work/check" 2>&1; then
    echo "ok 2 - its outputs: the run's table and figures, gain change, ISN verdict, sweep, %%circ"
else
    echo "not ok 2 - its outputs: the run's table and figures, gain change, ISN verdict, sweep, %%circ"
    sed 's/^/# /' "$work/check"
    exit 1
fi
