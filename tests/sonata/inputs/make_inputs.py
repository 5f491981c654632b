#!/usr/bin/python3
"""make_inputs.py - a small SONATA circuit with virtual nodes driven by spike
files, and what NEURON 8.2.2 makes of it (tests/runtime/test_sonata_in.sh
compares circ's run of tests/sonata/inputs.circ with it; the files are
committed and tests never run this).  Run with the system Python that has
NEURON and h5py (nrnivmodl from neuron-dev compiles mod/vecstim.mod):

    /usr/bin/python3 tests/sonata/inputs/make_inputs.py

Circuit (network/): node populations "lgn" (5 virtual nodes, node type
200), "tw" (3 virtual nodes, node type 201) and "v1" (pyr, pv, pyr, pv:
node types 100 and 101, with positions); edge populations lgn_to_v1,
tw_to_v1 and v1_to_v1 with syn_weight, delay, afferent_section_id/_pos per
edge (tw_to_v1: no site, and nsyns 2, 1, 3, 0: BMTK's synapses per edge),
edge types 10 (AMPA.json) and 11 (GABA.json).
Inputs: simulation_config.json names lgn_spikes.h5 (a SONATA spike file,
sorted by id; node 1's times unsorted and one twice, node 0 fires at t = 0,
node 2 past the end of the run, node 3 never, node 4 every 3.1 ms) and
tw_spikes.csv (BMTK's CSV, rows by time, mixed nodes).  ../bad_inputs/
holds broken inputs for tests/diagnostics 420-429.

NEURON: the cells as inputs.circ writes them, in circ's gid order
(populations in the order of their first node: lgn, tw, pyr, pv; cells in
node order); each virtual node a VecStim playing its node's sorted times
(as BMTK's VirtualCell does); every edge, in the files' order (edge
populations by name), an Exp2Syn at its afferent site and a NetCon from the
source (a VecStim, or the soma's v, threshold 10 mV) with the edge's weight
and delay; then one spike-recording NetCon per cell, in gid order.  Fixed
step (cvode off, secondorder 0), dt 0.025 ms, 200 ms.  Written: neuron.spikes.csv
(spkt,spkid) and neuron.v.csv (t and v at soma(0.5) of pyr[0], gid 10).
"pt": 2 IntFire1 point neurons (node type 300) whose tau and refrac are
per-node dynamics_params datasets, driven by lgn through edge type 12
with nsyns 1, 2, 3 (one NetCon of weight syn_weight x nsyns each).
"""
import json
import os
import shutil
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
NET = os.path.join(HERE, "network")
TSTOP, DT = 200.0, 0.025
NSYNS = {"tw_to_v1": [2, 1, 3, 0], "lgn_to_pt": [1, 2, 3]}     # BMTK's nsyns: synapses per edge

