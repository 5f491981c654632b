#!/usr/bin/python3
"""bench/point_net.circ (IntFire4) and bench/point_net_izhi.circ
(Izhikevich cells) in plain NEURON 8.2 (no NetPyNE), on circ's
connectivity.

    /usr/bin/python3 bench/point_net_neuron.py MODEL.circ CIRC_OUT/control \
        [--set NAME=VALUE ...] [--out SPIKES.csv] [--compare CIRC_SPIKES.csv] \
        [--cache-efficient] [--tstop MS]

CIRC_OUT/control is the experiment folder of a `circ run MODEL.circ
--connections` (same --set): its cells.csv gives each gid's population and
its connections.csv every connection (pre,post,rule,weight,delay), in
circ's creation order, weights and delays as circ resolved them.  From
MODEL.circ the script reads only the top-level `parameter`s (with --set
overrides: the scale), each population's mechanism and parameters (or
its one-section cell type), the synapses, the stimuli, the connect
statements' synapses and the simulation block; the model must be shaped
like those two (numbers or parameter names with units ms/Hz/uS/mV, single
sections at soma(0.5)).

Creation order (as tests/neuron/make_refs.py builds a case, and as circ
numbers its instances):
  1. one cell per gid: an artificial cell (its population's mechanism and
     parameters) or a section (its cell type's L, diam, Ra, cm);
  2. the `stimulus` and `connect` statements in file order:
     * a point process stimulus (Izhi2007b): one per target, gid order;
     * connect: its rows of connections.csv, in the file's order: a NetCon
       from the pre cell (its soma(0.5) v, threshold 10 mV, for a section)
       to the post cell or its synapse (a `shared synapse`: the one made at
       the first use at that cell);
     * NetStim: per target gid in gid order, a NetStim,
       noiseFromRandom123(stimulus index + 1, gid, seed) (circ's default
       streams; the index counts every `stimulus` statement), then the
       synapse, then NetCon(NetStim, cell or synapse);
  3. one spike-recording NetCon per cell.

Fixed step (cvode off, secondorder 0; artificial cells receive their events
at the events' exact times either way).  Timing (time.perf_counter):
"build" = steps 1-4, "simulate" = h.finitialize + h.continuerun(tstop).
--cache-efficient turns on CVode().cache_efficient(1) (there is no
membrane to lay out, so it is expected to change little).  Prints one line
`RESULT {json}`; for IntFire4 cells it includes the sums of their counters
nself, nexcite and ninhibit (self events, excitatory and inhibitory events
received).
"""

import argparse
import json
import math
import re
import sys
import time

T_START = time.perf_counter()
UNITS = {"ms": 1.0, "Hz": 1.0, "s": 1000.0, "kHz": 1000.0, "uS": 1.0, "nS": 0.001,
         "mV": 1.0, "um": 1.0, "ohm*cm": 1.0, "uF/cm2": 1.0}
UNIT_RE = r"(?<=[0-9.])\s*(ohm\*cm|uF/cm2|\bms\b|\bHz\b|\bs\b|\bkHz\b|\buS\b|\bnS\b|\bmV\b|\bum\b)"


def strip_comments(txt):
    return re.sub(r"#[^\n]*", "", txt)


def evaluate(expr, env):
    """A constant expression of the model: numbers with units (kept in
    NEURON's ms, Hz, uS, mV, um), parameter names, + - * / and parentheses."""
    expr = re.sub(UNIT_RE, lambda m: "*%r" % UNITS[m.group(1)], expr)
    return eval(expr, {"__builtins__": {}, "exp": math.exp, "log": math.log,
                       "sqrt": math.sqrt, "min": min, "max": max}, env)


def split_top(s, sep):
    """s split at `sep` outside parentheses and brackets."""
    out, depth, cur = [], 0, ""
    for ch in s:
        depth += ch in "([" and 1 or ch in ")]" and -1 or 0
        if ch == sep and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return [x.strip() for x in out if x.strip()]


