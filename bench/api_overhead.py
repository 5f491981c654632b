#!/usr/bin/python3
"""bench/api_overhead.py - what a run costs from Python (import circ, the model
compiled once) against `circ run` (a process per run), on the seed's control
experiment, warm object cache.

    bench/api_overhead.py [N]        (default 10 runs of each; medians printed)

Run from the build tree (libcirc.so and circ beside this folder)."""

import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TOP, "compiler", "api", "python"))
import circ  # noqa: E402

SEED = os.path.join(TOP, "examples", "microcircuit.circ")
N = int(sys.argv[1]) if len(sys.argv) > 1 else 10


def timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "o")
    cmd = [os.path.join(TOP, "circ"), "run", SEED, "-e", "control", "-o", out]
    subprocess.run(cmd, check=True, capture_output=True)          # fills the cache
    cli = [timed(lambda: subprocess.run(cmd, check=True, capture_output=True)) for _ in range(N)]
    cli_set = [timed(lambda: subprocess.run(cmd + ["--set", "bkg.rate=30Hz"], check=True,
                                            capture_output=True)) for _ in range(N)]
load = timed(lambda: globals().__setitem__("m", circ.load(SEED)))
py = [timed(lambda: m.run(experiments=["control"])) for _ in range(N)]    # noqa: F821
py_set = [timed(lambda: m.run(experiments=["control"], set={"bkg.rate": "30 Hz"}))  # noqa: F821
          for _ in range(N)]
med = statistics.median
print(f"seed, experiment control, {N} runs each, medians (s):")
print(f"  circ run (a process, CSV files, figures, report)   {med(cli):.3f}")
print(f"  circ run --set bkg.rate=30Hz                       {med(cli_set):.3f}")
print(f"  circ.load (check, compile or cache, once)          {load:.3f}")
print(f"  Model.run (in memory)                              {med(py):.3f}")
print(f"  Model.run(set={{'bkg.rate': '30 Hz'}})               {med(py_set):.3f}")
