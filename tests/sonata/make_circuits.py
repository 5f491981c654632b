#!/usr/bin/python3
"""make_circuits.py - small hand-made SONATA circuits for `network from`
(tests/runtime/test_sonata_in.sh, tests/diagnostics 350-369), written with
Debian's python3-h5py as BMTK lays circuits out.  The files are committed;
tests never run this.  Run from anywhere: python3 tests/sonata/make_circuits.py

tiny/: node population "v1" of 6 cells whose node types interleave (pyr 100,
pv 101, pyr, pyr, pv, pyr), node_id and positions in group 0; edge population
"v1_to_v1" of 8 edges through two edge types named by dynamics_params
(AMPA_ExcToExc.json, GABA_InhToExc.json), syn_weight per edge and delay in
edge_types.csv (BMTK's habit), afferent_section_id/_pos per edge; a
manifest whose $NETWORK_DIR uses $BASE_DIR.  The bad_* circuits each break
one thing.
"""
import json
import os
import shutil

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

NODE_TYPES = [100, 101, 100, 100, 101, 100]
POS = [[10.0 * i, 100.0 + i, -5.0 * i] for i in range(6)]
# (source, target, edge type, syn_weight, afferent section, position)
EDGES = [(0, 1, 1, 0.004, 0, 0.5), (2, 1, 1, 0.004, 0, 0.5), (1, 0, 2, 0.006, 0, 0.5),
         (1, 3, 2, 0.006, 1, 0.3), (4, 5, 2, 0.006, 0, 0.5), (5, 4, 1, 0.005, 0, 0.5),
         (0, 4, 1, 0.005, 0, 0.5), (3, 5, 1, 0.002, 1, 0.8)]


def write_nodes(path, types=NODE_TYPES, with_type_id=True):
    with h5py.File(path, "w") as f:
        f.attrs["version"] = np.array([0, 1], dtype=np.uint32)
        f.attrs["magic"] = np.uint32(0x0A7A)
        g = f.create_group("nodes/v1")
        n = len(types)
        g["node_id"] = np.arange(n, dtype=np.uint64)
        if with_type_id:
            g["node_type_id"] = np.array(types, dtype=np.int64)
        g["node_group_id"] = np.zeros(n, dtype=np.uint32)
        g["node_group_index"] = np.arange(n, dtype=np.uint64)
        for a, axis in enumerate("xyz"):
            g["0/" + axis] = np.array([p[a] for p in POS[:n]], dtype=np.float64)


def write_edges(path, edges=EDGES):
    with h5py.File(path, "w") as f:
        f.attrs["version"] = np.array([0, 1], dtype=np.uint32)
        f.attrs["magic"] = np.uint32(0x0A7A)
        g = f.create_group("edges/v1_to_v1")
        n = len(edges)
        g["source_node_id"] = np.array([e[0] for e in edges], dtype=np.uint64)
        g["target_node_id"] = np.array([e[1] for e in edges], dtype=np.uint64)
        g["source_node_id"].attrs["node_population"] = "v1"
        g["target_node_id"].attrs["node_population"] = "v1"
        g["edge_type_id"] = np.array([e[2] for e in edges], dtype=np.int64)
        g["edge_group_id"] = np.zeros(n, dtype=np.uint32)
        g["edge_group_index"] = np.arange(n, dtype=np.uint64)
        g["0/syn_weight"] = np.array([e[3] for e in edges], dtype=np.float64)
        g["0/afferent_section_id"] = np.array([e[4] for e in edges], dtype=np.int32)
        g["0/afferent_section_pos"] = np.array([e[5] for e in edges], dtype=np.float64)


NODE_TYPES_CSV = ("node_type_id model_type model_template pop_name\n"
                  "100 biophysical hoc:Pyr pyr\n"
                  "101 biophysical hoc:PV pv\n")
EDGE_TYPES_CSV = ("edge_type_id model_template dynamics_params delay\n"
                  "1 exp2syn AMPA_ExcToExc.json 2.0\n"
                  "2 exp2syn GABA_InhToExc.json 1.5\n")
CONFIG = {
    "manifest": {"$BASE_DIR": ".", "$NETWORK_DIR": "$BASE_DIR/network"},
    "networks": {
        "nodes": [{"nodes_file": "$NETWORK_DIR/v1_nodes.h5",
                   "node_types_file": "$NETWORK_DIR/v1_node_types.csv"}],
        "edges": [{"edges_file": "$NETWORK_DIR/v1_v1_edges.h5",
                   "edge_types_file": "$NETWORK_DIR/v1_v1_edge_types.csv"}],
    },
}


def circuit(name, config=CONFIG, nodes=write_nodes, edges=write_edges,
            node_types=NODE_TYPES_CSV, edge_types=EDGE_TYPES_CSV):
    d = os.path.join(HERE, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "network"))
    with open(os.path.join(d, "circuit_config.json"), "w") as f:
        f.write(config if isinstance(config, str) else json.dumps(config, indent=2) + "\n")
    if nodes:
        nodes(os.path.join(d, "network", "v1_nodes.h5"))
    if edges:
        edges(os.path.join(d, "network", "v1_v1_edges.h5"))
    with open(os.path.join(d, "network", "v1_node_types.csv"), "w") as f:
        f.write(node_types)
    with open(os.path.join(d, "network", "v1_v1_edge_types.csv"), "w") as f:
        f.write(edge_types)


circuit("tiny")
circuit("bad_no_nodes_file", nodes=None)
circuit("bad_no_type_id", nodes=lambda p: write_nodes(p, with_type_id=False))
circuit("bad_target_id", edges=lambda p: write_edges(p, EDGES + [(0, 9, 1, 0.1, 0, 0.5)]))
circuit("bad_not_json", config="{ \"networks\": ")
circuit("bad_manifest", config=json.loads(json.dumps(CONFIG).replace("$BASE_DIR/network",
                                                                       "$ROOT/network")))
circuit("bad_no_delay", edge_types="edge_type_id model_template dynamics_params\n"
        "1 exp2syn AMPA_ExcToExc.json\n2 exp2syn GABA_InhToExc.json\n")
circuit("bad_unknown_type", nodes=lambda p: write_nodes(p, NODE_TYPES[:5] + [102]))
