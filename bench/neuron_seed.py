#!/usr/bin/python3
"""Plain-NEURON (no NetPyNE) version of the network circ simulates for
examples/microcircuit.circ or a scaled copy (bench/microcircuit_x*.circ).

    /usr/bin/python3 bench/neuron_seed.py MODEL.circ CONNECTIONS.csv \
        [--layout netpyne|shared] [--out SPIKES.csv] [--tstop MS] \
        [--compare CIRC_SPIKES.csv] [--cvode] [--cache-efficient]

The connectivity is not redrawn: it is read from circ's `--connections`
output (pre,post,rule; rule = index of the `connect` statement), so both
simulators see the same network.  From MODEL.circ the script reads only the
population counts, the `synapse` parameters, the `connect` locations, weights
and delays, the background `stimulus` (NetStim) and the simulation settings;
the two cell types are those of examples/microcircuit.circ (hard-coded below).

Creation order (the one circ uses, so that layout A is bit-identical):
  1. cells in gid order (PYR: soma, dend, then dend(0) -> soma(1); INH: soma);
  2. connection synapses + NetCons in the order of CONNECTIONS.csv
     (threshold 10 mV at the pre cell's soma(0.5));
  3. per target gid (gid order): NetStim, noiseFromRandom123(stim_index + 1,
     gid, seed), its synapse at soma(0.5), NetCon NetStim -> synapse;
  4. one spike-recording NetCon per cell.

Layouts
  netpyne (A): one Exp2Syn per connection and per background NetStim, as
               NetPyNE builds it (and as `circ run --exact` simulates it);
  shared  (B): one Exp2Syn per (cell, section, synapse type), created at its
               first use in the order above; every NetCon of that kind goes
               onto it (as circ's default mode does).

Timing (time.perf_counter): "read" = parsing the files, "build" = creating
sections, synapses, NetStims and NetCons, "simulate" = h.finitialize +
h.continuerun(tstop).  Fixed step (cvode off, secondorder 0) unless --cvode;
--cache-efficient turns on CVode().cache_efficient(1) (NEURON's contiguous
per-thread arrays, ordered for the Hines solve) before the run.
Prints one line `RESULT {json}` at the end.
"""

import argparse
import json
import re
import sys
import time

T_START = time.perf_counter()

# examples/microcircuit.circ cell types: (section, L, diam, Ra, cm, {mech: params})
CELLS = {
    "PYR": dict(secs=[("soma", 18.8, 18.8, 123.0, 1.0,
                       {"hh": dict(gnabar=0.12, gkbar=0.036, gl=0.001, el=-70.0)}),
                      ("dend", 150.0, 2.0, 150.0, 1.0,
                       {"pas": dict(g=0.0002, e=-70.0)})],
                attach=[("dend", "soma", 1.0)]),
    "INH": dict(secs=[("soma", 16.0, 16.0, 125.0, 1.0,
                       {"hh": dict(gnabar=0.14, gkbar=0.045, gl=0.00095, el=-70.0)})],
                attach=[]),
}
THRESHOLD = 10.0


def num(s):
    return float(s)


