#!/bin/sh
# tests/python/test_notebook.sh - examples/microcircuit.ipynb executed
# headless (jupyter nbconvert --execute, Debian's jupyter-nbconvert and
# python3-ipykernel) against this build, then its outputs checked
# (check_notebook.py).  Skipped (77) under ASan, as test_python.sh.
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILDDIR:-$top}
if nm -D "$build/libcirc.so" 2>/dev/null | grep -q __asan_; then
    echo "test_notebook: libcirc.so is built with ASan: skipped"
    exit 77
fi
if ! command -v jupyter-nbconvert >/dev/null || ! /usr/bin/python3 -c "import ipykernel" 2>/dev/null; then
    echo "test_notebook: needs Debian's jupyter-nbconvert and python3-ipykernel (tools/setup installs them)" >&2
    exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-test-notebook-XXXXXX")
trap 'rm -rf "$work"' EXIT
export CIRC_LIBRARY="$build/libcirc.so" CIRC_CACHE_DIR="$work/cache"
export PYTHONPATH="$top/compiler/api/python${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1 PYDEVD_DISABLE_FILE_VALIDATION=1 JUPYTER_PLATFORM_DIRS=1
export HOME="$work"         # jupyter's runtime files, not the user's
# the notebook runs where it lives (it opens microcircuit.circ beside it)
cd "$top/examples" &&
    jupyter-nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
        --output-dir "$work" --output executed microcircuit.ipynb >"$work/log" 2>&1 || {
    cat "$work/log" >&2
    exit 1
}
/usr/bin/python3 "$top/tests/python/check_notebook.py" "$work/executed.ipynb"
