#!/bin/sh
# tests/python/test_python.sh - the Python package (compiler/api/python/circ)
# under pytest, against this build's libcirc.so and circ.
# Skipped (77) under ASan: an instrumented libcirc.so cannot be loaded into
# an uninstrumented python3; tests/unit/test_api.c covers the C API there.
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILDDIR:-$top}
if nm -D "$build/libcirc.so" 2>/dev/null | grep -q __asan_; then
    echo "test_python: libcirc.so is built with ASan: skipped"
    exit 77
fi
if ! /usr/bin/python3 -c "import pytest, numpy, pandas" 2>/dev/null; then
    echo "test_python: needs Debian's python3-pytest, python3-numpy and python3-pandas (tools/setup installs them)" >&2
    exit 1
fi
export CIRC_LIBRARY="$build/libcirc.so" CIRC_BIN="$build/circ" CIRC_SRCDIR="$top"
export PYTHONPATH="$top/compiler/api/python${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-test-python-XXXXXX")
trap 'rm -rf "$work"' EXIT
export CIRC_CACHE_DIR="$work/cache"
/usr/bin/python3 -m pytest -q -p no:cacheprovider --basetemp="$work/pytest" "$top/tests/python"
