#!/usr/bin/env python3
"""same_outputs.py A B: exit 0 when two output directories of circ hold the
same files with the same bytes, except for what a run records about itself
and not about the model (docs/CLUSTER.md): summary.json's provenance.date,
.threads and .ranks, and report.html's rows of the same (so also the
checksum and size summary.json lists for report.html).  Prints each
difference otherwise (exit 1)."""
import json
import os
import re
import sys

VARYING = ("date", "threads", "ranks")


def drop_report(x):
    if isinstance(x, dict):
        if x.get("path") == "report.html":
            x.pop("sha256", None)
            x.pop("bytes", None)
        for v in x.values():
            drop_report(v)
    elif isinstance(x, list):
        for v in x:
            drop_report(v)


def normalized(path):
    with open(path, "rb") as f:
        data = f.read()
    name = os.path.basename(path)
    if name == "summary.json":
        j = json.loads(data)
        for k in VARYING:
            j.get("provenance", {}).pop(k, None)
        drop_report(j)
        return json.dumps(j, sort_keys=True, indent=1).encode()
    if name == "report.html":
        text = data.decode()
        return re.sub(r"<tr><th>(threads|MPI ranks|date[^<]*)</th><td>[^<]*</td></tr>", "",
                      text).encode()
    return data


def files(top):
    out = set()
    for d, _, names in os.walk(top):
        for n in names:
            out.add(os.path.relpath(os.path.join(d, n), top))
    return out


def main():
    a, b = sys.argv[1], sys.argv[2]
    fa, fb = files(a), files(b)
    bad = 0
    for f in sorted(fa ^ fb):
        print(f"only in {'A' if f in fa else 'B'}: {f}")
        bad += 1
    for f in sorted(fa & fb):
        if normalized(os.path.join(a, f)) != normalized(os.path.join(b, f)):
            print(f"differs: {f}")
            bad += 1
    if not fa:
        print("no files")
        bad += 1
    sys.exit(1 if bad else 0)


main()
