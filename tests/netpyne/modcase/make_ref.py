#!/usr/bin/python3
"""Reference spikes of a NetPyNE model whose mechanisms come from .mod files.

A small network in NetPyNE 1.1.0's dictionaries: pyramidal cells with hh and
the A-type potassium channel of tests/neuron/mod/ka.mod (gbar set per cell
type), excitatory synapses of tests/neuron/mod/exp2s.mod (a POINT_PROCESS,
tau and gscale set in synMechParams), a noisy NetStim background and a
probabilistic rule.  The script compiles the two .mod files with nrnivmodl,
runs the model and writes, beside itself:

  netParams.json, simConfig.json   as netParams.save() / simConfig.save() write them
  spikes.csv                       spkt,spkid (NetPyNE's, sorted by time then gid)

tests/runtime/test_import.c converts the JSON with
`circ import netpyne netParams.json simConfig.json --mod tests/neuron/mod`
and requires the same spikes from `circ run --exact --rng netpyne`.

  PYTHONPATH=/tmp/netpyne-1.1.0 /usr/bin/python3 tests/netpyne/modcase/make_ref.py
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def params():
    from netpyne import specs
    net = specs.NetParams()
    net.sizeX, net.sizeY, net.sizeZ = 200, 400, 200
    net.cellParams['PYR'] = {'secs': {'soma': {
        'geom': {'diam': 18.8, 'L': 18.8, 'Ra': 123.0, 'cm': 1},
        'mechs': {'hh': {'gnabar': 0.12, 'gkbar': 0.036, 'gl': 0.0003, 'el': -54.3},
                  'ka': {'gbar': 0.004}}}}}
    net.cellParams['FS'] = {'secs': {'soma': {
        'geom': {'diam': 10.0, 'L': 10.0, 'Ra': 110.0, 'cm': 1},
        'mechs': {'hh': {'gnabar': 0.12, 'gkbar': 0.036, 'gl': 0.0003, 'el': -65.0},
                  'ka': {'gbar': 0.001}}}}}
    net.popParams['E'] = {'cellType': 'PYR', 'numCells': 12}
    net.popParams['I'] = {'cellType': 'FS', 'numCells': 4}
    net.synMechParams['exc'] = {'mod': 'Exp2S', 'tau1': 0.2, 'tau2': 3.0, 'e': 0, 'gscale': 1.2}
    net.synMechParams['inh'] = {'mod': 'Exp2Syn', 'tau1': 0.5, 'tau2': 8.0, 'e': -80}
    net.stimSourceParams['bkg'] = {'type': 'NetStim', 'rate': 60, 'noise': 0.7}
    net.stimTargetParams['bkg->all'] = {'source': 'bkg', 'conds': {'pop': ['E', 'I']},
                                        'weight': 0.006, 'delay': 2, 'synMech': 'exc'}
    net.connParams['E->all'] = {'preConds': {'pop': 'E'}, 'postConds': {'pop': ['E', 'I']},
                                'probability': 0.3, 'weight': 0.002, 'delay': 2,
                                'synMech': 'exc'}
    net.connParams['I->E'] = {'preConds': {'pop': 'I'}, 'postConds': {'pop': 'E'},
                              'probability': 0.5, 'weight': 0.004, 'delay': 1.5,
                              'synMech': 'inh'}
    cfg = specs.SimConfig()
    cfg.duration = 500
    cfg.dt = 0.025
    cfg.hParams = {'celsius': 6.3, 'v_init': -65.0}
    cfg.seeds = {'conn': 3, 'stim': 3, 'loc': 3, 'cell': 3}
    cfg.verbose = False
    cfg.printRunTime = False
    cfg.saveJson = True
    cfg.filename = 'modcase'
    return net, cfg


def main():
    sys.argv.append('-nogui')
    # nrnivmodl as tests/neuron/make_refs.py runs it on Debian
    sys.path.insert(0, os.path.join(HERE, '..', '..', 'neuron'))
    from make_refs import load_mods
    from neuron import h
    load_mods(h, ['ka', 'exp2s'])
    from netpyne import sim
    net, cfg = params()
    net.save(os.path.join(HERE, 'netParams.json'))
    cfg.save(os.path.join(HERE, 'simConfig.json'))
    sim.createSimulate(netParams=net, simConfig=cfg)
    spikes = sorted(zip(sim.simData['spkt'], sim.simData['spkid']))
    with open(os.path.join(HERE, 'spikes.csv'), 'w') as f:
        f.write('spkt,spkid\n')
        for t, g in spikes:
            f.write('%.17g,%d\n' % (t, int(g)))
    print('%d spikes from %d cells' % (len(spikes), len(sim.net.cells)))


if __name__ == '__main__':
    main()
