#!/usr/bin/python3
"""run_doc_snippets.py DOC OUT - runs the ```python blocks of DOC in order,
in one namespace, with `out = "..."` pointing at OUT; prints one TAP line
per block (its first line of code names it)."""
import re
import sys
import traceback

doc, out = sys.argv[1], sys.argv[2]
blocks = re.findall(r"```python\n(.*?)```", open(doc).read(), re.S)
print("1..%d" % len(blocks))
ns = {}
failed = 0
for i, code in enumerate(blocks, 1):
    code = re.sub(r'^out = ".*?"', 'out = %r' % out, code, flags=re.M)
    first = next((l for l in code.splitlines() if l.strip() and not l.startswith("#")), "")
    try:
        exec(compile(code, "%s block %d" % (doc, i), "exec"), ns)
        print("ok %d - %s" % (i, first))
    except Exception:
        failed += 1
        print("not ok %d - %s" % (i, first))
        for line in traceback.format_exc().splitlines():
            print("# " + line)
sys.exit(1 if failed else 0)
