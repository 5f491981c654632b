#!/usr/bin/python3
"""Brian2 (C++ standalone) version of the network circ simulates for
examples/microcircuit.circ or a scaled copy (bench/gen_scaled.py), for the
speed comparison of issue 10 item 6.

    /usr/bin/python3 bench/brian2_scaled.py MODEL.circ CONNECTIONS.csv \
        [--tstop MS] [--threads N] [--dir BUILD_DIR] [--out SPIKES.csv]

The connectivity is not redrawn: it is read from circ's `--connections`
output, as bench/neuron_seed.py does (whose parser this script shares), so
the three simulators see the same network.  The model is the same where
Brian2 can say it:
  - PYR: two compartments, the soma (hh, NEURON's hh.mod rates at
    `temperature`) and the dendrite (pas), coupled by the axial conductance
    between their centres (nseg = 1 each); INH: one soma (hh);
  - synapses as circ's default mode builds them: one Exp2Syn per cell,
    compartment and synapse type, onto which every connection of that kind
    adds its weight (Exp2Syn's normalisation factor included);
  - background: one NetStim per cell (interval, noise, start as NetStim's
    invl: (1 - noise) * interval + noise * interval * exponential), its own
    stream (Brian2's rand(), not Random123);
  - spike detection at the soma: upward crossing of the threshold.
It differs in method: Brian2 integrates with exponential Euler (voltage
and gates) where NEURON and circ use backward Euler for the voltage and
cnexp for the gates, and spikes leave at step boundaries.  Spike counts are
therefore comparable in rate, not identical.

Times: "build" = Brian2's code generation and C++ compilation (not part of
a run's cost; printed for completeness), "setup" = the compiled program
reading its arrays and making the synapses, "simulate" = the program's main
loop (Brian2's own last_run_time).  Prints one line `RESULT {json}`.
"""

import argparse
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
from neuron_seed import parse_circ, read_connections  # noqa: E402

# the two cell types of examples/microcircuit.circ (as in neuron_seed.py)
PYR = dict(soma=(18.8, 18.8, 123.0, 1.0, dict(gnabar=0.12, gkbar=0.036, gl=0.001, el=-70.0)),
           dend=(150.0, 2.0, 150.0, 1.0, dict(g=0.0002, e=-70.0)))
INH = dict(soma=(16.0, 16.0, 125.0, 1.0, dict(gnabar=0.14, gkbar=0.045, gl=0.00095, el=-70.0)))
THRESHOLD = 10.0
ENA, EK = 50.0, -77.0       # hh.mod's defaults (NEURON's ena, ek)


