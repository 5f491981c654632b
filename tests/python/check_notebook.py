#!/usr/bin/python3
"""check_notebook.py EXECUTED.ipynb - the executed example notebook shows what
it should: no error, the run as HTML with its figures inline, the gain change
computed by hand equal to circ's, the ISN verdict, the sweep, a figure as SVG
and the %%circ cell's run."""

import sys

import nbformat

nb = nbformat.read(sys.argv[1], as_version=4)
code = [c for c in nb.cells if c.cell_type == "code"]
problems = []


def outputs(kind):
    return [o for c in code for o in c.outputs if o.output_type == kind]


def text_of(c):
    return "".join(o.get("text", "") for o in c.outputs if o.output_type == "stream")


def data_of(c, mime):
    return "".join(o.get("data", {}).get(mime, "") for o in c.outputs
                   if o.output_type in ("execute_result", "display_data"))


def cell_with(source):
    found = [c for c in code if source in c.source]
    if not found:
        problems.append(f"no cell contains {source!r}")
        return nbformat.v4.new_code_cell("")
    return found[0]


if any(c.get("execution_count") is None for c in code):
    problems.append("a code cell was not executed")
for o in outputs("error"):
    problems.append(f"error output: {o.get('ename')}: {o.get('evalue')}")
run = data_of(cell_with("run = m.run(seed=1)"), "text/html")
for want in ("<th>control</th>", "<th>pv_silencing</th>", "<th>isn_push</th>", "Inh_PV", "<svg",
             "&#10003; held"):
    if want not in run:
        problems.append(f"the run's HTML lacks {want!r}")
gain = text_of(cell_with("by_hand = 100"))
if "by hand" not in gain or "measured by circ" not in gain:
    problems.append(f"gain change not printed: {gain!r}")
isn = text_of(cell_with("push = run[\"isn_push\"]"))
if "circ's verdict:" not in isn:
    problems.append(f"ISN verdict not printed: {isn!r}")
if "<table" not in data_of(cell_with("sweep = pd.DataFrame("), "text/html"):
    problems.append("the sweep's table is not shown")
if "<svg" not in data_of(cell_with('run.figures["window_rates"]'), "image/svg+xml"):
    problems.append("the figure is not shown as SVG")
if "<table" not in data_of(cell_with("small[\"default\"].spikes"), "text/html"):
    problems.append("the %%circ cell's spikes are not shown")
for p in problems:
    print("check_notebook:", p, file=sys.stderr)
print(f"check_notebook: {len(code)} code cells, {len(problems)} problems")
sys.exit(1 if problems else 0)
