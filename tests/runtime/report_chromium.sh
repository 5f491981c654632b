#!/bin/sh
# tests/runtime/report_chromium.sh - renders report.html of the seed
# microcircuit in headless Chromium: takes a screenshot to look at and fails
# if the browser logs a console error, if a figure is not in the page itself
# or if the page refers to another file.
#
# NOT part of `make check`: CI has no browser.  Run it by hand after changing
# rt_figures.c or rt_report.c (Debian: apt-get install chromium):
#
#   tests/runtime/report_chromium.sh [OUTDIR]     # default: a temporary directory
#
# It runs ./circ from the build directory (the current one, or $CIRC), then
# leaves OUTDIR/report.png (the screenshot, 1400x3000) and OUTDIR/chromium.log.
set -eu

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
circ=${CIRC:-./circ}
out=${1:-$(mktemp -d /tmp/circ-chromium-XXXXXX)}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "report_chromium.sh: no chromium (Debian: apt-get install chromium)" >&2
    exit 77
fi

"$circ" run "$srcdir/examples/microcircuit.circ" -o "$out" > "$out.run.log" 2>&1 || {
    echo "report_chromium.sh: circ run failed, see $out.run.log" >&2
    exit 1
}
report=$(cd "$out" && pwd)/report.html
profile=$(mktemp -d /tmp/circ-chromium-profile-XXXXXX)
# Every switch that could reach the network is off: the page must need none.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 \
    --window-size=1400,3000 --screenshot="$out/report.png" \
    "file://$report" > "$out/chromium.log" 2>&1 || true
rm -rf "$profile"

status=0
if [ ! -s "$out/report.png" ]; then
    echo "report_chromium.sh: no screenshot; see $out/chromium.log" >&2
    status=1
fi
# Console messages are logged as "INFO:CONSOLE"; Chromium logs nothing for an
# image it cannot load, so every figure is checked below.
if grep -E 'CONSOLE|Uncaught' "$out/chromium.log" >&2; then
    echo "report_chromium.sh: the page logged errors (above)" >&2
    status=1
fi
# Self-contained: every figure is in the page (a data: URI), and nothing
# refers to another file.
for f in "$out"/figures/*.svg; do
    name=$(basename "$f" .svg)
    grep -q "<figure id=\"fig-$name\">" "$report" || {
        echo "report.html does not show $f" >&2
        status=1
    }
done
nfig=$(ls "$out"/figures/*.svg | wc -l)
ndata=$(grep -c '^<img src="data:image/\(svg+xml,\|png;base64,\)' "$report" || true)
if [ "$ndata" -ne "$nfig" ]; then
    echo "report_chromium.sh: $ndata figures in report.html, $nfig in figures/" >&2
    status=1
fi
if grep -Eo '(src|href)="[^d#][^"]*"' "$report" >&2; then
    echo "report_chromium.sh: report.html refers to other files (above)" >&2
    status=1
fi
[ $status -eq 0 ] && echo "report_chromium.sh: ok; look at $out/report.png"
exit $status
