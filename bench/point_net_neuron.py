#!/usr/bin/python3
"""bench/point_net.circ in plain NEURON 8.2 (no NetPyNE), on circ's
connectivity.

    /usr/bin/python3 bench/point_net_neuron.py MODEL.circ CIRC_OUT/control \
        [--set NAME=VALUE ...] [--out SPIKES.csv] [--compare CIRC_SPIKES.csv] \
        [--cache-efficient] [--tstop MS]

CIRC_OUT/control is the experiment folder of a `circ run MODEL.circ
--connections` (same --set): its cells.csv gives each gid's population and
its connections.csv every connection (pre,post,rule,weight,delay), in
circ's creation order, weights and delays as circ resolved them.  From
MODEL.circ the script reads only the top-level `parameter`s (with --set
overrides: the scale), each population's mechanism and parameters, the
NetStim stimulus and the simulation block; the model must be shaped like
bench/point_net.circ (populations of artificial cells, plain numbers or
parameter names with units ms/Hz, one NetStim stimulus straight into them).

Creation order (as tests/neuron/make_refs.py builds a case, and as circ
numbers its instances):
  1. one artificial cell per gid (its population's mechanism, parameters);
  2. the connections, in connections.csv's order: NetCon(pre cell, post cell);
  3. per stimulus, per target gid in gid order: a NetStim,
     noiseFromRandom123(stimulus index + 1, gid, seed) (circ's default
     streams), NetCon(NetStim, cell);
  4. one spike-recording NetCon per cell, NetCon(cell, None).

Fixed step (cvode off, secondorder 0; artificial cells receive their events
at the events' exact times either way).  Timing (time.perf_counter):
"build" = steps 1-4, "simulate" = h.finitialize + h.continuerun(tstop).
--cache-efficient turns on CVode().cache_efficient(1) (there is no
membrane to lay out, so it is expected to change little).  Prints one line
`RESULT {json}`.
"""

import argparse
import json
import math
import re
import sys
import time

T_START = time.perf_counter()
UNITS = {"ms": 1.0, "Hz": 1.0, "s": 1000.0, "kHz": 1000.0}


def strip_comments(txt):
    return re.sub(r"#[^\n]*", "", txt)


def evaluate(expr, env):
    """A constant expression of the model: numbers with units ms/Hz (kept
    in ms and Hz), parameter names, + - * / and parentheses."""
    expr = re.sub(r"(?<=[0-9.])\s*\b(ms|Hz|s|kHz)\b",
                  lambda m: "*%r" % UNITS[m.group(1)], expr)
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
    m["pops"] = {}
    for name, mech, body in re.findall(r"population\s+(\w+)\s+of\s+(\w+)\s*\{([^}]*)\}", txt):
        params = {}
        for item in split_top(body.replace("\n", ";"), ";"):
            k, v = (x.strip() for x in item.split("=", 1))
            params[k] = evaluate(v, env)
        params.pop("count", None)
        m["pops"][name] = (mech, params)
    m["stims"] = []
    for idx, st in enumerate(re.finditer(
            r"stimulus\s+(\w+)\s*=\s*(\w+)\s*\{([^}]*)\}\s*->\s*([\w\s+]+?)\s*\{([^}]*)\}", txt)):
        name, mech, body, target, cbody = st.groups()
        assert mech == "NetStim", mech
        p = {k: evaluate(v, env) for k, v in (
            (x.strip() for x in item.split("=", 1)) for item in split_top(body, ";"))}
        c = {k: evaluate(v, env) for k, v in (
            (x.strip() for x in item.split("=", 1)) for item in split_top(cbody, ";"))}
        m["stims"].append(dict(index=idx, name=name,
                               interval=1000.0 / p["rate"] if "rate" in p else p["interval"],
                               noise=p.get("noise", 0.0), start=p.get("start", 50.0),
                               number=p.get("number", 10.0),
                               targets=[t.strip() for t in target.split("+")],
                               weight=c["weight"], delay=c.get("delay", 1.0)))
    sim = re.search(r"simulation\s*\{([^}]*)\}", txt).group(1)
    g = lambda k, d: evaluate(re.search(k + r"\s*=\s*([^;\n]+)", sim).group(1), env) \
        if re.search(k + r"\s*=", sim) else d
    m["tstop"], m["dt"], m["seed"] = g("duration", 1000.0), g("dt", 0.025), int(g("seed", 1))
    return m


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
    pre, post, weight, delay = [], [], [], []
    with open(a.circ_out + "/connections.csv") as f:
        assert f.readline().strip() == "pre,post,rule,weight,delay"
        for line in f:
            x = line.split(",")
            pre.append(int(x[0]))
            post.append(int(x[1]))
            weight.append(float(x[3]))
            delay.append(float(x[4]))
    t_read = time.perf_counter() - t0

    from neuron import h
    h.load_file("stdrun.hoc")
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
    cells = []
    for p in pop_of:
        mech, params = m["pops"][p]
        c = getattr(h, mech)()
        for k, v in params.items():
            setattr(c, k, v)
        cells.append(c)
    # 2. connections, circ's order
    ncs = []
    for i in range(len(pre)):
        nc = h.NetCon(cells[pre[i]], cells[post[i]])
        nc.weight[0] = weight[i]
        nc.delay = delay[i]
        ncs.append(nc)
    # 3. NetStims, one per target cell
    stims = []
    for st in m["stims"]:
        for g in range(len(cells)):
            if pop_of[g] not in st["targets"]:
                continue
            ns = h.NetStim()
            ns.interval = st["interval"]
            ns.number = st["number"]
            ns.start = st["start"]
            ns.noise = st["noise"]
            ns.noiseFromRandom123(st["index"] + 1, g, m["seed"])
            nc = h.NetCon(ns, cells[g])
            nc.weight[0] = st["weight"]
            nc.delay = st["delay"]
            stims.append(ns)
            ncs.append(nc)
    # 4. spike recording
    spk_t = h.Vector()
    spk_id = h.Vector()
    for g, c in enumerate(cells):
        nc = h.NetCon(c, None)
        nc.record(spk_t, spk_id, g)
        ncs.append(nc)
    t_build = time.perf_counter() - t1

    t2 = time.perf_counter()
    h.finitialize()
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