V1_TYPES = [100, 101, 100, 101]
V1_POS = [[10.0, 200.0, 5.0], [20.0, 250.0, -5.0], [30.0, 300.0, 0.0], [40.0, 350.0, 2.5]]
# (source, target, edge type, syn_weight uS, delay ms, afferent section, position)
# "pt": two IntFire1 point neurons, tau and refrac per node (dynamics_params)
PT_PARAMS = {"tau": [5.0, 20.0], "refrac": [2.0, 0.5]}
EDGES = {
    # onto point neurons: one connection of syn_weight x nsyns (BMTK's)
    "lgn_to_pt": ("lgn", [(4, 0, 12, 0.5, 1.0, None, None), (0, 1, 12, 0.4, 2.0, None, None),
                          (1, 1, 12, 0.35, 1.5, None, None)]),
    "lgn_to_v1": ("lgn", [(0, 0, 10, 0.004, 1.0, 0, 0.5), (1, 0, 10, 0.003, 2.5, 1, 0.3),
                          (2, 1, 10, 0.005, 0.7, 0, 0.5), (4, 2, 10, 0.0035, 1.3, 1, 0.8),
                          (4, 3, 10, 0.002, 1.1, 0, 0.5), (0, 2, 10, 0.006, 0.1, 0, 0.5),
                          (3, 0, 10, 0.01, 1.0, 0, 0.5), (1, 1, 10, 0.004, 3.0, 0, 0.5)]),
    # no afferent site: the map line's (soma(0.5)); nsyns synapses each (NSYNS)
    "tw_to_v1": ("tw", [(0, 2, 10, 0.005, 1.0, None, None), (1, 0, 11, 0.002, 1.5, None, None),
                        (2, 3, 10, 0.006, 0.5, None, None), (2, 1, 10, 0.003, 2.0, None, None)]),
    "v1_to_v1": ("v1", [(0, 1, 10, 0.003, 1.5, 0, 0.5), (1, 0, 11, 0.004, 1.0, 0, 0.5),
                        (2, 3, 10, 0.003, 2.0, 0, 0.5), (3, 2, 11, 0.002, 1.0, 1, 0.4),
                        (0, 2, 10, 0.002, 2.2, 1, 0.6)]),
}
LGN = {0: [0.0, 5.3, 30.1, 120.0], 1: [40.2, 12.7, 12.7, 0.5, 90.05],
       2: [199.9, 250.0], 3: [], 4: [3.1 * k for k in range(1, 60)]}
TW = [(2.0, 1), (7.25, 0), (7.25, 2), (15.5, 1), (60.125, 0), (33.3, 2), (100.0, 1)]

# cells as inputs.circ writes them: (name, L, diam, nseg, mechanisms)
PYR = [("soma", 18.8, 18.8, 1, {"hh": {}}),
       ("dend", 150.0, 2.0, 3, {"pas": {"g": 0.0002, "e": -70.0}})]
PV = [("soma", 16.0, 16.0, 1, {"hh": {}})]
SYN = {10: (0.1, 1.0, 0.0), 11: (0.5, 5.0, -80.0)}      # Exp2Syn tau1, tau2, e


def header(f):
    f.attrs["version"] = np.array([0, 1], dtype=np.uint32)
    f.attrs["magic"] = np.uint32(0x0A7A)


