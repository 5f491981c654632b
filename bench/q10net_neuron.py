# bench/q10net_neuron.py - bench/q10net.circ in NEURON 8.2.2: run it with /usr/bin/python3 from a
# directory where nrnivmodl compiled tests/neuron/mod/kq10.mod (neuron imports x86_64/ itself;
# Debian's nrnivmodl needs NRNHOME set as tests/neuron/make_refs.py load_mods does).
import time
from neuron import h
h.load_file("stdrun.hoc")
cells = []
t0 = time.time()
for i in range(1000):
    soma = h.Section(name=f"soma{i}"); soma.L = soma.diam = 20
    soma.insert("hh"); soma.insert("kq10")
    for seg in soma: seg.hh.gkbar = 0
    dend = h.Section(name=f"dend{i}"); dend.L = 200; dend.diam = 2; dend.nseg = 4
    dend.insert("pas"); dend.insert("kq10")
    for seg in dend: seg.pas.g = 0.0001; seg.pas.e = -65; seg.kq10.gkbar = 0.003
    dend.connect(soma(1))
    syn = h.Exp2Syn(dend(0.8)); syn.tau1 = 0.5; syn.tau2 = 3; syn.e = 0
    ns = h.NetStim(); ns.interval = 10; ns.number = 1e9; ns.start = 0; ns.noise = 1
    nc = h.NetCon(ns, syn); nc.weight[0] = 0.004; nc.delay = 1
    cells.append((soma, dend, syn, ns, nc))
h.celsius = 30; h.dt = 0.025; h.tstop = 200; h.steps_per_ms = 40
h.finitialize(-65)
t1 = time.time(); h.continuerun(200); t2 = time.time()
print(f"build {t1-t0:.2f} s, simulate {t2-t1:.2f} s")
