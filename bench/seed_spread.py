#!/usr/bin/env python3
"""Seed-to-seed spread of the seed microcircuit in circ's own mode.

Runs examples/microcircuit.circ for seeds 1..N (default 10) and prints the
mean +- standard deviation of the control population rates, the PV-silencing
gain and the ISN-push rates, beside NetPyNE 1.1.0 + NEURON 8.2.2's spread over
10 seeds (shared/NETPYNE_COMPAT.md section 7).  A value counts as inside the
spread when it lies within 2 standard deviations of NetPyNE's mean.

usage: bench/seed_spread.py [N] [--exact]
"""
import json, os, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NETPYNE = {  # mean, sd over 10 seeds (NETPYNE_COMPAT.md section 7)
    "control spikes": (2101, 73),
    "Exc_L23 rate (Hz)": (13.2, 0.9),
    "Exc_L5 rate (Hz)": (13.5, 1.3),
    "Inh_PV rate (Hz)": (70.2, 1.8),
    "Inh_SOM rate (Hz)": (33.0, 1.5),
    "PV-silencing gain (%)": (76.8, 16.7),
    "push: PV rate after (Hz)": (49.3, 5.1),
    "push: Exc rate after (Hz)": (17.5, 1.3),
}

def run(seed, exact):
    out = tempfile.mkdtemp(prefix="circ-spread-")
    cmd = [os.path.join(ROOT, "circ"), "run", os.path.join(ROOT, "examples/microcircuit.circ"),
           "-o", out, "--seed", str(seed)] + (["--exact"] if exact else [])
    rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if rc.returncode not in (0, 1):     # 1: an expectation failed; the run is complete
        sys.exit(rc.stderr)
    with open(os.path.join(out, "summary.json")) as f:
        s = json.load(f)
    subprocess.run(["rm", "-rf", out], check=True)
    e = s["experiments"]
    return {
        "control spikes": e["control"]["spikes"],
        "Exc_L23 rate (Hz)": e["control"]["rates"]["Exc_L23"],
        "Exc_L5 rate (Hz)": e["control"]["rates"]["Exc_L5"],
        "Inh_PV rate (Hz)": e["control"]["rates"]["Inh_PV"],
        "Inh_SOM rate (Hz)": e["control"]["rates"]["Inh_SOM"],
        "PV-silencing gain (%)": e["pv_silencing"]["measures"]["gain_change_pct"],
        "push: PV rate after (Hz)": e["isn_push"]["measures"]["pv_rate_post"],
        "push: Exc rate after (Hz)": e["isn_push"]["measures"]["exc_rate_post"],
        "verdict": e["isn_push"]["measures"]["isn_verdict"],
        "PV silenced / baseline": e["pv_silencing"]["measures"]["PV_silenced"]
                                  / e["pv_silencing"]["measures"]["PV_baseline"],
        "failed": [l for l in rc.stderr.splitlines() if "expectation failed" in l],
    }

def main():
    n = int(next((a for a in sys.argv[1:] if a.isdigit()), 10))
    exact = "--exact" in sys.argv
    runs = [run(seed, exact) for seed in range(1, n + 1)]
    print(f"| quantity | circ, seeds 1-{n} | NetPyNE, 10 seeds | inside 2 sd |")
    print("|---|---:|---:|:---:|")
    for key, (mean, sd) in NETPYNE.items():
        xs = [r[key] for r in runs]
        m, s = statistics.mean(xs), statistics.stdev(xs)
        inside = "yes" if abs(m - mean) <= 2 * sd else "no"
        print(f"| {key} | {m:.1f} +- {s:.1f} | {mean} +- {sd} | {inside} |")
    ratios = [r["PV silenced / baseline"] for r in runs]
    print(f"\nPV rate while silenced / baseline: " + ", ".join(f"{x:.2f}" for x in ratios))
    for seed, r in enumerate(runs, 1):
        for line in r["failed"]:
            print(f"seed {seed}: {line}")
    verdicts = [r["verdict"] for r in runs]
    print(f"\nISN verdicts: " + ", ".join(f"{v} x{verdicts.count(v)}" for v in sorted(set(verdicts))))

if __name__ == "__main__":
    main()