def write_circuit():
    shutil.rmtree(NET, ignore_errors=True)
    os.makedirs(NET)
    with h5py.File(os.path.join(NET, "nodes.h5"), "w") as f:
        header(f)
        for pop, types in (("lgn", [200] * 5), ("pt", [300] * 2), ("tw", [201] * 3),
                           ("v1", V1_TYPES)):
            g = f.create_group("nodes/" + pop)
            n = len(types)
            g["node_id"] = np.arange(n, dtype=np.uint64)
            g["node_type_id"] = np.array(types, dtype=np.int64)
            g["node_group_id"] = np.zeros(n, dtype=np.uint32)
            g["node_group_index"] = np.arange(n, dtype=np.uint64)
            g.create_group("0")
            if pop == "pt":
                for k, vals in PT_PARAMS.items():
                    g["0/dynamics_params/" + k] = np.array(vals, dtype=np.float64)
            if pop == "v1":
                for a, axis in enumerate("xyz"):
                    g["0/" + axis] = np.array([p[a] for p in V1_POS], dtype=np.float64)
    with open(os.path.join(NET, "node_types.csv"), "w") as f:
        f.write("node_type_id model_type model_template pop_name\n"
                "100 biophysical hoc:Pyr pyr\n101 biophysical hoc:PV pv\n"
                "200 virtual NONE lgn\n201 virtual NONE tw\n"
                "300 point_process nrn:IntFire1 pt\n")
    with h5py.File(os.path.join(NET, "edges.h5"), "w") as f:
        header(f)
        for name, (src, edges) in EDGES.items():
            g = f.create_group("edges/" + name)
            n = len(edges)
            g["source_node_id"] = np.array([e[0] for e in edges], dtype=np.uint64)
            g["target_node_id"] = np.array([e[1] for e in edges], dtype=np.uint64)
            g["source_node_id"].attrs["node_population"] = src
            g["target_node_id"].attrs["node_population"] = "pt" if name == "lgn_to_pt" else "v1"
            g["edge_type_id"] = np.array([e[2] for e in edges], dtype=np.int64)
            g["edge_group_id"] = np.zeros(n, dtype=np.uint32)
            g["edge_group_index"] = np.arange(n, dtype=np.uint64)
            g["0/syn_weight"] = np.array([e[3] for e in edges], dtype=np.float64)
            g["0/delay"] = np.array([e[4] for e in edges], dtype=np.float64)
            if edges[0][5] is not None:
                g["0/afferent_section_id"] = np.array([e[5] for e in edges], dtype=np.int32)
                g["0/afferent_section_pos"] = np.array([e[6] for e in edges], dtype=np.float64)
            if name in NSYNS:
                g["0/nsyns"] = np.array(NSYNS[name], dtype=np.int32)
    with open(os.path.join(NET, "edge_types.csv"), "w") as f:
        f.write("edge_type_id model_template dynamics_params\n"
                "10 exp2syn AMPA.json\n11 exp2syn GABA.json\n12 NONE IntFire1.json\n")
    with open(os.path.join(HERE, "circuit_config.json"), "w") as f:
        json.dump({"manifest": {"$NETWORK_DIR": "./network"},
                   "networks": {"nodes": [{"nodes_file": "$NETWORK_DIR/nodes.h5",
                                           "node_types_file": "$NETWORK_DIR/node_types.csv"}],
                                "edges": [{"edges_file": "$NETWORK_DIR/edges.h5",
                                           "edge_types_file": "$NETWORK_DIR/edge_types.csv"}]}},
                  f, indent=2)
        f.write("\n")
    with h5py.File(os.path.join(HERE, "lgn_spikes.h5"), "w") as f:
        g = f.create_group("spikes/lgn")
        g.attrs["sorting"] = "by_id"
        ids = [i for i in sorted(LGN) for _ in LGN[i]]
        g["timestamps"] = np.array([t for i in sorted(LGN) for t in LGN[i]], dtype=np.float64)
        g["timestamps"].attrs["units"] = "ms"
        g["node_ids"] = np.array(ids, dtype=np.uint64)
    with open(os.path.join(HERE, "tw_spikes.csv"), "w") as f:
        f.write("timestamps population node_ids\n")
        for t, i in sorted(TW):
            f.write("%r tw %d\n" % (t, i))
    with open(os.path.join(HERE, "simulation_config.json"), "w") as f:
        json.dump({"manifest": {"$INPUT_DIR": "."},
                   "run": {"tstop": TSTOP, "dt": DT},
                   "inputs": {"lgn_spikes": {"input_type": "spikes", "module": "h5",
                                             "input_file": "$INPUT_DIR/lgn_spikes.h5",
                                             "node_set": "lgn"},
                              "tw_spikes": {"input_type": "spikes", "module": "csv",
                                            "input_file": "$INPUT_DIR/tw_spikes.csv",
                                            "node_set": "tw"}}}, f, indent=2)
        f.write("\n")


UNREAD = {
    "target_simulator": "NEURON",
    "run": {"tstop": 10.0, "dt": 0.025, "dL": 20.0, "spike_threshold": -15.0, "nsteps_block": 5000},
    "conditions": {"celsius": 34.0, "v_init": -80.0},
    "inputs": {"tw_spikes": {"input_type": "spikes", "module": "csv",
                             "input_file": "../inputs/tw_spikes.csv", "node_set": "tw"}},
    "output": {"output_dir": "./output", "spikes_file": "spikes.h5"},
    "reports": {"membrane_potential": {"cells": "v1", "variable_name": "v",
                                       "module": "membrane_report", "sections": "soma"}},
    "node_sets_file": "node_sets.json",
    "metadata": {},
}