def parse_circ(path):
    """The few facts the benchmark needs, from a seed-shaped .circ file."""
    txt = open(path).read()
    txt = re.sub(r"#[^\n]*", "", txt)
    m = dict()
    m["pops"] = [(n, ct, int(c)) for n, ct, c in re.findall(
        r"population\s+(\w+)\s+of\s+(\w+)\s*\{[^}]*?count\s*=\s*(\d+)", txt)]
    m["syn"] = {}
    for name, mech, body in re.findall(r"synapse\s+(\w+)\s*=\s*(\w+)\s*\{([^}]*)\}", txt):
        assert mech == "Exp2Syn", mech
        m["syn"][name] = {k: num(v) for k, v in re.findall(r"(\w+)\s*=\s*([-0-9.eE+]+)", body)}
    m["rules"] = []
    for sec, x, syn, body in re.findall(
            r"connect\s+[^\n{]*?\bat\s+(\w+)\(([0-9.]+)\)\s+via\s+(\w+)\s*\{([^}]*)\}", txt):
        w = re.search(r"weight\s*=\s*([-0-9.eE+]+)\s*uS", body)
        d = re.search(r"delay\s*=\s*([-0-9.eE+]+)\s*ms", body)
        m["rules"].append(dict(sec=sec, x=float(x), syn=syn, weight=num(w.group(1)),
                               delay=num(d.group(1)) if d else 1.0))
    # base stimuli (outside experiments): only the seed's NetStim form
    base = re.split(r"\bexperiment\s+\w+\s*\{", txt)[0]
    m["stims"] = []
    for idx, st in enumerate(re.finditer(
            r"stimulus\s+(\w+)\s*=\s*(\w+)\s*\{([^}]*)\}\s*->\s*(\w+)\s+at\s+(\w+)\(([0-9.]+)\)"
            r"(?:\s+via\s+(\w+)\s*\{([^}]*)\})?", base)):
        name, mech, body, target, sec, x, syn, cbody = st.groups()
        assert mech == "NetStim" and target == "all", (mech, target)
        p = {k: num(v) for k, v in re.findall(r"(\w+)\s*=\s*([-0-9.eE+]+)", body)}
        c = {k: num(v) for k, v in re.findall(r"(\w+)\s*=\s*([-0-9.eE+]+)", cbody)}
        m["stims"].append(dict(index=idx, name=name, interval=1000.0 / p["rate"],
                               noise=p["noise"], start=p["start"], number=p["number"],
                               sec=sec, x=float(x), syn=syn, weight=c["weight"],
                               delay=c.get("delay", 1.0)))
    sim = re.search(r"simulation\s*\{([^}]*)\}", txt).group(1)
    g = lambda k: num(re.search(k + r"\s*=\s*([-0-9.eE+]+)", sim).group(1))
    m["tstop"], m["dt"], m["celsius"], m["v_init"], m["seed"] = (
        g("duration"), g("dt"), g("temperature"), g("v_init"), int(g("seed")))
    return m


