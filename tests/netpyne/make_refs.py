#!/usr/bin/python3
"""Reference spikes of the seed microcircuit model, made with the real NetPyNE.

The model is examples/microcircuit.circ as NetPyNE 1.1.0 builds it (the
parameters of the seed notebook, NetPyNE defaults otherwise). For every seed
N (simConfig.seeds = {'conn': N, 'stim': N, 'loc': N, 'cell': N}) and every
experiment (control, pv_silencing, isn_push) the script starts a fresh
Python process, builds the network with NetPyNE, runs 1000 ms and writes

  data/seed<N>_<experiment>.spikes.csv   spkt,spkid
  data/seed<N>_cells.csv                 gid,population,x,y,z
  data/seed<N>_connections.csv           pre,post,rule
  data/MANIFEST.json

It also runs "probe" processes that record NetStim event times (with extra
NetCons that have no target) to check the NETPYNE_COMPAT.md test vectors and
the random streams of the stimuli; the probes' spikes must equal the
reference spikes (recording does not perturb the run).

Needs NetPyNE 1.1.0 on PYTHONPATH (see README.md), NEURON 8.2.2 and Debian's
numpy/scipy/matplotlib/pandas/future/schema/tqdm. Run from anywhere:

  PYTHONPATH=/tmp/netpyne-1.1.0 /usr/bin/python3 tests/netpyne/make_refs.py
  ... make_refs.py --seeds 1          # only some seeds (MANIFEST is rewritten)

The model definition below is the only place the parameters are written.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, 'data')

EXPERIMENTS = ['control', 'pv_silencing', 'isn_push']
RULES = ['PV->Exc', 'Exc->PV', 'SOM->All', 'Exc->Exc']   # index = rule column
POPS = ['Exc_L23', 'Exc_L5', 'Inh_PV', 'Inh_SOM']


# ---------------------------------------------------------------------------
# The model (values from /tmp/seed_model.md, i.e. the seed notebook)

def make_params(seed, experiment):
    from netpyne import specs

    netParams = specs.NetParams()
    netParams.sizeX = 500
    netParams.sizeY = 1000
    netParams.sizeZ = 500

    netParams.cellParams['PYR'] = {
        'secs': {
            'soma': {
                'geom': {'diam': 18.8, 'L': 18.8, 'Ra': 123.0},
                'mechs': {'hh': {'gnabar': 0.12, 'gkbar': 0.036, 'gl': 0.001, 'el': -70}},
            },
            'dend': {
                'geom': {'diam': 2.0, 'L': 150.0, 'Ra': 150.0, 'cm': 1.0},
                'topol': {'parentSec': 'soma', 'parentX': 1.0, 'childX': 0},
                'mechs': {'pas': {'g': 0.0002, 'e': -70}},
            },
        }
    }
    netParams.cellParams['INH'] = {
        'secs': {
            'soma': {
                'geom': {'diam': 16.0, 'L': 16.0, 'Ra': 125.0},
                'mechs': {'hh': {'gnabar': 0.14, 'gkbar': 0.045, 'gl': 0.00095, 'el': -70}},
            }
        }
    }

    netParams.popParams['Exc_L23'] = {'numCells': 40, 'cellType': 'PYR', 'cellModel': 'HH', 'ynormRange': [0.2, 0.6]}
    netParams.popParams['Exc_L5'] = {'numCells': 40, 'cellType': 'PYR', 'cellModel': 'HH', 'ynormRange': [0.5, 0.8]}
    netParams.popParams['Inh_PV'] = {'numCells': 10, 'cellType': 'INH', 'cellModel': 'HH', 'ynormRange': [0.4, 0.9]}
    netParams.popParams['Inh_SOM'] = {'numCells': 10, 'cellType': 'INH', 'cellModel': 'HH', 'ynormRange': [0.6, 0.9]}

    netParams.synMechParams['exc'] = {'mod': 'Exp2Syn', 'tau1': 0.1, 'tau2': 1.0, 'e': 0}
    netParams.synMechParams['inh'] = {'mod': 'Exp2Syn', 'tau1': 0.5, 'tau2': 5.0, 'e': -80}

    netParams.connParams['PV->Exc'] = {
        'preConds': {'pop': 'Inh_PV'}, 'postConds': {'pop': ['Exc_L5', 'Exc_L23']},
        'sec': 'soma', 'loc': 0.5, 'probability': 0.1, 'weight': 0.005, 'synMech': 'inh', 'delay': 2.0}
    netParams.connParams['Exc->PV'] = {
        'preConds': {'pop': ['Exc_L5', 'Exc_L23']}, 'postConds': {'pop': 'Inh_PV'},
        'sec': 'soma', 'loc': 0.5, 'probability': 0.5, 'weight': 0.004, 'synMech': 'exc', 'delay': 2.0}
    netParams.connParams['SOM->All'] = {
        'preConds': {'pop': 'Inh_SOM'}, 'postConds': {'pop': ['Exc_L5', 'Exc_L23', 'Inh_PV']},
        'sec': 'dend', 'loc': 0.5, 'probability': 0.2, 'weight': 0.0006, 'synMech': 'inh', 'delay': 2.0}
    netParams.connParams['Exc->Exc'] = {
        'preConds': {'pop': ['Exc_L5', 'Exc_L23']}, 'postConds': {'pop': ['Exc_L5', 'Exc_L23', 'Inh_PV', 'Inh_SOM']},
        'sec': 'dend', 'loc': 0.5, 'probability': 0.5, 'weight': 0.0005, 'synMech': 'exc', 'delay': 3.0}

    netParams.stimSourceParams['bkg'] = {'type': 'NetStim', 'rate': 40, 'noise': 0.8}
    netParams.stimTargetParams['bkg->all'] = {
        'source': 'bkg', 'conds': {'pop': ['Exc_L5', 'Exc_L23', 'Inh_PV', 'Inh_SOM']},
        'sec': 'soma', 'loc': 0.5, 'weight': 0.007, 'delay': 2.0, 'synMech': 'exc'}

    # The experiment's stimulus is added after the background, as in the notebook
    # (stimTargetParams are processed in insertion order).
    if experiment == 'pv_silencing':
        # 'delay' as in the notebook; NEURON accepts it as an alias of IClamp.del
        netParams.stimSourceParams['optogenetic_laser'] = {'type': 'IClamp', 'delay': 400, 'dur': 200, 'amp': -0.75}
        netParams.stimTargetParams['laser->PV_cells'] = {
            'source': 'optogenetic_laser', 'conds': {'pop': 'Inh_PV'}, 'sec': 'soma', 'loc': 0.5}
    elif experiment == 'isn_push':
        netParams.stimSourceParams['isn_push'] = {'type': 'NetStim', 'rate': 150, 'noise': 0.6, 'number': 1000, 'start': 500}
        netParams.stimTargetParams['isn_push->PV'] = {
            'source': 'isn_push', 'conds': {'pop': 'Inh_PV'}, 'weight': 0.1, 'delay': 1.0, 'synMech': 'exc'}
    elif experiment != 'control':
        raise SystemExit('unknown experiment %r' % experiment)

    simConfig = specs.SimConfig()
    simConfig.duration = 1000
    simConfig.dt = 0.05
    simConfig.seeds = {'conn': seed, 'stim': seed, 'loc': seed, 'cell': seed}
    # defaults kept: hParams celsius 6.3 / v_init -65, cvode off, oneSynPerNetcon,
    # allowSelfConns False, random123 False (hoc Random objects for NetStims)
    simConfig.recordTraces = {}
    simConfig.recordStep = 0.1
    simConfig.verbose = False
    simConfig.progressBar = 0
    simConfig.printRunTime = False
    simConfig.saveJson = False
    simConfig.savePickle = False
    simConfig.analysis = {}
    return netParams, simConfig


# ---------------------------------------------------------------------------
# Child process: one fresh NetPyNE build + run

def pop_of(gid):
    return 'Exc_L23' if gid < 40 else 'Exc_L5' if gid < 80 else 'Inh_PV' if gid < 90 else 'Inh_SOM'


def r(x):
    return repr(float(x))


def child(seed, experiment, out_json, probe):
    sys.argv.append('-nogui')          # netpyne/__init__.py: no graphics at all
    import netpyne
    from netpyne import sim
    from netpyne.cell.compartCell import CompartCell
    from neuron import h

    # log the order in which NetCons are created (to check the cells[].conns order)
    conn_log = []
    orig_add = CompartCell.addConn

    def logged_add(self, params, netStimParams=None):
        n = len(self.conns)
        ret = orig_add(self, params, netStimParams)
        for cn in self.conns[n:]:
            conn_log.append((cn['preGid'], self.gid, cn.get('label', cn.get('preLabel'))))
        return ret
    CompartCell.addConn = logged_add

    netParams, simConfig = make_params(seed, experiment)
    sim.create(netParams=netParams, simConfig=simConfig)
    cells = sim.net.cells
    assert [c.gid for c in cells] == list(range(100))

    # connections, from cells[].conns: rule order, then post gid, then per-cell order
    rows = []
    for ri, rule in enumerate(RULES):
        for c in cells:
            for cn in c.conns:
                if cn.get('label') == rule:
                    rows.append((cn['preGid'], c.gid, ri))
    rule_log = [(p, q, RULES.index(l)) for (p, q, l) in conn_log if p != 'NetStim']
    assert rows == rule_log, 'conn creation order'
    # all rule NetCons are created before any stim NetCon
    first_stim = next(i for i, x in enumerate(conn_log) if x[0] == 'NetStim')
    assert all(x[0] == 'NetStim' for x in conn_log[first_stim:])
    # each conn and stim has its own NetCon and its own synapse object
    n_netcons = sum(len(c.conns) for c in cells)
    n_syns = sum(len(s.get('synMechs', [])) for c in cells for s in c.secs.values())
    syn_objs = set(id(s['hObj']) for c in cells for sec in c.secs.values() for s in sec.get('synMechs', []))
    assert n_netcons == n_syns == len(syn_objs), 'one synapse per NetCon'

    info = {
        'seed': seed, 'experiment': experiment,
        'netpyne_version': netpyne.__version__,
        'neuron_version': h.nrnversion(),
        'python': sys.version.split()[0],
        'contacts_per_rule': [sum(1 for x in rows if x[2] == i) for i in range(4)],
        'distinct_pairs': len(set((p, q) for p, q, _ in rows)),
        'netcons': n_netcons, 'synapses': n_syns, 'distinct_synapse_objs': len(syn_objs),
        'stims_total': sum(len(c.stims) for c in cells),
    }

    # stims in creation order on a PV cell (gid 80) and an Exc cell (gid 0)
    def stim_desc(c):
        out = []
        for s in c.stims:
            d = {'label': s.get('label'), 'source': s.get('source'), 'type': s.get('type')}
            o = s['hObj']
            if s.get('type') == 'NetStim':
                d.update(interval=o.interval, noise=o.noise, start=o.start, number=o.number,
                         seed=s.get('seed'), has_hRandom='hRandom' in s)
            else:
                d.update({'del': getattr(o, 'del'), 'dur': o.dur, 'amp': o.amp, 'sec': s.get('sec'), 'loc': s.get('loc'),
                          'seg': str(o.get_segment())})
            out.append(d)
        return out
    info['stims_gid0'] = stim_desc(cells[0])
    info['stims_gid80'] = stim_desc(cells[80])
    # NetStim conns (preGid 'NetStim') are in cells[].conns after the rule conns
    info['conns_gid80_tail'] = [(cn['preGid'], cn.get('preLabel'), cn['sec'], cn['loc'], cn['weight'], cn['delay'],
                                 cn['synMech']) for cn in cells[80].conns if cn['preGid'] == 'NetStim']
    info['conn_secs_pv'] = sorted(set((str(cn.get('label', cn.get('preLabel'))), cn['sec']) for cn in cells[85].conns))

    # probe: record NetStim events through extra target-less NetCons
    probes = {}
    if probe:
        for c in cells:
            for k, s in enumerate(c.stims):
                if s.get('type') == 'NetStim':
                    v = h.Vector()
                    nc = h.NetCon(s['hObj'], None)
                    nc.record(v)
                    probes[(c.gid, s['source'])] = (v, nc)

    sim.runSim()     # preRun (NetStim randomizers) + finitialize + psolve(duration)

    # globals as NEURON ran with them (sim.preRun -> setGlobals)
    info.update(celsius=h.celsius, v_init=getattr(h, 'v_init', None), finitialize_v=sim.cfg.hParams['v_init'],
                dt=h.dt, t_end=h.t, secondorder=h.secondorder, usetable_hh=h.usetable_hh,
                cvode_active=sim.cvode.active())
    spkt = list(sim.simData['spkt'])
    spkid = [int(g) for g in sim.simData['spkid']]
    spikes = sorted(zip(spkt, spkid))
    info['spikes'] = len(spikes)
    info['spikes_per_pop'] = {p: sum(1 for _, g in spikes if pop_of(g) == p) for p in POPS}
    info['spikes_sha1'] = hashlib.sha1(''.join('%r,%d\n' % s for s in spikes).encode()).hexdigest()

    cell_rows = [(c.gid, c.tags['pop'], c.tags['x'], c.tags['y'], c.tags['z']) for c in cells]
    info['cells_sha1'] = hashlib.sha1(repr(cell_rows).encode()).hexdigest()
    info['conns_sha1'] = hashlib.sha1(repr(rows).encode()).hexdigest()

    if probe:
        # stream (hashStr('NetStim'), gid, seed) with pick 0 consumed, as sim.preRun does
        from netpyne.sim import utils as su
        def stream(gid, n):
            rr = h.Random()
            rr.Random123(su.hashStr('NetStim'), gid, seed)
            rr.negexp(1)
            return [rr.repick() for _ in range(n)]
        ev = {'%d:%s' % k: list(v) for k, (v, nc) in probes.items()}
        info['probe_events'] = {k: ev[k][:5] for k in ('0:bkg', '85:bkg', '80:bkg') if k in ev}
        if experiment == 'isn_push':
            # recover the Exp(1) draws of each NetStim from its event times and compare
            # them with the shared stream
            cmp = {}
            for g in range(80, 90):
                for src, start, interval, noise in (('bkg', 0.0, 25.0, 0.8), ('isn_push', 500.0, 1000 / 150, 0.6)):
                    t = ev['%d:%s' % (g, src)]
                    draws = [(t[0] - start) / (noise * interval)]
                    draws += [(b - a - (1 - noise) * interval) / (noise * interval) for a, b in zip(t, t[1:])]
                    ref = stream(g, len(draws))
                    cmp['%d:%s' % (g, src)] = max(abs(x - y) / y for x, y in zip(draws, ref))
            info['push_stream_check_max_rel_err'] = max(cmp.values())
            info['push_first_events'] = {k: ev[k][:3] for k in ('80:bkg', '80:isn_push')}
        # NETPYNE_COMPAT.md 1: stream (1, 2, 3); a uniform pick is (u + 1) / (2^32 + 1)
        rr = h.Random()
        rr.Random123(1, 2, 3)
        picks = [rr.uniform(0, 1)] + [rr.repick() for _ in range(5)]
        info['philox_1_2_3'] = [round(x * (2 ** 32 + 1) - 1) for x in picks]
    else:
        os.makedirs(DATA, exist_ok=True)
        with open(os.path.join(DATA, 'seed%d_%s.spikes.csv' % (seed, experiment)), 'w') as f:
            f.write('spkt,spkid\n')
            for t, g in spikes:
                f.write('%s,%d\n' % (r(t), g))
        if experiment == 'control':
            with open(os.path.join(DATA, 'seed%d_cells.csv' % seed), 'w') as f:
                f.write('gid,population,x,y,z\n')
                for g, p, x, y, z in cell_rows:
                    f.write('%d,%s,%s,%s,%s\n' % (g, p, r(x), r(y), r(z)))
            with open(os.path.join(DATA, 'seed%d_connections.csv' % seed), 'w') as f:
                f.write('pre,post,rule\n')
                for p, q, ri in rows:
                    f.write('%d,%d,%d\n' % (p, q, ri))
        info['positions'] = {str(g): [cell_rows[g][2], cell_rows[g][3], cell_rows[g][4]] for g in (0, 40, 90)}

    with open(out_json, 'w') as f:
        json.dump(info, f, indent=1)


# ---------------------------------------------------------------------------
# Parent: run the children, check test vectors, write MANIFEST.json

# NETPYNE_COMPAT.md test vectors (seed 1)
TV_POS = {'0': (165.39602059279662, 259.5145836333943, 278.67073477742474),
          '40': (14.448619560699765, 690.8509311054714, 114.38105916269564),
          '90': (12.19887891500283, 609.7016661638157, 294.4525644894567)}
TV_CONTACTS = [82, 411, 186, 3992]
TV_BKG = {'0:bkg': [5.558110783615, 20.815746684195, 77.611140062153, 85.254650897261, 94.151107559119],
          '85:bkg': [5.916310493035, 15.639061372324, 25.712820788034, 99.819151757788, 113.262700130242]}
TV_PHILOX = [4212769771, 983989504, 536313978, 543550740, 3343823633, 2816359905]


def run_child(seed, experiment, probe):
    tag = 'seed%d_%s%s' % (seed, experiment, '_probe' if probe else '')
    out = '/tmp/circ_netpyne_%s_%d.json' % (tag, os.getpid())
    cmd = [sys.executable, os.path.abspath(__file__), '--child', str(seed), experiment, out]
    if probe:
        cmd.append('--probe')
    env = dict(os.environ, MPLBACKEND='Agg')
    t0 = time.time()
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout)
        raise SystemExit('%s failed (%d)' % (tag, p.returncode))
    with open(out) as f:
        info = json.load(f)
    os.unlink(out)
    print('%-28s %5d spikes  %.1f s' % (tag, info['spikes'], time.time() - t0), flush=True)
    return info


def save_json(out, seeds):
    """The model as NetPyNE 1.1.0 saves it: netParams_<experiment>.json (the
    network does not depend on the seed) and simConfig_seed<N>.json."""
    sys.argv.append('-nogui')
    os.makedirs(out, exist_ok=True)
    for e in EXPERIMENTS:
        netParams, _ = make_params(1, e)
        netParams.save(os.path.join(out, 'netParams_%s.json' % e))
    for seed in seeds:
        _, simConfig = make_params(seed, 'control')
        simConfig.saveJson = True
        simConfig.filename = 'seed%d' % seed      # recorded in the file: keep it short
        simConfig.save(os.path.join(out, 'simConfig_seed%d.json' % seed))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--seeds', type=int, nargs='+', default=[1, 2])
    ap.add_argument('--no-probe', action='store_true', help='skip the probe runs (test vector checks)')
    ap.add_argument('--child', nargs=3, metavar=('SEED', 'EXPERIMENT', 'OUT_JSON'), help=argparse.SUPPRESS)
    ap.add_argument('--probe', action='store_true', help=argparse.SUPPRESS)
    ap.add_argument('--save-json', metavar='DIR',
                    help="only write each experiment's netParams.save() and each seed's "
                         "simConfig.save() JSON into DIR (for `circ import netpyne`)")
    a = ap.parse_args()
    if a.child:
        child(int(a.child[0]), a.child[1], a.child[2], a.probe)
        return
    if a.save_json:
        save_json(a.save_json, a.seeds)
        return

    ok = True
    runs = {}
    checks = {}
    for seed in a.seeds:
        for e in EXPERIMENTS:
            runs[(seed, e)] = run_child(seed, e, False)
        base = runs[(seed, 'control')]
        for e in EXPERIMENTS:   # the network is the same in all three experiments
            for k in ('cells_sha1', 'conns_sha1', 'contacts_per_rule'):
                if runs[(seed, e)][k] != base[k]:
                    ok = False
                    print('MISMATCH seed %d %s: %s differs from control' % (seed, e, k))
        if not a.no_probe:
            for e in ('control', 'isn_push'):
                pr = run_child(seed, e, True)
                same = pr['spikes_sha1'] == runs[(seed, e)]['spikes_sha1']
                checks['seed%d_%s_probe_spikes_identical' % (seed, e)] = same
                ok &= same
                if e == 'control':
                    runs[(seed, 'probe')] = pr
                else:
                    checks['seed%d_push_stream_max_rel_err' % seed] = pr['push_stream_check_max_rel_err']
                    checks['seed%d_push_first_events' % seed] = pr['push_first_events']
                    ok &= pr['push_stream_check_max_rel_err'] < 1e-9

    if 1 in a.seeds:
        c = runs[(1, 'control')]
        checks['positions_seed1'] = all(tuple(c['positions'][g]) == TV_POS[g] for g in TV_POS)
        checks['contacts_seed1'] = c['contacts_per_rule'] == TV_CONTACTS
        if not a.no_probe:
            pe = runs[(1, 'probe')]['probe_events']
            checks['bkg_first_events_seed1'] = all(
                ['%.12f' % t for t in pe[k]] == ['%.12f' % t for t in TV_BKG[k]] for k in TV_BKG)
            checks['philox_1_2_3'] = runs[(1, 'probe')]['philox_1_2_3'] == TV_PHILOX
        for k in ('positions_seed1', 'contacts_seed1', 'bkg_first_events_seed1', 'philox_1_2_3'):
            if k in checks:
                ok &= checks[k]
    for k, v in checks.items():
        print('check %-36s %s' % (k, v))

    any_run = next(iter(runs.values()))
    commit = os.environ.get('NETPYNE_COMMIT', '')
    if not commit:
        try:   # written by the checkout step of README.md (find_spec does not import netpyne)
            import importlib.util
            pkg = os.path.dirname(importlib.util.find_spec('netpyne').origin)
            commit = open(os.path.join(os.path.dirname(pkg), 'NETPYNE_COMMIT')).read().strip()
        except Exception:
            commit = 'unknown'
    manifest = {
        'description': 'Seed microcircuit model (examples/microcircuit.circ) run in NetPyNE 1.1.0 + NEURON 8.2.2, '
                       'one fresh process per seed and experiment. See README.md.',
        'netpyne_version': any_run['netpyne_version'],
        'netpyne_commit': commit,
        'neuron_version': any_run['neuron_version'],
        'python': any_run['python'],
        'platform': sys.platform,
        'globals': {k: any_run[k] for k in ('celsius', 'v_init', 'dt', 'secondorder', 'usetable_hh')},
        'duration_ms': 1000,
        'seeds': {str(s): {'conn': s, 'stim': s, 'loc': s, 'cell': s} for s in a.seeds},
        'experiments': {
            'control': 'background NetStim only',
            'pv_silencing': 'background + IClamp del 400 dur 200 amp -0.75 nA on Inh_PV soma(0.5)',
            'isn_push': 'background + NetStim 150 Hz noise 0.6 number 1000 start 500 onto Inh_PV soma(0.5), '
                        'weight 0.1 uS, delay 1 ms, exc',
        },
        'rules': RULES,
        'commands': [
            'PYTHONPATH=/tmp/netpyne-1.1.0 /usr/bin/python3 tests/netpyne/make_refs.py --seeds %s'
            % ' '.join(map(str, a.seeds)),
            'per run, a fresh process: /usr/bin/python3 tests/netpyne/make_refs.py --child SEED EXPERIMENT OUT.json [--probe] (MPLBACKEND=Agg; -nogui is added to sys.argv before netpyne is imported)',
        ],
        'runs': {},
        'checks': checks,
    }
    for (s, e), info in sorted(runs.items()):
        if e == 'probe':
            continue
        manifest['runs']['seed%d_%s' % (s, e)] = {
            'spikes_file': 'seed%d_%s.spikes.csv' % (s, e),
            'cells_file': 'seed%d_cells.csv' % s,
            'connections_file': 'seed%d_connections.csv' % s,
            'spikes': info['spikes'],
            'spikes_per_pop': info['spikes_per_pop'],
            'contacts_per_rule': info['contacts_per_rule'],
            'distinct_pairs': info['distinct_pairs'],
            'netcons': info['netcons'],
            'synapses': info['synapses'],
            'stims_total': info['stims_total'],
            'stims_gid80': info['stims_gid80'],
            'netstim_conns_gid80': info['conns_gid80_tail'],
            'conn_secs_gid85': info['conn_secs_pv'],
            'distinct_synapse_objs': info['distinct_synapse_objs'],
            't_end': info['t_end'],
        }
    with open(os.path.join(DATA, 'MANIFEST.json'), 'w') as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write('\n')
    print('all checks passed' if ok else 'SOME CHECKS FAILED')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