def write_bad_inputs():
    bad = os.path.join(HERE, "..", "bad_inputs")
    shutil.rmtree(bad, ignore_errors=True)
    os.makedirs(bad)
    for name, pop, ids in (("id_out.h5", "lgn", [0, 7]), ("no_pop.h5", "lgx", [0])):
        with h5py.File(os.path.join(bad, name), "w") as f:
            g = f.create_group("spikes/" + pop)
            g["timestamps"] = np.array([1.0] * len(ids), dtype=np.float64)
            g["node_ids"] = np.array(ids, dtype=np.uint64)
    with open(os.path.join(bad, "negative.csv"), "w") as f:
        f.write("timestamps population node_ids\n1.5 tw 0\n-1 tw 2\n")
    with open(os.path.join(bad, "bad_row.csv"), "w") as f:
        f.write("timestamps population node_ids\n1.5 tw 0\nsoon tw 1\n")
    with open(os.path.join(bad, "no_inputs.json"), "w") as f:
        json.dump({"run": {"tstop": 10.0}}, f)
    # the circuit with one edge of nsyns -1
    with h5py.File(os.path.join(bad, "nsyns_edges.h5"), "w") as f:
        header(f)
        g = f.create_group("edges/tw_to_v1")
        g["source_node_id"] = np.array([0, 1], dtype=np.uint64)
        g["target_node_id"] = np.array([0, 1], dtype=np.uint64)
        g["source_node_id"].attrs["node_population"] = "tw"
        g["target_node_id"].attrs["node_population"] = "v1"
        g["edge_type_id"] = np.array([10, 10], dtype=np.int64)
        g["0/syn_weight"] = np.array([0.001, 0.001])
        g["0/delay"] = np.array([1.0, 1.0])
        g["0/nsyns"] = np.array([1, -1], dtype=np.int32)
    with open(os.path.join(bad, "nsyns_circuit.json"), "w") as f:
        json.dump({"networks": {
            "nodes": [{"nodes_file": "../inputs/network/nodes.h5",
                       "node_types_file": "../inputs/network/node_types.csv"}],
            "edges": [{"edges_file": "nsyns_edges.h5",
                       "edge_types_file": "../inputs/network/edge_types.csv"}]}}, f)
    with open(os.path.join(bad, "clamp.json"), "w") as f:
        json.dump({"inputs": {"current": {"input_type": "current_clamp", "module": "IClamp",
                                          "node_set": "v1", "amp": 0.1}}}, f)
    # BMTK's usual settings circ does not read (a warning names them)
    with open(os.path.join(bad, "unread.json"), "w") as f:
        json.dump(UNREAD, f)


def load_vecstim(h):
    """mod/vecstim.mod compiled by nrnivmodl and loaded (tests/neuron/nrnmech.py)."""
    sys.path.append(os.path.join(HERE, "..", "..", "neuron"))
    import nrnmech
    nrnmech.load(h, [os.path.join(HERE, "mod", "vecstim.mod")], prefix="circ-vecstim-")