def read_connections(path):
    pre, post, rule = [], [], []
    with open(path) as f:
        assert f.readline().strip() == "pre,post,rule,weight,delay"
        for line in f:   # weight and delay are the rules' (the model gives them again)
            a, b, c = line.split(",")[:3]
            pre.append(int(a))
            post.append(int(b))
            rule.append(int(c))
    return pre, post, rule


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("circ")
    ap.add_argument("connections")
    ap.add_argument("--layout", choices=["netpyne", "shared", "A", "B"], default="netpyne")
    ap.add_argument("--out", help="spike CSV to write (spkt,spkid)")
    ap.add_argument("--tstop", type=float, help="override the model's duration (ms)")
    ap.add_argument("--compare", help="circ spikes.csv to compare with")
    ap.add_argument("--cvode", action="store_true", help="variable step (default: fixed)")
    ap.add_argument("--cache-efficient", action="store_true",
                    help="CVode().cache_efficient(1) (default: off, NEURON's default)")
    a = ap.parse_args(argv)
    shared = a.layout in ("shared", "B")

    t0 = time.perf_counter()
    m = parse_circ(a.circ)
    pre, post, rule = read_connections(a.connections)
    t_read = time.perf_counter() - t0

    from neuron import h
    h.load_file("stdrun.hoc")
    h.CVode().active(1 if a.cvode else 0)
    h.CVode().cache_efficient(1 if a.cache_efficient else 0)
    h.secondorder = 0
    h.dt = m["dt"]
    h.steps_per_ms = 1.0 / m["dt"]
    h.setdt()
    assert h.dt == m["dt"], h.dt
    h.celsius = m["celsius"]
    tstop = a.tstop if a.tstop is not None else m["tstop"]
    h.tstop = tstop

    t1 = time.perf_counter()
    # 1. cells
    cells = []      # gid -> {sec name: Section}
    for pname, ctype, count in m["pops"]:
        spec = CELLS[ctype]
        for i in range(count):
            secs = {}
            for sname, L, diam, Ra, cm, mechs in spec["secs"]:
                s = h.Section(name="%s_%d_%s" % (pname, i, sname))
                s.L = L
                s.diam = diam
                s.Ra = Ra
                s.cm = cm
                s.nseg = 1
                for mech, params in mechs.items():
                    s.insert(mech)
                    for k, val in params.items():
                        setattr(s, "%s_%s" % (k, mech), val)
                secs[sname] = s
            for child, parent, px in spec["attach"]:
                secs[child].connect(secs[parent](px), 0)
            cells.append(secs)
    ncell = len(cells)

    def target_sec(gid, sname):
        secs = cells[gid]
        return sname if sname in secs else "soma"   # no such section: the soma

    syns = []
    shared_syn = {}

    def synapse(gid, sname, x, stype):
        sname = target_sec(gid, sname)
        if shared:
            key = (gid, sname, x, stype)
            s = shared_syn.get(key)
            if s is not None:
                return s
        s = h.Exp2Syn(cells[gid][sname](x))
        p = m["syn"][stype]
        s.tau1 = p["tau1"]
        s.tau2 = p["tau2"]
        s.e = p["e"]
        syns.append(s)
        if shared:
            shared_syn[key] = s
        return s

    # 2. connections, in circ's creation order
    ncs = []
    rules = m["rules"]
    for i in range(len(pre)):
        r = rules[rule[i]]
        syn = synapse(post[i], r["sec"], r["x"], r["syn"])
        src = cells[pre[i]]["soma"]
        nc = h.NetCon(src(0.5)._ref_v, syn, sec=src)
        nc.threshold = THRESHOLD
        nc.weight[0] = r["weight"]
        nc.delay = r["delay"]
        ncs.append(nc)

    # 3. background NetStims, one per target cell
    stims = []
    for st in m["stims"]:
        for g in range(ncell):
            ns = h.NetStim()
            ns.interval = st["interval"]
            ns.number = st["number"]
            ns.start = st["start"]
            ns.noise = st["noise"]
            ns.noiseFromRandom123(st["index"] + 1, g, m["seed"])
            syn = synapse(g, st["sec"], st["x"], st["syn"])
            nc = h.NetCon(ns, syn)
            nc.weight[0] = st["weight"]
            nc.delay = st["delay"]
            stims.append(ns)
            ncs.append(nc)

    # 4. spike recording
    spk_t = h.Vector()
    spk_id = h.Vector()
    for g, secs in enumerate(cells):
        src = secs["soma"]
        nc = h.NetCon(src(0.5)._ref_v, None, sec=src)
        nc.threshold = THRESHOLD
        nc.record(spk_t, spk_id, g)
        ncs.append(nc)
    t_build = time.perf_counter() - t1

    t2 = time.perf_counter()
    h.finitialize(m["v_init"])
    h.continuerun(tstop)
    t_sim = time.perf_counter() - t2

    spikes = sorted(zip(spk_t.to_python(), (int(x) for x in spk_id.to_python())))
    if a.out:
        with open(a.out, "w") as f:
            f.write("spkt,spkid\n")
            for t, g in spikes:
                f.write("%r,%d\n" % (t, g))

    res = dict(layout="A-netpyne" if not shared else "B-shared", cells=ncell,
               connections=len(pre), exp2syn=len(syns), netstims=len(stims),
               tstop=tstop, t_final=h.t, dt=h.dt, cvode=bool(a.cvode),
               cache_efficient=bool(a.cache_efficient),
               read_s=round(t_read, 4), build_s=round(t_build, 4), simulate_s=round(t_sim, 4),
               spikes=len(spikes), total_s=round(time.perf_counter() - T_START, 4))
    if a.compare:
        ref = []
        with open(a.compare) as f:
            f.readline()
            for line in f:
                t, g = line.split(",")
                t = float(t)
                if t <= tstop:
                    ref.append((t, int(g)))
        ref.sort()
        res["circ_spikes"] = len(ref)
        res["identical"] = ref == spikes
        if not res["identical"]:
            first = next((i for i, (x, y) in enumerate(zip(ref, spikes)) if x != y),
                         min(len(ref), len(spikes)))
            res["first_difference"] = dict(
                index=first, circ=ref[first] if first < len(ref) else None,
                neuron=spikes[first] if first < len(spikes) else None)
            nearly = len(ref) == len(spikes) and all(
                g1 == g2 and abs(t1 - t2) < 1e-6 for (t1, g1), (t2, g2) in zip(ref, spikes))
            res["same_within_1e-6ms"] = nearly
    print("RESULT " + json.dumps(res))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