def parse_model(path, sets):
    txt = strip_comments(open(path).read())
    env = {}
    overrides = dict(sets)
    for line in re.findall(r"^parameter\s+(.*)$", txt, re.M):
        for item in split_top(line, ","):
            name, val = item.split("=", 1)
            name = name.split(":")[0].strip()
            env[name] = evaluate(overrides.get(name, val), env)
    m = {"env": env}

    def props(body):
        out = {}
        for item in split_top(body.replace("\n", ";"), ";"):
            k, v = (x.strip() for x in item.split("=", 1))
            out[k] = evaluate(v, env)
        return out
    m["cells"] = {}
    for name, body in re.findall(r"cell\s+(\w+)\s*\{\s*section\s+soma\s*\{([^}]*)\}", txt):
        m["cells"][name] = props(body)
    m["pops"] = {}
    for name, kind, body in re.findall(r"population\s+(\w+)\s+of\s+(\w+)\s*\{([^}]*)\}", txt):
        params = props(body)
        params.pop("count", None)
        m["pops"][name] = (kind, params)
    m["syns"] = {}
    for shared, name, mech, body in re.findall(
            r"(shared\s+)?synapse\s+(\w+)\s*=\s*(\w+)\s*\{([^}]*)\}", txt):
        m["syns"][name] = (mech, props(body), bool(shared))
    # stimulus and connect statements, in file order
    m["net"] = []
    sidx = ridx = 0
    # top-level statements: a line at column 0 and its indented continuations
    stmts = re.findall(r"^\S[^\n]*(?:\n[ \t]+[^\n]*)*", txt, re.M)
    for s in stmts:
        st = re.match(r"(stimulus|connect)\b([^{]*)\{([^}]*)\}([^{]*)(?:\{([^}]*)\})?", s, re.S)
        if not st:
            continue
        kind, head, body, tail, cbody = st.groups()
        if kind == "connect":
            via = re.search(r"\bvia\s+(\w+)", head)
            m["net"].append(dict(kind="connect", rule=ridx, syn=via.group(1) if via else None))
            ridx += 1
            continue
        name, mech = re.match(r"\s*(\w+)\s*=\s*(\w+)", head).groups()
        p = props(body)
        if mech == "NetStim":
            target = re.match(r"\s*->\s*([\w\s+]+?)\s*(?:\bat\b|\bvia\b|$)", tail).group(1)
            via = re.search(r"\bvia\s+(\w+)", tail)
            c = props(cbody)
            m["net"].append(dict(kind="NetStim", index=sidx, name=name,
                                 interval=1000.0 / p["rate"] if "rate" in p else p["interval"],
                                 noise=p.get("noise", 0.0), start=p.get("start", 50.0),
                                 number=p.get("number", 10.0),
                                 targets=[x.strip() for x in target.split("+")],
                                 syn=via.group(1) if via else None,
                                 weight=c["weight"], delay=c.get("delay", 1.0)))
        else:       # a point process placed on its targets (Izhi2007b)
            target = re.match(r"\s*->\s*([\w\s+]+?)\s+at\b", tail).group(1)
            m["net"].append(dict(kind="point", index=sidx, mech=mech, params=p,
                                 targets=[x.strip() for x in target.split("+")]))
        sidx += 1
    sim = re.search(r"simulation\s*\{([^}]*)\}", txt).group(1)
    g = lambda k, d: evaluate(re.search(k + r"\s*=\s*([^;\n]+)", sim).group(1), env) \
        if re.search(k + r"\s*=", sim) else d
    m["tstop"], m["dt"], m["seed"] = g("duration", 1000.0), g("dt", 0.025), int(g("seed", 1))
    return m


