#!/usr/bin/python3
"""check_sonata.py OUT EXPERIMENT [OUT2] - checks OUT/sonata/ (circ run
--sonata --connections) against the SONATA developer guide's required layout
and against the run's own cells.csv and connections.csv, and (OUT2: the same
run again) that the HDF5 files are the same bytes; prints TAP lines."""
import csv
import json
import os
import sys

import h5py
import numpy as np

out, experiment = sys.argv[1], sys.argv[2]
son = os.path.join(out, 'sonata')
results = []


def check(name, ok, why=''):
    results.append((name, bool(ok), why))


cfg = json.load(open(os.path.join(son, 'circuit_config.json')))
base = cfg['manifest']['$BASE_DIR']
files = {}
for kind in ('nodes', 'edges'):
    entry = cfg['networks'][kind][0]
    for key, path in entry.items():
        p = os.path.join(son, path.replace('$BASE_DIR', base))
        files[key] = p
        check('circuit_config.json: %s exists' % key, os.path.exists(p), p)

cells = list(csv.DictReader(open(os.path.join(out, experiment, 'cells.csv'))))
conns = list(csv.DictReader(open(os.path.join(out, experiment, 'connections.csv'))))

for key in ('nodes_file', 'edges_file'):
    f = h5py.File(files[key], 'r')
    check('%s: magic 0x0A7A' % key, f.attrs['magic'][0] == 0x0A7A and f.attrs['magic'].dtype == np.uint32)
    check('%s: version 2 x uint32' % key, f.attrs['version'].shape == (2,) and f.attrs['version'].dtype == np.uint32)

n = h5py.File(files['nodes_file'], 'r')
pops = list(n['nodes'])
check('one node population', len(pops) == 1, pops)
p = n['nodes'][pops[0]]
for d, t in (('node_id', np.uint64), ('node_type_id', np.int64), ('node_group_id', np.uint32),
             ('node_group_index', np.uint64)):
    check('nodes: %s is %s' % (d, t.__name__), d in p and p[d].dtype == t and len(p[d]) == len(cells))
check('nodes: node ids are the gids', list(p['node_id'][:]) == [int(c['gid']) for c in cells])
check('nodes: positions as cells.csv',
      all(np.allclose(p['0'][a][:], [float(c[a]) for c in cells], rtol=0, atol=0) for a in 'xyz'))
types = list(csv.DictReader(open(files['node_types_file']), delimiter=' '))
by_type = {int(t['node_type_id']): t for t in types}
check('node_types.csv: required columns', all(k in types[0] for k in ('node_type_id', 'population', 'model_type')))
check('nodes: every node type names the cell\'s population',
      all(by_type[int(t)]['pop_name'] == c['population'] for t, c in zip(p['node_type_id'][:], cells)))

e = h5py.File(files['edges_file'], 'r')
epops = list(e['edges'])
check('one edge population', len(epops) == 1, epops)
q = e['edges'][epops[0]]
for d, t in (('source_node_id', np.uint64), ('target_node_id', np.uint64), ('edge_type_id', np.int64),
             ('edge_group_id', np.uint32), ('edge_group_index', np.uint64)):
    check('edges: %s is %s' % (d, t.__name__), d in q and q[d].dtype == t and len(q[d]) == len(conns))
for d in ('source_node_id', 'target_node_id'):
    pop = q[d].attrs.get('node_population')
    check('edges: %s names its node population' % d,
          (pop.decode() if isinstance(pop, bytes) else pop) == pops[0])
check('edges: sources, targets, types, weights, delays as connections.csv',
      list(q['source_node_id'][:]) == [int(c['pre']) for c in conns] and
      list(q['target_node_id'][:]) == [int(c['post']) for c in conns] and
      list(q['edge_type_id'][:]) == [int(c['rule']) for c in conns] and
      list(q['0/syn_weight'][:]) == [float(c['weight']) for c in conns] and
      list(q['0/delay'][:]) == [float(c['delay']) for c in conns])
for side, key in (('source_to_target', 'source_node_id'), ('target_to_source', 'target_node_id')):
    ranges = q['indices'][side]['node_id_to_ranges'][:]
    edges = q['indices'][side]['range_to_edge_id'][:]
    seen = np.zeros(len(conns), dtype=int)
    ok = ranges.dtype == np.int64 and edges.dtype == np.int64 and len(ranges) == len(cells)
    for node, (a, b) in enumerate(ranges):
        if a < 0:
            continue
        for lo, hi in edges[a:b]:
            for i in range(lo, hi):
                seen[i] += 1
                ok = ok and q[key][i] == node
    check('edges: index %s lists every edge once, under its node' % side, ok and (seen == 1).all())
etypes = list(csv.DictReader(open(files['edge_types_file']), delimiter=' '))
check('edge_types.csv: a type per rule', set(int(t['edge_type_id']) for t in etypes) >=
      set(int(c['rule']) for c in conns))

# the spike file: spikes.csv's spikes, the same doubles
sp = h5py.File(os.path.join(out, experiment, 'spikes.h5'), 'r')['spikes'][pops[0]]
rows = list(csv.reader(open(os.path.join(out, experiment, 'spikes.csv'))))[1:]
check('spikes.h5: sorted by_time (enum)', h5py.check_enum_dtype(sp.attrs.get_id('sorting').dtype) ==
      {'none': 0, 'by_id': 1, 'by_time': 2} and sp.attrs['sorting'] == 2)
check('spikes.h5: timestamps in ms', sp['timestamps'].dtype == np.float64 and
      sp['timestamps'].attrs['units'] in (b'ms', 'ms'))
check('spikes.h5: the spikes of spikes.csv', sp['node_ids'].dtype == np.uint64 and
      list(sp['timestamps'][:]) == [float(r[0]) for r in rows] and
      list(sp['node_ids'][:]) == [int(r[1]) for r in rows])

if len(sys.argv) > 3:
    again = sys.argv[3]
    for rel in ('sonata/nodes.h5', 'sonata/edges.h5', experiment + '/spikes.h5'):
        same = open(os.path.join(out, rel), 'rb').read() == open(os.path.join(again, rel), 'rb').read()
        check('%s: the same bytes from the same run' % rel, same)

print('1..%d' % len(results))
for i, (name, ok, why) in enumerate(results, 1):
    print('%s %d - %s%s' % ('ok' if ok else 'not ok', i, name, '' if ok else ' # %s' % (why,)))
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
