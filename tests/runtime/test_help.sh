#!/bin/sh
# test_help.sh - `circ help` prints the sections of the language manual it
# was built with, one topic at a time; `man circ` (docs/circ.1) renders
# without groff warnings (TAP).
here=$(cd "$(dirname "$0")" && pwd)
circ=${CIRC:-$here/../../circ}
doc=$here/../../docs/LANGUAGE.md
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }
echo "1..6"
sections=$(grep -c '^## ' "$doc")
listed=$("$circ" help | grep -c '^  [0-9]*\. ')
[ "$listed" -eq "$sections" ] && ok "circ help lists the $sections sections" || no "circ help lists $listed of $sections sections"
out=$("$circ" help units)
if [ "$(printf '%s\n' "$out" | head -1)" = "## 2. Units" ] && ! printf '%s\n' "$out" | grep -q '^## 3'; then
    ok "circ help units prints that section alone"
else
    no "circ help units prints: $(printf '%s\n' "$out" | head -1)"
fi
# the section is the manual's text, byte for byte
want=$(awk '/^## 2\. /{on=1} /^## 3\. /{on=0} on' "$doc")
[ "$out" = "$want" ] && ok "the section is docs/LANGUAGE.md's" || no "the section differs from docs/LANGUAGE.md"
[ "$("$circ" help 4 | head -1)" = "## 4. Network" ] && ok "a section by its number" || no "circ help 4"
"$circ" help nosuchtopic > /dev/null 2>&1
[ $? -eq 2 ] && ok "an unknown topic exits 2" || no "an unknown topic does not exit 2"
if command -v groff > /dev/null 2>&1; then
    warn=$(groff -man -Tutf8 -ww "$here/../../docs/circ.1" 2>&1 > /dev/null)
    [ -z "$warn" ] && ok "circ.1 renders without warnings" || no "circ.1: $warn"
else
    ok "circ.1 renders # SKIP groff is not installed"
fi