def simulate():
    from neuron import h
    load_vecstim(h)
    h.CVode().active(0)
    h.secondorder = 0
    h.dt = DT
    h.celsius = 6.3
    keep = []
    # circ's gids: lgn 0-4, pt 5-6, tw 7-9, pyr 10-11 (v1 nodes 0, 2), pv 12-13 (v1 1, 3)
    cells, gid_of = [], {}
    trains = {("lgn", i): sorted(LGN[i]) for i in LGN}
    for i in range(3):
        trains[("tw", i)] = sorted(t for t, j in TW if j == i)
    for pop, n in (("lgn", 5), ("tw", 3)):
        for i in range(n):
            vec = h.Vector(trains[(pop, i)])
            vs = h.VecStim()
            vs.play(vec)
            keep.append(vec)
            gid_of[(pop, i)] = len(cells)
            cells.append({"art": vs})
        if pop == "lgn":
            for i in range(2):
                pt = h.IntFire1()
                pt.tau, pt.refrac = PT_PARAMS["tau"][i], PT_PARAMS["refrac"][i]
                gid_of[("pt", i)] = len(cells)
                cells.append({"art": pt})
    for want in (100, 101):
        for i, ty in enumerate(V1_TYPES):
            if ty != want:
                continue
            secs = []
            for name, L, diam, nseg, mechs in PYR if ty == 100 else PV:
                s = h.Section(name="%s%d_%s" % ("pyr" if ty == 100 else "pv", i, name))
                s.L, s.diam, s.nseg, s.Ra, s.cm = L, diam, nseg, 35.4, 1.0
                for mech, params in mechs.items():
                    s.insert(mech)
                    for k, val in params.items():
                        for seg in s:
                            setattr(getattr(seg, mech), k, val)
                secs.append(s)
            if len(secs) == 2:
                secs[1].connect(secs[0](1), 0)
            gid_of[("v1", i)] = len(cells)
            cells.append({"secs": secs})
    for name in sorted(EDGES):
        src, edges = EDGES[name]
        for k, (s, t, ty, w, d, sec, x) in enumerate(edges):
            if name == "lgn_to_pt":    # a point neuron takes the event itself
                nc = h.NetCon(cells[gid_of[(src, s)]]["art"], cells[gid_of[("pt", t)]]["art"])
                nc.weight[0] = w * NSYNS[name][k]
                nc.delay = d
                keep.append(nc)
                continue
            post = cells[gid_of[("v1", t)]]["secs"]
            # BMTK: an edge without a site makes nsyns synapses (circ: at the
            # map line's location, soma(0.5) here), one with a site one
            reps = NSYNS[name][k] if name in NSYNS and sec is None else 1
            for _ in range(reps):
                syn = h.Exp2Syn(post[sec](x) if sec is not None else post[0](0.5))
                syn.tau1, syn.tau2, syn.e = SYN[ty]
                pre = cells[gid_of[(src, s)]]
                if "art" in pre:
                    nc = h.NetCon(pre["art"], syn)
                else:
                    nc = h.NetCon(pre["secs"][0](0.5)._ref_v, syn, sec=pre["secs"][0])
                    nc.threshold = 10
                nc.weight[0] = w
                nc.delay = d
                keep += [syn, nc]
    spk_t, spk_id = h.Vector(), h.Vector()
    for g, c in enumerate(cells):
        if "art" in c:
            nc = h.NetCon(c["art"], None)
        else:
            nc = h.NetCon(c["secs"][0](0.5)._ref_v, None, sec=c["secs"][0])
            nc.threshold = 10
        nc.record(spk_t, spk_id, g)
        keep.append(nc)
    tvec, vvec = h.Vector(), h.Vector()
    tvec.record(h._ref_t)
    vvec.record(cells[gid_of[("v1", 0)]]["secs"][0](0.5)._ref_v)
    h.finitialize(-65.0)
    for _ in range(int(round(TSTOP / DT))):
        h.fadvance()
    spikes = sorted(zip(spk_t.to_python(), spk_id.to_python()))
    with open(os.path.join(HERE, "neuron.spikes.csv"), "w") as f:
        f.write("spkt,spkid\n")
        for t, g in spikes:
            f.write("%r,%d\n" % (t, int(g)))
    with open(os.path.join(HERE, "neuron.v.csv"), "w") as f:
        f.write("t,v\n")
        for t, v in zip(tvec.to_python(), vvec.to_python()):
            f.write("%r,%r\n" % (t, v))
    counts = {}
    for _, g in spikes:
        counts[int(g)] = counts.get(int(g), 0) + 1
    print("%d spikes; per gid %s" % (len(spikes), dict(sorted(counts.items()))))


if __name__ == "__main__":
    write_circuit()
    write_bad_inputs()
    simulate()