def load_izhi(h):
    """NetPyNE's izhi2007b.mod (tests/neuron/mod/izhikevich.mod), compiled
    with nrnivmodl and loaded as tests/neuron/make_refs.py does
    (tests/neuron/nrnmech.py)."""
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.append(os.path.join(here, "..", "tests", "neuron"))
    import nrnmech      # beside this file in bench/point_net.sh's private copy
    mod = os.path.join(here, "..", "tests", "neuron", "mod", "izhikevich.mod")
    if not os.path.exists(mod):     # bench/point_net.sh's private copy
        mod = os.path.join(here, "..", "mod", "izhikevich.mod")
    nrnmech.load(h, [mod], prefix="circ-izhi-")


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("circ")
    ap.add_argument("circ_out", help="the experiment folder of circ's run (cells.csv, connections.csv)")
    ap.add_argument("--set", action="append", default=[], help="NAME=VALUE, as given to circ")
    ap.add_argument("--out", help="spike CSV to write (spkt,spkid)")
    ap.add_argument("--tstop", type=float, help="override the model's duration (ms)")
    ap.add_argument("--compare", help="circ spikes.csv to compare with")
    ap.add_argument("--cache-efficient", action="store_true")
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    m = parse_model(a.circ, [s.split("=", 1) for s in a.set])
    pop_of = []
    with open(a.circ_out + "/cells.csv") as f:
        assert f.readline().startswith("gid,population")
        for line in f:
            g, p = line.split(",")[:2]
            assert int(g) == len(pop_of)
            pop_of.append(p)
    pre, post, rule, weight, delay = [], [], [], [], []
    with open(a.circ_out + "/connections.csv") as f:
        assert f.readline().strip() == "pre,post,rule,weight,delay"
        for line in f:
            x = line.split(",")
            pre.append(int(x[0]))
            post.append(int(x[1]))
            rule.append(int(x[2]))
            weight.append(float(x[3]))
            delay.append(float(x[4]))
    t_read = time.perf_counter() - t0

    from neuron import h
    h.load_file("stdrun.hoc")
    if any(st["kind"] == "point" and st["mech"] == "Izhi2007b" for st in m["net"]):
        load_izhi(h)
    h.CVode().active(0)
    h.CVode().cache_efficient(1 if a.cache_efficient else 0)
    h.secondorder = 0
    h.dt = m["dt"]
    h.steps_per_ms = 1.0 / m["dt"]
    h.setdt()
    tstop = a.tstop if a.tstop is not None else m["tstop"]
    h.tstop = tstop

    t1 = time.perf_counter()
    # 1. cells
    cells = []      # gid -> an artificial cell or a Section
    thresh = []     # gid -> its spike threshold (a Section's), or None
    for g, p in enumerate(pop_of):
        kind, params = m["pops"][p]
        if kind in m["cells"]:
            geo = m["cells"][kind]
            s = h.Section(name="%s_%d" % (p, g))
            s.L, s.diam, s.Ra, s.cm, s.nseg = geo["L"], geo["diam"], geo.get("Ra", 35.4), \
                geo.get("cm", 1.0), 1
            cells.append(s)
            thresh.append(geo.get("threshold", 10.0))
        else:
            c = getattr(h, kind)()
            for k, v in params.items():
                setattr(c, k, v)
            cells.append(c)
            thresh.append(None)

    keep = []
    shared = {}

    def synapse(name, g):
        mech, params, is_shared = m["syns"][name]
        if is_shared and (name, g) in shared:
            return shared[(name, g)]
        syn = getattr(h, mech)(cells[g](0.5))
        for k, v in params.items():
            setattr(syn, k, v)
        keep.append(syn)
        if is_shared:
            shared[(name, g)] = syn
        return syn

    def netcon(src_gid, target):
        if thresh[src_gid] is not None:
            s = cells[src_gid]
            nc = h.NetCon(s(0.5)._ref_v, target, sec=s)
            nc.threshold = thresh[src_gid]
        else:
            nc = h.NetCon(cells[src_gid], target)
        return nc

    # 2. stimuli and connections, in file order
    ncs = []
    stims = []
    by_rule = {}
    for i in range(len(pre)):
        by_rule.setdefault(rule[i], []).append(i)
    for st in m["net"]:
        if st["kind"] == "point":
            for g in range(len(cells)):
                if pop_of[g] in st["targets"]:
                    pp = getattr(h, st["mech"])(cells[g](0.5))
                    for k, v in st["params"].items():
                        setattr(pp, k, v)
                    keep.append(pp)
        elif st["kind"] == "connect":
            for i in by_rule.get(st["rule"], []):
                tgt = cells[post[i]] if st["syn"] is None else synapse(st["syn"], post[i])
                nc = netcon(pre[i], tgt)
                nc.weight[0] = weight[i]
                nc.delay = delay[i]
                ncs.append(nc)
        else:
            for g in range(len(cells)):
                if pop_of[g] not in st["targets"]:
                    continue
                ns = h.NetStim()
                ns.interval = st["interval"]
                ns.number = st["number"]
                ns.start = st["start"]
                ns.noise = st["noise"]
                ns.noiseFromRandom123(st["index"] + 1, g, m["seed"])
                tgt = cells[g] if st["syn"] is None else synapse(st["syn"], g)
                nc = h.NetCon(ns, tgt)
                nc.weight[0] = st["weight"]
                nc.delay = st["delay"]
                stims.append(ns)
                ncs.append(nc)
    # 3. spike recording
    spk_t = h.Vector()
    spk_id = h.Vector()
    for g in range(len(cells)):
        nc = netcon(g, None)
        nc.record(spk_t, spk_id, g)
        ncs.append(nc)
    t_build = time.perf_counter() - t1

    t2 = time.perf_counter()
    h.finitialize(-65.0)
    h.continuerun(tstop)
    t_sim = time.perf_counter() - t2

    spikes = sorted(zip(spk_t.to_python(), (int(x) for x in spk_id.to_python())))
    if a.out:
        with open(a.out, "w") as f:
            f.write("spkt,spkid\n")
            for t, g in spikes:
                f.write("%r,%d\n" % (t, g))
    res = dict(cells=len(cells), connections=len(pre), netstims=len(stims), tstop=tstop,
               t_final=h.t, dt=h.dt, cache_efficient=bool(a.cache_efficient),
               read_s=round(t_read, 4), build_s=round(t_build, 4), simulate_s=round(t_sim, 4),
               spikes=len(spikes), total_s=round(time.perf_counter() - T_START, 4))
    if all(hasattr(c, "nself") for c in cells):     # IntFire4's counts of events received
        for k in ("nself", "nexcite", "ninhibit"):
            res[k] = int(sum(getattr(c, k) for c in cells))
    if a.compare:
        ref = []
        with open(a.compare) as f:
            f.readline()
            for line in f:
                t, g = line.split(",")[:2]
                if float(t) <= tstop:
                    ref.append((float(t), int(g)))
        ref.sort()
        res["circ_spikes"] = len(ref)
        res["identical"] = ref == spikes
        if not res["identical"]:
            first = next((i for i, (x, y) in enumerate(zip(ref, spikes)) if x != y),
                         min(len(ref), len(spikes)))
            res["first_difference"] = dict(
                index=first, circ=ref[first] if first < len(ref) else None,
                neuron=spikes[first] if first < len(spikes) else None)
            res["same_within_1e-6ms"] = len(ref) == len(spikes) and all(
                g1 == g2 and abs(t1 - t2) < 1e-6 for (t1, g1), (t2, g2) in zip(ref, spikes))
    print("RESULT " + json.dumps(res))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