def exp2syn_factor(tau1, tau2):
    tp = (tau1 * tau2) / (tau2 - tau1) * math.log(tau2 / tau1)
    return 1.0 / (-math.exp(-tp / tau1) + math.exp(-tp / tau2))


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("circ")
    ap.add_argument("connections")
    ap.add_argument("--tstop", type=float, help="override the model's duration (ms)")
    ap.add_argument("--threads", type=int, default=1, help="OpenMP threads (default 1)")
    ap.add_argument("--dir", default="/tmp/circ-brian2", help="Brian2's build directory")
    ap.add_argument("--out", help="spike CSV to write (spkt,spkid)")
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    m = parse_circ(a.circ)
    pre, post, rule = read_connections(a.connections)
    t_read = time.perf_counter() - t0

    import numpy as np
    import brian2 as b2
    from brian2 import ms, mV, um, uS, uF, cm, ohm, siemens, nS, amp, second

    b2.set_device("cpp_standalone", directory=a.dir, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = a.threads if a.threads > 1 else 0
    b2.defaultclock.dt = m["dt"] * ms
    tstop = a.tstop if a.tstop is not None else m["tstop"]
    q10 = 3.0 ** ((m["celsius"] - 6.3) / 10.0)

    # cells in gid order: each population is PYR or INH; one NeuronGroup holds
    # all, with per-cell constants (an INH cell has a dendrite of no area)
    types = []
    for _, ctype, count in m["pops"]:
        types += [ctype] * count
    n = len(types)
    is_pyr = np.array([t == "PYR" for t in types])

    def area(L, d):
        return math.pi * L * d * um ** 2

    def half_ri(L, d, Ra):      # the axial resistance of half a section
        return Ra * ohm * cm * (L / 2) * um / (math.pi * (d * um / 2) ** 2)

    Ls, ds, Ras, cms, hp = PYR["soma"]
    Li, di, Rai, cmi, hpi = INH["soma"]
    Ld, dd, Rad, cmd, pp = PYR["dend"]
    g_ax = 1.0 / (half_ri(Ls, ds, Ras) + half_ri(Ld, dd, Rad))

    syn_tau = {k: (p["tau1"], p["tau2"], p["e"]) for k, p in m["syn"].items()}
    locs = sorted({(r["sec"], r["syn"]) for r in m["rules"]} |
                  {(s["sec"], s["syn"]) for s in m["stims"]})
    eqs = """
    dv/dt = (-(gna*m**3*h*(v - ENA) + gk*n**4*(v - EK) + gl*(v - el))*a_s
             + g_ax_c*(vd - v) + I_s) / C_s : volt
    dvd/dt = (-gpas*(vd - epas)*a_d + g_ax_c*(v - vd) + I_d) / C_d : volt
    dm/dt = q10*(alpham*(1 - m) - betam*m) : 1
    dh/dt = q10*(alphah*(1 - h) - betah*h) : 1
    dn/dt = q10*(alphan*(1 - n) - betan*n) : 1
    alpham = 1/exprel(-(v + 40*mV)/(10*mV))/ms : Hz
    betam = 4*exp(-(v + 65*mV)/(18*mV))/ms : Hz
    alphah = 0.07*exp(-(v + 65*mV)/(20*mV))/ms : Hz
    betah = 1/(exp(-(v + 35*mV)/(10*mV)) + 1)/ms : Hz
    alphan = 0.1/exprel(-(v + 55*mV)/(10*mV))/ms : Hz
    betan = 0.125*exp(-(v + 65*mV)/(80*mV))/ms : Hz
    gna : siemens/meter**2 (constant)
    gk : siemens/meter**2 (constant)
    gl : siemens/meter**2 (constant)
    el : volt (constant)
    gpas : siemens/meter**2 (constant)
    epas : volt (constant)
    a_s : meter**2 (constant)
    a_d : meter**2 (constant)
    C_s : farad (constant)
    C_d : farad (constant)
    g_ax_c : siemens (constant)
    """
    i_s, i_d = [], []
    for sec, syn in locs:
        tau1, tau2, e = syn_tau[syn]
        nm = "%s_%s" % (syn, sec)
        eqs += ("dA_%s/dt = -A_%s/(%g*ms) : siemens\n"
                "dB_%s/dt = -B_%s/(%g*ms) : siemens\n" % (nm, nm, tau1, nm, nm, tau2))
        term = "(B_%s - A_%s)*(%g*mV - %s)" % (nm, nm, e, "v" if sec == "soma" else "vd")
        (i_s if sec == "soma" else i_d).append(term)
    eqs += "I_s = %s : amp\n" % (" + ".join(i_s) or "0*amp")
    eqs += "I_d = %s : amp\n" % (" + ".join(i_d) or "0*amp")

    t1 = time.perf_counter()
    G = b2.NeuronGroup(n, eqs, threshold="v > %g*mV" % THRESHOLD,
                       refractory="v > %g*mV" % THRESHOLD, method="exponential_euler",
                       namespace=dict(ENA=ENA * mV, EK=EK * mV, q10=q10))
    G.gna = np.where(is_pyr, hp["gnabar"], hpi["gnabar"]) * siemens / cm ** 2
    G.gk = np.where(is_pyr, hp["gkbar"], hpi["gkbar"]) * siemens / cm ** 2
    G.gl = np.where(is_pyr, hp["gl"], hpi["gl"]) * siemens / cm ** 2
    G.el = np.where(is_pyr, hp["el"], hpi["el"]) * mV
    G.gpas = pp["g"] * siemens / cm ** 2
    G.epas = pp["e"] * mV
    G.a_s = np.where(is_pyr, area(Ls, ds) / um ** 2, area(Li, di) / um ** 2) * um ** 2
    G.a_d = np.where(is_pyr, area(Ld, dd) / um ** 2, 1.0) * um ** 2   # INH: a stub, uncoupled
    G.C_s = G.a_s[:] * np.where(is_pyr, cms, cmi) * uF / cm ** 2
    G.C_d = G.a_d[:] * cmd * uF / cm ** 2
    G.g_ax_c = np.where(is_pyr, g_ax / siemens, 0.0) * siemens
    v0 = m["v_init"]
    G.v = v0 * mV
    G.vd = v0 * mV
    # gates at their steady state at v_init (hh.mod's INITIAL)
    def steady(alpha, beta):
        return alpha / (alpha + beta)
    vt = v0
    am = 0.1 * (-(vt + 40)) / (math.exp(-(vt + 40) / 10) - 1)
    bm = 4 * math.exp(-(vt + 65) / 18)
    ah = 0.07 * math.exp(-(vt + 65) / 20)
    bh = 1 / (math.exp(-(vt + 35) / 10) + 1)
    an = 0.01 * (-(vt + 55)) / (math.exp(-(vt + 55) / 10) - 1)
    bn = 0.125 * math.exp(-(vt + 65) / 80)
    G.m, G.h, G.n = steady(am, bm), steady(ah, bh), steady(an, bn)
    # a target section a cell lacks is its soma (as circ and neuron_seed.py)
    def target(sec, gid_is_pyr):
        return sec if gid_is_pyr or sec == "soma" else "soma"

    pre = np.asarray(pre, dtype=np.int64)
    post = np.asarray(post, dtype=np.int64)
    rule = np.asarray(rule, dtype=np.int64)
    objects = [G]
    for k, r in enumerate(m["rules"]):
        sel = rule == k
        if not sel.any():
            continue
        tau1, tau2, _ = syn_tau[r["syn"]]
        w = r["weight"] * exp2syn_factor(tau1, tau2)
        # one Synapses object per target compartment: a PYR post cell takes the
        # rule's section, an INH one its soma
        for on_pyr in (True, False):
            s2 = sel & (is_pyr[post] == on_pyr)
            if not s2.any():
                continue
            nm = "%s_%s" % (r["syn"], target(r["sec"], on_pyr))
            S = b2.Synapses(G, G, on_pre="A_%s_post += %r*uS\nB_%s_post += %r*uS" % (nm, w, nm, w),
                            delay=r["delay"] * ms)
            S.connect(i=pre[s2], j=post[s2])
            objects.append(S)
    for st in m["stims"]:
        interval, noise = st["interval"], st["noise"]
        B = b2.NeuronGroup(n, """t_next : second""", threshold="t >= t_next",
                           reset="t_next = t + (%r + %r*(-log(rand())))*ms"
                                 % ((1 - noise) * interval, noise * interval),
                           method="euler")
        first = st["start"] - interval * (1 - noise) + (1 - noise) * interval
        B.t_next = "(%r + %r*(-log(rand())))*ms" % (first, noise * interval)
        tau1, tau2, _ = syn_tau[st["syn"]]
        w = st["weight"] * exp2syn_factor(tau1, tau2)
        for on_pyr in (True, False):
            cells = np.nonzero(is_pyr == on_pyr)[0]
            if len(cells) == 0:
                continue
            nm = "%s_%s" % (st["syn"], target(st["sec"], on_pyr))
            S = b2.Synapses(B, G, on_pre="A_%s_post += %r*uS\nB_%s_post += %r*uS" % (nm, w, nm, w),
                            delay=st["delay"] * ms)
            S.connect(i=cells, j=cells)
            objects.append(S)
        objects.append(B)
    mon = b2.SpikeMonitor(G)
    objects.append(mon)
    net = b2.Network(objects)
    net.run(tstop * ms, namespace={})     # names come from the groups only
    t_define = time.perf_counter() - t1

    t2 = time.perf_counter()
    b2.device.build(directory=a.dir, compile=True, run=False)
    t_build = time.perf_counter() - t2
    t3 = time.perf_counter()
    b2.device.run(a.dir, with_output=False, run_args=[])
    t_run = time.perf_counter() - t3
    simulate = float(b2.device._last_run_time)
    nspikes = int(mon.num_spikes)
    if a.out:
        order = np.lexsort((mon.i[:], mon.t[:]))
        with open(a.out, "w") as f:
            f.write("spkt,spkid\n")
            for k in order:
                f.write("%.17g,%d\n" % (mon.t[k] / ms, mon.i[k]))
    res = dict(simulator="brian2 %s cpp_standalone" % b2.__version__, cells=n,
               connections=int(len(pre)), tstop_ms=tstop, threads=a.threads,
               read_s=round(t_read, 3), define_s=round(t_define, 3), build_s=round(t_build, 3),
               setup_s=round(t_run - simulate, 3), simulate_s=round(simulate, 3),
               s_per_simulated_s=round(simulate / (tstop / 1000.0), 3), spikes=nspikes,
               rate_hz=round(nspikes / n / (tstop / 1000.0), 3))
    print("RESULT " + json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
