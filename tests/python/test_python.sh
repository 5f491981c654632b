#!/bin/sh
# tests/python/test_python.sh - the Python package (compiler/api/python/circ)
# under pytest, against this build's libcirc.so and circ; TAP, a line per
# pytest test (from its JUnit XML).
# Skipped (77) under ASan: an instrumented libcirc.so cannot be loaded into
# an uninstrumented python3; tests/unit/test_api.c covers the C API there.
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILDDIR:-$top}
if nm -D "$build/libcirc.so" 2>/dev/null | grep -q __asan_; then
    echo "1..0 # SKIP libcirc.so is built with ASan"
    exit 0
fi
if ! /usr/bin/python3 -c "import pytest, numpy, pandas" 2>/dev/null; then
    echo "1..1"
    echo "not ok 1 - needs Debian's python3-pytest, python3-numpy and python3-pandas (tools/setup installs them)"
    exit 1
fi
export CIRC_LIBRARY="$build/libcirc.so" CIRC_BIN="$build/circ" CIRC_SRCDIR="$top"
export PYTHONPATH="$top/compiler/api/python${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1
work=$(mktemp -d "${TMPDIR:-/tmp}/circ-test-python-XXXXXX")
trap 'rm -rf "$work"' EXIT
export CIRC_CACHE_DIR="$work/cache"
/usr/bin/python3 -m pytest -q -p no:cacheprovider --basetemp="$work/pytest" \
    --junitxml="$work/junit.xml" "$top/tests/python" >"$work/log" 2>&1
rc=$?
/usr/bin/python3 - "$work/junit.xml" <<'PY' || { sed 's/^/# /' "$work/log"; exit 1; }
import sys
import xml.etree.ElementTree as ET
cases = list(ET.parse(sys.argv[1]).getroot().iter("testcase"))
print(f"1..{len(cases)}")
bad = 0
for i, c in enumerate(cases, 1):
    what = c.find("failure")
    if what is None:
        what = c.find("error")
    skip = c.find("skipped")
    if what is not None:
        bad += 1
        print(f"not ok {i} - {c.get('name')}")
        for line in (what.get("message") or "").splitlines()[:20]:
            print(f"# {line}")
    elif skip is not None:
        print(f"ok {i} - {c.get('name')} # SKIP {skip.get('message')}")
    else:
        print(f"ok {i} - {c.get('name')}")
sys.exit(1 if bad or not cases else 0)
PY
status=$?
[ $rc -ne 0 ] && [ $status -eq 0 ] && { sed 's/^/# /' "$work/log"; status=1; }
exit $status
