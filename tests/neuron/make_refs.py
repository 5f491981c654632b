#!/usr/bin/python3
"""Generate the NEURON 8.2.2 fidelity reference data for circ.

Run with the system Python that has NEURON (not a virtualenv python):

    /usr/bin/python3 tests/neuron/make_refs.py               # all cases + MANIFEST
    /usr/bin/python3 tests/neuron/make_refs.py pyr2 hh1_...  # only these cases
    /usr/bin/python3 tests/neuron/make_refs.py --write-circ  # also regenerate cases/*.circ
    /usr/bin/python3 tests/neuron/make_refs.py --list        # print the case names

Every case is described once, in CASES below.  From that description this
script builds the model in plain NEURON (h.Section, h.IClamp, h.NetStim,
h.NetCon, ... -- no NetPyNE), runs it with the fixed-step method
(cvode off, secondorder 0) and writes

    data/<case>.csv         t,<col>,...   one row per time step, t = 0 included
    data/<case>.spikes.csv  spkt,spkid    spike times (threshold 10 mV at the
                                          cell's soma(0.5)) and the cell's gid
    data/MANIFEST.json      the settings of every case and the column mapping

and (with --write-circ) the equivalent model in the .circ language,
cases/<case>.circ.  Each case runs in its own NEURON process, so that no
global state (celsius, rate tables, Random123 streams) leaks between cases.

Creation order (this is what the circ engine has to reproduce, because the
order of point processes on one node fixes the order of summation):

  1. cells in gid order (populations in declaration order, each of count 1);
     the sections of a cell in declaration order, then the `attach`
     statements in order (child(0) connected to parent(x));
  2. the network statements (`stimulus` and `connect`) in file order:
       * IClamp stimulus: one IClamp per target cell, in target gid order;
       * NetStim stimulus: per target cell in gid order, create the NetStim,
         call noiseFromRandom123(stimulus_index + 1, target_gid, seed)
         (stimulus_index = 0-based position of the statement among all
         `stimulus` statements of the file) or with its noise_stream ids,
         then the synapse at the target location, then the NetCon
         NetStim -> synapse;
       * connect: for each post cell in gid order, for each pre cell in gid
         order (no self-connections): a new synapse at the post location, then
         a NetCon from pre soma(0.5) v (threshold 10 mV) to it;
       * a shared synapse (third element "shared" in `synapses`) is made
         only at its first use at a cell's location; later NetCons there
         target that instance;
  3. one spike-recording NetCon per cell (soma(0.5) v, threshold 10, target
     None), in gid order; for a cell type with "spikes_from" (circ's
     `spikes_from = MECH`) the NetCon's source is the cell's MECH point
     process (made by a stimulus before any connection from the cell),
     registered as NetPyNE does for Izhi2007a: pc.set_gid2node(gid),
     pc.cell(gid, nc); its connections are NetCon(pp, syn);
  4. Vector.record of t and of each recorded site (every fixed step,
     including the t = 0 sample taken by finitialize).
"""

import glob
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
CASEDIR = os.path.join(HERE, "cases")

# ---------------------------------------------------------------------------
# Building blocks

# NEURON parameter name -> circ unit for writing .circ files
UNITS = {
    "L": "um", "diam": "um", "Ra": "ohm*cm", "cm": "uF/cm2",
    ("hh", "gnabar"): "S/cm2", ("hh", "gkbar"): "S/cm2", ("hh", "gl"): "S/cm2",
    ("hh", "el"): "mV",
    ("pas", "g"): "S/cm2", ("pas", "e"): "mV",
    ("IClamp", "del"): "ms", ("IClamp", "dur"): "ms", ("IClamp", "amp"): "nA",
    ("ExpSyn", "tau"): "ms", ("ExpSyn", "e"): "mV",
    ("Exp2Syn", "tau1"): "ms", ("Exp2Syn", "tau2"): "ms", ("Exp2Syn", "e"): "mV",
    ("NetStim", "interval"): "ms", ("NetStim", "start"): "ms",
    ("NetStim", "number"): "", ("NetStim", "noise"): "",
    ("ka", "gbar"): "S/cm2", ("cal", "gbar"): "S/cm2", ("kca", "gbar"): "S/cm2",
    ("cagk", "pbar"): "cm/s", ("canrn", "pbar"): "cm/s",
    ("cad", "taur"): "ms", ("caddiam", "taur"): "ms", ("caddiam", "depth"): "um",
    ("cad", "drive"): "mM*cm2/mA/ms", ("clc", "g"): "S/cm2", ("capl", "taur"): "ms",
    ("caclamp", "drive"): "mM*cm2/mA/ms", ("caclamp", "taur"): "ms", ("caclamp", "ceiling"): "mM",
    ("caclamp", "leak"): "mM/ms", ("capclamp", "drive"): "mM*cm2/mA/ms",
    ("capclamp", "taur"): "ms", ("capclamp", "ceiling"): "mM", ("capclamp", "leak"): "mM/ms",
    ("capclamp", "kp"): "mA/cm2/mM", ("kinclamp", "gbar"): "S/cm2", ("kinclamp", "omin"): "",
    ("kinclamp", "omax"): "", ("kinclamp", "imin"): "",
    ("SynSat", "e"): "mV", ("SynSat", "gsat"): "uS", ("SynSat", "tr"): "ms",
    ("kinitq10", "gbar"): "S/cm2", ("startst", "gmax"): "S/cm2",
    ("hcn", "gbar"): "S/cm2", ("hcn", "ehcn"): "mV",
    # mod/*.mod: the units their PARAMETERs declare
    ("cnseq", "g"): "S/cm2", ("cnseq", "tau"): "ms", ("cnseq", "e"): "mV",
    ("kgstate", "gbar"): "S/cm2", ("atpulse", "amp"): "mA/cm2",
    ("kcache", "gbar"): "S/cm2", ("kcache", "q10"): "", ("kcache", "temp"): "degC",
    ("cnmix", "gbar"): "S/cm2", ("cnmix", "ztau"): "ms", ("klocarr", "gbar"): "S/cm2",
    ("ufac", "g"): "S/cm2", ("ufac", "n"): "",
    ("boolnum", "g"): "S/cm2", ("boolnum", "th"): "mV", ("boolnum", "hi"): "mV",
    ("hhx", "gnabar"): "S/cm2", ("hhx", "gkbar"): "S/cm2", ("hhx", "gl"): "S/cm2",
    ("hhx", "el"): "mV", ("hhx", "enax"): "mV", ("hhx", "ekx"): "mV",
    ("hhx", "vshift"): "mV", ("hhx", "q10base"): "", ("hhx", "usetable"): "",
    ("ihx", "gbar"): "S/cm2", ("ihx", "eh"): "mV", ("ihx", "vhalf"): "mV",
    ("ihx", "q10"): "",
    ("Exp2S", "tau1"): "ms", ("Exp2S", "tau2"): "ms", ("Exp2S", "e"): "mV",
    ("Exp2S", "gscale"): "",
    ("nafshift", "gbar"): "S/cm2", ("nafshift", "fastNa_shift"): "mV",
    ("kdrshift", "gbar"): "S/cm2", ("kdrshift", "vshift"): "mV", ("kdrshift", "q10"): "",
    ("nakin", "gbar"): "S/cm2", ("kdrkin", "gbar"): "S/cm2", ("kdrkin", "vhalf"): "mV",
    ("karr", "gbar"): "S/cm2", ("karr", "vh"): "mV",
    ("cabuf", "Btot"): "mM", ("kslin", "gbar"): "S/cm2", ("kpart", "gbar"): "S/cm2", ("kproc", "gbar"): "S/cm2",
    ("capss", "Btot"): "mM",
    ("hhdi", "gnabar"): "S/cm2", ("hhdi", "gkbar"): "S/cm2",
    ("cadi", "taur"): "ms", ("cadrd", "taur"): "ms", ("kamig", "gkabar"): "S/cm2", ("akca", "gbar"): "S/cm2", ("cavar", "gcabar"): "S/cm2", ("kinc", "gbar"): "S/cm2", ("nainst", "gbar"): "S/cm2",
    ("cacomp", "vbuf"): "um3", ("cadifus", "TotalBuffer"): "mM", ("cadpump", "TotalPump"): "mol/cm2", ("hheu", "gnabar"): "S/cm2", ("hheu", "gkbar"): "S/cm2", ("dimer", "g"): "S/cm2",
    ("hhrk", "gnabar"): "S/cm2", ("hhrk", "gkbar"): "S/cm2",
    ("kvdk", "gbar"): "S/cm2", ("kvrk", "gbar"): "S/cm2", ("kmdk", "gbar"): "S/cm2", ("kidk", "gbar"): "S/cm2",
    ("napx", "gbar"): "S/cm2", ("napx", "enap"): "mV", ("napx", "vhm"): "mV",
    ("tabbound", "gkbar"): "S/cm2", ("tabbound", "vmin"): "mV", ("tabbound", "vmax"): "mV",
    ("tabbound", "span"): "mV",
    ("nashift", "gbar"): "S/cm2", ("kshift", "gbar"): "S/cm2", ("kshift", "vshift"): "mV",
    ("naexp", "gnabar"): "S/cm2", ("naexp", "usetable"): "", ("kexp", "gkbar"): "S/cm2", ("kexp", "gl"): "S/cm2",
    ("kexp", "el"): "mV", ("expbound", "g"): "S/cm2", ("expbound", "e"): "mV",
    ("expbound", "tau"): "ms", ("kq10", "gkbar"): "S/cm2", ("kq10", "gl"): "S/cm2", ("kq10", "el"): "mV",
    ("natadj", "gbar"): "pS/um2", ("natadj", "usetable"): "", ("kvtadj", "gbar"): "pS/um2",
    ("kvtadj", "usetable"): "", ("kvif", "gbar"): "pS/um2", ("kvif", "usetable"): "", ("kmb", "gbar"): "pS/um2", ("kmb", "usetable"): "", ("kif", "gbar"): "S/cm2", ("kif", "gl"): "S/cm2",
    ("kif", "el"): "mV", ("kif", "vhold"): "mV",
    ("kbpread", "gbar"): "S/cm2", ("kbpread", "kg"): "cm2/S", ("kbpread", "kik"): "cm2/mA/ms", ("kacc", "gbar"): "S/cm2",
    ("kacc", "gq"): "S/cm2", ("kacc", "rate"): "/ms", ("kacc", "vth"): "mV",
    ("kslow", "gbar"): "S/cm2", ("kslow", "taus"): "ms",
    ("MathSyn", "tau1"): "ms", ("MathSyn", "tau2"): "ms", ("MathSyn", "e"): "mV",
    ("MathSyn", "period"): "ms",
    ("shadowx", "gbar"): "S/cm2", ("shadowx", "a"): "kHz", ("shadowx", "kd"): "mM",
    ("NMDAx", "tau1"): "ms", ("NMDAx", "tau2"): "ms", ("NMDAx", "e"): "mV",
    ("NMDAx", "mg"): "mM",
    ("NMDAca", "tau"): "ms", ("NMDAca", "e"): "mV", ("NMDAca", "fca"): "",
    ("NMDAca", "mg"): "mM",
    ("Epspl", "onset"): "ms", ("Epspl", "tau0"): "ms", ("Epspl", "tau1"): "ms", ("Epspl", "imax"): "nA", ("CaAct", "gmax"): "uS", ("ApCa", "gmax"): "uS", ("ApCa", "tau"): "ms", ("CaAct", "kd"): "mM", ("CaAct", "tau"): "ms", ("CaAct", "e"): "mV",
    ("LifRef", "tau"): "ms", ("LifRef", "refrac"): "ms", ("LifRef", "thresh"): "",
    ("OnClamp", "del"): "ms", ("OnClamp", "dur"): "ms", ("OnClamp", "vc"): "mV",
    ("OnClamp", "rs"): "Mohm",
    ("AHPWatch", "vth"): "mV", ("AHPWatch", "vreset"): "mV", ("AHPWatch", "gstep"): "uS",
    ("AHPWatch", "tau"): "ms", ("AHPWatch", "ek"): "mV",
    ("TieWatch", "vth"): "mV", ("TieWatch", "gstep"): "uS", ("TieWatch", "tau"): "ms",
    ("TieWatch", "ek"): "mV",
    ("StateWatch", "taux"): "ms", ("StateWatch", "xth"): "uS", ("StateWatch", "gmax"): "uS",
    ("StateWatch", "glow"): "uS", ("StateWatch", "tau"): "ms", ("StateWatch", "e"): "mV",
    ("TMCount", "e"): "mV", ("TMCount", "tau"): "ms", ("TMCount", "tau_rec"): "ms",
    ("TMCount", "tau_facil"): "ms", ("TMCount", "U"): "", ("TMCount", "tdel"): "ms",
    ("TMCount", "boost"): "",
    ("ArgSelf", "tau"): "ms", ("ArgSelf", "dly"): "ms",
    ("RearmWatch", "taux"): "ms", ("RearmWatch", "th1"): "uS", ("RearmWatch", "th2"): "uS",
    ("RearmWatch", "tlow"): "uS", ("RearmWatch", "ga"): "uS", ("RearmWatch", "gb"): "uS",
    ("RearmWatch", "tau"): "ms", ("RearmWatch", "e"): "mV",
    ("TimeWatch", "tarm"): "ms", ("TimeWatch", "tw"): "ms", ("TimeWatch", "gstep"): "uS",
    ("TimeWatch", "tau"): "ms", ("TimeWatch", "e"): "mV",
    ("PulseSyn", "tau"): "ms", ("OnSyn", "tau"): "ms", ("OnSyn", "e"): "mV", ("OnSyn", "Cdur"): "ms", ("VDepSyn", "tau"): "ms", ("VDepSyn", "e"): "mV", ("VDepSyn", "vhalf"): "mV", ("VDepSyn", "slope"): "mV", ("PulseSyn", "e"): "mV", ("PulseSyn", "Cdur"): "ms", ("KinSyn", "Cdur"): "ms", ("KinSyn", "e"): "mV",
    ("ASyn", "tau"): "ms", ("ASyn", "e"): "mV", ("ASyn", "aref"): "um2",
    ("StdpFnc", "tau"): "ms", ("StdpFnc", "e"): "mV", ("StdpFnc", "amax"): "uS",
    ("IStep", "del"): "ms", ("IStep", "dur"): "ms", ("IStep", "amp"): "nA",
    ("DClamp", "del"): "ms", ("DClamp", "dur"): "ms", ("DClamp", "amp"): "nA",
    ("DClamp", "dref"): "um", ("DSyn", "tau"): "ms", ("DSyn", "e"): "mV", ("DSyn", "dref"): "um",
    ("IntFire1", "tau"): "ms", ("IntFire1", "refrac"): "ms",
    ("IntFire2", "taus"): "ms", ("IntFire2", "taum"): "ms", ("IntFire2", "ib"): "",
    ("IntFire4", "taue"): "ms", ("IntFire4", "taui1"): "ms", ("IntFire4", "taui2"): "ms",
    ("IntFire4", "taum"): "ms",
    ("BiasIF", "tau"): "ms", ("BiasIF", "ib"): "",
    ("Izhi2007b", "vr"): "mV", ("Izhi2007b", "vt"): "mV", ("Izhi2007b", "vpeak"): "mV",
    **{("Izhi2007b", k): "" for k in ("C", "k", "a", "b", "c", "d", "Iin", "celltype")},
    **{("AdEx", k): "uS" for k in ("gL", "a")}, ("AdEx", "b"): "nA", ("AdEx", "tauw"): "ms",
    **{("AdEx", k): "mV" for k in ("EL", "VT", "DeltaT", "vpeak", "vreset")},
    **{("izhiev", k): "mV" for k in ("vr", "vt", "vpeak", "c")},
    **{("izhiev", k): "" for k in ("C", "k", "a", "b", "d", "Iin", "gin")},
}

# section ion values (NEURON's soma.ek = -90) -> unit
ION_UNITS = {"ena": "mV", "ek": "mV", "eca": "mV", "cai": "mM", "cao": "mM",
             "nai": "mM", "nao": "mM", "ki": "mM", "ko": "mM",
             "ecl": "mV", "cli": "mM", "clo": "mM"}

# Mechanisms of mod/*.mod: NEURON compiles them with nrnivmodl and registers
# them after its own (in file-name order), so the .circ cases declare the
# equivalent mod/<name>.circ mechanisms, in the same order, after the stdlib.
MODDIR = os.path.join(HERE, "mod")


def art(mech, **params):
    """A population of artificial cells (`population P of IntFire1 { ... }`)."""
    return dict(art=mech, params=params)


def sec(L, diam, Ra=35.4, cm=1.0, nseg=1, **mechs):
    return dict(L=L, diam=diam, Ra=Ra, cm=cm, nseg=nseg, mechs=mechs)


class SegExpr:
    """A density parameter that varies along a section: the circ expression
    (of x, distance and L) and the same arithmetic in Python, in the same
    order, evaluated per segment with NEURON's seg.x, h.distance(soma(0.5),
    seg) (soma: the cell's first section) and sec.L."""

    def __init__(self, circ, py):
        self.circ = circ
        self.py = py


def set_param(s, mech, k, val, origin):
    """Gives parameter k of mech (None: the section's own, diam or cm) in
    section s its value: a number for the whole section, a list (one value
    per segment) or a SegExpr."""
    from neuron import h
    name = k if mech is None else "%s_%s" % (k, mech)
    if isinstance(val, SegExpr):
        for sg in s:
            setattr(sg, name, val.py(sg.x, h.distance(origin, sg), s.L))
    elif isinstance(val, list):
        assert len(val) == s.nseg, (mech, k, len(val), s.nseg)
        for sg, v in zip(s, val):
            setattr(sg, name, v)
    else:
        setattr(s, name, val)


def param_text(val, unit):
    if isinstance(val, SegExpr):
        return val.circ
    if isinstance(val, list):
        return "[" + ", ".join(q(v, unit) for v in val) + "]"
    return q(val, unit)


HH_DEFAULT = dict(gnabar=0.12, gkbar=0.036, gl=0.0003, el=-54.3)
PYR_HH = dict(gnabar=0.12, gkbar=0.036, gl=0.001, el=-70.0)
PAS_PYR = dict(g=0.0002, e=-70.0)

# Single HH soma (the size of the microcircuit's pyramidal soma)
HH1 = dict(secs=[("soma", sec(18.8, 18.8, Ra=123.0, hh=HH_DEFAULT))], attach=[])

# The seed's 2-compartment pyramidal cell
PYR = dict(
    secs=[("soma", sec(18.8, 18.8, Ra=123.0, hh=PYR_HH)),
          ("dend", sec(150.0, 2.0, Ra=150.0, pas=PAS_PYR))],
    attach=[("dend", "soma", 1.0)])

# HH soma that still spikes at 37 degC
HH37 = dict(secs=[("soma", sec(18.8, 18.8, Ra=123.0,
                              hh=dict(gnabar=0.8, gkbar=0.1, gl=0.0003, el=-54.3)))],
            attach=[])

# A small fast-spiking interneuron (as the microcircuit's INH)
INH = dict(secs=[("soma", sec(16.0, 16.0, Ra=125.0,
                              hh=dict(gnabar=0.14, gkbar=0.045, gl=0.00095, el=-70.0)))],
           attach=[])

# Passive single compartment
PAS1 = dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0, pas=dict(g=0.0005, e=-65.0)))],
            attach=[])

# HH soma with a long 11-segment passive dendrite
DEND11 = dict(
    secs=[("soma", sec(18.8, 18.8, Ra=123.0, hh=HH_DEFAULT)),
          ("dend", sec(400.0, 1.5, Ra=150.0, cm=1.0, nseg=11, pas=PAS_PYR))],
    attach=[("dend", "soma", 1.0)])

# Branched cell: a child attached in the middle of a section (dend(0.5)) and
# one attached to the middle of the soma (soma(0.5)); the branch has hh.
BRANCH = dict(
    secs=[("soma", sec(18.8, 18.8, Ra=123.0, hh=HH_DEFAULT)),
          ("dend", sec(200.0, 2.0, Ra=150.0, nseg=3, pas=PAS_PYR)),
          ("branch", sec(80.0, 1.0, Ra=150.0, nseg=5,
                         hh=dict(gnabar=0.05, gkbar=0.01, gl=0.0002, el=-70.0))),
          ("obl", sec(60.0, 1.2, Ra=100.0, cm=0.8, nseg=2, pas=dict(g=0.0001, e=-68.0)))],
    attach=[("dend", "soma", 1.0), ("branch", "dend", 0.5), ("obl", "soma", 0.5)])

# Values per segment.  An apical dendrite (nseg 11) whose hh conductances
# follow the path distance from soma(0.5), and an oblique attached at its
# middle segment (a distance through an attachment inside a section) with a
# leak that grows along x.
APIC_GRAD = dict(
    secs=[("soma", sec(18.8, 18.8, Ra=123.0, hh=HH_DEFAULT)),
          ("apic", sec(500.0, 2.0, Ra=150.0, nseg=11,
                       hh=dict(gnabar=SegExpr("0.12 S/cm2 * exp(-distance / 200 um)",
                                              lambda x, d, L: 0.12 * math.exp(-d / 200.0)),
                               gkbar=SegExpr("0.036 S/cm2 * (1 + distance / 500 um)",
                                             lambda x, d, L: 0.036 * (1 + d / 500.0)),
                               gl=0.0003, el=-54.3))),
          ("obl", sec(120.0, 1.0, Ra=150.0, nseg=3,
                      pas=dict(g=SegExpr("0.0001 S/cm2 * (1 + 2 * x)",
                                         lambda x, d, L: 0.0001 * (1 + 2 * x)),
                               e=-65.0)))],
    attach=[("apic", "soma", 1.0), ("obl", "apic", 0.5)])

# A dendrite of nseg 5 whose hh values are an explicit list (gnabar), a
# function of x (gkbar) and of x and the section's length L (gl).
DEND_LIST = dict(
    secs=[("soma", sec(18.8, 18.8, Ra=123.0, hh=HH_DEFAULT)),
          ("dend", sec(300.0, 1.5, Ra=150.0, nseg=5,
                       hh=dict(gnabar=[0.1, 0.07, 0.05, 0.02, 0.0],
                               gkbar=SegExpr("0.036 S/cm2 * (1 - 0.5 * x)",
                                             lambda x, d, L: 0.036 * (1 - 0.5 * x)),
                               gl=SegExpr("0.0003 S/cm2 * (1 + x * L / 100 um)",
                                          lambda x, d, L: 0.0003 * (1 + x * L / 100.0)),
                               el=-54.3)))],
    attach=[("dend", "soma", 1.0)])

# A tapering dendrite: diam a function of distance, cm a list; a branch
# attached at its middle has diam a function of x.
TAPER = dict(
    secs=[("soma", sec(18.8, 18.8, Ra=123.0, hh=HH_DEFAULT)),
          ("dend", sec(400.0, SegExpr("3 um - 2 um * distance / 400 um",
                                      lambda x, d, L: 3 - 2 * d / 400.0),
                       Ra=150.0, cm=[1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.2], nseg=7,
                       hh=dict(gnabar=0.02, gkbar=0.01, gl=0.0002, el=-65.0))),
          ("branch", sec(150.0, SegExpr("1.5 um * (1 - 0.5 * x)", lambda x, d, L: 1.5 * (1 - 0.5 * x)),
                         Ra=100.0, nseg=5, pas=dict(g=0.0001, e=-65.0)))],
    attach=[("dend", "soma", 1.0), ("branch", "dend", 0.5)])

# A user channel written in .circ (mod/hcn.circ; NEURON runs mod/hcn.mod)
# whose conductance grows with distance along the apical dendrite.
APIC_IH = dict(
    secs=[("soma", sec(18.8, 18.8, Ra=123.0, hh=HH_DEFAULT,
                       hcn=dict(gbar=0.0002))),
          ("apic", sec(600.0, 2.5, Ra=150.0, nseg=11, pas=dict(g=0.00005, e=-65.0),
                       hcn=dict(gbar=SegExpr("0.0002 S/cm2 * exp(distance / 300 um)",
                                             lambda x, d, L: 0.0002 * math.exp(d / 300.0)))))],
    attach=[("apic", "soma", 1.0)])


# Single soma with the HH-type channel of mod/hhx.mod
HHX = dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0,
                              hhx=dict(gnabar=0.1, gkbar=0.03, gl=0.0002, el=-65.0)))],
           attach=[])

# hh soma and a passive dendrite, both with the Ih of mod/ihx.mod; hhx on the dendrite
IHCELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, ihx=dict(gbar=0.0004))),
          ("dend", sec(300.0, 2.0, Ra=150.0, nseg=5, pas=PAS_PYR,
                       ihx=dict(gbar=0.001, eh=-35.0),
                       hhx=dict(gnabar=0.01, gkbar=0.005, gl=0.0, el=-65.0)))],
    attach=[("dend", "soma", 1.0)])


# Traub-style Na and a K delayed rectifier whose TABLEs read RANGE PARAMETERs
# (mod/nafshift.mod, mod/kdrshift.mod): a soma, and a soma with a dendrite
TABSHIFT_A = dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0,
                                     nafshift=dict(gbar=0.1), kdrshift=dict(gbar=0.03),
                                     pas=dict(g=0.0001, e=-65.0)))],
                  attach=[])
TABSHIFT_B = dict(
    secs=[("soma", sec(18.0, 18.0, Ra=100.0, nafshift=dict(gbar=0.12), kdrshift=dict(gbar=0.04),
                       pas=dict(g=0.0001, e=-65.0))),
          ("dend", sec(150.0, 2.0, Ra=150.0, nseg=3, nafshift=dict(gbar=0.02),
                       kdrshift=dict(gbar=0.01), pas=dict(g=0.0001, e=-65.0)))],
    attach=[("dend", "soma", 1.0)])


def tabshift_set(cell):
    """The cell with the tables' RANGE PARAMETERs set, the same in every section."""
    secs = []
    for name, sc in cell["secs"]:
        mechs = dict(sc["mechs"])
        mechs["nafshift"] = dict(mechs["nafshift"], fastNa_shift=-2.0)
        mechs["kdrshift"] = dict(mechs["kdrshift"], q10=2.3, vshift=4.0)
        secs.append((name, dict(sc, mechs=mechs)))
    return dict(cell, secs=secs)


# hh soma with the persistent sodium-like current of mod/napx.mod
NAP = dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=dict(gnabar=0.12, gkbar=0.036,
                                                             gl=0.0003, el=-60.0),
                              napx=dict(gbar=0.004)))],
           attach=[])


SHADOW = dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=dict(gnabar=0.12, gkbar=0.036,
                                                                gl=0.0003, el=-60.0),
                                 shadowx=dict(gbar=0.004, a=0.1)))],
              attach=[])


TABBOUND = dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=dict(gnabar=0.12, gkbar=0.0,
                                                                  gl=0.0001, el=-65.0),
                                   tabbound=dict(gkbar=0.03)))],
                attach=[])


# A cell read from an SWC file (NEURON: Import3d_SWC_read + Import3d_GUI's
# instantiate(nil), as a NEURON user loads one; circ: `morphology "..."`).
# blocks: (section list or "all", properties and mechanisms), applied in
# order to the list's sections; nseg ("d_lambda", fraction, Hz) is the
# d_lambda rule, applied once every block has set Ra and cm.
def morph(path, *blocks):
    return dict(morph=path, blocks=list(blocks))


def block(lst, Ra=None, cm=None, nseg=None, ions=None, ion_style=None, **mechs):
    """ions: {"eca": 120.0} (NEURON's sec.eca = 120); ion_style: {"ca": (3, 1,
    0, 0, 1)} (NEURON's ion_style("ca_ion", ...)); both set once nseg is final."""
    return (lst, dict(Ra=Ra, cm=cm, nseg=nseg, mechs=mechs, ions=ions or {},
                      ion_style=ion_style or {}))


PYR3D = morph("morph/pyramidal.swc",
              block("all", Ra=150.0, cm=1.0, nseg=("d_lambda", 0.1, 100.0),
                    pas=dict(g=0.00003, e=-70.0)),
              block("soma", hh=dict(gnabar=0.12, gkbar=0.036, gl=0.0003, el=-70.0)),
              block("axon", nseg=5, hh=dict(gnabar=0.2, gkbar=0.04, gl=0.0003, el=-70.0)),
              block("apic", cm=2.0, pas=dict(g=0.00006)))

PYR3D_FIXED = morph("morph/pyramidal.swc",
                    block("all", Ra=100.0, nseg=3, pas=dict(g=0.0001, e=-65.0)),
                    block("soma", nseg=1, hh=HH_DEFAULT))


# 285 sections, 1,421 compartments: the size of a real reconstruction (the
# code generator's loops over tables, compiler/gen/cg_tree.c)
BIG = morph("morph/big.swc",
            block("all", Ra=120.0, cm=1.0, nseg=5, pas=dict(g=0.00005, e=-65.0)),
            block("soma", nseg=1, hh=HH_DEFAULT),
            block("axon", hh=dict(gnabar=0.2, gkbar=0.04, gl=0.0003, el=-65.0)),
            block("apic", cm=1.8, pas=dict(g=0.0001)))

ONEPOINT = morph("morph/onepoint.swc",
                 block("all", Ra=120.0, cm=1.0, nseg=("d_lambda", 0.05, 200.0),
                       pas=dict(g=0.00005, e=-68.0)),
                 block("soma", hh=HH_DEFAULT),
                 block("dend_5", cm=1.5, pas=dict(g=0.0002)),
                 block("axon", hh=dict(gnabar=0.25, gkbar=0.05, gl=0.0003, el=-68.0)))

# PYR3D with apical and basal values by path distance from soma(0.5)
PYR3D_GRAD = morph("morph/pyramidal.swc",
                   block("all", Ra=150.0, cm=1.0, nseg=("d_lambda", 0.1, 100.0),
                         pas=dict(g=0.00003, e=-70.0)),
                   block("soma", hh=dict(gnabar=0.12, gkbar=0.036, gl=0.0003, el=-70.0)),
                   block("apic", hh=dict(
                       gnabar=SegExpr("0.04 S/cm2 * exp(-distance / 150 um)",
                                      lambda x, d, L: 0.04 * math.exp(-d / 150.0)),
                       gkbar=SegExpr("0.012 S/cm2 * (1 + distance / 300 um)",
                                     lambda x, d, L: 0.012 * (1 + d / 300.0)),
                       gl=0.0, el=-70.0)),
                   block("dend", pas=dict(
                       g=SegExpr("0.00003 S/cm2 * (1 + distance / 100 um)",
                                 lambda x, d, L: 0.00003 * (1 + d / 100.0)),
                       e=-70.0)))

TREE = morph("morph/tree.swc",
             block("all", Ra=110.0, nseg=3, pas=dict(g=0.0002, e=-65.0)),
             block("dend", hh=dict(gnabar=0.05, gkbar=0.012, gl=0.0001, el=-65.0)))

CYLSOMA = morph("morph/cylsoma.swc",
                block("all", Ra=90.0, nseg=2, pas=dict(g=0.0001, e=-65.0)),
                block("soma", hh=HH_DEFAULT))


def iclamp(name, target, delay, dur, amp, loc=("soma", 0.5), mech="IClamp"):
    """mech: another point process with IClamp's parameters (mod/istep.mod)."""
    return dict(kind="IClamp", name=name, target=target, loc=loc, mech=mech,
                params={"del": delay, "dur": dur, "amp": amp})


def netstim(name, target, syn, weight, delay, interval, number, start, noise,
            loc=("soma", 0.5), stream=None):
    """stream: the noise_stream ids as circ expressions of gid and seed, e.g.
    ("7", "gid * 2 + 1", "seed"); None: circ's default (index + 1, gid, seed)."""
    return dict(kind="NetStim", name=name, target=target, loc=loc, syn=syn,
                weight=weight, delay=delay, stream=stream,
                params={"interval": interval, "number": number, "start": start,
                        "noise": noise})


def connect(pre, post, syn, weight, delay, loc=("soma", 0.5), threshold=None):
    """threshold: the NetCons' (NEURON keeps it in their source's PreSyn: it
    becomes each pre cell's spike threshold); None: left as it is."""
    d = dict(kind="connect", pre=pre, post=post, loc=loc, syn=syn, weight=weight, delay=delay)
    if threshold is not None:
        d["threshold"] = threshold
    return d


def case(name, desc, cells, pops, net, records, tstop, dt, celsius=6.3,
         v_init=-65.0, usetable=1, seed=1, synapses=None, stim_spikes=(), mods=None,
         imports=(), globals_=None, ion_globals=None, stdlib_mods=(), detectors_first=False):
    """stim_spikes: NetStim stimuli whose sources' spikes are recorded
    (`record spikes of ...`; data/<case>.stim_spikes.csv).  mods: mod/*.mod
    files the case needs (compiled by nrnivmodl; mod/<m>.circ in the .circ).
    imports: mod/*.mod files compiled by nrnivmodl and imported as they are by
    the .circ (`import "../mod/x.mod"`, in nrnivmodl's order: sorted by
    name).  globals_: {(mech, name): value} of mechanism GLOBALs (NEURON's
    h.name_mech = value, circ's `set mech.name = value`).  ion_globals:
    {"cai0_ca_ion": value, ...}, set in NEURON before the cells are built (circ:
    in the simulation block).  stdlib_mods: mod/*.mod files NEURON compiles for
    a mechanism circ has in its stdlib (mod/izhikevich.mod: NetPyNE's
    Izhi2007b, stdlib/Izhikevich.circ); the .circ imports nothing for them.
    detectors_first: each cell's spike-recording NetCon is made right after
    the cells, before the network (NetPyNE's pc.cell), so NEURON's PreSyns
    come in gid order, then the NetStims' (FOR_NETCONS goes through them in
    that order, as circ's `for each connection` does); otherwise after it."""
    return dict(name=name, desc=desc, cells=cells, pops=pops, net=net,
                records=records, tstop=tstop, dt=dt, celsius=celsius,
                v_init=v_init, usetable=usetable, seed=seed,
                synapses=synapses or {}, stim_spikes=tuple(stim_spikes), mods=mods or [],
                imports=sorted(imports), globals=globals_ or {},
                ion_globals=ion_globals or {}, stdlib_mods=sorted(stdlib_mods),
                detectors_first=detectors_first)


def with_ions(section, **ions):
    """a section with ion values set (NEURON's soma.ek = -90)."""
    return dict(section, ions=ions)


def hh1_case(name, usetable, celsius, dt, tstop):
    tab = "on" if usetable else "off"
    settings = ("rate tables %s (usetable_hh = %d), celsius %g, dt %g"
                % (tab, usetable, celsius, dt))
    if celsius < 10:
        return case(name,
                    "1-compartment HH soma (NEURON's default hh), IClamp 0.2 nA from "
                    "20 ms for 150 ms; " + settings,
                    {"HH1": HH1}, [("neuron", "HH1")],
                    [iclamp("step", ["neuron"], 20.0, 150.0, 0.2)],
                    [("soma", "neuron", "soma", 0.5)],
                    tstop=tstop, dt=dt, celsius=celsius, usetable=usetable)
    # At 37 degC NEURON's default hh hardly makes spikes above 10 mV and does
    # not fire repetitively; this soma has more Na and K (gnabar 0.8, gkbar
    # 0.1) and is driven by a train of 1 ms pulses (one IClamp per pulse).
    pulses = [iclamp("p%d" % k, ["neuron"], 20.0 + 15.0 * k + (2.5 if k % 3 == 2 else 0.0),
                     1.0, 2.0) for k in range(11)]
    return case(name,
                "1-compartment HH soma with gnabar 0.8, gkbar 0.1 at 37 degC (the q10 "
                "factor and the table built at 37 degC), driven by 11 IClamp pulses of "
                "2 nA for 1 ms (eleven IClamps on one node); " + settings,
                {"HH37": HH37}, [("neuron", "HH37")], pulses,
                [("soma", "neuron", "soma", 0.5)],
                tstop=tstop, dt=dt, celsius=celsius, usetable=usetable)


EXC = ("Exp2Syn", dict(tau1=0.1, tau2=5.0, e=0.0))
AMPA = ("ExpSyn", dict(tau=2.0, e=0.0))

CASES = [
    # --- single-compartment HH: tables x temperature x dt ------------------
    dict(hh1_case("hh1_gates", 1, 6.3, 0.025, 100.0),
         desc="1-compartment HH soma (NEURON's default hh), IClamp 0.2 nA from 20 ms, "
              "recording v and the gates m, h, n of hh (record of a mechanism's states)",
         records=[("soma", "neuron", "soma", 0.5), ("m", "neuron", "soma", 0.5, ("hh", "m")),
                  ("h", "neuron", "soma", 0.5, ("hh", "h")),
                  ("n", "neuron", "soma", 0.5, ("hh", "n"))]),
    dict(hh1_case("hh1_currents", 1, 6.3, 0.025, 50.0),
         desc="1-compartment HH soma (NEURON's default hh), IClamp 0.2 nA from 20 ms, "
              "recording v, hh's currents ina, ik (the ions' totals in NEURON: hh is "
              "their only writer) and il (record hh.ina: a current, computed at v before "
              "the step, as NEURON keeps it), and the IClamp's i (record step.i)",
         records=[("soma", "neuron", "soma", 0.5),
                  ("ina", "neuron", "soma", 0.5, ("hh", "ina", "seg")),
                  ("ik", "neuron", "soma", 0.5, ("hh", "ik", "seg")),
                  ("il", "neuron", "soma", 0.5, ("hh", "il", "mech")),
                  ("step_i", "neuron", "soma", 0.5, ("step", "i", "stimulus"))]),
    dict(hh1_case("hh1_conductances", 1, 6.3, 0.025, 50.0),
         desc="1-compartment HH soma (NEURON's default hh), IClamp 0.2 nA from 20 ms, "
              "recording v and hh's conductances gna and gk (record hh.gna: NEURON's "
              "gna_hh, what BREAKPOINT computed at v before the step)",
         records=[("soma", "neuron", "soma", 0.5),
                  ("gna", "neuron", "soma", 0.5, ("hh", "gna", "mech")),
                  ("gk", "neuron", "soma", 0.5, ("hh", "gk", "mech"))]),
    hh1_case("hh1_tab_c6_dt025", 1, 6.3, 0.025, 200.0),
    hh1_case("hh1_notab_c6_dt025", 0, 6.3, 0.025, 200.0),
    hh1_case("hh1_tab_c6_dt05", 1, 6.3, 0.05, 200.0),
    hh1_case("hh1_notab_c6_dt05", 0, 6.3, 0.05, 200.0),
    hh1_case("hh1_tab_c37_dt025", 1, 37.0, 0.025, 200.0),
    hh1_case("hh1_notab_c37_dt05", 0, 37.0, 0.05, 200.0),

    case("pas1",
         "passive single compartment (pas only, no spikes): a depolarizing and a "
         "hyperpolarizing IClamp pulse (two IClamps on the same node, one "
         "overlapping the other), v_init -70 (relaxes to e = -65)",
         {"PAS1": PAS1}, [("neuron", "PAS1")],
         [iclamp("up", ["neuron"], 10.0, 40.0, 0.05),
          iclamp("down", ["neuron"], 30.0, 60.0, -0.08)],
         [("soma", "neuron", "soma", 0.5)],
         tstop=150.0, dt=0.025, v_init=-70.0),

    case("pyr2",
         "the seed's 2-compartment pyramidal cell (hh soma, passive dendrite "
         "attached dend(0) to soma(1)); an IClamp step of 0.3 nA at the soma "
         "(one onset spike, then a depolarized plateau: this cell does not fire "
         "repetitively for steps), then five 2 ms pulses of 1 nA, one of them "
         "overlapping a weak negative step; soma and dendrite recorded",
         {"PYR": PYR}, [("neuron", "PYR")],
         [iclamp("step", ["neuron"], 20.0, 100.0, 0.3)] +
         [iclamp("pulse%d" % k, ["neuron"], 140.0 + 20.0 * k, 2.0, 1.0) for k in range(5)] +
         [iclamp("neg", ["neuron"], 175.0, 10.0, -0.2)],
         [("soma", "neuron", "soma", 0.5), ("dend_mid", "neuron", "dend", 0.5)],
         tstop=250.0, dt=0.05),

    case("dend_nseg11",
         "HH soma with a 400 um passive dendrite of nseg 11, IClamp at the soma; "
         "records the soma, dend(0.05) (first segment), dend(0.5) (segment 5) "
         "and dend(1) (the zero-area end node)",
         {"DEND11": DEND11}, [("neuron", "DEND11")],
         [iclamp("step", ["neuron"], 10.0, 150.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("dend_first", "neuron", "dend", 0.05),
          ("dend_mid", "neuron", "dend", 0.5), ("dend_end", "neuron", "dend", 1.0)],
         tstop=200.0, dt=0.05, usetable=0),

    case("branch_mid",
         "branched tree: dend(0) to soma(1) (nseg 3), an active branch (hh, nseg 5) "
         "attached at dend(0.5) (the middle segment of dend) and a passive oblique "
         "(nseg 2, cm 0.8) attached at soma(0.5); IClamp on the branch tip region "
         "branch(0.9) and a second one at the soma",
         {"BRANCH": BRANCH}, [("neuron", "BRANCH")],
         [iclamp("tip", ["neuron"], 10.0, 70.0, 0.06, loc=("branch", 0.9)),
          iclamp("step", ["neuron"], 90.0, 50.0, 0.35)],
         [("soma", "neuron", "soma", 0.5), ("dend_mid", "neuron", "dend", 0.5),
          ("branch_tip", "neuron", "branch", 0.9), ("obl", "neuron", "obl", 0.5)],
         tstop=160.0, dt=0.025),

    case("exp2syn_regular",
         "pyramidal cell driven by a regular NetStim (interval 20 ms, start 10 ms, "
         "noise 0) through an Exp2Syn (tau1 0.1, tau2 5) at soma(0.5), delay 1.5 ms",
         {"PYR": PYR}, [("neuron", "PYR")],
         [netstim("drive", ["neuron"], "exc", 0.03, 1.5, 20.0, 1e9, 10.0, 0.0)],
         [("soma", "neuron", "soma", 0.5)],
         tstop=200.0, dt=0.025, synapses={"exc": EXC}),

    case("exp2syn_noisy",
         "HH soma driven by a noisy NetStim (interval 12.5 ms, noise 0.7, "
         "Random123 stream (1, 0, 1)) through an Exp2Syn on the soma",
         {"HH1": HH1}, [("neuron", "HH1")],
         [netstim("bkg", ["neuron"], "exc", 0.02, 2.0, 12.5, 1e9, 5.0, 0.7)],
         [("soma", "neuron", "soma", 0.5)],
         tstop=300.0, dt=0.05, synapses={"exc": EXC}),

    case("expsyn_regular",
         "HH soma driven by a regular NetStim (interval 15 ms, 12 spikes, start "
         "5.01 ms, so the first event is at 5.01 + 15 - 15) through an ExpSyn (tau 2)",
         {"HH1": HH1}, [("neuron", "HH1")],
         [netstim("drive", ["neuron"], "ampa", 0.01, 1.0, 15.0, 12, 5.01, 0.0)],
         [("soma", "neuron", "soma", 0.5)],
         tstop=200.0, dt=0.025, synapses={"ampa": AMPA}),

    case("expsyn_noisy",
         "pyramidal cell with an ExpSyn on the dendrite dend(0.5), driven by a "
         "Poisson NetStim (interval 10 ms, noise 1, start 0, seed 7: stream (2, 0, 7)); "
         "a weak IClamp is stimulus 0, so the NetStim is stimulus 1",
         {"PYR": PYR}, [("neuron", "PYR")],
         [iclamp("bias", ["neuron"], 0.0, 1e9, 0.05),
          netstim("bkg", ["neuron"], "ampa", 0.012, 1.0, 10.0, 1e9, 0.0, 1.0,
                  loc=("dend", 0.5))],
         [("soma", "neuron", "soma", 0.5), ("dend_mid", "neuron", "dend", 0.5)],
         tstop=300.0, dt=0.05, seed=7, synapses={"ampa": AMPA}),

    case("event_list",
         "an event list: six NetStims with number 1 and noise 0 at different start "
         "times (one at t = 0, one at 55.01 where start + interval - interval "
         "rounds to 55.00999999999999), each with its own Exp2Syn on the same "
         "soma node and its own NetCon (different weights and delays); two events "
         "arrive at the same time",
         {"HH1": HH1}, [("neuron", "HH1")],
         [netstim("ev0", ["neuron"], "exc", 0.02, 1.0, 10.0, 1, 0.0, 0.0),
          netstim("ev1", ["neuron"], "exc", 0.015, 2.0, 10.0, 1, 20.0, 0.0),
          netstim("ev2", ["neuron"], "exc", 0.01, 1.0, 10.0, 1, 21.0, 0.0),
          netstim("ev3", ["neuron"], "exc", 0.04, 0.7, 10.0, 1, 55.01, 0.0),
          netstim("ev4", ["neuron"], "inh", 0.05, 1.2, 10.0, 1, 90.3, 0.0),
          netstim("ev5", ["neuron"], "exc", 0.06, 1.0, 10.0, 1, 91.0, 0.0)],
         [("soma", "neuron", "soma", 0.5)],
         tstop=150.0, dt=0.025,
         synapses={"exc": EXC, "inh": ("Exp2Syn", dict(tau1=0.5, tau2=8.0, e=-80.0))}),

    case("two_cells_netcon",
         "two HH somata: cell 0 driven by an IClamp, NetCon cell 0 soma(0.5) -> "
         "cell 1 Exp2Syn at soma(0.5), threshold 10 mV, delay 2.5 ms",
         {"HH1": HH1}, [("pre", "HH1"), ("post", "HH1")],
         [iclamp("step", ["pre"], 10.0, 150.0, 0.2),
          connect(["pre"], ["post"], "exc", 0.03, 2.5)],
         [("pre_soma", "pre", "soma", 0.5), ("post_soma", "post", "soma", 0.5)],
         tstop=160.0, dt=0.025, synapses={"exc": EXC}),

    case("iclamp_negative",
         "HH soma at rest with hyperpolarizing IClamp windows (-0.3 nA 50-100 ms, "
         "-0.6 nA 130-160 ms): anode-break rebound spikes after each window",
         {"HH1": HH1}, [("neuron", "HH1")],
         [iclamp("hyper", ["neuron"], 50.0, 50.0, -0.3),
          iclamp("hyper2", ["neuron"], 130.0, 30.0, -0.6)],
         [("soma", "neuron", "soma", 0.5)],
         tstop=200.0, dt=0.025),

    case("mini_net",
         "mini network: two pyramidal cells (E0, E1) and two interneurons (I0, I1); "
         "excitatory Exp2Syn and inhibitory ExpSyn; a noisy background NetStim per "
         "cell (one stimulus statement -> all: streams (1, gid, 1)); recurrent "
         "E0<->E1 on the dendrite, E -> I (all 4 pairs, one statement), I -> E "
         "(all 4 pairs), I0 -> I1; an extra IClamp on E0 as stimulus 1. The connect "
         "statements come before the stimuli, so file order and NetPyNE's order "
         "(all connections, then all stimuli) create the Exp2Syns on the I somata "
         "in the same order",
         {"PYR": PYR, "INH": INH},
         [("E0", "PYR"), ("E1", "PYR"), ("I0", "INH"), ("I1", "INH")],
         [connect(["E0"], ["E1"], "exc", 0.01, 3.0, loc=("dend", 0.5)),
          connect(["E1"], ["E0"], "exc", 0.01, 3.0, loc=("dend", 0.5)),
          connect(["E0", "E1"], ["I0", "I1"], "exc", 0.008, 2.0),
          connect(["I0", "I1"], ["E0", "E1"], "inh", 0.01, 2.0),
          connect(["I0"], ["I1"], "inh", 0.005, 1.5),
          netstim("bkg", ["E0", "E1", "I0", "I1"], "exc", 0.012, 2.0, 25.0, 1e9,
                  0.0, 0.8),
          iclamp("kick", ["E0"], 100.0, 50.0, 0.15)],
         [("E0", "E0", "soma", 0.5), ("E1", "E1", "soma", 0.5),
          ("I0", "I0", "soma", 0.5), ("I1", "I1", "soma", 0.5)],
         tstop=250.0, dt=0.05,
         synapses={"exc": ("Exp2Syn", dict(tau1=0.1, tau2=3.0, e=0.0)),
                   "inh": ("ExpSyn", dict(tau=6.0, e=-80.0))}),

    case("connect_threshold",
         "a connection's threshold is its source's (NEURON's NetCon.threshold sets the "
         "PreSyn's): a -> c at -20 mV, then a -> d at 0 mV (a detects at 0 mV: the last "
         "rule wins), b -> d at 50 mV (b's spikes, which peak below it, are never "
         "detected: d gets nothing from b and b records none); c -> a and d -> c without "
         "a threshold leave c's and d's at their type's 10 mV; detectors made first, as "
         "NetPyNE's pc.cell",
         {"HH1": HH1}, [("a", "HH1"), ("b", "HH1"), ("c", "HH1"), ("d", "HH1")],
         [iclamp("drive_a", ["a"], 5.0, 150.0, 0.25),
          iclamp("drive_b", ["b"], 8.0, 150.0, 0.3),
          iclamp("drive_c", ["c"], 20.0, 150.0, 0.06),
          connect(["a"], ["c"], "exc", 0.02, 2.0, threshold=-20.0),
          connect(["a"], ["d"], "exc", 0.03, 1.5, threshold=0.0),
          connect(["b"], ["d"], "exc", 0.05, 1.0, threshold=50.0),
          connect(["c"], ["a"], "exc", 0.01, 2.0),
          connect(["d"], ["c"], "exc", 0.01, 2.0)],
         [("a", "a", "soma", 0.5), ("c", "c", "soma", 0.5), ("d", "d", "soma", 0.5)],
         tstop=160.0, dt=0.025, synapses={"exc": EXC}, detectors_first=True),

    case("shared_synapse",
         "many NetCons onto one synapse: a `shared synapse` (one Exp2Syn per cell "
         "and location, made at its first use) on cell d receives connections from "
         "a and b (identical cells and drives, so their events arrive at the same "
         "times, with different weights), from c, and two noisy NetStims with "
         "explicit noise streams (ids from gid and seed, two and three ids); a "
         "second, unshared ExpSyn on the same node gets its own instance per "
         "connection",
         {"HH1": HH1}, [("a", "HH1"), ("b", "HH1"), ("c", "HH1"), ("d", "HH1")],
         [iclamp("drive_a", ["a"], 5.0, 200.0, 0.3),
          iclamp("drive_b", ["b"], 5.0, 200.0, 0.3),
          iclamp("drive_c", ["c"], 12.0, 200.0, 0.25),
          connect(["a"], ["d"], "site", 0.004, 2.0),
          connect(["b"], ["d"], "site", 0.0055, 2.0),
          connect(["c"], ["d"], "site", 0.003, 1.5),
          connect(["a", "c"], ["d"], "own", 0.002, 2.0),
          netstim("bkg", ["c", "d"], "site", 0.003, 1.0, 8.0, 1e9, 0.0, 1.0,
                  stream=("7", "gid * 2 + 1", "seed")),
          netstim("bkg2", ["d"], "site", 0.002, 3.0, 15.0, 1e9, 2.0, 0.7,
                  stream=("gid + 100", "3"))],
         [("c", "c", "soma", 0.5), ("d", "d", "soma", 0.5)],
         tstop=200.0, dt=0.025, seed=5,
         synapses={"site": ("Exp2Syn", dict(tau1=0.2, tau2=4.0, e=0.0), "shared"),
                   "own": ("ExpSyn", dict(tau=3.0, e=0.0))},
         stim_spikes=("bkg", "bkg2")),
]

# --- ions: one ek per section, shared by hh and a user channel -------------
KA_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, ka=dict(gbar=0.02)),
                             ek=-85.0, ena=55.0)),
          ("dend", with_ions(sec(200.0, 2.0, Ra=100.0, nseg=3, pas=dict(g=0.0001, e=-65.0),
                                 ka=dict(gbar=0.01)), ek=-95.0))],
    attach=[("dend", "soma", 1.0)])
CASES.append(case(
    "ions_ek_shared",
    "ions: ek set per section (soma ek -85 mV, ena 55 mV; dend ek -95 mV) reaches both "
    "hh and a user A-type K channel (ka.mod / ka.circ: USEION k READ ek WRITE ik) "
    "through the k ion; IClamp 0.3 nA from 10 ms; v at soma and dend, ka's gate a",
    {"KA": KA_CELL}, [("neuron", "KA")],
    [iclamp("step", ["neuron"], 10.0, 80.0, 0.3)],
    [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
     ("ka_a", "neuron", "soma", 0.5, ("ka", "a"))],
    tstop=100.0, dt=0.025, mods=["ka"]))

# --- ions: a calcium pool, eca by Nernst, a Ca-activated K channel ---------
CA_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, cad=dict(taur=80.0, drive=0.02),
                       cal=dict(gbar=0.003), kca=dict(gbar=0.0002)))],
    attach=[])
CASES.append(case(
    "ions_ca_pool",
    "ions: a calcium pool (cad: USEION ca READ ica WRITE cai, cai a STATE) driven "
    "by a Ca channel (cal: READ eca WRITE ica) whose eca NEURON's ion style "
    "recomputes by Nernst from cai at every step, and a Ca-activated K channel "
    "(kca: READ cai, ek) beside hh; IClamp 0.3 nA from 10 ms; v, the pool's cai, "
    "kca's gate o",
    {"CA": CA_CELL}, [("neuron", "CA")],
    [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
    [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("cad", "cai", "seg")),
     ("kca_o", "neuron", "soma", 0.5, ("kca", "o"))],
    tstop=150.0, dt=0.025, mods=["cad", "cal", "kca"]))

# --- ions: a concentration only read (eca by Nernst once), a pool per segment
MIXED_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, cal=dict(gbar=0.002),
                                 kca=dict(gbar=0.0002)), cai=0.0002, cao=3.0)),
          ("dend", sec(150.0, 2.0, Ra=100.0, nseg=3, pas=dict(g=0.0001, e=-65.0),
                       cad=dict(taur=40.0, drive=0.05), cal=dict(gbar=0.004),
                       kca=dict(gbar=0.0005)))],
    attach=[("dend", "soma", 1.0)])
CASES.append(case(
    "ions_ca_mixed",
    "ions: in the soma a Ca channel and a Ca-activated K channel read cai = 2e-4 mM, "
    "cao = 3 mM set for the section (eca by Nernst once, at initialization); in a "
    "3-segment dendrite a calcium pool per segment (eca following cai at every "
    "step); IClamp 0.3 nA from 10 ms; v at soma and dend, cai of two dendrite "
    "segments, kca's o in the soma",
    {"MIX": MIXED_CELL}, [("neuron", "MIX")],
    [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
    [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
     ("cai_d1", "neuron", "dend", 0.1, ("cad", "cai", "seg")),
     ("cai_d3", "neuron", "dend", 0.9, ("cad", "cai", "seg")),
     ("kca_o", "neuron", "soma", 0.5, ("kca", "o"))],
    tstop=150.0, dt=0.025, mods=["cad", "cal", "kca"]))
# --- ions: a point process writing ica (NMDA-like: USEION ca READ eca WRITE ica)
for _name, _kw in (("ions_pp_ca", dict(mods=["cad", "cal", "kca", "nmdaca"])),
                   ("nmodl_ions_pp_ca", dict(imports=["cad.mod", "cal.mod", "kca.mod",
                                                      "nmdaca.mod"]))):
    CASES.append(case(
        _name,
        "ions: an NMDA-like synapse (mod/nmdaca.mod: POINT_PROCESS with USEION ca READ "
        "eca WRITE ica, a tenth of its current calcium) onto a cell with a calcium pool "
        "(cad reads ica), a Ca channel and a Ca-activated K channel beside hh, driven by a "
        "NetStim and by a second cell; the synapse's ica joins the section's (nocmodl: "
        "ica * 1e2 / area) and the pool's cai follows it; v, cai and ica at the soma"
        + ("; the .mod files imported as they are" if _name.startswith("nmodl") else ""),
        {"CA": CA_CELL, "HH1": HH1}, [("pre", "HH1"), ("post", "CA")],
        [iclamp("drive", ["pre"], 5.0, 150.0, 0.15),
         connect(["pre"], ["post"], "nmda", 0.003, 2.0),
         netstim("bkg", ["post"], "nmda", 0.004, 1.0, 15.0, 1e9, 10.0, 0.0)],
        [("pre_soma", "pre", "soma", 0.5), ("soma", "post", "soma", 0.5),
         ("cai", "post", "soma", 0.5, ("ca", "cai", "ion")),
         ("ica", "post", "soma", 0.5, ("ca", "ica", "ion"))],
        tstop=200.0, dt=0.025,
        synapses={"nmda": ("NMDAca", dict(tau=30.0, e=0.0, fca=0.1, mg=1.0))}, **_kw))

# --- ions: a point process reading the node's cai (USEION ca READ cai)
CASES.append(case(
    "nmodl_ions_pp_cai",
    "ions: a Ca-activated point current (mod/capp.mod: POINT_PROCESS with USEION ca READ "
    "cai, its gate w relaxing towards cai/(cai + kd), its g mixing w with the activation "
    "now) on ions_ca_pool's cell, whose pool (cad) writes the cai it reads; nocmodl "
    "copies cai from the node's ca_ion before INITIAL, the current and the states; an "
    "IClamp step makes cai rise; v, cai, and the point process's current i (its g times v - e) and w at the soma; "
    "the .mod files imported as they are",
    {"CA": CA_CELL}, [("neuron", "CA")],
    [iclamp("step", ["neuron"], 10.0, 100.0, 0.3),
     dict(kind="IClamp", name="act", target=["neuron"], loc=("soma", 0.5), mech="CaAct",
          params={"gmax": 0.004, "kd": 0.0003, "tau": 15.0, "e": -80.0})],
    [("soma", "neuron", "soma", 0.5),
     ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion")),
     ("i", "neuron", "soma", 0.5, ("act", "i", "stimulus")),
     ("w", "neuron", "soma", 0.5, ("act", "w", "stimulus"))],
    tstop=150.0, dt=0.025, imports=["cad.mod", "cal.mod", "capp.mod", "kca.mod"]))

# --- ions: NEURON's globals of the initial concentrations (cai0_ca_ion, cao0_ca_ion)
CASES.append(case(
    "ions_ca_globals",
    "ions_ca_mixed's cell with cai0_ca_ion = 1.5e-4 mM and cao0_ca_ion = 2.5 mM set "
    "before the cells are built: the dendrite's pools start there (NEURON's "
    "ion_init with cinit), and so would the soma's had it a pool; the soma's own "
    "cai = 2e-4 mM, cao = 3 mM (read only) stay; a second cell whose soma is a pool "
    "given cai = 3e-4 mM and cao = 3.5 mM, which the globals override at initialization (cad's INITIAL then sets cai)",
    {"MIX": MIXED_CELL, "POOL": dict(
        secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT,
                                     cad=dict(taur=80.0, drive=0.02), cal=dict(gbar=0.003),
                                     kca=dict(gbar=0.0002)), cai=0.0003, cao=3.5))],
        attach=[])},
    [("neuron", "MIX"), ("pool", "POOL")],
    [iclamp("step", ["neuron", "pool"], 10.0, 100.0, 0.3)],
    [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
     ("cai_d1", "neuron", "dend", 0.1, ("cad", "cai", "seg")),
     ("eca_d", "neuron", "dend", 0.5, ("ca", "eca", "ion")),
     ("cai_s", "neuron", "soma", 0.5, ("ca", "cai", "ion")),
     ("pool_v", "pool", "soma", 0.5),
     ("pool_cai", "pool", "soma", 0.5, ("ca", "cai", "ion"))],
    tstop=150.0, dt=0.025, mods=["cad", "cal", "kca"],
    ion_globals={"cai0_ca_ion": 1.5e-4, "cao0_ca_ion": 2.5}))

# --- ions: where a mechanism writes a concentration, NEURON's finitialize starts
# both at the ion's globals (style cinit), whatever the section set; where the
# ion is only read, the section's values stay (and the globals do not reach them)
CINIT_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, capl=dict(),
                                 cal=dict(gbar=0.003)), cai=0.0003, cao=3.5)),
          ("dend", with_ions(sec(150.0, 2.0, Ra=100.0, nseg=3, pas=dict(g=0.0001, e=-65.0),
                                 cadi=dict(), cal=dict(gbar=0.002)), cao=3.5)),
          ("apic", dict(with_ions(sec(100.0, 2.0, Ra=100.0, pas=dict(g=0.0001, e=-65.0),
                                      capl=dict(taur=80.0), cal=dict(gbar=0.002)),
                                  cai=0.0003, cao=3.5),
                        ion_style=dict(ca=(3, 2, 1, 1, 0)))),
          ("tuft", dict(with_ions(sec(80.0, 1.5, Ra=100.0, pas=dict(g=0.0001, e=-65.0),
                                      cal=dict(gbar=0.002), kca=dict(gbar=0.0005)),
                                  cai=0.0003, cao=3.5),
                        ion_style=dict(ca=(1, 2, 1, 0, 1))))],
    attach=[("dend", "soma", 1.0), ("apic", "soma", 0.0), ("tuft", "apic", 1.0)])
CASES.append(case(
    "nmodl_ions_cinit",
    "ions: concentrations set for sections whose calcium a mechanism writes (NEURON's "
    "ion style cinit: finitialize starts cai and cao at cai0_ca_ion and cao0_ca_ion, "
    "5e-5 and 2 mM, whatever the section set; circ warns at each such value): the "
    "soma's pool without INITIAL (mod/capl.mod) starts at 5e-5 mM although the soma "
    "sets cai = 3e-4 mM, cao = 3.5 mM; the dendrite's pool (cadi, INITIAL cai = "
    "cainf) leaves its cao = 3.5 mM at 2 mM; the apical section keeps its cai = 3e-4 "
    "and cao = 3.5 mM under ion_style(\"ca_ion\", 3, 2, 1, 1, 0) (cinit 0), and the "
    "tuft, where cal and kca only read calcium, is reset by ion_style(1, 2, 1, 0, 1) "
    "(cinit 1); eca by Nernst from the values finitialize leaves; IClamp 0.2 nA "
    "from 5 ms; v, cai, cao and eca in soma, dendrite, apical section and tuft; "
    "the .mod files imported as they are",
    {"CIN": CINIT_CELL}, [("neuron", "CIN")],
    [iclamp("step", ["neuron"], 5.0, 30.0, 0.2)],
    [("soma", "neuron", "soma", 0.5),
     ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion")),
     ("cao", "neuron", "soma", 0.5, ("ca", "cao", "ion")),
     ("eca", "neuron", "soma", 0.5, ("ca", "eca", "ion")),
     ("dend", "neuron", "dend", 0.5),
     ("cao_d", "neuron", "dend", 0.5, ("ca", "cao", "ion")),
     ("eca_d", "neuron", "dend", 0.5, ("ca", "eca", "ion")),
     ("cai_a", "neuron", "apic", 0.5, ("ca", "cai", "ion")),
     ("cao_a", "neuron", "apic", 0.5, ("ca", "cao", "ion")),
     ("eca_a", "neuron", "apic", 0.5, ("ca", "eca", "ion")),
     ("cai_t", "neuron", "tuft", 0.5, ("ca", "cai", "ion")),
     ("eca_t", "neuron", "tuft", 0.5, ("ca", "eca", "ion")),
     ("kca_o", "neuron", "tuft", 0.5, ("kca", "o"))],
    tstop=50.0, dt=0.025, imports=["cadi.mod", "cal.mod", "capl.mod", "kca.mod"]))

CL_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=35.4, hh=HH_DEFAULT, clc=dict(), clacc=dict()),
                             clo=120.0)),
          ("dend", with_ions(sec(50.0, 2.0, Ra=35.4, pas=dict(g=0.001, e=-70.0),
                                 clc=dict(g=0.001)), ecl=-70.0))],
    attach=[("dend", "soma", 1.0)])
CASES.append(case(
    "nmodl_ions_cinit_cl",
    "ions: a chloride pool (mod/clacc.mod: USEION cl READ icl WRITE cli VALENCE -1, "
    "INITIAL cli = 6 mM) beside a chloride leak (mod/clc.mod: READ ecl WRITE icl) and "
    "hh at 34 degC; the soma sets clo = 120 mM, which finitialize replaces by "
    "clo0_cl_ion (1 mM: NEURON's default for an ion it does not know), so ecl starts "
    "near +47 mV (Nernst with z = -1) and follows cli; in the dendrite clc alone reads "
    "ecl, which stays the -70 mV the section sets; IClamp 0.5 nA from 5 ms; v, cli, "
    "clo and ecl in soma and dendrite; the .mod files imported as they are",
    {"CL": CL_CELL}, [("neuron", "CL")],
    [iclamp("step", ["neuron"], 5.0, 40.0, 0.5)],
    [("soma", "neuron", "soma", 0.5),
     ("cli", "neuron", "soma", 0.5, ("cl", "cli", "ion")),
     ("clo", "neuron", "soma", 0.5, ("cl", "clo", "ion")),
     ("ecl", "neuron", "soma", 0.5, ("cl", "ecl", "ion")),
     ("dend", "neuron", "dend", 0.5),
     ("ecl_d", "neuron", "dend", 0.5, ("cl", "ecl", "ion"))],
    tstop=60.0, dt=0.025, celsius=34.0, imports=["clacc.mod", "clc.mod"]))

READ_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, cal=dict(gbar=0.003),
                                 kca=dict(gbar=0.0005)), cai=0.0003, cao=3.5)),
          ("dend", sec(150.0, 2.0, Ra=100.0, nseg=3, pas=dict(g=0.0001, e=-65.0),
                       cal=dict(gbar=0.002), kca=dict(gbar=0.0005)))],
    attach=[("dend", "soma", 1.0)])
CASES.append(case(
    "nmodl_ions_read_only",
    "ions: calcium only read (cal reads eca, kca reads cai; nothing writes a "
    "concentration, so no cinit): the soma's own cai = 3e-4 mM, cao = 3.5 mM stay, "
    "eca by Nernst from them once, at initialization; the dendrite sets none and "
    "keeps NEURON's defaults 5e-5 and 2 mM although the simulation sets "
    "cai0_ca_ion = 1.5e-4 mM and cao0_ca_ion = 2.5 mM (those reach only a section "
    "with cinit); IClamp 0.3 nA from 5 ms; v, cai, cao, eca and kca's o in soma and "
    "dendrite; the .mod files imported as they are",
    {"RD": READ_CELL}, [("neuron", "RD")],
    [iclamp("step", ["neuron"], 5.0, 40.0, 0.3)],
    [("soma", "neuron", "soma", 0.5),
     ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion")),
     ("cao", "neuron", "soma", 0.5, ("ca", "cao", "ion")),
     ("eca", "neuron", "soma", 0.5, ("ca", "eca", "ion")),
     ("kca_o", "neuron", "soma", 0.5, ("kca", "o")),
     ("dend", "neuron", "dend", 0.5),
     ("cai_d", "neuron", "dend", 0.5, ("ca", "cai", "ion")),
     ("eca_d", "neuron", "dend", 0.5, ("ca", "eca", "ion"))],
    tstop=50.0, dt=0.025, imports=["cal.mod", "kca.mod"],
    ion_globals={"cai0_ca_ion": 1.5e-4, "cao0_ca_ion": 2.5}))

# --- point neurons: populations of artificial cells -------------------------
IF1 = {"IFa": art("IntFire1", tau=3.0, refrac=1.0), "IFb": art("IntFire1", tau=5.0, refrac=2.0),
       "IFc": art("IntFire1", tau=8.0, refrac=3.0), "IFd": art("IntFire1", tau=12.0, refrac=2.5),
       "IFe": art("IntFire1", tau=20.0, refrac=4.0), "HH1": HH1}
RING = ["i0", "i1", "i2", "i3", "i4"]
CASES.append(case(
    "intfire1_ring",
    "point neurons: five IntFire1 cells of different tau and refrac (populations of an "
    "artificial cell, parameters in the population block) in a ring (connections straight "
    "into their receive, no synapse), driven by a regular NetStim (i0, i1) and a noisy one "
    "(i2..i4) without synapses, all five onto one HH cell through ExpSyns, the HH cell back "
    "onto i2; their spikes are the populations' spikes, and IntFire1's m (the stored state, "
    "NEURON's _ref_m) of i0 and i3 is recorded",
    IF1, [("i0", "IFa"), ("i1", "IFb"), ("i2", "IFc"), ("i3", "IFd"), ("i4", "IFe"),
          ("soma_cell", "HH1")],
    [netstim("drive", ["i0", "i1"], None, 0.7, 1.0, 4.0, 1e9, 1.0, 0.0),
     netstim("noisy", ["i2", "i3", "i4"], None, 0.45, 0.5, 3.0, 1e9, 2.0, 0.6),
     *[connect([RING[k]], [RING[(k + 1) % 5]], None, 0.6, 1.5) for k in range(5)],
     connect(RING, ["soma_cell"], "exc", 0.004, 1.0),
     connect(["soma_cell"], ["i2"], None, 0.5, 2.0)],
    [("soma_cell", "soma_cell", "soma", 0.5), ("m_i0", "i0", None, None, ("IntFire1", "m", "art")),
     ("m_i3", "i3", None, None, ("IntFire1", "m", "art"))],
    tstop=150.0, dt=0.025, seed=3,
    synapses={"exc": ("ExpSyn", dict(tau=2.0, e=0.0))}))

TIE = {"T1": art("IntFire1", tau=10.0, refrac=2.0), "T2": art("IntFire1", tau=5.0, refrac=1.5),
       "HH1": HH1}
CASES.append(case(
    "event_ties",
    "events due at the same time go in the order NEURON queued them (its queue is first in, "
    "first out on ties): IntFire1 cells whose refractory self event and an input are due "
    "together, the self event queued first (t0), the input first (t1), both sent at the same "
    "time by deliveries in either order (t2); regular NetStims at whole milliseconds, a ring "
    "of whole-millisecond delays between the point neurons, and an HH cell whose ExpSyn gets "
    "events from all of them and from a NetStim at the same times",
    TIE, [("t0", "T1"), ("t1", "T1"), ("t2", "T1"), ("t3", "T2"), ("soma_cell", "HH1")],
    [netstim("a", ["t0"], None, 0.4, 1.0, 2.0, 1e9, 1.0, 0.0),
     netstim("b", ["t1"], None, 0.4, 5.0, 2.0, 1e9, 1.0, 0.0),
     netstim("c", ["t2"], None, 0.4, 2.0, 2.0, 1e9, 0.0, 0.0),
     netstim("d", ["t3"], None, 0.35, 1.5, 1.5, 1e9, 0.0, 0.0),
     connect(["t0"], ["t3"], None, 0.3, 2.0),
     connect(["t3"], ["t2"], None, 0.3, 1.0),
     connect(["t0", "t1", "t2", "t3"], ["soma_cell"], "exc", 0.002, 1.0),
     netstim("e", ["soma_cell"], "exc", 0.002, 1.0, 1.0, 1e9, 0.0, 0.0),
     connect(["soma_cell"], ["t1"], None, 0.4, 2.0)],
    [("soma_cell", "soma_cell", "soma", 0.5), ("m_t0", "t0", None, None, ("IntFire1", "m", "art")),
     ("m_t2", "t2", None, None, ("IntFire1", "m", "art"))],
    tstop=120.0, dt=0.025, seed=1,
    synapses={"exc": ("ExpSyn", dict(tau=2.0, e=0.0))}))

IF2 = {"F2a": art("IntFire2"), "F2b": art("IntFire2", taus=15.0, taum=5.0, ib=1.5),
       "F2c": art("IntFire2", taus=30.0, taum=8.0, ib=0.5),
       "F2d": art("IntFire2", taus=5.0, taum=10.0, ib=0.0), "HH1": HH1}
CHAIN2 = ["j0", "j1", "j2", "j3"]
CASES.append(case(
    "intfire2_net",
    "point neurons: four IntFire2 cells (defaults; tonic firing with ib = 1.5 under "
    "inhibition; ib = 0.5 with a slow current; taus < taum, which INITIAL makes taum + 0.1) "
    "driven by a regular excitatory NetStim (j0, j2), a noisy inhibitory one (j1) and a "
    "noisy excitatory one (j2, j3), j0..j2 onto j3 and j3 back onto j0 (inhibitory), all "
    "four onto an HH cell through ExpSyns: every input moves the cell's pending firing time "
    "(net_move), found by Newton's method; IntFire2's stored i and m of j0, j1 and j2 are "
    "recorded",
    IF2, [("j0", "F2a"), ("j1", "F2b"), ("j2", "F2c"), ("j3", "F2d"), ("soma_cell", "HH1")],
    [netstim("drive", ["j0", "j2"], None, 0.6, 1.0, 4.0, 1e9, 1.0, 0.0),
     netstim("inhib", ["j1"], None, -0.15, 0.5, 5.0, 1e9, 2.0, 0.7),
     netstim("noisy", ["j2", "j3"], None, 0.35, 0.75, 3.0, 1e9, 0.5, 0.8),
     connect(["j0", "j1", "j2"], ["j3"], None, 0.7, 1.5),
     connect(["j3"], ["j0"], None, -0.1, 2.0),
     connect(CHAIN2, ["soma_cell"], "exc", 0.004, 1.0)],
    [("soma_cell", "soma_cell", "soma", 0.5),
     ("m_j0", "j0", None, None, ("IntFire2", "m", "art")),
     ("i_j0", "j0", None, None, ("IntFire2", "i", "art")),
     ("m_j1", "j1", None, None, ("IntFire2", "m", "art")),
     ("i_j1", "j1", None, None, ("IntFire2", "i", "art")),
     ("m_j2", "j2", None, None, ("IntFire2", "m", "art"))],
    tstop=200.0, dt=0.025, seed=5,
    synapses={"exc": ("ExpSyn", dict(tau=2.0, e=0.0))}))

IF4 = {"F4a": art("IntFire4"),
       "F4b": art("IntFire4", taue=2.0, taui1=5.0, taui2=10.0, taum=8.0),
       "F4c": art("IntFire4", taue=30.0, taui1=20.0, taui2=10.0, taum=15.0),
       "F4d": art("IntFire4", taue=3.0, taui1=8.0, taui2=20.0, taum=20.005), "HH1": HH1}
CHAIN4 = ["k0", "k1", "k2", "k3"]
CASES.append(case(
    "intfire4_net",
    "point neurons: four IntFire4 cells (defaults; taum < taui2; taue > taui2 and taui1 > "
    "taui2, which INITIAL swaps and adjusts; taum within taueps of taui2) driven by a regular "
    "excitatory NetStim (k0, k1), a noisy inhibitory one (k0, k2) and a noisy excitatory "
    "one (k1..k3), k0..k2 onto k3 and k3 back onto k0 (inhibitory), all four onto an HH "
    "cell through ExpSyns: the normalization of i2 is found by bisection at INITIAL, every "
    "input moves the cell's pending firing bound (net_move); IntFire4's stored m of k0..k2 "
    "and e and i2 of k1 are recorded",
    IF4, [("k0", "F4a"), ("k1", "F4b"), ("k2", "F4c"), ("k3", "F4d"), ("soma_cell", "HH1")],
    [netstim("drive", ["k0", "k1"], None, 0.5, 1.0, 3.0, 1e9, 1.0, 0.0),
     netstim("inhib", ["k0", "k2"], None, -0.4, 0.5, 6.0, 1e9, 2.0, 0.7),
     netstim("noisy", ["k1", "k2", "k3"], None, 0.45, 0.75, 2.5, 1e9, 0.5, 0.8),
     connect(["k0", "k1", "k2"], ["k3"], None, 0.6, 1.5),
     connect(["k3"], ["k0"], None, -0.3, 2.0),
     connect(CHAIN4, ["soma_cell"], "exc", 0.004, 1.0)],
    [("soma_cell", "soma_cell", "soma", 0.5),
     ("m_k0", "k0", None, None, ("IntFire4", "m", "art")),
     ("m_k1", "k1", None, None, ("IntFire4", "m", "art")),
     ("e_k1", "k1", None, None, ("IntFire4", "e", "art")),
     ("i2_k1", "k1", None, None, ("IntFire4", "i2", "art")),
     ("m_k2", "k2", None, None, ("IntFire4", "m", "art"))],
    tstop=200.0, dt=0.025, seed=7,
    synapses={"exc": ("ExpSyn", dict(tau=2.0, e=0.0))}))

# --- Izhikevich point neurons (NetPyNE's Izhi2007b; circ's stdlib) ------------
# NetPyNE's Izhi cell: one section of 100 pF (L = diam = 10 um, cm = 31.831),
# the point process in its middle, spikes from the section's v (threshold 10 mV)
IZ = dict(secs=[("soma", sec(10.0, 10.0, cm=31.831))], attach=[])

# Izhikevich (2007) cell types as NetPyNE's izhi2007Wrapper sets them
IZHI_TYPES = [
    ("rs", dict(C=1.0, k=0.7, vr=-60.0, vt=-40.0, vpeak=35.0, a=0.03, b=-2.0, c=-50.0,
                d=100.0, celltype=1)),
    ("ib", dict(C=1.5, k=1.2, vr=-75.0, vt=-45.0, vpeak=50.0, a=0.01, b=5.0, c=-56.0,
                d=130.0, celltype=2)),
    ("ch", dict(C=0.5, k=1.5, vr=-60.0, vt=-40.0, vpeak=25.0, a=0.03, b=1.0, c=-40.0,
                d=150.0, celltype=3)),
    ("lts", dict(C=1.0, k=1.0, vr=-56.0, vt=-42.0, vpeak=40.0, a=0.03, b=8.0, c=-53.0,
                 d=20.0, celltype=4)),
    ("fs", dict(C=0.2, k=1.0, vr=-55.0, vt=-40.0, vpeak=25.0, a=0.2, b=-2.0, c=-45.0,
                d=-55.0, celltype=5)),
    ("tc", dict(C=2.0, k=1.6, vr=-60.0, vt=-50.0, vpeak=35.0, a=0.01, b=15.0, c=-60.0,
                d=10.0, celltype=6)),
    ("rtn", dict(C=0.4, k=0.25, vr=-65.0, vt=-45.0, vpeak=0.0, a=0.015, b=10.0, c=-55.0,
                 d=50.0, celltype=7)),
]
IZHI = dict(IZHI_TYPES)


def izhi(pop, typ=None, **extra):
    """The Izhi2007b of population pop, with the parameters of cell type typ
    (default: the population's name) and extra ones."""
    return dict(kind="IClamp", name="izh_" + pop, target=[pop], loc=("soma", 0.5),
                mech="Izhi2007b", params=dict(IZHI[typ or pop], **extra))


CASES += [
    case("izhi_cells",
         "Izhikevich point neurons (stdlib Izhi2007b, NetPyNE's izhi2007b.mod; NEURON runs "
         "mod/izhikevich.mod): the seven cell types of the 2007 book, each in its own 100 pF "
         "section driven by an IClamp step (TC and RTN hyperpolarized first, then "
         "depolarized: rebound bursts, b switching both ways; FS with a bias Iin and a "
         "30 ms step: its Euler-discretized dynamics amplify rounding e-fold every few ms "
         "while it fires, so a long train would leave the default mode's 1e-6 mV); the "
         "resets set the section's v from NET_RECEIVE; u of RS, LTS and TC recorded",
         {"IZ": IZ}, [(p, "IZ") for p, _ in IZHI_TYPES],
         [izhi("rs"), izhi("ib"), izhi("ch"), izhi("lts"), izhi("fs", Iin=30.0),
          izhi("tc"), izhi("rtn"),
          iclamp("step_rs", ["rs"], 20.0, 150.0, 0.12),
          iclamp("step_ib", ["ib"], 20.0, 150.0, 0.6),
          iclamp("step_ch", ["ch"], 20.0, 150.0, 0.8),
          iclamp("step_lts", ["lts"], 20.0, 150.0, 0.12),
          iclamp("step_fs", ["fs"], 20.0, 30.0, 1.0),
          iclamp("hyper_tc", ["tc"], 20.0, 60.0, -0.08),
          iclamp("step_tc", ["tc"], 120.0, 60.0, 0.15),
          iclamp("hyper_rtn", ["rtn"], 20.0, 60.0, -0.15),
          iclamp("step_rtn", ["rtn"], 120.0, 60.0, 0.2)],
         [(p, p, "soma", 0.5) for p, _ in IZHI_TYPES]
         + [("u_" + p, p, "soma", 0.5, ("izh_" + p, "u", "stimulus"))
            for p in ("rs", "lts", "tc")],
         tstop=200.0, dt=0.025, stdlib_mods=["izhikevich.mod"]),

    case("izhi_net",
         "a network of Izhikevich point neurons (stdlib Izhi2007b; NEURON runs "
         "mod/izhikevich.mod): two RS, one IB, one FS and one LTS cell, noisy background "
         "NetStims through Exp2Syns, the excitatory cells onto each other and onto the "
         "interneurons (Exp2Syn), the interneurons onto the excitatory cells (ExpSyn, "
         "-80 mV), a bias IClamp on one RS cell",
         {"IZ": IZ}, [("rs", "IZ"), ("rs2", "IZ"), ("ib", "IZ"), ("fs", "IZ"), ("lts", "IZ")],
         [izhi("rs"), izhi("rs2", "rs"), izhi("ib"), izhi("fs"), izhi("lts"),
          connect(["rs", "rs2", "ib"], ["rs", "rs2", "ib"], "exc", 0.002, 2.0),
          connect(["rs", "rs2", "ib"], ["fs", "lts"], "exc", 0.003, 1.5),
          connect(["fs", "lts"], ["rs", "rs2", "ib"], "inh", 0.004, 1.0),
          netstim("bkg", ["rs", "rs2", "ib", "fs", "lts"], "exc", 0.004, 1.0, 8.0, 1e9,
                  0.0, 1.0),
          iclamp("bias", ["rs"], 10.0, 250.0, 0.05)],
         [("rs", "rs", "soma", 0.5), ("rs2", "rs2", "soma", 0.5), ("ib", "ib", "soma", 0.5),
          ("fs", "fs", "soma", 0.5), ("lts", "lts", "soma", 0.5)],
         tstop=300.0, dt=0.025, seed=9, stdlib_mods=["izhikevich.mod"],
         synapses={"exc": ("Exp2Syn", dict(tau1=0.5, tau2=3.0, e=0.0)),
                   "inh": ("ExpSyn", dict(tau=4.0, e=-80.0))}),
]

# --- point processes as spike sources (NetPyNE's Izhi2007a style) -------------
# mod/izhiev.mod integrates its own V, WATCHes it and calls net_event(t) in
# NET_RECEIVE: the cell's spikes (`spikes_from = izhiev`; NEURON: NetCon(pp,
# None) given to pc.cell).  Its 20 um section is its input compartment
# (coupled to V through gin): IClamps and synapses there drive it.
IZEV = dict(secs=[("soma", sec(20.0, 20.0, pas=dict(g=0.0001, e=-60.0)))], attach=[],
            spikes_from="izhiev")


def izhiev(pop, **params):
    return dict(kind="IClamp", name="izev_" + pop, target=[pop], loc=("soma", 0.5),
                mech="izhiev", params=params)


CASES += [
    case("ppev_net",
         "cells whose spikes are a point process's net_event (mod/izhiev.mod: an "
         "Izhikevich neuron with its own V in NetPyNE's Izhi2007a style, WATCH on V, "
         "net_event(t) and the reset in NET_RECEIVE; circ: spikes_from = izhiev): a regular "
         "spiking one driven by an IClamp step, a bursting one (c -40, d 150) by a noisy "
         "NetStim through an Exp2Syn on its section; both drive an HH cell (ExpSyn), which "
         "drives the second back (Exp2Syn), and the first drives the second; V and u of "
         "both recorded",
         {"IZEV": IZEV, "HH": dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=PYR_HH))],
                                   attach=[])},
         [("ev_rs", "IZEV"), ("ev_ch", "IZEV"), ("hhc", "HH")],
         [izhiev("ev_rs", gin=20.0), izhiev("ev_ch", c=-40.0, d=150.0, k=1.5, vpeak=25.0, gin=20.0),
          connect(["ev_rs", "ev_ch"], ["hhc"], "ampa", 0.008, 1.51),
          connect(["hhc"], ["ev_ch"], "exc", 0.002, 2.03),
          connect(["ev_rs"], ["ev_ch"], "exc", 0.001, 0.93),
          iclamp("step", ["ev_rs"], 20.0, 150.0, 0.2),
          netstim("bkg", ["ev_ch"], "exc", 0.006, 1.27, 5.0, 1e9, 5.0, 0.8)],
         [("ev_rs", "ev_rs", "soma", 0.5), ("ev_ch", "ev_ch", "soma", 0.5),
          ("hhc", "hhc", "soma", 0.5),
          ("V_rs", "ev_rs", "soma", 0.5, ("izev_ev_rs", "V", "stimulus")),
          ("u_rs", "ev_rs", "soma", 0.5, ("izev_ev_rs", "u", "stimulus")),
          ("V_ch", "ev_ch", "soma", 0.5, ("izev_ev_ch", "V", "stimulus"))],
         tstop=200.0, dt=0.025, seed=5, imports=["izhiev.mod"],
         synapses={"exc": ("Exp2Syn", dict(tau1=0.5, tau2=3.0, e=0.0)),
                   "ampa": ("ExpSyn", dict(tau=2.0, e=0.0))}),
]

# --- AdEx (Brette and Gerstner 2005; circ's stdlib AdEx) ---------------------
# one bare section of 281 pF (L = diam = 94.58 um, cm = 1 uF/cm2: no other
# membrane mechanism), the point process in its middle; spikes from the
# section's v at -45 mV, between VT (-50.4) and vpeak (-40.4)
ADX = dict(secs=[("soma", sec(94.58, 94.58))], attach=[], threshold=-45.0)

# firing patterns on that cell (parameters changed from the paper's
# regular-spiking defaults, in the manner of Naud et al. 2008)
ADEX_TYPES = [
    ("adapting", dict()),
    ("tonic", dict(a=0.0, b=0.0)),
    ("bursting", dict(vreset=-46.0, b=0.2, tauw=80.0)),
    ("rebound", dict(a=0.08, b=0.0, tauw=150.0)),
]
ADEX = dict(ADEX_TYPES)


def adex(pop):
    """The AdEx of population pop, with its pattern's parameters."""
    return dict(kind="IClamp", name="adx_" + pop, target=[pop], loc=("soma", 0.5),
                mech="AdEx", params=dict(ADEX[pop]))


CASES += [
    case("adex_cells",
         "adaptive exponential integrate-and-fire point processes (stdlib AdEx; NEURON "
         "runs mod/adex.mod): four patterns on one bare 281 pF section each (adapting: the "
         "paper's defaults; tonic: no adaptation; bursting: a reset above rest; rebound: "
         "strong subthreshold adaptation, hyperpolarized then released), steps of current; "
         "the adapting cell drives the tonic one through an ExpSyn, a noisy NetStim drives "
         "the bursting one during its step; the resets set the section's v from "
         "NET_RECEIVE; w of the adapting and the rebound cell recorded",
         {"ADX": ADX}, [(p, "ADX") for p, _ in ADEX_TYPES],
         [adex(p) for p, _ in ADEX_TYPES]
         + [iclamp("step_adapting", ["adapting"], 20.0, 200.0, 0.8),
            iclamp("step_tonic", ["tonic"], 20.0, 200.0, 0.65),
            iclamp("step_bursting", ["bursting"], 20.0, 200.0, 0.9),
            iclamp("hyper_rebound", ["rebound"], 20.0, 100.0, -2.0),
            connect(["adapting"], ["tonic"], "exc", 0.01, 2.0),
            netstim("bkg", ["bursting"], "exc", 0.005, 1.0, 10.0, 1e9, 50.0, 1.0)],
         [(p, p, "soma", 0.5) for p, _ in ADEX_TYPES]
         + [("w_" + p, p, "soma", 0.5, ("adx_" + p, "w", "stimulus"))
            for p in ("adapting", "rebound")],
         tstop=300.0, dt=0.025, seed=5, stdlib_mods=["adex.mod"],
         synapses={"exc": ("ExpSyn", dict(tau=2.0, e=0.0))}),
]

CASES += [
    case("seg_distance",
         "values per segment: hh's gnabar and gkbar of an 11-segment apical "
         "dendrite as functions of the path distance from soma(0.5) (NEURON's "
         "h.distance(soma(0.5), seg)), and the leak of an oblique attached at the "
         "dendrite's middle as a function of x; IClamp at the soma; records two of "
         "the parameters (record gnabar, record hh.gkbar: their values there)",
         {"APIC": APIC_GRAD}, [("neuron", "APIC")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.4)],
         [("soma", "neuron", "soma", 0.5), ("apic_first", "neuron", "apic", 0.05),
          ("apic_mid", "neuron", "apic", 0.5), ("apic_last", "neuron", "apic", 0.95),
          ("obl", "neuron", "obl", 0.5),
          ("gnabar_mid", "neuron", "apic", 0.5, ("hh", "gnabar")),
          ("gkbar_last", "neuron", "apic", 0.95, ("hh", "gkbar", "mech"))],
         tstop=150.0, dt=0.025),

    case("seg_list",
         "values per segment: a 5-segment dendrite whose hh gnabar is an explicit "
         "list (one value per segment), gkbar a function of x and gl of x and the "
         "section's length L; IClamp at the dendrite's far end",
         {"DL": DEND_LIST}, [("neuron", "DL")],
         [iclamp("tip", ["neuron"], 10.0, 80.0, 0.6, loc=("dend", 0.9))],
         [("soma", "neuron", "soma", 0.5), ("dend_first", "neuron", "dend", 0.1),
          ("dend_last", "neuron", "dend", 0.9)],
         tstop=120.0, dt=0.025),

    case("seg_taper",
         "values per segment of the section's own properties: a dendrite (nseg 7) "
         "whose diam tapers with distance from soma(0.5) (areas and axial "
         "resistances per segment, as NEURON's nrn_area_ri) and whose cm is a list, "
         "and a branch at its middle whose diam is a function of x; IClamps at the "
         "soma and at the branch's tip",
         {"TAPER": TAPER}, [("neuron", "TAPER")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.35),
          iclamp("tip", ["neuron"], 60.0, 40.0, 0.05, loc=("branch", 0.9))],
         [("soma", "neuron", "soma", 0.5), ("dend_first", "neuron", "dend", 0.05),
          ("dend_mid", "neuron", "dend", 0.5), ("dend_end", "neuron", "dend", 1.0),
          ("branch_tip", "neuron", "branch", 0.9)],
         tstop=150.0, dt=0.025),

    case("seg_user_ih",
         "values per segment of a user channel written in .circ (hcn, an Ih-like "
         "non-specific current; NEURON runs the same channel from hcn.mod): gbar "
         "= 0.0002 S/cm2 * exp(distance / 300 um) along an 11-segment apical "
         "dendrite; a hyperpolarizing then a depolarizing IClamp at the soma "
         "(the sag and rebound of Ih)",
         {"IH": APIC_IH}, [("neuron", "IH")],
         [iclamp("hyper", ["neuron"], 20.0, 150.0, -0.3),
          iclamp("step", ["neuron"], 220.0, 50.0, 0.25)],
         [("soma", "neuron", "soma", 0.5), ("apic_mid", "neuron", "apic", 0.5),
          ("apic_last", "neuron", "apic", 0.95),
          ("m_last", "neuron", "apic", 0.95, ("hcn", "m"))],
         tstop=300.0, dt=0.025, mods=["hcn"]),
    case("morph_pyr_distance",
         "the pyramidal cell of morph/pyramidal.swc (Import3d, d_lambda nseg) with values "
         "by path distance from soma(0.5) (NEURON's h.distance): apical hh gnabar falling "
         "and gkbar rising, basal g_pas rising; an HH cell connected onto an apical tuft "
         "branch and a basal dendrite through Exp2Syns, a NetStim onto an oblique",
         {"PYR3D": PYR3D_GRAD, "HH1": HH1}, [("neuron", "PYR3D"), ("driver", "HH1")],
         [iclamp("drive", ["driver"], 5.0, 100.0, 0.3),
          connect(["driver"], ["neuron"], "exc", 0.03, 2.0, loc=("apic[16]", 0.7)),
          connect(["driver"], ["neuron"], "exc", 0.02, 1.5, loc=("dend[3]", 0.5)),
          netstim("side", ["neuron"], "exc", 0.004, 1.0, 9.0, 1e9, 20.0, 0.0,
                  loc=("apic[6]", 0.4))],
         [("soma", "neuron", "soma", 0.5), ("apic_tuft", "neuron", "apic[16]", 0.7),
          ("dend3", "neuron", "dend[3]", 0.5), ("apic_obl", "neuron", "apic[6]", 0.4),
          ("gnabar_tuft", "neuron", "apic[16]", 0.7, ("hh", "gnabar")),
          ("driver", "driver", "soma", 0.5)],
         tstop=100.0, dt=0.025, synapses={"exc": EXC}),

    case("morph_pyr_dlambda",
         "a pyramidal cell read from morph/pyramidal.swc (254 points, written by "
         "morph/gen_swc.py: 3-point soma, basal dendrites, an apical trunk with "
         "obliques and a tuft, an axon with a collateral) by Import3d, area and "
         "axial resistance from the 3-D points; nseg by the d_lambda rule "
         "(0.1, 100 Hz) except the axon (5); hh in soma and axon, pas everywhere, "
         "apical cm 2 and a larger g_pas; an IClamp at the soma and a NetStim "
         "through an Exp2Syn on an apical tuft branch",
         {"PYR3D": PYR3D}, [("neuron", "PYR3D")],
         [iclamp("step", ["neuron"], 10.0, 60.0, 0.4),
          netstim("drive", ["neuron"], "exc", 0.004, 1.0, 7.0, 1e9, 80.0, 0.0,
                  loc=("apic[16]", 0.7))],
         [("soma", "neuron", "soma", 0.5), ("axon_tip", "neuron", "axon[1]", 0.9),
          ("dend3", "neuron", "dend[3]", 0.5), ("apic_trunk", "neuron", "apic[4]", 0.3),
          ("apic_tuft", "neuron", "apic[16]", 0.7)],
         tstop=150.0, dt=0.025, synapses={"exc": EXC}),
    case("morph_pyr_fixed",
         "the same morphology with a fixed nseg 3 (soma 1), hh at the soma only, "
         "a step into the apical trunk's middle and a pulse into a basal dendrite",
         {"PYR3D": PYR3D_FIXED}, [("neuron", "PYR3D")],
         [iclamp("apical", ["neuron"], 5.0, 80.0, 0.3, loc=("apic[2]", 0.5)),
          iclamp("basal", ["neuron"], 50.0, 2.0, 1.0, loc=("dend[5]", 0.5))],
         [("soma", "neuron", "soma", 0.5), ("apic2", "neuron", "apic[2]", 0.5),
          ("dend5", "neuron", "dend[5]", 0.5), ("dend5_end", "neuron", "dend[5]", 1.0)],
         tstop=100.0, dt=0.025),
]

PYR3D_STYLE = morph("morph/pyramidal.swc",
                    block("all", Ra=100.0, nseg=3, pas=dict(g=0.0001, e=-65.0)),
                    block("soma", nseg=1, ions=dict(eca=120.0), ion_style=dict(ca=(3, 1, 0, 0, 1)),
                          hh=HH_DEFAULT, cad=dict(taur=80.0, drive=0.02),
                          cal=dict(gbar=0.003), kca=dict(gbar=0.0002)),
                    block("dend", ion_style=dict(ca=(3, 2, 1, 0, 1)),
                          cad=dict(taur=40.0, drive=0.05), cal=dict(gbar=0.004)))

PYR3D_CINIT = morph("morph/pyramidal.swc",
                    block("all", Ra=100.0, nseg=1, pas=dict(g=0.0001, e=-65.0)),
                    block("soma", ions=dict(cai=0.0003, cao=3.5), hh=HH_DEFAULT,
                          cad=dict(taur=80.0, drive=0.02), cal=dict(gbar=0.003)),
                    block("dend", ions=dict(cai=0.0002, cao=3.0), cal=dict(gbar=0.002),
                          kca=dict(gbar=0.0005)),
                    block("apic", ions=dict(cai=0.0003, cao=3.5), cal=dict(gbar=0.002)),
                    block("apic", cad=dict(taur=40.0, drive=0.05)),
                    block("axon", ions=dict(cao=3.5), ion_style=dict(ca=(3, 2, 1, 1, 0)),
                          cad=dict(taur=40.0, drive=0.05), cal=dict(gbar=0.002)))

CASES += [
    case("morph_ion_style",
         "ion styles in the list blocks of an SWC cell (morph/pyramidal.swc, nseg 3, "
         "soma 1): in the soma a calcium pool with eca fixed at 120 mV (ion_style "
         "(3, 1, 0, 0, 1)), in every basal dendrite a pool with eca by Nernst at "
         "initialization only (3, 2, 1, 0, 1), elsewhere no calcium; IClamp 0.3 nA "
         "at the soma; v, eca and cai in soma and a dendrite",
         {"PYR3D": PYR3D_STYLE}, [("neuron", "PYR3D")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("dend5", "neuron", "dend[5]", 0.5),
          ("eca", "neuron", "soma", 0.5, ("ca", "eca", "ion")),
          ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion")),
          ("eca_d", "neuron", "dend[5]", 0.5, ("ca", "eca", "ion")),
          ("cai_d", "neuron", "dend[5]", 0.5, ("ca", "cai", "ion"))],
         tstop=150.0, dt=0.025, mods=["cad", "cal", "kca"]),
    case("morph_ion_cinit",
         "initial concentrations in the list blocks of an SWC cell (morph/pyramidal.swc, "
         "nseg 1): the soma's pool (cad) makes finitialize start cai and cao at "
         "cai0_ca_ion and cao0_ca_ion whatever the soma block sets (cai 3e-4, cao 3.5 mM); "
         "the basal dendrites only read calcium (cal, kca) and keep their cai = 2e-4, "
         "cao = 3 mM; the apical sections set cai and cao in one block and get a pool "
         "from a later one, which resets them; the axon's pool keeps its cao = 3.5 mM "
         "under ion_style(3, 2, 1, 1, 0); IClamp 0.3 nA at the soma; v, cai, cao and eca "
         "in soma, dend[5], apic[2] and axon[0]",
         {"PYR3D": PYR3D_CINIT}, [("neuron", "PYR3D")],
         [iclamp("step", ["neuron"], 10.0, 60.0, 0.3)],
         [("soma", "neuron", "soma", 0.5),
          ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion")),
          ("eca", "neuron", "soma", 0.5, ("ca", "eca", "ion")),
          ("cai_d", "neuron", "dend[5]", 0.5, ("ca", "cai", "ion")),
          ("eca_d", "neuron", "dend[5]", 0.5, ("ca", "eca", "ion")),
          ("cai_a", "neuron", "apic[2]", 0.5, ("ca", "cai", "ion")),
          ("cao_a", "neuron", "apic[2]", 0.5, ("ca", "cao", "ion")),
          ("eca_a", "neuron", "apic[2]", 0.5, ("ca", "eca", "ion")),
          ("cao_x", "neuron", "axon[0]", 0.5, ("ca", "cao", "ion")),
          ("eca_x", "neuron", "axon[0]", 0.5, ("ca", "eca", "ion"))],
         tstop=80.0, dt=0.025, mods=["cad", "cal", "kca"]),
    case("morph_big",
         "a large pyramidal cell read from morph/big.swc (733 points, written by "
         "morph/gen_big_swc.py: 285 sections, nseg 5 except the soma, 1,421 "
         "compartments); hh in soma and axon, pas everywhere, apical cm 1.8; a "
         "step at the soma and a pulse into a distal apical branch",
         {"BIG": BIG}, [("neuron", "BIG")],
         [iclamp("step", ["neuron"], 5.0, 40.0, 1.5),
          iclamp("tuft", ["neuron"], 20.0, 3.0, 2.0, loc=("apic[80]", 0.5))],
         [("soma", "neuron", "soma", 0.5), ("axon_end", "neuron", "axon[1]", 1.0),
          ("dend170", "neuron", "dend[170]", 0.9), ("apic80", "neuron", "apic[80]", 0.5),
          ("apic40", "neuron", "apic[40]", 0.1)],
         tstop=60.0, dt=0.025),
    case("morph_onepoint",
         "Import3d's special cases (morph/onepoint.swc, morph/gen_odd_swc.py): a "
         "one-point soma (a cylinder L = diam), dendrites wired to its middle, a "
         "dendrite turning into SWC type 5 (list dend_5), a zero-length two-point "
         "branch removed with its child re-hung, a branch off a wired dendrite's "
         "first point, ids from 101; nseg by d_lambda(0.05, 200 Hz)",
         {"ONEPOINT": ONEPOINT}, [("neuron", "ONEPOINT")],
         [iclamp("step", ["neuron"], 5.0, 40.0, 0.25),
          iclamp("far", ["neuron"], 60.0, 20.0, 0.05, loc=("dend_5[0]", 0.8))],
         [("soma", "neuron", "soma", 0.5), ("d5", "neuron", "dend_5[0]", 0.5),
          ("dend4", "neuron", "dend[4]", 0.9), ("axon_end", "neuron", "axon[0]", 1.0)],
         tstop=100.0, dt=0.025),
    case("morph_tree",
         "a random tree without a soma (morph/tree.swc): a dendrite root, five SWC "
         "types, repeated points; nseg 3, hh in the dend list; "
         "its coordinates make hoc's float reading and %.8g printing matter",
         {"TREE": TREE}, [("neuron", "TREE")],
         [iclamp("step", ["neuron"], 2.0, 30.0, 0.5, loc=("dend", 0.5))],
         [("root", "neuron", "dend[0]", 0.5), ("d5", "neuron", "dend_5[2]", 0.5),
          ("axon", "neuron", "axon[1]", 0.7)],
         tstop=40.0, dt=0.025),
    case("morph_cylsoma",
         "a soma of several points (morph/cylsoma.swc) split into three soma "
         "sections by a soma branch, with children at its first point (x = 0), "
         "its last (x = 1) and its interior (x = 0.5); nseg 2 everywhere",
         {"CYLSOMA": CYLSOMA}, [("neuron", "CYLSOMA")],
         [iclamp("step", ["neuron"], 5.0, 50.0, 0.3, loc=("soma[1]", 0.3))],
         [("soma", "neuron", "soma", 0.5), ("soma2", "neuron", "soma[2]", 0.5),
          ("dend0", "neuron", "dend[0]", 0.5), ("apic_end", "neuron", "apic[0]", 0.8)],
         tstop=80.0, dt=0.025),
]

# The ions cases again with the .mod files imported as they are (no hand ports)
for _name, _mods in (("ions_ek_shared", ["ka"]), ("ions_ca_pool", ["cad", "cal", "kca"])):
    _c = dict(next(c for c in CASES if c["name"] == _name))
    _c.update(name="nmodl_" + _name, mods=[], imports=sorted(m + ".mod" for m in _mods),
              desc=_c["desc"] + "; the .mod files imported as they are")
    CASES.append(_c)

# A calcium pool whose shell volume follows the segment's diameter (mod/caddiam.mod
# declares NEURON's diam): a soma and a tapering dendrite, a pool in every segment
DIAM_POOL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, cal=dict(gbar=0.003),
                       caddiam=dict(depth=0.2, taur=60.0), kca=dict(gbar=0.0002))),
          ("dend", sec(200.0, SegExpr("4 um - 3 um * distance / 200 um",
                                      lambda x, d, L: 4 - 3 * d / 200.0),
                       Ra=120.0, nseg=5, pas=dict(g=0.0001, e=-65.0), cal=dict(gbar=0.002),
                       caddiam=dict(depth=0.1, taur=30.0), kca=dict(gbar=0.0003)))],
    attach=[("dend", "soma", 1.0)])
CASES.append(case(
    "nmodl_diam_pool",
    "NEURON's diam read by a density mechanism: a calcium pool (mod/caddiam.mod, "
    "diam declared ASSIGNED: nocmodl's pointer to the segment's diameter) whose shell "
    "volume is computed from diam in INITIAL and whose DERIVATIVE reads diam, fed by "
    "cal and read by kca, in a soma (20 um) and a dendrite tapering from 4 to 1 um "
    "over 5 segments; IClamp 0.3 nA from 10 ms; v, cai and the pool's vol per "
    "segment; the .mod files imported as they are",
    {"DP": DIAM_POOL}, [("neuron", "DP")],
    [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
    [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
     ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion")),
     ("cai_d1", "neuron", "dend", 0.1, ("ca", "cai", "ion")),
     ("cai_d5", "neuron", "dend", 0.9, ("ca", "cai", "ion")),
     ("vol", "neuron", "soma", 0.5, ("caddiam", "vol")),
     ("vol_d1", "neuron", "dend", 0.1, ("caddiam", "vol")),
     ("vol_d5", "neuron", "dend", 0.9, ("caddiam", "vol"))],
    tstop=150.0, dt=0.025, imports=["caddiam.mod", "cal.mod", "kca.mod"]))

# Point processes that read NEURON's diam (nocmodl's pointer to the diameter of
# their node's segment): a soma, a dendrite tapering over 5 segments and an oblique
# with a diameter per segment, so that each instance sees another diameter
DIAM_PP = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT)),
          ("dend", sec(200.0, SegExpr("4 um - 3 um * distance / 200 um",
                                      lambda x, d, L: 4 - 3 * d / 200.0),
                       Ra=120.0, nseg=5, pas=dict(g=0.0001, e=-65.0))),
          ("obl", sec(60.0, [2.5, 1.8, 1.2], Ra=150.0, nseg=3, pas=dict(g=0.0002, e=-65.0)))],
    attach=[("dend", "soma", 1.0), ("obl", "soma", 0.5)])
CASES.append(case(
    "nmodl_diam_pp",
    "NEURON's diam read by point processes (nocmodl's pointer to the diameter of the "
    "segment the instance sits in): mod/dclamp.mod, a current step scaled by diam in "
    "BREAKPOINT (ASSIGNED diam), in a dendrite tapering from 4 to 1 um over 5 segments, "
    "an oblique of 3 segments of 2.5, 1.8 and 1.2 um attached at soma(0.5) and the soma; "
    "mod/dsyn.mod, a synapse whose increment per event scales with diam in NET_RECEIVE "
    "and INITIAL (diam declared in PARAMETER with a value nocmodl ignores), from a "
    "driven cell and two NetStims (one noisy) at three places; v at six places and the "
    "clamps' i; the .mod files imported as they are",
    {"HH1": HH1, "DP": DIAM_PP}, [("pre", "HH1"), ("neuron", "DP")],
    [iclamp("drive", ["pre"], 5.0, 150.0, 0.2),
     iclamp("dc_prox", ["neuron"], 5.0, 40.0, 0.05, loc=("dend", 0.1), mech="DClamp"),
     iclamp("dc_dist", ["neuron"], 20.0, 60.0, 0.08, loc=("dend", 0.7), mech="DClamp"),
     iclamp("dc_obl", ["neuron"], 30.0, 50.0, 0.1, loc=("obl", 0.9), mech="DClamp"),
     iclamp("dc_soma", ["neuron"], 90.0, 30.0, 0.02, loc=("soma", 0.5), mech="DClamp"),
     connect(["pre"], ["neuron"], "dsyn", 0.002, 2.0, loc=("dend", 0.3)),
     netstim("bkg", ["neuron"], "dsyn", 0.003, 1.0, 8.0, 1e9, 5.0, 0.5, loc=("obl", 0.5)),
     netstim("tonic", ["neuron"], "dsyn", 0.0005, 1.0, 15.0, 1e9, 2.0, 0.0,
             loc=("soma", 0.5))],
    [("soma", "neuron", "soma", 0.5), ("dend_1", "neuron", "dend", 0.1),
     ("dend_3", "neuron", "dend", 0.3), ("dend_7", "neuron", "dend", 0.7),
     ("obl_5", "neuron", "obl", 0.5), ("obl_9", "neuron", "obl", 0.9),
     ("pre_soma", "pre", "soma", 0.5),
     ("prox_i", "neuron", "dend", 0.1, ("dc_prox", "i", "stimulus")),
     ("obl_i", "neuron", "obl", 0.9, ("dc_obl", "i", "stimulus")),
     ("soma_i", "neuron", "soma", 0.5, ("dc_soma", "i", "stimulus"))],
    tstop=150.0, dt=0.025, seed=3, imports=["dclamp.mod", "dsyn.mod"],
    synapses={"dsyn": ("DSyn", dict(tau=2.0, e=0.0, dref=2.0))}))

CASES.append(case(
    "nmodl_area_pp",
    "NEURON's area read by a point process (nocmodl's _nd_area, the area of the node the "
    "instance sits in): mod/asyn.mod, a synapse whose increment per event scales with "
    "area in NET_RECEIVE, kept in INITIAL (recorded) and read with a per-area leak in "
    "BREAKPOINT, on the tapering dendrite, the oblique and the soma of nmodl_diam_pp's "
    "cell, from a driven cell and two NetStims (one noisy); v at five places and the "
    "scale of two instances",
    {"HH1": HH1, "DP": DIAM_PP}, [("pre", "HH1"), ("neuron", "DP")],
    [iclamp("drive", ["pre"], 5.0, 150.0, 0.2),
     connect(["pre"], ["neuron"], "asyn", 0.002, 2.0, loc=("dend", 0.3)),
     netstim("bkg", ["neuron"], "asyn", 0.003, 1.0, 8.0, 1e9, 5.0, 0.5, loc=("obl", 0.5)),
     netstim("tonic", ["neuron"], "asyn", 0.0005, 1.0, 15.0, 1e9, 2.0, 0.0,
             loc=("soma", 0.5))],
    [("soma", "neuron", "soma", 0.5), ("dend_3", "neuron", "dend", 0.3),
     ("dend_7", "neuron", "dend", 0.7), ("obl_5", "neuron", "obl", 0.5),
     ("pre_soma", "pre", "soma", 0.5),
     ("scale_dend", "neuron", "dend", 0.3, ("asyn", "ascale", "synapse")),
     ("scale_obl", "neuron", "obl", 0.5, ("asyn", "ascale", "synapse"))],
    tstop=150.0, dt=0.025, seed=4, imports=["asyn.mod"],
    synapses={"asyn": ("ASyn", dict(tau=2.0, e=0.0, aref=100.0))}))

# STATE ... START values (mod/startst.mod): set before INITIAL, as nocmodl's s = s0
START_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, startst=dict(gmax=0.0005),
                       cal=dict(gbar=0.0003)))],
    attach=[])
CASES.append(case(
    "nmodl_state_start",
    "STATE START values: mod/startst.mod's g (START 0.4, relaxing to 0.1) and q (START "
    "0.25, which INITIAL doubles) start there, as nocmodl's initmodel sets each state to "
    "its START (s0) before INITIAL; its calcium pool's START is ignored, the pool starting "
    "from the ion's cai, as NEURON does; cal.mod gives it a calcium current; IClamp 0.2 nA "
    "from 10 ms; v, g, q and cai; the .mod files imported as they are",
    {"ST": START_CELL}, [("neuron", "ST")],
    [iclamp("step", ["neuron"], 10.0, 60.0, 0.2)],
    [("soma", "neuron", "soma", 0.5),
     ("g", "neuron", "soma", 0.5, ("startst", "g")),
     ("q", "neuron", "soma", 0.5, ("startst", "q")),
     ("cai", "neuron", "soma", 0.5, ("startst", "cai", "seg"))],
    tstop=80.0, dt=0.025, imports=["cal.mod", "startst.mod"]))

# A GLOBAL PARAMETER that INITIAL sets from run constants (mod/kinitq10.mod's tadj)
INIT_Q10 = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, kinitq10=dict(gbar=0.001))),
          ("dend", sec(150.0, 2.0, Ra=100.0, nseg=3, pas=dict(g=0.0001, e=-65.0),
                       kinitq10=dict(gbar=0.002)))],
    attach=[("dend", "soma", 1.0)])
CASES.append(case(
    "nmodl_global_initial",
    "a GLOBAL PARAMETER the mechanism assigns: mod/kinitq10.mod's tadj (a PARAMETER "
    "that is not RANGE) set in INITIAL from q10, celsius and temp only, then read by "
    "its rates() and BREAKPOINT; one value for all instances in NEURON, each "
    "instance's equal copy in circ; soma and a 3-segment dendrite at 16 degC; IClamp "
    "0.5 nA from 10 ms; v and the channel's gate w; the .mod file imported as it is",
    {"IQ": INIT_Q10}, [("neuron", "IQ")],
    [iclamp("step", ["neuron"], 10.0, 100.0, 0.5)],
    [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
     ("w", "neuron", "soma", 0.5, ("kinitq10", "w")),
     ("w_d", "neuron", "dend", 0.9, ("kinitq10", "w"))],
    tstop=150.0, dt=0.025, celsius=16.0, imports=["kinitq10.mod"]))

SHIFTV = dict(secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0,
                                             hh=dict(gnabar=0.12, gkbar=0.036, gl=0.0003,
                                                     el=-60.0),
                                             nashift=dict(gbar=0.02), kshift=dict(gbar=0.005)),
                                         ek=-85.0, ena=55.0)),
                     ("dend", with_ions(sec(120.0, 2.0, Ra=100.0, nseg=3,
                                            pas=dict(g=0.0001, e=-65.0),
                                            nashift=dict(gbar=0.01), kshift=dict(gbar=0.002)),
                                        ek=-85.0, ena=55.0))],
              attach=[("dend", "soma", 1.0)])


# --- imported .mod files (mod/, compiled by nrnivmodl for NEURON, imported as they
# are by the .circ) -----------------------------------------------------------
CASES += [
    case("nmodl_hhx_tab",
         "import of mod/hhx.mod (an HH-type channel with a rates PROCEDURE, a TABLE "
         "that depends on celsius and a GLOBAL, a vtrap FUNCTION, NONSPECIFIC "
         "currents) on one soma at 16 degC; IClamp 0.1 nA from 10 ms; records v "
         "and the gate m (record hhx.m)",
         {"HHX": HHX}, [("neuron", "HHX")],
         [iclamp("step", ["neuron"], 10.0, 120.0, 0.1)],
         [("soma", "neuron", "soma", 0.5), ("m", "neuron", "soma", 0.5, ("hhx", "m", "mech"))],
         tstop=150.0, dt=0.025, celsius=16.0, imports=["hhx.mod"]),

    case("nmodl_hhx_g",
         "mod/hhx.mod at 16 degC, an IClamp step, recording the conductances BREAKPOINT "
         "computes and folds into the currents (RANGE gna, gk: record hhx.gna, NEURON's "
         "seg._ref_gna_hhx) beside v",
         {"HHX": HHX}, [("neuron", "HHX")],
         [iclamp("step", ["neuron"], 10.0, 120.0, 0.1)],
         [("soma", "neuron", "soma", 0.5), ("gna", "neuron", "soma", 0.5, ("hhx", "gna", "mech")),
          ("gk", "neuron", "soma", 0.5, ("hhx", "gk", "mech"))],
         tstop=60.0, dt=0.025, celsius=16.0, imports=["hhx.mod"]),

    case("nmodl_bool_number",
         "mod/boolnum.mod: comparisons used as numbers, as nocmodl's C computes them (1 or "
         "0): (v > th)*g, a difference of two conditions as a FUNCTION's argument, a "
         "condition assigned to a RANGE variable; on an HH soma (as HHX) driven by an IClamp "
         "step, v and `on` recorded",
         {"BOOL": dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0,
                                         hhx=dict(gnabar=0.1, gkbar=0.03, gl=0.0002, el=-65.0),
                                         boolnum=dict(g=0.002, th=-62.0, hi=-40.0)))],
                       attach=[])},
         [("neuron", "BOOL")],
         [iclamp("step", ["neuron"], 10.0, 80.0, 0.12)],
         [("soma", "neuron", "soma", 0.5), ("on", "neuron", "soma", 0.5, ("boolnum", "on", "mech"))],
         tstop=100.0, dt=0.025, celsius=16.0, imports=["boolnum.mod", "hhx.mod"]),

    case("nmodl_unit_factors",
         "mod/ufac.mod: a leak whose reversal is computed from the unit factors (e) "
         "(coulomb), (k) (joule/degC), (k-mole) (millijoule/degC), (faraday) "
         "(millicoulomb), (mole k) (mV-coulomb/degC) and (faraday) (10000 coulomb), each the "
         "number nocmodl's units database gives; on an HH soma (as "
         "HHX) at 22 degC, IClamp step",
         {"UFAC": dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0,
                                         hhx=dict(gnabar=0.1, gkbar=0.03, gl=0.0002, el=-65.0),
                                         ufac=dict(g=0.0005, n=-2.5)))],
                       attach=[])},
         [("neuron", "UFAC")],
         [iclamp("step", ["neuron"], 10.0, 60.0, 0.1)],
         [("soma", "neuron", "soma", 0.5)],
         tstop=80.0, dt=0.025, celsius=22.0, imports=["hhx.mod", "ufac.mod"]),

    case("nmodl_at_time",
         "mod/atpulse.mod: a current pulse whose BREAKPOINT calls at_time(del) and "
         "at_time(del + dur) as statements (CVODE's edges; nothing in a fixed step) and once "
         "as a value (1 in the step whose (t - dt, t] holds its time: a kick, hit recorded); "
         "on an HH soma (as HHX)",
         {"ATP": dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0,
                                        hhx=dict(gnabar=0.1, gkbar=0.03, gl=0.0002, el=-65.0),
                                        atpulse=dict(amp=0.004)))],
                      attach=[])},
         [("neuron", "ATP")],
         [],
         [("soma", "neuron", "soma", 0.5), ("hit", "neuron", "soma", 0.5, ("atpulse", "hit", "mech"))],
         tstop=80.0, dt=0.025, celsius=6.3, imports=["atpulse.mod", "hhx.mod"]),

    case("nmodl_file_local_array",
         "mod/epspl.mod: an EPSP-shaped current (Hay et al.'s epsp.mod style) computed in a "
         "FUNCTION that keeps its terms in a file-wide LOCAL array, set on one path of an if "
         "and read only there after it; two of them (onsets 20 and 45 ms, one strong enough "
         "to fire) on an HH soma (as HHX), the current recorded",
         {"EPL": dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0,
                                        hhx=dict(gnabar=0.1, gkbar=0.03, gl=0.0002, el=-65.0)))],
                      attach=[])},
         [("neuron", "EPL")],
         [dict(kind="IClamp", name="e1", target=["neuron"], loc=("soma", 0.5), mech="Epspl",
               params={"onset": 20.0, "tau0": 0.5, "tau1": 5.0, "imax": 0.6}),
          dict(kind="IClamp", name="e2", target=["neuron"], loc=("soma", 0.5), mech="Epspl",
               params={"onset": 45.0, "tau0": 1.0, "tau1": 8.0, "imax": 0.25})],
         [("soma", "neuron", "soma", 0.5), ("i1", "neuron", "soma", 0.5, ("e1", "i", "stimulus"))],
         tstop=80.0, dt=0.025, celsius=6.3, imports=["epspl.mod", "hhx.mod"]),

    case("nmodl_breakpoint_state",
         "mod/kgstate.mod: a conductance declared as a STATE that only BREAKPOINT assigns "
         "(g = gbar*n^4: no equation integrates it, an ASSIGNED's value); a slow K current on "
         "an HH soma (as HHX), IClamp step, g recorded",
         {"KGS": dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0,
                                        hhx=dict(gnabar=0.1, gkbar=0.03, gl=0.0002, el=-65.0),
                                        kgstate=dict(gbar=0.002)))],
                      attach=[])},
         [("neuron", "KGS")],
         [iclamp("step", ["neuron"], 10.0, 60.0, 0.15)],
         [("soma", "neuron", "soma", 0.5), ("g", "neuron", "soma", 0.5, ("kgstate", "g", "mech"))],
         tstop=80.0, dt=0.025, celsius=6.3, imports=["hhx.mod", "kgstate.mod"]),

    case("nmodl_cnexp_chain",
         "mod/cnseq.mod: cnexp equations that read states updated above them (b' reads "
         "this step's a, c' this step's b), as nocmodl updates each in place, in order; an "
         "adaptation current on an HH soma (as HHX), IClamp step, c recorded",
         {"CNSEQ": dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0,
                                          hhx=dict(gnabar=0.1, gkbar=0.03, gl=0.0002, el=-65.0),
                                          cnseq=dict(g=0.004, tau=3.0, e=-85.0)))],
                        attach=[])},
         [("neuron", "CNSEQ")],
         [iclamp("step", ["neuron"], 10.0, 60.0, 0.15)],
         [("soma", "neuron", "soma", 0.5), ("c", "neuron", "soma", 0.5, ("cnseq", "c", "mech"))],
         tstop=80.0, dt=0.025, celsius=6.3, imports=["cnseq.mod", "hhx.mod"]),

    case("nmodl_temp_cache",
         "mod/kcache.mod: ModelDB's temperature cache, `if (s_celsius != celsius) { tadj = "
         "...; tau0 = ...; s_celsius = celsius }` in rates(), GLOBALs all: NEURON computes "
         "them once, at the first instance's INITIAL, circ in each instance's copy, the "
         "same values; an HH soma and a 3-segment dendrite with kcache (4 instances), "
         "at 16 degC, step then pulse, n recorded",
         {"KCACHE": dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0,
                                           hhx=dict(gnabar=0.12, gkbar=0.036, gl=0.0003, el=-65.0),
                                           kcache=dict(gbar=0.001))),
                               ("dend", sec(200.0, 2.0, Ra=100.0, nseg=3,
                                            pas=dict(g=0.0001, e=-65.0),
                                            kcache=dict(gbar=0.0005)))],
                         attach=[("dend", "soma", 1.0)])},
         [("neuron", "KCACHE")],
         [iclamp("step", ["neuron"], 10.0, 60.0, 0.3), iclamp("p", ["neuron"], 90.0, 2.0, 0.8)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
          ("n", "neuron", "soma", 0.5, ("kcache", "n", "mech")),
          ("n_d", "neuron", "dend", 0.9, ("kcache", "n", "mech"))],
         tstop=120.0, dt=0.025, celsius=16.0, imports=["hhx.mod", "kcache.mod"]),

    case("nmodl_cnexp_mixed",
         "mod/cnmix.mod: a cnexp DERIVATIVE block with statements after and between its "
         "equations and equations inside an if/else, run in nocmodl's order (each update "
         "in its place: htau reads this step's m, z's branch by v, a last statement after "
         "all); an A-type K current on an HH soma (HHX), step, m, h, z recorded",
         {"CNMIX": dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0,
                                          hhx=dict(gnabar=0.1, gkbar=0.03, gl=0.0002, el=-65.0),
                                          cnmix=dict(gbar=0.01)))],
                        attach=[])},
         [("neuron", "CNMIX")],
         [iclamp("step", ["neuron"], 10.0, 60.0, 0.15)],
         [("soma", "neuron", "soma", 0.5), ("m", "neuron", "soma", 0.5, ("cnmix", "m", "mech")),
          ("h", "neuron", "soma", 0.5, ("cnmix", "h", "mech")),
          ("z", "neuron", "soma", 0.5, ("cnmix", "z", "mech")),
          ("htau", "neuron", "soma", 0.5, ("cnmix", "htau", "mech"))],
         tstop=100.0, dt=0.025, celsius=6.3, imports=["cnmix.mod", "hhx.mod"]),

    case("nmodl_local_arrays",
         "mod/klocarr.mod: LOCAL arrays inside blocks (rates()'s alphas and betas, "
         "BREAKPOINT's conductances) and a FROM loop over them, unrolled into the blocks' "
         "LOCALs; a slow K current beside HHX on a soma, step, n and h recorded",
         {"KLOC": dict(secs=[("soma", sec(20.0, 20.0, Ra=100.0,
                                         hhx=dict(gnabar=0.1, gkbar=0.02, gl=0.0002, el=-65.0),
                                         klocarr=dict(gbar=0.01)))],
                       attach=[])},
         [("neuron", "KLOC")],
         [iclamp("step", ["neuron"], 10.0, 80.0, 0.2)],
         [("soma", "neuron", "soma", 0.5), ("n", "neuron", "soma", 0.5, ("klocarr", "n", "mech")),
          ("h", "neuron", "soma", 0.5, ("klocarr", "h", "mech"))],
         tstop=120.0, dt=0.025, celsius=6.3, imports=["hhx.mod", "klocarr.mod"]),

    case("nmodl_table_param",
         "mod/nafshift.mod (Traub's naf: a TABLE without DEPEND whose PROCEDURE reads the "
         "RANGE PARAMETER fastNa_shift) and mod/kdrshift.mod (THREADSAFE, TABLE DEPEND "
         "celsius, q10 reading the RANGE PARAMETERs q10 and vshift) at their defaults in "
         "two cell types at 16.3 degC: every instance has the same values, so NEURON's "
         "table (built from the first instance) is each instance's",
         {"TA": TABSHIFT_A, "TB": TABSHIFT_B}, [("a", "TA"), ("b", "TB")],
         [iclamp("step_a", ["a"], 5.0, 60.0, 0.25), iclamp("step_b", ["b"], 20.0, 50.0, 0.3)],
         [("a_soma", "a", "soma", 0.5), ("b_soma", "b", "soma", 0.5),
          ("b_dend", "b", "dend", 0.5)],
         tstop=90.0, dt=0.025, celsius=16.3, imports=["kdrshift.mod", "nafshift.mod"]),

    case("nmodl_table_param_set",
         "nmodl_table_param with the tables' RANGE PARAMETERs set to the same values in "
         "every section (fastNa_shift -2 mV, q10 2.3, vshift 4 mV): the tables are built "
         "with those values",
         {"TA": tabshift_set(TABSHIFT_A), "TB": tabshift_set(TABSHIFT_B)},
         [("a", "TA"), ("b", "TB")],
         [iclamp("step_a", ["a"], 5.0, 60.0, 0.25), iclamp("step_b", ["b"], 20.0, 50.0, 0.3)],
         [("a_soma", "a", "soma", 0.5), ("b_soma", "b", "soma", 0.5),
          ("b_dend", "b", "dend", 0.5)],
         tstop=90.0, dt=0.025, celsius=16.3, imports=["kdrshift.mod", "nafshift.mod"]),

    case("nmodl_hhx_notab",
         "mod/hhx.mod with its table off (usetable_hhx = 0), its GLOBAL vshift set "
         "to +3 mV, at 22 degC, dt 0.05; a step and a pulse",
         {"HHX": HHX}, [("neuron", "HHX")],
         [iclamp("p1", ["neuron"], 10.0, 15.0, 0.06), iclamp("p2", ["neuron"], 80.0, 2.0, 0.6)],
         [("soma", "neuron", "soma", 0.5)],
         tstop=120.0, dt=0.05, celsius=22.0, imports=["hhx.mod"],
         globals_={("hhx", "usetable"): 0.0, ("hhx", "vshift"): 3.0}),

    case("nmodl_ih_dend",
         "mod/ihx.mod (Ih: NONSPECIFIC_CURRENT, CONSTANT, if in a PROCEDURE, "
         "FUNCTIONs) on an hh soma and a 5-segment passive dendrite, beside mod/hhx.mod "
         "on the dendrite (three mechanisms summed on one node); hyperpolarizing "
         "steps show the sag and the rebound; at 34 degC",
         {"IHCELL": IHCELL}, [("neuron", "IHCELL")],
         [iclamp("hyper", ["neuron"], 20.0, 100.0, -0.25),
          iclamp("depol", ["neuron"], 160.0, 30.0, 0.15)],
         [("soma", "neuron", "soma", 0.5), ("dend_tip", "neuron", "dend", 0.9)],
         tstop=220.0, dt=0.025, celsius=34.0, imports=["ihx.mod", "hhx.mod"],
         globals_={("ihx", "vhalf"): -78.0}),

    case("nmodl_shadowx",
         "mod/shadowx.mod (arguments and LOCALs named like the mechanism's PARAMETER a, "
         "ASSIGNED tau and the ion's cai shadow them, as nocmodl allows; an argument "
         "assigned in its PROCEDURE) beside hh on one soma at 22 degC, its GLOBAL kd "
         "set to 2e-4 mM; a step that makes the cell fire",
         {"SHADOW": SHADOW}, [("neuron", "SHADOW")],
         [iclamp("step", ["neuron"], 20.0, 100.0, 0.2)],
         [("soma", "neuron", "soma", 0.5),
          ("m", "neuron", "soma", 0.5, ("shadowx", "m", "mech")),
          ("tau", "neuron", "soma", 0.5, ("shadowx", "tau", "mech"))],
         tstop=150.0, dt=0.025, celsius=22.0, imports=["shadowx.mod"],
         globals_={("shadowx", "kd"): 2e-4}),

    case("nmodl_vshift",
         "mod/nashift.mod (a Hay-style Na channel whose rates PROCEDURE shifts v by "
         "+10 mV and back, with Hay's 0/0 guards) and mod/kshift.mod (a K channel whose "
         "procedures shift v by its GLOBAL vshift, 6 mV, without restoring it: INITIAL, "
         "DERIVATIVE and BREAKPOINT read the shifted copy) beside hh on the soma and alone "
         "on a 3-segment passive dendrite at 22 degC; a strong step: a spike, then "
         "spikelets that settle",
         {"SHIFTV": SHIFTV}, [("neuron", "SHIFTV")],
         [iclamp("step", ["neuron"], 20.0, 100.0, 1.0)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
          ("m", "neuron", "soma", 0.5, ("nashift", "m", "mech")),
          ("u", "neuron", "dend", 0.5, ("kshift", "u", "mech"))],
         tstop=150.0, dt=0.025, celsius=22.0, imports=["kshift.mod", "nashift.mod"],
         globals_={("kshift", "vshift"): 6.0}),

    case("nmodl_tabbound",
         "mod/tabbound.mod (a PROCEDURE's TABLE FROM vmin TO vmax, GLOBAL PARAMETERs, and "
         "a FUNCTION's TABLE FROM -vmax/2 TO vmax + span) beside hh's sodium on one soma "
         "at 16 degC, the bounds set to -72 .. 45 mV (span 4): a hyperpolarizing step "
         "below the table's start, then a depolarizing one that fires",
         {"TABBOUND": TABBOUND}, [("neuron", "TABBOUND")],
         [iclamp("hyper", ["neuron"], 10.0, 40.0, -0.1),
          iclamp("depol", ["neuron"], 70.0, 60.0, 0.3)],
         [("soma", "neuron", "soma", 0.5),
          ("n", "neuron", "soma", 0.5, ("tabbound", "n", "mech"))],
         tstop=150.0, dt=0.025, celsius=16.0, imports=["tabbound.mod"],
         globals_={("tabbound", "vmin"): -72.0, ("tabbound", "vmax"): 45.0,
                   ("tabbound", "span"): 4.0}),

    case("nmodl_napx",
         "mod/napx.mod (gates in alpha*(1-m) - beta*m form, rates with FARADAY and R "
         "from UNITS) beside hh on one soma at 22 degC, its GLOBAL vhm set to -50 mV; "
         "a weak step where the persistent current makes the cell fire",
         {"NAP": NAP}, [("neuron", "NAP")],
         [iclamp("step", ["neuron"], 20.0, 100.0, 0.15)],
         [("soma", "neuron", "soma", 0.5), ("m", "neuron", "soma", 0.5, ("napx", "m", "mech"))],
         tstop=150.0, dt=0.025, celsius=22.0, imports=["napx.mod"],
         globals_={("napx", "vhm"): -50.0}),

    case("nmodl_nmda",
         "mod/nmdax.mod (an NMDA synapse whose magnesium block is a FUNCTION with a "
         "TABLE depending on the GLOBAL mg, set to 1.5 mM) from a driven cell and a "
         "regular NetStim onto a second cell, whose depolarization relieves the block",
         {"HH1": HH1}, [("pre", "HH1"), ("post", "HH1")],
         [iclamp("drive", ["pre"], 5.0, 150.0, 0.15),
          connect(["pre"], ["post"], "nmda", 0.004, 2.0),
          netstim("bkg", ["post"], "nmda", 0.006, 1.0, 25.0, 1e9, 10.0, 0.0)],
         [("pre_soma", "pre", "soma", 0.5), ("post_soma", "post", "soma", 0.5)],
         tstop=200.0, dt=0.025, imports=["nmdax.mod"],
         synapses={"nmda": ("NMDAx", dict(tau1=2.0, tau2=60.0, e=0.0))},
         globals_={("NMDAx", "mg"): 1.5}),

    case("nmodl_nmda_g",
         "mod/nmdax.mod's conductance g = (B - A)*mgblock(v), which BREAKPOINT computes "
         "through a pure FUNCTION with a TABLE (record nmda.g: NEURON's syn._ref_g), "
         "beside v: a regular NetStim onto one cell, an IClamp step that depolarizes it "
         "midway and relieves the magnesium block (GLOBAL mg 1.5 mM)",
         {"HH1": HH1}, [("post", "HH1")],
         [netstim("bkg", ["post"], "nmda", 0.008, 1.0, 15.0, 1e9, 5.0, 0.0),
          iclamp("depol", ["post"], 60.0, 60.0, 0.08)],
         [("post_soma", "post", "soma", 0.5),
          ("g", "post", "soma", 0.5, ("nmda", "g", "synapse"))],
         tstop=150.0, dt=0.025, imports=["nmdax.mod"],
         synapses={"nmda": ("NMDAx", dict(tau1=2.0, tau2=60.0, e=0.0))},
         globals_={("NMDAx", "mg"): 1.5}),

    case("nmodl_pulsesyn",
         "mod/pulsesyn.mod (a POINT_PROCESS whose NET_RECEIVE opens a transmitter pulse "
         "and ends it with net_send(Cdur, 1), told apart by flag) from a regular "
         "NetStim and from a driven cell onto a second cell",
         {"HH1": HH1}, [("pre", "HH1"), ("post", "HH1")],
         [iclamp("drive", ["pre"], 5.0, 150.0, 0.2),
          connect(["pre"], ["post"], "pulse", 0.01, 2.0),
          netstim("bkg", ["post"], "pulse", 0.006, 1.0, 12.0, 1e9, 3.0, 0.0)],
         [("pre_soma", "pre", "soma", 0.5), ("post_soma", "post", "soma", 0.5)],
         tstop=160.0, dt=0.025, imports=["pulsesyn.mod"],
         synapses={"pulse": ("PulseSyn", dict(tau=2.0, e=0.0, Cdur=1.5))}),

    case("nmodl_onsyn",
         "mod/onsyn.mod (a pulse synapse whose conditions are plain numbers, as C "
         "reads them: if (flag), if (!on) with on a NET_RECEIVE argument, if (nopen)) "
         "from a regular NetStim and from a driven cell onto a second cell",
         {"HH1": HH1}, [("pre", "HH1"), ("post", "HH1")],
         [iclamp("drive", ["pre"], 5.0, 150.0, 0.2),
          connect(["pre"], ["post"], "onsyn", 0.01, 2.0),
          netstim("bkg", ["post"], "onsyn", 0.006, 1.0, 12.0, 1e9, 3.0, 0.0)],
         [("pre_soma", "pre", "soma", 0.5), ("post_soma", "post", "soma", 0.5)],
         tstop=160.0, dt=0.025, imports=["onsyn.mod"],
         synapses={"onsyn": ("OnSyn", dict(tau=3.0, e=0.0, Cdur=1.0))}),

    case("nmodl_onclamp",
         "mod/onclamp.mod (a clamp through a series resistance, i = (vc - v) / rs, switched "
         "by a flag that is a plain number: if (on), as C reads it) holding an HH soma at "
         "-20 mV from 5 to 25 ms and at -80 mV from 40 to 50 ms; the clamp's i recorded",
         {"HH1": HH1}, [("neuron", "HH1")],
         [dict(kind="IClamp", name="hold", target=["neuron"], loc=("soma", 0.5),
               mech="OnClamp", params={"del": 5.0, "dur": 20.0, "vc": -20.0, "rs": 10.0}),
          dict(kind="IClamp", name="dip", target=["neuron"], loc=("soma", 0.5),
               mech="OnClamp", params={"del": 40.0, "dur": 10.0, "vc": -80.0, "rs": 5.0})],
         [("soma", "neuron", "soma", 0.5), ("hold_i", "neuron", "soma", 0.5, ("hold", "i", "stimulus")),
          ("dip_i", "neuron", "soma", 0.5, ("dip", "i", "stimulus"))],
         tstop=60.0, dt=0.025, imports=["onclamp.mod"]),

    case("nmodl_ahpwatch",
         "mod/ahpwatch.mod (a POINT_PROCESS whose NET_RECEIVE arms WATCH (v > vth) 2 and "
         "WATCH (v < vreset) 3 in turn, each upward crossing adding an adaptation "
         "conductance) on an HH soma driven by an IClamp ramp of steps",
         {"HH1": HH1}, [("neuron", "HH1")],
         [iclamp("drive", ["neuron"], 10.0, 100.0, 0.25),
          iclamp("more", ["neuron"], 60.0, 40.0, 0.2),
          dict(kind="IClamp", name="ahp", target=["neuron"], loc=("soma", 0.5),
               mech="AHPWatch", params={"vth": -20.0, "vreset": -50.0, "gstep": 0.0015,
                                        "tau": 40.0, "ek": -90.0})],
         [("soma", "neuron", "soma", 0.5)],
         tstop=130.0, dt=0.025, imports=["ahpwatch.mod"]),

    case("nmodl_tiewatch",
         "mod/tiewatch.mod (a POINT_PROCESS arming two watches on the same crossing, flags 1 "
         "and 2; flag 1 sends a zero-delay self event of flag 3 (g + gstep), flag 2 doubles "
         "g): NEURON delivers 1, 2, then 3, what the watch event sent after the other "
         "watch's event, and the spikes depend on it; HH soma, IClamp",
         {"HH1": HH1}, [("neuron", "HH1")],
         [iclamp("drive", ["neuron"], 10.0, 100.0, 0.25),
          dict(kind="IClamp", name="tw", target=["neuron"], loc=("soma", 0.5),
               mech="TieWatch", params={"vth": -20.0, "gstep": 0.0015,
                                        "tau": 40.0, "ek": -90.0})],
         [("soma", "neuron", "soma", 0.5)],
         tstop=120.0, dt=0.025, imports=["tiewatch.mod"]),

    case("nmodl_statewatch",
         "mod/statewatch.mod (a synapse whose WATCH (x > xth) 2 watches its own state, the "
         "trace its events add to, and WATCH (g < glow) 3 its conductance) from a noisy "
         "NetStim and a driven cell onto a second cell",
         {"HH1": HH1}, [("pre", "HH1"), ("post", "HH1")],
         [iclamp("drive", ["pre"], 5.0, 150.0, 0.2),
          connect(["pre"], ["post"], "sw", 0.006, 2.0),
          netstim("bkg", ["post"], "sw", 0.004, 1.0, 4.0, 1e9, 3.0, 0.7)],
         [("pre_soma", "pre", "soma", 0.5), ("post_soma", "post", "soma", 0.5)],
         tstop=160.0, dt=0.025, seed=3, imports=["statewatch.mod"],
         synapses={"sw": ("StateWatch", dict(taux=10.0, xth=0.01, gmax=0.004, glow=0.001,
                                             tau=3.0, e=0.0))}),

    case("nmodl_tmcount",
         "mod/tmcount.mod (NET_RECEIVE(weight, y, z, u, tsyn, n) with INITIAL: a "
         "Tsodyks-Markram synapse whose per-connection state is set once per NetCon, an "
         "event counter n, and a net_send self event that reads and writes the arguments "
         "of the connection that sent it) from a noisy NetStim and a driven cell onto a "
         "second cell",
         {"HH1": HH1}, [("pre", "HH1"), ("post", "HH1")],
         [iclamp("drive", ["pre"], 5.0, 150.0, 0.2),
          connect(["pre"], ["post"], "tm", 0.02, 2.0),
          netstim("bkg", ["post"], "tm", 0.01, 1.0, 4.0, 1e9, 3.0, 0.7)],
         [("pre_soma", "pre", "soma", 0.5), ("post_soma", "post", "soma", 0.5)],
         tstop=160.0, dt=0.025, seed=5, imports=["tmcount.mod"],
         synapses={"tm": ("TMCount", dict(e=0.0, tau=3.0, tau_rec=100.0, tau_facil=50.0,
                                          U=0.3, tdel=2.0, boost=0.2))}),

    case("nmodl_rearmwatch",
         "mod/rearmwatch.mod (two watches armed together, WATCH (x > th1) 2, (x > th2) 3: "
         "a large event crosses both in one step, and flag 2's NET_RECEIVE re-arms, which "
         "removes the queued flag 3 event; slow rises deliver flag 3 later) from a noisy "
         "NetStim of small events and a regular one of large events onto one cell",
         {"HH1": HH1}, [("neuron", "HH1")],
         [netstim("small", ["neuron"], "rw", 0.004, 1.0, 3.0, 1e9, 2.0, 0.8),
          netstim("large", ["neuron"], "rw", 0.025, 1.0, 41.0, 1e9, 20.0, 0.0)],
         [("soma", "neuron", "soma", 0.5)],
         tstop=300.0, dt=0.025, seed=4, imports=["rearmwatch.mod"],
         synapses={"rw": ("RearmWatch", dict(taux=20.0, th1=0.01, th2=0.02, tlow=0.005,
                                             ga=0.002, gb=0.006, tau=4.0, e=0.0))}),

    case("nmodl_timewatch",
         "mod/timewatch.mod (WATCH (t > tw) 2 armed at t = tarm = 5 ms): on cell a tw is "
         "one ulp after tarm, so the value at arming is within -hoc_epsilon and counts as "
         "above, and the next check (t = 5 + 4e-15, NEURON's sum of half steps) finds it "
         "still above: it never fires; on cell b tw is 5e-12 ms after tarm: the next check "
         "finds it below, the one after fires; on cell c armed long before tw",
         {"HH1": HH1}, [("a", "HH1"), ("b", "HH1"), ("c", "HH1")],
         [dict(kind="IClamp", name="wa", target=["a"], loc=("soma", 0.5), mech="TimeWatch",
               params={"tarm": 5.0, "tw": 5.000000000000001, "gstep": 0.01}),
          dict(kind="IClamp", name="wb", target=["b"], loc=("soma", 0.5), mech="TimeWatch",
               params={"tarm": 5.0, "tw": 5.000000000005, "gstep": 0.01}),
          dict(kind="IClamp", name="wc", target=["c"], loc=("soma", 0.5), mech="TimeWatch",
               params={"tarm": 2.0, "tw": 7.3, "gstep": 0.01})],
         [("a_soma", "a", "soma", 0.5), ("b_soma", "b", "soma", 0.5),
          ("c_soma", "c", "soma", 0.5)],
         tstop=40.0, dt=0.025, imports=["timewatch.mod"]),

    case("nmodl_vdepsyn",
         "mod/vdepsyn.mod (a POINT_PROCESS whose NET_RECEIVE reads v, the voltage of its "
         "node when the event arrives: each event adds weight times a sigmoid of v) from "
         "a driven cell and a noisy NetStim onto a second cell that a slow current ramp "
         "and pulses depolarize, so events arrive at many voltages",
         {"HH1": HH1}, [("pre", "HH1"), ("post", "HH1")],
         [iclamp("drive", ["pre"], 5.0, 150.0, 0.2),
          iclamp("bias", ["post"], 20.0, 60.0, 0.05),
          iclamp("kick", ["post"], 100.0, 3.0, 0.4),
          connect(["pre"], ["post"], "vdep", 0.01, 2.0),
          netstim("bkg", ["post"], "vdep", 0.008, 1.0, 4.0, 1e9, 3.0, 0.6)],
         [("pre_soma", "pre", "soma", 0.5), ("post_soma", "post", "soma", 0.5)],
         tstop=160.0, dt=0.025, seed=5, imports=["vdepsyn.mod"],
         synapses={"vdep": ("VDepSyn", dict(tau=3.0, e=0.0, vhalf=-60.0, slope=4.0))}),

    case("nmodl_lifref_net",
         "mod/lifref.mod (an ARTIFICIAL_CELL whose last-update time and refractory flag are "
         "ASSIGNED variables neither RANGE nor GLOBAL, read at each event before they are "
         "set: one per instance in NEURON) in two populations driven at different rates, "
         "both onto an HH cell; m recorded",
         {"L0": art("LifRef"), "L1": art("LifRef", tau=20.0, refrac=5.0), "HH1": HH1},
         [("fast", "L0"), ("slow", "L1"), ("soma_cell", "HH1")],
         [netstim("drive_fast", ["fast"], None, 0.45, 1.0, 3.0, 1e9, 1.0, 0.0),
          netstim("drive_slow", ["slow"], None, 0.7, 1.0, 7.0, 1e9, 2.0, 0.4),
          connect(["fast", "slow"], ["soma_cell"], "exc", 0.004, 1.0)],
         [("soma_cell", "soma_cell", "soma", 0.5),
          ("m_fast", "fast", None, None, ("LifRef", "m", "art")),
          ("m_slow", "slow", None, None, ("LifRef", "m", "art"))],
         tstop=120.0, dt=0.025, imports=["lifref.mod"], synapses={"exc": EXC}),

    case("nmodl_biasif_net",
         "mod/biasif.mod (an ARTIFICIAL_CELL whose firing time is searched by a WHILE "
         "loop and moved by every input with net_move(t) or net_move(d + t)): three "
         "populations of it (tonic, tonic and slow, silent without input) driven by a "
         "regular excitatory NetStim and a noisy inhibitory one, b0 onto b2, all onto an "
         "HH cell through ExpSyns; m and the count of moves recorded",
         {"B0": art("BiasIF"), "B1": art("BiasIF", tau=25.0, ib=2.5),
          "B2": art("BiasIF", tau=5.0, ib=0.8), "HH1": HH1},
         [("b0", "B0"), ("b1", "B1"), ("b2", "B2"), ("soma_cell", "HH1")],
         [netstim("drive", ["b0", "b2"], None, 0.3, 1.0, 4.0, 1e9, 1.0, 0.0),
          netstim("inhib", ["b0", "b1"], None, -0.35, 0.5, 6.0, 1e9, 2.0, 0.7),
          connect(["b0"], ["b2"], None, 0.4, 1.5),
          connect(["b0", "b1", "b2"], ["soma_cell"], "exc", 0.004, 1.0)],
         [("soma_cell", "soma_cell", "soma", 0.5),
          ("m_b0", "b0", None, None, ("BiasIF", "m", "art")),
          ("m_b2", "b2", None, None, ("BiasIF", "m", "art")),
          ("nmove_b1", "b1", None, None, ("BiasIF", "nmove", "art"))],
         tstop=150.0, dt=0.025, seed=11, imports=["biasif.mod"],
         synapses={"exc": ("ExpSyn", dict(tau=2.0, e=0.0))}),

    case("nmodl_argself_net",
         "mod/argself.mod (an ARTIFICIAL_CELL whose NET_RECEIVE(w, cnt, last, acc) keeps "
         "each input's own state: INITIAL numbers the cell's NetCons in NEURON's order, "
         "each event counts itself and sends an echo that arrives with the vector of the "
         "connection that sent it): two cells driven by two NetStims and one by the other, "
         "both onto an HH cell through ExpSyns (connections made before stimuli, as "
         "NetPyNE makes them and circ numbers them); m recorded",
         {"A0": art("ArgSelf"), "A1": art("ArgSelf", tau=15.0, dly=2.0), "HH1": HH1},
         [("c0", "A0"), ("c1", "A1"), ("soma_cell", "HH1")],
         [connect(["c0"], ["c1"], None, 4.0, 1.5),
          connect(["c0", "c1"], ["soma_cell"], "exc", 0.004, 1.0),
          netstim("s1", ["c0", "c1"], None, 2.0, 1.0, 5.0, 1e9, 1.0, 0.5),
          netstim("s2", ["c0"], None, 3.0, 0.5, 7.0, 1e9, 2.0, 0.3)],
         [("soma_cell", "soma_cell", "soma", 0.5),
          ("m_c0", "c0", None, None, ("ArgSelf", "m", "art")),
          ("m_c1", "c1", None, None, ("ArgSelf", "m", "art"))],
         tstop=150.0, dt=0.025, seed=12, imports=["argself.mod"],
         synapses={"exc": ("ExpSyn", dict(tau=2.0, e=0.0))}),

    case("nmodl_stdp_net",
         "mod/stdpfnc.mod (an STDP synapse as NEURON's FOR_NETCONS documentation writes "
         "it: each connection's A and last spike time in its weight vector, potentiated "
         "through FOR_NETCONS when WATCH sees the postsynaptic spike, then the connections' "
         "total scaled down when it exceeds amax, a sum whose rounding depends on the order "
         "NEURON goes through them): one shared instance on cell d receiving cells a, b, c "
         "and a noisy NetStim, with NetCons made post by post; spike detectors made first, "
         "as NetPyNE does",
         {"HH1": HH1}, [("a", "HH1"), ("b", "HH1"), ("c", "HH1"), ("d", "HH1")],
         [iclamp("drive_a", ["a"], 5.0, 300.0, 0.3),
          iclamp("drive_b", ["b"], 9.0, 300.0, 0.22),
          iclamp("drive_c", ["c"], 2.0, 300.0, 0.4),
          iclamp("drive_d", ["d"], 30.0, 250.0, 0.12),
          connect(["c"], ["d"], "stdp", 0.003, 1.5),
          connect(["a", "b"], ["d"], "stdp", 0.0025, 2.0),
          netstim("bkg", ["d"], "stdp", 0.002, 1.0, 6.0, 1e9, 1.0, 0.8)],
         [("d_soma", "d", "soma", 0.5), ("a_soma", "a", "soma", 0.5)],
         tstop=300.0, dt=0.025, seed=7, imports=["stdpfnc.mod"], detectors_first=True,
         synapses={"stdp": ("StdpFnc", dict(tau=3.0, e=0.0, amax=0.004), "shared")}),

    case("nmodl_istep",
         "mod/istep.mod (an ELECTRODE_CURRENT point process with if/else and "
         "at_time() in BREAKPOINT, like NEURON's stim.mod): two overlapping steps of it "
         "and NEURON's IClamp on the same soma node",
         {"HH1": HH1}, [("neuron", "HH1")],
         [iclamp("s1", ["neuron"], 10.0, 60.0, 0.12, mech="IStep"),
          iclamp("base", ["neuron"], 40.0, 60.0, 0.05),
          iclamp("s2", ["neuron"], 50.0, 5.0, -0.3, mech="IStep")],
         [("soma", "neuron", "soma", 0.5)],
         tstop=120.0, dt=0.025, imports=["istep.mod"]),

    case("nmodl_mathsyn_net",
         "mod/mathsyn.mod (NET_RECEIVE adding the weight with state_discontinuity; "
         "sinh, cosh, tan, asin, acos, atan, atan2, ceil and fmod in its INITIAL, "
         "BREAKPOINT and NET_RECEIVE) as the synapse of a noisy NetStim onto cell 0 and "
         "of the NetCon cell 0 -> cell 1",
         {"HH1": HH1}, [("pre", "HH1"), ("post", "HH1")],
         [netstim("bkg", ["pre"], "msyn", 0.012, 1.0, 8.0, 1e9, 2.0, 0.6),
          connect(["pre"], ["post"], "msyn", 0.02, 2.0)],
         [("pre_soma", "pre", "soma", 0.5), ("post_soma", "post", "soma", 0.5)],
         tstop=200.0, dt=0.025, imports=["mathsyn.mod"],
         synapses={"msyn": ("MathSyn", dict(tau1=0.4, tau2=3.0, e=0.0, period=6.1))}),

    case("nmodl_exp2s_net",
         "mod/exp2s.mod (an Exp2Syn-like POINT_PROCESS with NET_RECEIVE and a "
         "conductance scale) as the synapse of a noisy NetStim onto cell 0 and of "
         "the NetCon cell 0 -> cell 1; NEURON's Exp2Syn beside it on cell 1",
         {"HH1": HH1}, [("pre", "HH1"), ("post", "HH1")],
         [netstim("bkg", ["pre"], "mexc", 0.012, 1.0, 8.0, 1e9, 2.0, 0.6),
          connect(["pre"], ["post"], "mexc", 0.02, 2.0),
          netstim("side", ["post"], "exc", 0.004, 1.0, 17.0, 1e9, 3.0, 0.0)],
         [("pre_soma", "pre", "soma", 0.5), ("post_soma", "post", "soma", 0.5)],
         tstop=200.0, dt=0.025, imports=["exp2s.mod"],
         synapses={"mexc": ("Exp2S", dict(tau1=0.4, tau2=3.0, e=0.0, gscale=1.2)),
                   "exc": EXC}),
]

# --- recording ions and assigned variables ----------------------------------
REC_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, ka=dict(gbar=0.02),
                                 cad=dict(taur=80.0, drive=0.02), cal=dict(gbar=0.003),
                                 kca=dict(gbar=0.0002)), ek=-85.0, ena=55.0)),
          ("dend", with_ions(sec(150.0, 2.0, Ra=100.0, nseg=3, pas=dict(g=0.0001, e=-65.0),
                                 ka=dict(gbar=0.01), cal=dict(gbar=0.002)), ek=-95.0))],
    attach=[("dend", "soma", 1.0)])
CASES.append(case(
    "ions_record",
    "recording ions and assigned variables: the section's ek, ena (set), eca (Nernst "
    "following a calcium pool in the soma; a constant in the dendrite, where cal only "
    "reads it), cai, cao and the ions' currents ik (hh's plus ka's), ica (NEURON's "
    "seg.ek, seg.ik, ...: `record ek`); hh.minf (hh.mod's GLOBAL minf_hh: one hh "
    "instance) and ka's assigned ainf; IClamp 0.3 nA from 10 ms",
    {"REC": REC_CELL}, [("neuron", "REC")],
    [iclamp("step", ["neuron"], 10.0, 60.0, 0.3)],
    [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
     ("ek", "neuron", "soma", 0.5, ("k", "ek", "ion")),
     ("ena", "neuron", "soma", 0.5, ("na", "ena", "ion")),
     ("ik", "neuron", "soma", 0.5, ("k", "ik", "ion")),
     ("ina", "neuron", "soma", 0.5, ("na", "ina", "ion")),
     ("eca", "neuron", "soma", 0.5, ("ca", "eca", "ion")),
     ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion")),
     ("cao", "neuron", "soma", 0.5, ("ca", "cao", "ion")),
     ("ica", "neuron", "soma", 0.5, ("ca", "ica", "ion")),
     ("ek_d", "neuron", "dend", 0.5, ("k", "ek", "ion")),
     ("ik_d", "neuron", "dend", 0.5, ("k", "ik", "ion")),
     ("eca_d", "neuron", "dend", 0.1, ("ca", "eca", "ion")),
     ("ica_d", "neuron", "dend", 0.9, ("ca", "ica", "ion")),
     ("hh_minf", "neuron", "soma", 0.5, ("hh", "minf", "global")),
     ("ka_ainf", "neuron", "dend", 0.5, ("ka", "ainf"))],
    tstop=80.0, dt=0.025, mods=["cad", "cal", "ka", "kca"]))    # NEURON's order

# --- GHK calcium currents ----------------------------------------------------
GHK_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, cad=dict(taur=80.0, drive=0.02),
                       cagk=dict(pbar=1e-4), kca=dict(gbar=0.0002))),
          ("dend", sec(150.0, 2.0, Ra=100.0, nseg=3, pas=dict(g=0.0001, e=-65.0),
                       cad=dict(taur=40.0, drive=0.05), canrn=dict(pbar=5e-5)))],
    attach=[("dend", "soma", 1.0)])
CASES.append(case(
    "ions_ghk",
    "GHK calcium currents at 10 degC: in the soma ModelDB's usual form (cagk.mod: "
    "its own ghk and efun FUNCTIONs with FARADAY and R from the UNITS block) "
    "feeding a calcium pool and a Ca-activated K channel beside hh; in a 3-segment "
    "dendrite a channel whose ghk is NEURON's nrn_ghk (canrn.mod; "
    "circ's built-in ghk) with a pool per segment; IClamp 0.3 nA from 10 ms; v, "
    "cai and ica in soma and dendrite",
    {"GHK": GHK_CELL}, [("neuron", "GHK")],
    [iclamp("step", ["neuron"], 10.0, 80.0, 0.3)],
    [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
     ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion")),
     ("ica", "neuron", "soma", 0.5, ("ca", "ica", "ion")),
     ("cai_d", "neuron", "dend", 0.5, ("ca", "cai", "ion")),
     ("ica_d1", "neuron", "dend", 0.1, ("ca", "ica", "ion")),
     ("ica_d3", "neuron", "dend", 0.9, ("ca", "ica", "ion")),
     ("kca_o", "neuron", "soma", 0.5, ("kca", "o"))],
    tstop=100.0, dt=0.025, celsius=10.0, mods=["cad", "cagk", "canrn", "kca"]))

# --- ion styles chosen by the user (NEURON's ion_style) ----------------------
STYLE_CELL = dict(
    secs=[("soma", dict(with_ions(sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT,
                                      cad=dict(taur=80.0, drive=0.02), cal=dict(gbar=0.003),
                                      kca=dict(gbar=0.0002)), eca=120.0),
                        ion_style=dict(ca=(3, 1, 0, 0, 1)))),
          ("dend", dict(sec(150.0, 2.0, Ra=100.0, nseg=3, pas=dict(g=0.0001, e=-65.0),
                            cad=dict(taur=40.0, drive=0.05), cal=dict(gbar=0.004)),
                        ion_style=dict(ca=(3, 2, 1, 0, 1))))],
    attach=[("dend", "soma", 1.0)])
CASES.append(case(
    "ions_style",
    "ion styles chosen by the user (NEURON's ion_style): in the soma a calcium pool "
    "with eca fixed at 120 mV (ion_style(\"ca_ion\", 3, 1, 0, 0, 1): no Nernst), in a "
    "3-segment dendrite eca by Nernst at initialization only (3, 2, 1, 0, 1) while "
    "the pool's cai changes; cal reads eca, kca cai; IClamp 0.3 nA from 10 ms; v, "
    "eca and cai in soma and dendrite",
    {"STY": STYLE_CELL}, [("neuron", "STY")],
    [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
    [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
     ("eca", "neuron", "soma", 0.5, ("ca", "eca", "ion")),
     ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion")),
     ("eca_d", "neuron", "dend", 0.5, ("ca", "eca", "ion")),
     ("cai_d", "neuron", "dend", 0.5, ("ca", "cai", "ion")),
     ("ica_d", "neuron", "dend", 0.9, ("ca", "ica", "ion"))],
    tstop=150.0, dt=0.025, mods=["cad", "cal", "kca"]))

# recording ions, GHK and ion styles again with the .mod files imported as they are
for _name in ("ions_record", "ions_ghk", "ions_style"):
    _c = dict(next(c for c in CASES if c["name"] == _name))
    _c.update(name="nmodl_" + _name, mods=[], imports=sorted(m + ".mod" for m in _c["mods"]),
              desc=_c["desc"] + "; the .mod files imported as they are")
    CASES.append(_c)

# --- kinetic schemes (KINETIC, SOLVE ... METHOD sparse, CONSERVE, STEADYSTATE sparse)
NAKIN_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=dict(gnabar=0.0, gkbar=0.036, gl=0.0003,
                                                      el=-54.3),
                       nakin=dict(gbar=0.08)))],
    attach=[])
KDRKIN_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=dict(gnabar=0.12, gkbar=0.0, gl=0.0003,
                                                      el=-54.3),
                       kdrkin=dict(gbar=0.012))),
          ("dend", sec(200.0, 2.0, Ra=150.0, nseg=3, pas=PAS_PYR, kdrkin=dict(gbar=0.005)))],
    attach=[("dend", "soma", 1.0)])
KARR_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=dict(gnabar=0.12, gkbar=0.0, gl=0.0003,
                                                      el=-54.3),
                       karr=dict(gbar=0.036))),
          ("dend", sec(200.0, 2.0, Ra=150.0, nseg=3, pas=PAS_PYR, karr=dict(gbar=0.01)))],
    attach=[("dend", "soma", 1.0)])
CACLAMP_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, caclamp=dict(taur=80.0),
                       cal=dict(gbar=0.003), kca=dict(gbar=0.0002)))],
    attach=[])
CAPCLAMP_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, capclamp=dict(taur=80.0),
                       cal=dict(gbar=0.003), kca=dict(gbar=0.0002)))],
    attach=[])
KINCLAMP_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=dict(HH_DEFAULT, gkbar=0.018),
                       kinclamp=dict(gbar=0.01)))],
    attach=[])
CABUF_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, cabuf=dict(Btot=0.05),
                       cal=dict(gbar=0.003), kca=dict(gbar=0.0002)))],
    attach=[])
HHDI_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hhdi=dict(gnabar=0.12, gkbar=0.036),
                       pas=dict(g=0.0003, e=-54.3))),
          ("dend", sec(150.0, 2.0, Ra=150.0, nseg=3, pas=PAS_PYR,
                       hhdi=dict(gnabar=0.02, gkbar=0.01)))],
    attach=[("dend", "soma", 1.0)])
HHRK_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hhrk=dict(gnabar=0.12, gkbar=0.036),
                       pas=dict(g=0.0003, e=-54.3))),
          ("dend", sec(150.0, 2.0, Ra=150.0, nseg=3, pas=PAS_PYR,
                       hhrk=dict(gnabar=0.02, gkbar=0.01)))],
    attach=[("dend", "soma", 1.0)])
HHEU_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hheu=dict(gnabar=0.12, gkbar=0.036),
                       pas=dict(g=0.0003, e=-54.3)))],
    attach=[])
CADI_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, cadi=dict(taur=100.0),
                       cal=dict(gbar=0.003), kca=dict(gbar=0.0002)))],
    attach=[])
CADRD_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, cadrd=dict(taur=60.0),
                       cal=dict(gbar=0.003), kca=dict(gbar=0.0002)))],
    attach=[])
KAMIG_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, kamig=dict(gkabar=0.01)))],
    attach=[])
AKCA_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, akca=dict(gbar=0.003),
                       cadrd=dict(taur=60.0), cal=dict(gbar=0.003)))],
    attach=[])
CAVAR_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, cavar=dict(gcabar=0.002),
                       cadrd=dict(taur=60.0), kca=dict(gbar=0.0002)))],
    attach=[])
KINC_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0,
                       hh=dict(gnabar=0.12, gkbar=0.0, gl=0.0003, el=-54.3),
                       kinc=dict(gbar=0.012)))],
    attach=[])
VPEAK_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, vpeak=dict())),
          ("dend", sec(200.0, 2.0, Ra=150.0, nseg=3, pas=dict(g=5e-05, e=-65.0),
                       vpeak=dict()))],
    attach=[("dend", "soma", 1.0)])
NAINST_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=dict(gnabar=0.0, gkbar=0.009, gl=0.0001,
                                                      el=-65.0),
                       nainst=dict(gbar=0.035)))],
    attach=[])
CACOMP_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, cacomp=dict(vbuf=0.6),
                       cal=dict(gbar=0.003), kca=dict(gbar=0.0002)))],
    attach=[])
CADIFUS_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, cadifus=dict(TotalBuffer=0.004),
                       cal=dict(gbar=0.003), kca=dict(gbar=0.0002)))],
    attach=[])
CADPUMP_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, cadpump=dict(TotalPump=2e-11),
                       cal=dict(gbar=0.003), kca=dict(gbar=0.0002)))],
    attach=[])
KSLIN_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=dict(gnabar=0.12, gkbar=0.018, gl=0.0003,
                                                      el=-54.3),
                       kslin=dict(gbar=0.003)))],
    attach=[])
KPART_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=dict(gnabar=0.12, gkbar=0.0, gl=0.0003,
                                                      el=-54.3),
                       kpart=dict(gbar=0.06)))],
    attach=[])
KPROC_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=dict(gnabar=0.12, gkbar=0.0, gl=0.0003,
                                                      el=-54.3),
                       kproc=dict(gbar=0.04)))],
    attach=[])
CAPSS_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, capss=dict(Btot=0.05),
                       cal=dict(gbar=0.003), kca=dict(gbar=0.0002)))],
    attach=[])
EXPUPD_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0, naexp=dict(gnabar=0.08),
                                 kexp=dict(gkbar=0.02, gl=0.0001, el=-70.0)),
                             ena=50.0, ek=-90.0)),
          ("dend", with_ions(sec(150.0, 2.0, Ra=150.0, nseg=3, pas=dict(g=0.0001, e=-70.0),
                                 naexp=dict(gnabar=0.01), kexp=dict(gkbar=0.005, gl=0.0)),
                             ena=50.0, ek=-90.0))],
    attach=[("dend", "soma", 1.0)])
KQ10_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0,
                                 hh=dict(gnabar=0.12, gkbar=0.0, gl=0.0, el=-54.3),
                                 kq10=dict(gkbar=0.036, gl=0.0003, el=-54.3)),
                             ena=50.0, ek=-77.0))],
    attach=[])
TADJ_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0, pas=dict(g=0.00005, e=-70.0),
                                 natadj=dict(gbar=600.0), kvtadj=dict(gbar=300.0),
                                 kmb=dict(gbar=15.0)),
                             ena=60.0, ek=-90.0)),
          ("dend", with_ions(sec(200.0, 2.0, Ra=150.0, nseg=3, pas=dict(g=0.00005, e=-70.0),
                                 natadj=dict(gbar=40.0), kvtadj=dict(gbar=20.0)),
                             ena=60.0, ek=-90.0))],
    attach=[("dend", "soma", 1.0)])
KVIF_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0, pas=dict(g=0.00005, e=-70.0),
                                 natadj=dict(gbar=600.0), kvif=dict(gbar=300.0)),
                             ena=60.0, ek=-90.0)),
          ("dend", with_ions(sec(200.0, 2.0, Ra=150.0, nseg=3, pas=dict(g=0.00005, e=-70.0),
                                 natadj=dict(gbar=40.0), kvif=dict(gbar=20.0)),
                             ena=60.0, ek=-90.0))],
    attach=[("dend", "soma", 1.0)])
KIF_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0,
                                 hh=dict(gnabar=0.12, gkbar=0.0, gl=0.0, el=-54.3),
                                 kif=dict(gbar=0.036, gl=0.0003, el=-54.3, vhold=-40.0)),
                             ena=50.0, ek=-77.0)),
          ("dend", with_ions(sec(150.0, 2.0, Ra=150.0, nseg=3, pas=dict(g=0.0001, e=-65.0),
                                 kif=dict(gbar=0.0, gl=0.0002, el=-60.0, vhold=-62.0)),
                             ek=-77.0))],
    attach=[("dend", "soma", 1.0)])
KBPREAD_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0,
                                 hh=dict(gnabar=0.12, gkbar=0.0, gl=0.0003, el=-54.3),
                                 kbpread=dict(gbar=0.036, kg=10.0, kik=0.002)),
                             ena=50.0, ek=-77.0)),
          ("dend", with_ions(sec(150.0, 2.0, Ra=150.0, nseg=3, pas=dict(g=0.0001, e=-65.0),
                                 kbpread=dict(gbar=0.01, kg=20.0, kik=0.004)),
                             ek=-77.0))],
    attach=[("dend", "soma", 1.0)])
CNL_CELL = dict(
    secs=[("soma", with_ions(sec(20.0, 20.0, Ra=100.0,
                                 hh=dict(gnabar=0.12, gkbar=0.0, gl=0.0003, el=-54.3),
                                 kacc=dict(gbar=0.036, gq=0.0015), kslow=dict(gbar=0.001)),
                             ena=50.0, ek=-77.0))],
    attach=[])
CAPINIT_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, capinit=dict(),
                       cal=dict(gbar=0.003), kca=dict(gbar=0.0002)))],
    attach=[])
EXPBOUND_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT,
                       expbound=dict(g=0.0001, e=-70.0, tau=0.02)))],
    attach=[])
DIMER_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, dimer=dict(g=0.002)))],
    attach=[])
CASES += [
    case("nmodl_nakin",
         "mod/nakin.mod (a three-state Markov Na channel C <-> O <-> I <-> C: KINETIC "
         "with CONSERVE, SOLVE METHOD sparse, INITIAL's SOLVE STEADYSTATE sparse) as "
         "the soma's only Na current beside hh's K and leak at 16 degC; IClamp 0.2 nA "
         "from 10 ms; v and the open state O",
         {"NAK": NAKIN_CELL}, [("neuron", "NAK")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.2)],
         [("soma", "neuron", "soma", 0.5), ("O", "neuron", "soma", 0.5, ("nakin", "O")),
          ("I", "neuron", "soma", 0.5, ("nakin", "I"))],
         tstop=150.0, dt=0.025, celsius=16.0, imports=["nakin.mod"]),
    case("kinetic_nakin",
         "the Markov Na channel of nmodl_nakin written in circ's language "
         "(mod/nakin.circ: a `kinetic` block with `conserve`, `steadystate` in initial, "
         "rates with units)",
         {"NAK": NAKIN_CELL}, [("neuron", "NAK")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.2)],
         [("soma", "neuron", "soma", 0.5), ("O", "neuron", "soma", 0.5, ("nakin", "O")),
          ("I", "neuron", "soma", 0.5, ("nakin", "I"))],
         tstop=150.0, dt=0.025, celsius=16.0, mods=["nakin"]),
    case("nmodl_kdrkin",
         "mod/kdrkin.mod (a four-state Markov K channel c1 <-> c2 <-> c3 <-> o, no "
         "CONSERVE, rates as products, its GLOBAL vhalf set to -45 mV) as the K "
         "current of an hh soma and of a passive 3-segment dendrite; IClamp 0.25 nA",
         {"KDR": KDRKIN_CELL}, [("neuron", "KDR")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.25)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.9),
          ("o", "neuron", "soma", 0.5, ("kdrkin", "o"))],
         tstop=150.0, dt=0.025, imports=["kdrkin.mod"],
         globals_={("kdrkin", "vhalf"): -35.0}),
    case("nmodl_karr",
         "mod/karr.mod (a five-state Markov K channel whose states s[5] and rates "
         "kf[4], kb[4] are arrays sized by DEFINE, the rates filled and the scheme "
         "written in FROM loops, INITIAL's equilibrium in FROM loops; its GLOBAL vh "
         "set to -52 mV) as the K current of an hh soma and a passive 3-segment "
         "dendrite; IClamp 0.3 nA; records the elements s[4] and s[1] (s_4, s_1)",
         {"KARR": KARR_CELL}, [("neuron", "KARR")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.9),
          ("s_4", "neuron", "soma", 0.5, ("karr", "s_4")),
          ("s_1", "neuron", "dend", 0.5, ("karr", "s_1"))],
         tstop=150.0, dt=0.025, imports=["karr.mod"],
         globals_={("karr", "vh"): -52.0}),
    case("nmodl_dimer",
         "mod/dimer.mod (a scheme with a reactant counted twice, 2A <-> D, a CONSERVE "
         "with coefficients and a second CONSERVE on another subsystem: nonlinear, "
         "a one-way reaction W -> (kb); so Newton iterations) gating a current beside hh; "
         "IClamp 0.1 nA",
         {"DIM": DIMER_CELL}, [("neuron", "DIM")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.1)],
         [("soma", "neuron", "soma", 0.5), ("E", "neuron", "soma", 0.5, ("dimer", "E")),
          ("Y", "neuron", "soma", 0.5, ("dimer", "Y"))],
         tstop=150.0, dt=0.025, imports=["dimer.mod"]),
    case("nmodl_hhdi",
         "mod/hhdi.mod (HH-type Na and K gates in alpha/beta form, METHOD "
         "derivimplicit: Newton iterations with a finite-difference Jacobian and "
         "Crout's pivoting) on a soma and a 3-segment dendrite; IClamp 0.2 nA",
         {"HHDI": HHDI_CELL}, [("neuron", "HHDI")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.2)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
          ("m", "neuron", "soma", 0.5, ("hhdi", "m"))],
         tstop=150.0, dt=0.025, imports=["hhdi.mod"]),
    case("implicit_hhdi",
         "the channels of nmodl_hhdi written in circ's language (mod/hhdi.circ: "
         "`derivative implicit`, rates with units)",
         {"HHDI": HHDI_CELL}, [("neuron", "HHDI")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.2)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
          ("m", "neuron", "soma", 0.5, ("hhdi", "m"))],
         tstop=150.0, dt=0.025, mods=["hhdi"]),
    case("nmodl_hheu",
         "mod/hheu.mod (the gates of hhdi.mod with METHOD euler) on a soma with a "
         "leak; IClamp 0.2 nA",
         {"HHEU": HHEU_CELL}, [("neuron", "HHEU")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.2)],
         [("soma", "neuron", "soma", 0.5), ("m", "neuron", "soma", 0.5, ("hheu", "m"))],
         tstop=150.0, dt=0.025, imports=["hheu.mod"]),
    case("nmodl_hhrk",
         "mod/hhrk.mod (the gates of hheu.mod with METHOD runge, ninf and ntau set "
         "in the block) on a soma and a 3-segment dendrite: 4 instances, each of "
         "whose steps moves NEURON's t (the t column); IClamp 0.3 nA; v, m and ninf",
         {"HHRK": HHRK_CELL}, [("neuron", "HHRK")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
          ("m", "neuron", "soma", 0.5, ("hhrk", "m")),
          ("ninf", "neuron", "soma", 0.5, ("hhrk", "ninf"))],
         tstop=150.0, dt=0.025, imports=["hhrk.mod"]),
    case("nmodl_cadi",
         "mod/cadi.mod (Destexhe's calcium pool as ModelDB has it: METHOD "
         "derivimplicit, an if in the DERIVATIVE block) with mod/cal.mod and "
         "mod/kca.mod beside hh; IClamp 0.3 nA; v and cai",
         {"CADI": CADI_CELL}, [("neuron", "CADI")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("cadi", "cai", "seg"))],
         tstop=150.0, dt=0.025, imports=["cadi.mod", "cal.mod", "kca.mod"]),
    case("nmodl_cadrd",
         "mod/cadrd.mod (a calcium pool whose ion line lists cai under READ as well "
         "as WRITE, with cai its STATE, as Destexhe's cadecay.mod and many ModelDB "
         "pools have it; cnexp) with mod/cal.mod and mod/kca.mod beside hh; IClamp "
         "0.3 nA; v and cai",
         {"CADRD": CADRD_CELL}, [("neuron", "CADRD")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("cadrd", "cai", "seg"))],
         tstop=150.0, dt=0.025, imports=["cadrd.mod", "cal.mod", "kca.mod"]),
    case("nmodl_kamig",
         "mod/kamig.mod (an A-type K channel whose INITIAL, as in many hippocampal "
         "ModelDB channels, ends by computing the conductance gka and the current ik "
         "that BREAKPOINT computes again: NEURON overwrites both before any use) "
         "beside hh at 16 degC; IClamp 0.3 nA; v and the gates",
         {"KAMIG": KAMIG_CELL}, [("neuron", "KAMIG")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("n", "neuron", "soma", 0.5, ("kamig", "n", "mech")),
          ("l", "neuron", "soma", 0.5, ("kamig", "l", "mech"))],
         tstop=150.0, dt=0.025, celsius=16.0, imports=["kamig.mod"]),
    case("nmodl_writer_first",
         "mod/akca.mod (an AHP K channel reading cai in INITIAL and DERIVATIVE) and "
         "mod/apca.mod (a point process reading cai there too), whose file names sort "
         "before the pool's, mod/cadrd.mod, with mod/cal.mod beside hh: NEURON runs a "
         "mechanism that writes a concentration before all others (nrn_writes_conc), so "
         "both read what the pool's INITIAL and states left; IClamp 0.3 nA; v, cai and "
         "the gates",
         {"AKCA": AKCA_CELL}, [("neuron", "AKCA")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3),
          dict(kind="IClamp", name="gate", target=["neuron"], loc=("soma", 0.5), mech="ApCa",
               params={"gmax": 0.004, "tau": 15.0})],
         [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("cadrd", "cai", "seg")),
          ("q", "neuron", "soma", 0.5, ("akca", "q")),
          ("u", "neuron", "soma", 0.5, ("gate", "u", "stimulus"))],
         tstop=150.0, dt=0.025, imports=["akca.mod", "apca.mod", "cadrd.mod", "cal.mod"]),
    case("nmodl_cavar",
         "mod/cavar.mod (a Ca channel whose FUNCTIONs of the gate index set their "
         "result for index 0 and 1 only, with no else, as Poirazi's car.mod and calH.mod "
         "do; a FROM loop fills the arrays) with mod/cadrd.mod and mod/kca.mod beside hh; "
         "IClamp 0.3 nA; v, cai and the gates",
         {"CAVAR": CAVAR_CELL}, [("neuron", "CAVAR")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("cadrd", "cai", "seg")),
          ("m", "neuron", "soma", 0.5, ("cavar", "m", "mech")),
          ("h", "neuron", "soma", 0.5, ("cavar", "h", "mech"))],
         tstop=150.0, dt=0.025, imports=["cadrd.mod", "cavar.mod", "kca.mod"]),
    case("nmodl_kinc",
         "mod/kinc.mod (a K delayed rectifier whose rate FUNCTIONs come from "
         "INCLUDE \"kinc_rates.inc\", as in ModelDB models sharing an include file) "
         "in place of hh's K; IClamp 0.3 nA; v and the gate",
         {"KINC": KINC_CELL}, [("neuron", "KINC")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("n", "neuron", "soma", 0.5, ("kinc", "n", "mech"))],
         tstop=150.0, dt=0.025, imports=["kinc.mod"]),
    case("nmodl_vpeak",
         "mod/vpeak.mod (a mechanism without currents keeping the peak v, its time and "
         "the time above -20 mV: nocmodl runs its BREAKPOINT once a step in nrn_state) "
         "in an HH soma and a passive dendrite; IClamp 0.2 nA; v and the peaks",
         {"VPEAK": VPEAK_CELL}, [("neuron", "VPEAK")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.2)],
         [("soma", "neuron", "soma", 0.5), ("vmax", "neuron", "soma", 0.5, ("vpeak", "vmax")),
          ("tmax", "neuron", "soma", 0.5, ("vpeak", "tmax")),
          ("above", "neuron", "soma", 0.5, ("vpeak", "above")),
          ("dvmax", "neuron", "dend", 0.9, ("vpeak", "vmax"))],
         tstop=150.0, dt=0.025, imports=["vpeak.mod"]),
    case("nmodl_nainst",
         "mod/nainst.mod (a Na current whose activation is instantaneous: a "
         "PROCEDURE called in BREAKPOINT, so evaluated at v + 0.001 mV and at v) "
         "beside hh's K and leak; IClamp 0.2 nA",
         {"NAI": NAINST_CELL}, [("neuron", "NAI")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.2)],
         [("soma", "neuron", "soma", 0.5), ("h", "neuron", "soma", 0.5, ("nainst", "h", "mech"))],
         tstop=150.0, dt=0.025, imports=["nainst.mod"]),
    case("nmodl_expupd",
         "mod/naexp.mod (old ModelDB style: BREAKPOINT SOLVEs a PROCEDURE without METHOD, "
         "which advances m and h by m + mexp*(minf - m) from a TABLE with DEPEND dt, and "
         "ends in VERBATIM return 0;; its tadj set only while the table is built) and mod/kexp.mod (the same update for n; its "
         "currents ik and il assigned in a PROCEDURE BREAKPOINT calls) as the only "
         "channels of a soma and a 3-segment dendrite at 36 degC; IClamp 0.15 nA: "
         "repetitive firing",
         {"EXPUPD": EXPUPD_CELL}, [("neuron", "EXPUPD")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.15)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.9),
          ("m", "neuron", "soma", 0.5, ("naexp", "m", "mech")),
          ("n", "neuron", "dend", 0.5, ("kexp", "n", "mech"))],
         tstop=150.0, dt=0.025, celsius=36.0, imports=["kexp.mod", "naexp.mod"]),
    case("nmodl_expupd_notab",
         "the cell of nmodl_expupd with naexp's TABLE off (usetable_naexp = 0: rates "
         "computed at each call, tadj set in every instance), dt 0.05, at 30 degC",
         {"EXPUPD": EXPUPD_CELL}, [("neuron", "EXPUPD")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.15)],
         [("soma", "neuron", "soma", 0.5), ("m", "neuron", "soma", 0.5, ("naexp", "m", "mech"))],
         tstop=150.0, dt=0.05, celsius=30.0, imports=["kexp.mod", "naexp.mod"],
         globals_={("naexp", "usetable"): 0.0}),
    case("nmodl_q10pow",
         "mod/kq10.mod (K rates scaled by 2^((celsius - 6.3)/10), a leak by "
         "((v + 65)/50)^2: libm's pow as NEURON calls it, never exp2 or a product) "
         "beside hh's Na at 16 degC; IClamp 0.2 nA: repetitive firing",
         {"KQ10": KQ10_CELL}, [("neuron", "KQ10")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.2)],
         [("soma", "neuron", "soma", 0.5), ("n", "neuron", "soma", 0.5, ("kq10", "n", "mech"))],
         tstop=120.0, dt=0.025, celsius=16.0, imports=["kq10.mod"]),
    case("nmodl_tadj",
         "mod/natadj.mod (Mainen's 1996 na.mod style: trates() TABLE of minf, mexp, hinf, "
         "hexp calls rates(), which sets the RANGE mtau, htau the TABLE does not list, and "
         "sets the GLOBAL tadj that BREAKPOINT reads, only while the table is built) and "
         "mod/kvtadj.mod (Mainen's later kv.mod: rates() sets the ASSIGNED a, b and tadj; "
         "INITIAL sets tadj too; cnexp) and mod/kmb.mod (km.mod as updated for CVODE: "
         "DERIVATIVE calls rates(), setting the RANGE ntau the TABLE does not list, before "
         "reading it; derivimplicit) on a soma and a 3-segment dendrite at 37 degC "
         "(tadj 3.2); IClamp 0.1 nA: repetitive firing",
         {"TADJ": TADJ_CELL}, [("neuron", "TADJ")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.1)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.9),
          ("m", "neuron", "soma", 0.5, ("natadj", "m", "mech")),
          ("n", "neuron", "soma", 0.5, ("kvtadj", "n", "mech")),
          ("nm", "neuron", "soma", 0.5, ("kmb", "n", "mech"))],
         tstop=120.0, dt=0.025, celsius=37.0, imports=["kmb.mod", "kvtadj.mod", "natadj.mod"]),
    case("nmodl_tadj_notab",
         "the cell of nmodl_tadj with the TABLEs off (usetable_natadj = usetable_kvtadj = "
         "usetable_kmb = 0: the procedures run at each call, setting tadj each time), dt "
         "0.05, at 30 degC",
         {"TADJ": TADJ_CELL}, [("neuron", "TADJ")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.1)],
         [("soma", "neuron", "soma", 0.5), ("m", "neuron", "soma", 0.5, ("natadj", "m", "mech"))],
         tstop=120.0, dt=0.05, celsius=30.0, imports=["kmb.mod", "kvtadj.mod", "natadj.mod"],
         globals_={("natadj", "usetable"): 0.0, ("kvtadj", "usetable"): 0.0,
                   ("kmb", "usetable"): 0.0}),
    case("nmodl_tadj_ifelse",
         "mod/kvif.mod (kvtadj.mod with rates() setting the ASSIGNED a in both branches of "
         "an if/else on v, so on every path before it is read; trates() tabulates ninf and "
         "ntau) beside mod/natadj.mod on a soma and a 3-segment dendrite at 37 degC, with the "
         "TABLEs on; IClamp 0.1 nA: repetitive firing",
         {"KVIF": KVIF_CELL}, [("neuron", "KVIF")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.1)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.9),
          ("n", "neuron", "soma", 0.5, ("kvif", "n", "mech"))],
         tstop=120.0, dt=0.025, celsius=37.0, imports=["kvif.mod", "natadj.mod"]),
    case("nmodl_bpif",
         "mod/kif.mod beside hh's Na: BREAKPOINT assigns ik only where gbar > 0 (the "
         "dendrite's gbar = 0: ik keeps its first value) and a conductance gsamp only below "
         "vhold (above it gsamp keeps the value of BREAKPOINT's previous evaluation, at "
         "v + 0.001 or in the step before), which il reads; IClamp 0.2 nA: repetitive firing",
         {"KIF": KIF_CELL}, [("neuron", "KIF")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.2)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.9),
          ("n", "neuron", "soma", 0.5, ("kif", "n", "mech"))],
         tstop=120.0, dt=0.025, celsius=6.3, imports=["kif.mod"]),
    case("nmodl_bpread",
         "mod/kbpread.mod beside hh's Na and leak: its DERIVATIVE reads gk and ik, which "
         "BREAKPOINT computes (the values of its last evaluation, at v before the voltage "
         "update), and its INITIAL reads gk (0: finitialize evaluates BREAKPOINT after "
         "INITIAL); IClamp 0.2 nA: repetitive firing",
         {"KBPREAD": KBPREAD_CELL}, [("neuron", "KBPREAD")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.2)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.9),
          ("n", "neuron", "soma", 0.5, ("kbpread", "n", "mech")),
          ("gk", "neuron", "soma", 0.5, ("kbpread", "gk", "mech"))],
         tstop=120.0, dt=0.025, celsius=6.3, imports=["kbpread.mod"]),
    case("nmodl_cnexp_nonlinear",
         "mod/kacc.mod (cnexp; q' = rate*(1 + tanh((v - vth)/5)) does not read q: "
         "nocmodl's q = q - dt*(-(f))) and mod/kslow.mod (METHOD cnexp, but s' has s in a "
         "divisor: nocmodl uses derivimplicit) beside hh's Na and leak; IClamp 0.15 nA: "
         "adapting firing",
         {"CNL": CNL_CELL}, [("neuron", "CNL")],
         [iclamp("step", ["neuron"], 10.0, 150.0, 0.15)],
         [("soma", "neuron", "soma", 0.5), ("q", "neuron", "soma", 0.5, ("kacc", "q", "mech")),
          ("s", "neuron", "soma", 0.5, ("kslow", "s", "mech"))],
         tstop=180.0, dt=0.025, celsius=6.3, imports=["kacc.mod", "kslow.mod"]),
    case("nmodl_expbound",
         "mod/expbound.mod beside hh: exp(-t/tau) and exp(t/tau) with tau 0.02 ms pass -700 "
         "and +700 at t = 14 ms; NEURON's hoc_Exp gives 0 and exp(700) there (libm: subnormal "
         "numbers, then inf); both scale a leak (by 1e300 and 1e-4)",
         {"EXPB": EXPBOUND_CELL}, [("neuron", "EXPB")],
         [iclamp("step", ["neuron"], 5.0, 10.0, 0.1)],
         [("soma", "neuron", "soma", 0.5),
          ("gdecay", "neuron", "soma", 0.5, ("expbound", "gdecay"))],
         tstop=20.0, dt=0.025, celsius=6.3, imports=["expbound.mod"]),
    case("nmodl_ica_initial",
         "mod/capinit.mod (a calcium pool whose INITIAL starts it at the steady state "
         "for the ica it reads) with mod/cal.mod (before it in type order: it writes "
         "ica) and mod/kca.mod beside hh: NEURON's finitialize runs every INITIAL before "
         "the currents at t = 0, so the pool reads ica = 0; IClamp 0.3 nA from 10 ms; v, "
         "cai, the ica the pool read (ica0) and the section's ica",
         {"CAP": CAPINIT_CELL}, [("neuron", "CAP")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("capinit", "cai", "seg")),
          ("ica0", "neuron", "soma", 0.5, ("capinit", "ica0")),
          ("ica", "neuron", "soma", 0.5, ("ca", "ica", "ion"))],
         tstop=150.0, dt=0.025, imports=["capinit.mod", "cal.mod", "kca.mod"]),
    case("nmodl_cacomp",
         "mod/cacomp.mod (the pool of cabuf.mod with COMPARTMENT volumes: free "
         "calcium and the buffer in two compartments, the conserved total an amount) "
         "with mod/cal.mod and mod/kca.mod beside hh; IClamp 0.3 nA",
         {"CAC": CACOMP_CELL}, [("neuron", "CAC")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("cacomp", "cai", "seg")),
          ("B", "neuron", "soma", 0.5, ("cacomp", "B"))],
         tstop=150.0, dt=0.025, imports=["cacomp.mod", "cal.mod", "kca.mod"]),
    case("nmodl_cadifus",
         "mod/cadifus.mod (the NEURON book's radial calcium diffusion: 4 shells "
         "with a buffer, `COMPARTMENT i, diam*diam*vrat[i] {ca CaBuffer Buffer}`, "
         "FROM loops) with mod/cal.mod and mod/kca.mod beside hh; IClamp 0.3 nA",
         {"CDF": CADIFUS_CELL}, [("neuron", "CDF")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion")),
          ("ca_3", "neuron", "soma", 0.5, ("cadifus", "ca_3")),
          ("Buffer_1", "neuron", "soma", 0.5, ("cadifus", "Buffer_1"))],
         tstop=150.0, dt=0.025, imports=["cadifus.mod", "cal.mod", "kca.mod"]),
    case("nmodl_cadpump",
         "mod/cadpump.mod (after the NEURON book's cadifpmp.mod: 3 shells with a "
         "buffer and a membrane pump whose release step has cao, not a STATE, as a "
         "reactant; ica_pmp from the last reaction's f_flux - b_flux) with "
         "mod/cal.mod and mod/kca.mod beside hh; IClamp 0.3 nA",
         {"CDP": CADPUMP_CELL}, [("neuron", "CDP")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion")),
          ("ica_pmp", "neuron", "soma", 0.5, ("cadpump", "ica_pmp")),
          ("pump", "neuron", "soma", 0.5, ("cadpump", "pump")),
          ("ca_2", "neuron", "soma", 0.5, ("cadpump", "ca_2"))],
         tstop=150.0, dt=0.025, imports=["cadpump.mod", "cal.mod", "kca.mod"]),
    case("nmodl_kinsyn",
         "mod/kinsyn.mod (a kinetic synapse: a POINT_PROCESS whose KINETIC scheme "
         "C <-> O <-> D with CONSERVE is driven by a transmitter pulse its NET_RECEIVE "
         "opens and a self-event ends) from a driven cell and a regular NetStim onto "
         "a second cell",
         {"HH1": HH1}, [("pre", "HH1"), ("post", "HH1")],
         [iclamp("drive", ["pre"], 5.0, 150.0, 0.2),
          connect(["pre"], ["post"], "ks", 0.02, 2.0),
          netstim("bkg", ["post"], "ks", 0.015, 1.0, 8.0, 1e9, 3.0, 0.0)],
         [("pre_soma", "pre", "soma", 0.5), ("post_soma", "post", "soma", 0.5)],
         tstop=160.0, dt=0.025, imports=["kinsyn.mod"],
         synapses={"ks": ("KinSyn", dict(Cdur=1.0, e=0.0))}),
    case("nmodl_clamp_pool",
         "mod/caclamp.mod (a calcium pool without currents whose BREAKPOINT clamps its "
         "cai, a STATE written to the ion, at 0 and at a ceiling after the SOLVE: nocmodl's "
         "nrn_state runs the clamps after the update; a leak pulls cai below 0 at rest, "
         "the spikes' calcium past the ceiling) with mod/cal.mod and mod/kca.mod beside "
         "hh; IClamp 0.3 nA; v and cai",
         {"CCL": CACLAMP_CELL}, [("neuron", "CCL")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion"))],
         tstop=150.0, dt=0.025, imports=["caclamp.mod", "cal.mod", "kca.mod"]),
    case("nmodl_clamp_pump",
         "mod/capclamp.mod (mod/caclamp.mod's pool with a pump current that reads cai: "
         "nocmodl runs the clamps in nrn_cur, at v + 0.001 and at v, at finitialize too, "
         "and writes the clamped cai back to the ion) with mod/cal.mod and mod/kca.mod "
         "beside hh; IClamp 0.3 nA; v and cai",
         {"CPC": CAPCLAMP_CELL}, [("neuron", "CPC")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("ca", "cai", "ion"))],
         tstop=150.0, dt=0.025, imports=["capclamp.mod", "cal.mod", "kca.mod"]),
    case("nmodl_clamp_syn",
         "mod/synsat.mod (a ramp synapse in ModelDB's rampsyn.mod style: BREAKPOINT clamps "
         "its STATE g at gsat after the SOLVE, in nocmodl's nrn_cur) from a driven cell and "
         "a regular NetStim onto a second cell; the ramps reach gsat",
         {"HH1": HH1}, [("pre", "HH1"), ("post", "HH1")],
         [iclamp("drive", ["pre"], 5.0, 150.0, 0.2),
          connect(["pre"], ["post"], "ss", 0.01, 2.0),
          netstim("bkg", ["post"], "ss", 0.008, 1.0, 9.0, 1e9, 3.0, 0.0)],
         [("pre_soma", "pre", "soma", 0.5), ("post_soma", "post", "soma", 0.5)],
         tstop=160.0, dt=0.025, imports=["synsat.mod"],
         synapses={"ss": ("SynSat", dict(gsat=0.004, tr=4.0, e=0.0))}),
    case("nmodl_clamp_kinetic",
         "mod/kinclamp.mod (a K channel's KINETIC scheme C <-> O <-> I, METHOD sparse, "
         "whose states BREAKPOINT clamps: O at a floor and a ceiling, I to 0 below a "
         "floor, in nocmodl's nrn_cur) beside hh with half its gkbar; IClamp 0.3 nA; "
         "v, O and I",
         {"KCL": KINCLAMP_CELL}, [("neuron", "KCL")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("O", "neuron", "soma", 0.5, ("kinclamp", "O")),
          ("I", "neuron", "soma", 0.5, ("kinclamp", "I"))],
         tstop=150.0, dt=0.025, imports=["kinclamp.mod"]),
    case("nmodl_cabuf",
         "mod/cabuf.mod (a calcium pool whose KINETIC scheme has an entry flux `<<`, "
         "the nonlinear buffering cai + B <-> CaB and CONSERVE B + CaB = Btot, so "
         "sparse iterates Newton steps) with mod/cal.mod and mod/kca.mod beside hh; "
         "IClamp 0.3 nA; v, cai and the free buffer",
         {"CAB": CABUF_CELL}, [("neuron", "CAB")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("cabuf", "cai", "seg")),
          ("B", "neuron", "soma", 0.5, ("cabuf", "B"))],
         tstop=150.0, dt=0.025, imports=["cabuf.mod", "cal.mod", "kca.mod"]),
    case("nmodl_linear",
         "mod/kslin.mod (a K channel whose states C <-> O <-> I sit at their equilibrium: "
         "a LINEAR block solved in INITIAL and once a step by BREAKPOINT's SOLVE, "
         "nocmodl's simeq) beside hh with half its gkbar; IClamp 0.3 nA; v, O and C",
         {"KSL": KSLIN_CELL}, [("neuron", "KSL")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("O", "neuron", "soma", 0.5, ("kslin", "O")),
          ("C", "neuron", "soma", 0.5, ("kslin", "C"))],
         tstop=150.0, dt=0.025, imports=["kslin.mod"]),
    case("nmodl_linear_update",
         "mod/kpart.mod (a K channel whose gate n a PROCEDURE steps, SOLVEd in BREAKPOINT, "
         "and whose open channels a LINEAR block SOLVEFOR O, I SOLVEd after it partitions "
         "between O and a blocked I, reading the updated n) beside hh without its K; "
         "IClamp 0.3 nA; v, O and I",
         {"KPT": KPART_CELL}, [("neuron", "KPT")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("O", "neuron", "soma", 0.5, ("kpart", "O")),
          ("I", "neuron", "soma", 0.5, ("kpart", "I"))],
         tstop=150.0, dt=0.025, imports=["kpart.mod"]),
    case("nmodl_nonlinear",
         "mod/capss.mod (a calcium pool at its quasi-steady state with a buffer: a "
         "NONLINEAR block, scopmath's newton, solved once a step; INITIAL solves one "
         "for cai alone from a guess, then a LINEAR block SOLVEFOR CaB that reads cai) "
         "with mod/cal.mod and mod/kca.mod beside hh; IClamp 0.3 nA; v, cai and the "
         "bound buffer",
         {"CPS": CAPSS_CELL}, [("neuron", "CPS")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("cai", "neuron", "soma", 0.5, ("capss", "cai", "seg")),
          ("CaB", "neuron", "soma", 0.5, ("capss", "CaB"))],
         tstop=150.0, dt=0.025, imports=["capss.mod", "cal.mod", "kca.mod"]),
    case("nmodl_solve_in_procedure",
         "mod/kproc.mod (a K channel whose PROCEDURE, called from the DERIVATIVE block "
         "and from INITIAL, SOLVEs a NONLINEAR block between its other statements, and "
         "whose INITIAL starts it from the result of a FUNCTION that SOLVEs a LINEAR "
         "block) beside hh without its K; IClamp 0.3 nA; v, O and frac",
         {"KPR": KPROC_CELL}, [("neuron", "KPR")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("O", "neuron", "soma", 0.5, ("kproc", "O")),
          ("frac", "neuron", "soma", 0.5, ("kproc", "frac"))],
         tstop=150.0, dt=0.025, imports=["kproc.mod"]),
]

# --- a DERIVATIVE block and a KINETIC block solved in one BREAKPOINT (nrn_state
# runs them in BREAKPOINT's order)
KVDK_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, kvdk=dict(gbar=0.01))),
          ("dend", sec(150.0, 2.0, Ra=150.0, nseg=3, pas=PAS_PYR, kvdk=dict(gbar=0.004)))],
    attach=[("dend", "soma", 1.0)])
KVRK_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, kvrk=dict(gbar=0.01))),
          ("dend", sec(150.0, 2.0, Ra=150.0, nseg=3, pas=PAS_PYR, kvrk=dict(gbar=0.004)))],
    attach=[("dend", "soma", 1.0)])
KMDK_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, kmdk=dict(gbar=0.002))),
          ("dend", sec(150.0, 2.0, Ra=150.0, nseg=3, pas=PAS_PYR, kmdk=dict(gbar=0.001)))],
    attach=[("dend", "soma", 1.0)])
KIDK_CELL = dict(
    secs=[("soma", sec(20.0, 20.0, Ra=100.0, hh=HH_DEFAULT, kidk=dict(gbar=0.0008))),
          ("dend", sec(150.0, 2.0, Ra=150.0, nseg=3, pas=PAS_PYR, kidk=dict(gbar=0.0003)))],
    attach=[("dend", "soma", 1.0)])

CASES += [
    case("nmodl_deriv_kinetic",
         "mod/kvdk.mod (SOLVE states METHOD cnexp, then SOLVE kin METHOD sparse: "
         "HH activation n, and an inactivation scheme o <-> i1 <-> i2 whose rate reads "
         "the n just updated) beside hh on a soma and a 3-segment dendrite; IClamp "
         "0.3 nA; v, n and o",
         {"KVDK": KVDK_CELL}, [("neuron", "KVDK")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
          ("n", "neuron", "soma", 0.5, ("kvdk", "n", "mech")),
          ("o", "neuron", "soma", 0.5, ("kvdk", "o"))],
         tstop=150.0, dt=0.025, imports=["kvdk.mod"]),
    case("nmodl_runge_kinetic",
         "mod/kvrk.mod (kvdk.mod with SOLVE states METHOD runge, then SOLVE kin METHOD "
         "sparse: 4 instances, each runge step moving NEURON's t, the t column) beside "
         "hh on a soma and a 3-segment dendrite; IClamp 0.3 nA; v, n and o",
         {"KVRK": KVRK_CELL}, [("neuron", "KVRK")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
          ("n", "neuron", "soma", 0.5, ("kvrk", "n", "mech")),
          ("o", "neuron", "soma", 0.5, ("kvrk", "o"))],
         tstop=150.0, dt=0.025, imports=["kvrk.mod"]),
    case("nmodl_kinetic_deriv",
         "mod/kmdk.mod (SOLVE kin METHOD sparse, then SOLVE states METHOD cnexp, the "
         "DERIVATIVE block written before the KINETIC one: a gate w relaxing "
         "towards the open state o the scheme has just updated; INITIAL's SOLVE kin "
         "STEADYSTATE sparse) beside hh on a soma and a 3-segment dendrite; IClamp "
         "0.3 nA; v, o and w",
         {"KMDK": KMDK_CELL}, [("neuron", "KMDK")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
          ("o", "neuron", "soma", 0.5, ("kmdk", "o")),
          ("w", "neuron", "soma", 0.5, ("kmdk", "w"))],
         tstop=150.0, dt=0.025, imports=["kmdk.mod"]),
    case("nmodl_implicit_kinetic",
         "mod/kidk.mod (SOLVE states METHOD derivimplicit, two coupled gates, then SOLVE "
         "kin METHOD sparse, a chain whose rates read hb; STATE lists them in neither "
         "block's order) beside hh on a soma and a 3-segment dendrite; IClamp 0.3 nA; "
         "v, ha, hb and o",
         {"KIDK": KIDK_CELL}, [("neuron", "KIDK")],
         [iclamp("step", ["neuron"], 10.0, 100.0, 0.3)],
         [("soma", "neuron", "soma", 0.5), ("dend", "neuron", "dend", 0.5),
          ("ha", "neuron", "soma", 0.5, ("kidk", "ha")),
          ("hb", "neuron", "soma", 0.5, ("kidk", "hb")),
          ("o", "neuron", "soma", 0.5, ("kidk", "o"))],
         tstop=150.0, dt=0.025, imports=["kidk.mod"]),
]

CASE_BY_NAME = {c["name"]: c for c in CASES}


def load_mods(h, mods):
    """Compiles mod/<m>.mod (and the .inc files a .mod INCLUDEs) with
    nrnivmodl and loads them (nrnmech.py)."""
    import nrnmech
    nrnmech.load(h, [os.path.join(MODDIR, m + ".mod") for m in mods] +
                 glob.glob(os.path.join(MODDIR, "*.inc")))


def gids(c):
    """population name -> gid (every population has count 1)."""
    return {p: i for i, (p, _) in enumerate(c["pops"])}


# ---------------------------------------------------------------------------
# NEURON model

def build_morph(h, spec):
    """Import3d as a NEURON user runs it; {name: Section}, "soma" -> soma[0]."""
    h.load_file("stdlib.hoc")
    h.load_file("import3d.hoc")
    before = set(s.name() for s in h.allsec())
    swc = h.Import3d_SWC_read()
    swc.input(os.path.join(HERE, spec["morph"]))
    h.Import3d_GUI(swc, 0).instantiate(None)
    secs = {s.name(): s for s in h.allsec() if s.name() not in before}
    rules = {}
    for lst, b in spec["blocks"]:
        for name, s in secs.items():
            if lst != "all" and not name.startswith(lst + "["):
                continue
            if b["Ra"] is not None:
                s.Ra = b["Ra"]
            if b["cm"] is not None:
                s.cm = b["cm"]
            if b["nseg"] is not None:
                rules[name] = b["nseg"]
            for mech, params in b["mechs"].items():
                s.insert(mech)
                for k, val in params.items():
                    if not isinstance(val, SegExpr):    # per segment once nseg is final
                        setattr(s, "%s_%s" % (k, mech), val)
    for name, rule in rules.items():
        s = secs[name]
        if isinstance(rule, tuple):     # the d_lambda rule
            _, frac, freq = rule
            s.nseg = int((s.L / (frac * h.lambda_f(freq, sec=s)) + 0.9) / 2) * 2 + 1
        else:
            s.nseg = rule
    root = [s for s in secs.values() if s.parentseg() is None][0]
    for lst, b in spec["blocks"]:       # ion values and styles, on the final segments
        for name, s in secs.items():
            if lst != "all" and not name.startswith(lst + "["):
                continue
            for mech, params in b["mechs"].items():
                for k, val in params.items():
                    if isinstance(val, SegExpr):    # distance from the soma's middle
                        set_param(s, mech, k, val, root(0.5))
            for k, val in b.get("ions", {}).items():
                setattr(s, k, val)
            for ion, st in b.get("ion_style", {}).items():
                h.ion_style("%s_ion" % ion, *st, sec=s)
    # a list's name is its first section, as in circ's locations ("dend" ->
    # dend[0]); spikes at the root's middle (soma[0]: circ's default spike_at)
    for name in list(secs):
        if name.endswith("[0]"):
            secs[name[:-3]] = secs[name]
    secs["soma"] = [s for s in secs.values() if s.parentseg() is None][0]
    return secs


def write_geometry(c, cells):
    """data/<case>.geometry.csv for a case with a morphology: per section (in
    NEURON's order) its parent and position on it, nseg, and per node (the
    centres, then the x=1 end as seg = nseg) area (um2, 0 for the end) and ri
    (MOhm to the parent node), as repr() of NEURON's doubles."""
    from neuron import h
    rows = ["section,parent,parent_x,nseg,seg,area,ri"]
    for gid, secs in enumerate(cells):
        if "morph" not in c["cells"][c["pops"][gid][1]]:
            continue
        for s in h.allsec():
            if s.name() not in secs:
                continue
            ps = s.parentseg()
            par = ps.sec.name() if ps is not None else ""
            px = repr(ps.x) if ps is not None else ""
            for k, seg in enumerate(s):
                rows.append("%s,%s,%s,%d,%d,%r,%r" % (s.name(), par, px, s.nseg, k,
                                                      seg.area(), seg.ri()))
            rows.append("%s,%s,%s,%d,%d,%r,%r" % (s.name(), par, px, s.nseg, s.nseg, 0.0,
                                                  s(1).ri()))
    with open(os.path.join(DATA, c["name"] + ".geometry.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")


def mech_ref(mech, name):
    """A pointer to a mechanism's variable: `name`, or element k of its array x
    where circ's import names it x_k (an NMODL array unrolled into scalars)."""
    if hasattr(mech, "_ref_" + name):
        return getattr(mech, "_ref_" + name)
    array, k = name.rsplit("_", 1)
    return getattr(mech, "_ref_" + array)[int(k)]


def run_neuron(c):
    from neuron import h

    # one library, as nrnivmodl registers a folder: hand-ported and imported alike
    mods = (list(c.get("mods") or []) + [f[:-len(".mod")] for f in c.get("imports", [])]
            + [f[:-len(".mod")] for f in c.get("stdlib_mods", [])])
    if mods:
        load_mods(h, mods)
    h.CVode().active(0)
    h.secondorder = 0
    h.dt = c["dt"]
    h.celsius = c["celsius"]
    h.usetable_hh = c["usetable"]
    for (mech, name), val in c["globals"].items():
        setattr(h, "%s_%s" % (name, mech), val)
    for name, val in c.get("ion_globals", {}).items():
        setattr(h, name, val)
    gid_of = gids(c)
    keep = []

    # 1. cells, gid order
    cells = []   # gid -> {secname: Section}
    thresholds = [c["cells"][ctype].get("threshold", 10.0) for _, ctype in c["pops"]]
    for pname, ctype in c["pops"]:
        spec = c["cells"][ctype]
        if "morph" in spec:
            cells.append(build_morph(h, spec))
            continue
        if "art" in spec:   # an artificial cell: no section
            cell = getattr(h, spec["art"])()
            for k, val in spec["params"].items():
                setattr(cell, k, val)
            cells.append({"art": cell})
            continue
        secs = {}
        for sname, sp in spec["secs"]:
            s = h.Section(name="%s_%s" % (pname, sname))
            s.L = sp["L"]
            s.Ra = sp["Ra"]
            s.nseg = sp["nseg"]
            for mech in sp["mechs"]:
                s.insert(mech)
            secs[sname] = s
        for child, parent, px in spec["attach"]:
            secs[child].connect(secs[parent](px), 0)
        # values once the tree is whole: a distance needs it
        origin = secs[spec["secs"][0][0]](0.5)
        for sname, sp in spec["secs"]:
            s = secs[sname]
            set_param(s, None, "diam", sp["diam"], origin)
            set_param(s, None, "cm", sp["cm"], origin)
            for mech, params in sp["mechs"].items():
                for k, val in params.items():
                    set_param(s, mech, k, val, origin)
            for k, val in sp.get("ions", {}).items():     # soma.ek = -90
                setattr(s, k, val)
            for ion, st in sp.get("ion_style", {}).items():  # ion_style("ca_ion", ...)
                h.ion_style("%s_ion" % ion, *st, sec=s)
        cells.append(secs)

    def seg(gid, loc):
        return cells[gid][loc[0]](loc[1])

    # a cell type's "spikes_from": the point process (made by a stimulus
    # before any connection from the cell) whose net_event is its spike
    spike_pp = {}   # gid -> that point process
    pc = (h.ParallelContext() if any("spikes_from" in c["cells"][ct] for _, ct in c["pops"])
          else None)

    # 3. spike recording (before the network with detectors_first)
    spk_t = h.Vector()
    spk_id = h.Vector()

    def record_spikes():
        for g, secs in enumerate(cells):
            if "art" in secs:   # an artificial cell's spikes: its net_event times
                nc = h.NetCon(secs["art"], None)
            elif "spikes_from" in c["cells"][c["pops"][g][1]]:
                # NetPyNE's Izhi2007a: the point process is the cell's spike source
                nc = h.NetCon(spike_pp[g], None)
                pc.set_gid2node(g, pc.id())
                pc.cell(g, nc)
            else:
                src = secs["soma"]
                nc = h.NetCon(src(0.5)._ref_v, None, sec=src)
                nc.threshold = thresholds[g]
            nc.record(spk_t, spk_id, g)
            keep.append(nc)
    if c.get("detectors_first"):
        assert not any("spikes_from" in c["cells"][ct] for _, ct in c["pops"])
        record_spikes()

    # 2. network statements in file order
    stim_index = 0
    pp_of = {}      # (stimulus name, gid) -> its point process
    shared = {}     # (synapse name, gid, loc) -> the one instance of a shared synapse
    syn_of = {}     # (synapse name, gid, loc) -> its instances, as made
    stim_rec = []   # (stimulus name, target gid, Vector of its NetStim's spike times)

    def synapse(name, gid, loc):
        """A new instance of synapse `name` at gid's loc; for a shared synapse
        (a third element "shared"), the one made at its first use there."""
        smech, sparams = c["synapses"][name][:2]
        key = (name, gid, loc)
        if key in shared:
            return shared[key]
        syn = getattr(h, smech)(seg(gid, loc))
        syn_of.setdefault(key, []).append(syn)
        for k, val in sparams.items():
            setattr(syn, k, val)
        if c["synapses"][name][2:] == ("shared",):
            shared[key] = syn
        return syn
    for st in c["net"]:
        if st["kind"] == "IClamp":
            for g in sorted(gid_of[p] for p in st["target"]):
                ic = getattr(h, st["mech"])(seg(g, st["loc"]))
                for k, val in st["params"].items():
                    setattr(ic, k, val)
                keep.append(ic)
                pp_of[(st["name"], g)] = ic
                if c["cells"][c["pops"][g][1]].get("spikes_from") == st["mech"]:
                    assert g not in spike_pp, "one spike source per cell"
                    spike_pp[g] = ic
            stim_index += 1
        elif st["kind"] == "NetStim":
            for g in sorted(gid_of[p] for p in st["target"]):
                ns = h.NetStim()
                ns.interval = st["params"]["interval"]
                ns.number = st["params"]["number"]
                ns.start = st["params"]["start"]
                ns.noise = st["params"]["noise"]
                if st["stream"]:
                    ids = [int(eval(e, {}, {"gid": g, "seed": c["seed"]})) for e in st["stream"]]
                    ns.noiseFromRandom123(*ids)
                else:
                    ns.noiseFromRandom123(stim_index + 1, g, c["seed"])
                syn = cells[g]["art"] if st["syn"] is None else synapse(st["syn"], g, st["loc"])
                if st["name"] in c["stim_spikes"]:
                    rec = h.NetCon(ns, None)
                    vec = h.Vector()
                    rec.record(vec)
                    stim_rec.append((st["name"], g, vec))
                    keep.append(rec)
                nc = h.NetCon(ns, syn)
                nc.weight[0] = st["weight"]
                nc.delay = st["delay"]
                keep += [ns, syn, nc]
            stim_index += 1
        elif st["kind"] == "connect":
            for post in sorted(gid_of[p] for p in st["post"]):
                for pre in sorted(gid_of[p] for p in st["pre"]):
                    if pre == post:
                        continue
                    syn = (cells[post]["art"] if st["syn"] is None
                           else synapse(st["syn"], post, st["loc"]))
                    if "art" in cells[pre]:
                        nc = h.NetCon(cells[pre]["art"], syn)
                    elif pre in spike_pp or "spikes_from" in c["cells"][c["pops"][pre][1]]:
                        nc = h.NetCon(spike_pp[pre], syn)   # its net_event: no threshold
                        assert "threshold" not in st
                    else:
                        src = cells[pre]["soma"]
                        nc = h.NetCon(src(0.5)._ref_v, syn, sec=src)
                        if "threshold" in st:   # the PreSyn's: every NetCon from pre
                            nc.threshold = st["threshold"]
                        elif not c.get("detectors_first"):
                            nc.threshold = thresholds[pre]
                    nc.weight[0] = st["weight"]
                    nc.delay = st["delay"]
                    keep += [syn, nc]
        else:
            raise ValueError(st["kind"])

    if not c.get("detectors_first"):
        record_spikes()

    # 4. voltage recording, every step
    tvec = h.Vector()
    tvec.record(h._ref_t)
    vecs = []
    for col, pop, sname, x, *var in c["records"]:
        vv = h.Vector()
        if var and var[0][2:] == ("art",):  # ("IntFire1", "m", "art"): the cell's own
            vv.record(getattr(cells[gid_of[pop]]["art"], "_ref_" + var[0][1]))
            vecs.append(vv)
            continue
        here = seg(gid_of[pop], (sname, x))
        if var and var[0][2:] == ("global",):  # ("hh", "minf", "global"): minf_hh
            vv.record(getattr(h, "_ref_%s_%s" % (var[0][1], var[0][0])))
        elif var and var[0][2:] in (("seg",), ("ion",)):  # ("hh", "ina", "seg"): the segment's (ion's)
            vv.record(getattr(here, "_ref_" + var[0][1]))
        elif var and var[0][2:] == ("stimulus",):  # ("step", "i", "stimulus"): its IClamp's
            vv.record(getattr(pp_of[(var[0][0], gid_of[pop])], "_ref_" + var[0][1]))
        elif var and var[0][2:] == ("synapse",):  # ("nmda", "g", "synapse"): the one instance
            # of synapse nmda at the site (circ sums over them: one keeps NEURON's bits)
            syns = syn_of[(var[0][0], gid_of[pop], (sname, x))]
            assert len(syns) == 1, "record %s.%s: %d synapses there" % (var[0][:2] + (len(syns),))
            vv.record(getattr(syns[0], "_ref_" + var[0][1]))
        elif var:   # ("hh", "m"): a mechanism's variable
            vv.record(mech_ref(getattr(here, var[0][0]), var[0][1]))
        else:
            vv.record(here._ref_v)
        vecs.append(vv)

    nsteps = int(round(c["tstop"] / c["dt"]))
    h.finitialize(c["v_init"])
    if any("morph" in c["cells"][ct] for _, ct in c["pops"]):
        write_geometry(c, cells)
    for _ in range(nsteps):
        h.fadvance()

    assert len(tvec) == nsteps + 1, (len(tvec), nsteps)
    os.makedirs(DATA, exist_ok=True)
    with open(os.path.join(DATA, c["name"] + ".csv"), "w") as f:
        f.write(",".join(["t"] + [r[0] for r in c["records"]]) + "\n")
        cols = [tvec.to_python()] + [vv.to_python() for vv in vecs]
        for row in zip(*cols):
            f.write(",".join(repr(float(a)) for a in row) + "\n")
    spikes = sorted(zip(spk_t.to_python(), spk_id.to_python()), key=lambda p: (p[0], p[1]))
    with open(os.path.join(DATA, c["name"] + ".spikes.csv"), "w") as f:
        f.write("spkt,spkid\n")
        for st_, sid in spikes:
            f.write("%r,%d\n" % (float(st_), int(sid)))
    if c["stim_spikes"]:
        order = {name: k for k, name in enumerate(c["stim_spikes"])}
        rows = sorted(((t_, order[name], name, g) for name, g, vec in stim_rec
                       for t_ in vec.to_python()), key=lambda r: r[:2] + (r[3],))
        with open(os.path.join(DATA, c["name"] + ".stim_spikes.csv"), "w") as f:
            f.write("spkt,stimulus,gid\n")
            for t_, _, name, g in rows:
                f.write("%r,%s,%d\n" % (float(t_), name, g))
    counts = [0] * len(cells)
    for _, sid in spikes:
        counts[int(sid)] += 1
    import neuron
    return dict(steps=nsteps, samples=len(tvec), t_last=repr(tvec[-1]),
                spike_counts=counts,
                neuron_version="%s (%s)" % (neuron.__version__, h.nrnversion()))


# ---------------------------------------------------------------------------
# .circ text

def q(val, unit):
    """number with unit, as circ wants it (no space inside the unit)."""
    if val == 1e9:
        s = "1e9"
    elif isinstance(val, float) and val.is_integer():
        s = "%d" % val
    else:
        s = repr(val)
    return s + (" " + unit if unit else "")


def loc_s(loc):
    return "%s(%s)" % (loc[0], repr(float(loc[1])).rstrip("0").rstrip(".") if loc[1] not in (0, 1) else "%d" % loc[1])


def sel(pops):
    return " + ".join(pops)


def circ_text(c):
    out = []
    wrap = []
    words = ("Tests: " + c["desc"] + ".").split()
    line = "#"
    for w in words:
        if len(line) + 1 + len(w) > 78:
            wrap.append(line)
            line = "#"
        line += " " + w
    wrap.append(line)
    out.append("# %s.circ - NEURON 8.2.2 fidelity reference case" % c["name"])
    out.append("#")
    out += wrap
    out.append("#")
    out.append("# Reference data: tests/neuron/data/%s.csv and" % c["name"])
    out.append("# tests/neuron/data/%s.spikes.csv, made by tests/neuron/make_refs.py" % c["name"])
    out.append("# from the same description, which also writes this file (edit the")
    out.append("# script, then run it with --write-circ, rather than this file).")
    out.append("")
    for m in c.get("imports", []):
        out.append('import "../mod/%s"' % m)
    if c.get("imports"):
        out.append("")
    for m in c.get("mods", []):
        with open(os.path.join(MODDIR, m + ".circ")) as f:
            out.append(f.read().rstrip("\n"))
        out.append("")
    for ctype, spec in c["cells"].items():
        if "art" in spec:
            continue
        out.append("cell %s {" % ctype)
        if "morph" in spec:
            out.append('    morphology "../%s"' % spec["morph"])
            for lst, b in spec["blocks"]:
                out.append("    section %s {" % lst)
                props = []
                for k, unit in (("Ra", "ohm*cm"), ("cm", "uF/cm2")):
                    if b[k] is not None:
                        props.append("%s = %s" % (k, q(b[k], unit)))
                if isinstance(b["nseg"], tuple):
                    props.append("nseg = d_lambda(%s, %s)" % (q(b["nseg"][1], ""),
                                                              q(b["nseg"][2], "Hz")))
                elif b["nseg"] is not None:
                    props.append("nseg = %d" % b["nseg"])
                if props:
                    out.append("        " + "; ".join(props))
                if b.get("ions"):
                    out.append("        " + "; ".join("%s = %s" % (k, q(val, ION_UNITS[k]))
                                                     for k, val in b["ions"].items()))
                for ion, st in b.get("ion_style", {}).items():
                    out.append("        %s_ion_style = (%s)" % (ion, ", ".join("%d" % x
                                                                           for x in st)))
                for mech, params in b["mechs"].items():
                    ps = "; ".join("%s = %s" % (k, param_text(val, UNITS[(mech, k)]))
                                   for k, val in params.items())
                    out.append("        insert %s { %s }" % (mech, ps) if ps else "        insert %s { }" % mech)
                out.append("    }")
            out.append("    threshold = 10 mV    # spikes at the root section's middle: soma[0](0.5)")
            out.append("}")
            out.append("")
            continue
        for sname, sp in spec["secs"]:
            out.append("    section %s {" % sname)
            out.append("        L = %s; diam = %s; Ra = %s; cm = %s; nseg = %d" % (
                q(sp["L"], "um"), param_text(sp["diam"], "um"), q(sp["Ra"], "ohm*cm"),
                param_text(sp["cm"], "uF/cm2"), sp["nseg"]))
            if sp.get("ions"):
                out.append("        " + "; ".join("%s = %s" % (k, q(val, ION_UNITS[k]))
                                                 for k, val in sp["ions"].items()))
            for ion, st in sp.get("ion_style", {}).items():
                out.append("        %s_ion_style = (%s)" % (ion, ", ".join("%d" % x for x in st)))
            for mech, params in sp["mechs"].items():
                ps = "; ".join("%s = %s" % (k, param_text(val, UNITS[(mech, k)]))
                               for k, val in params.items())
                out.append("        insert %s { %s }" % (mech, ps) if ps else "        insert %s { }" % mech)
            out.append("    }")
        for child, parent, px in spec["attach"]:
            out.append("    attach %s(0) to %s" % (child, loc_s((parent, px))))
        if "spikes_from" in spec:
            out.append("    spikes_from = %s    # its net_event(t): NetCon(pp, None), pc.cell"
                       % spec["spikes_from"])
        else:
            out.append("    threshold = %s mV" % ("%.17g" % spec.get("threshold", 10.0)))
            out.append("    spike_at = soma(0.5)")
        out.append("}")
        out.append("")
    for pname, ctype in c["pops"]:
        spec = c["cells"][ctype]
        if "art" in spec:
            ps = "".join("; %s = %s" % (k, q(val, UNITS[(spec["art"], k)]))
                         for k, val in spec["params"].items())
            out.append("population %s of %s { count = 1%s }    # gid %d"
                       % (pname, spec["art"], ps, gids(c)[pname]))
            continue
        out.append("population %s of %s { count = 1 }    # gid %d" % (pname, ctype, gids(c)[pname]))
    out.append("")
    for sname, (mech, params, *flags) in c["synapses"].items():
        ps = "; ".join("%s = %s" % (k, q(val, UNITS[(mech, k)])) for k, val in params.items())
        out.append("%ssynapse %s = %s { %s }" % ("shared " if flags == ["shared"] else "",
                                                  sname, mech, ps))
    if c["synapses"]:
        out.append("")
    idx = 0
    for st in c["net"]:
        if st["kind"] in ("IClamp", "NetStim"):
            mech = st.get("mech", st["kind"])
            ps = "; ".join("%s = %s" % (k, q(val, UNITS[(mech, k)]))
                           for k, val in st["params"].items())
            if st.get("stream"):
                ps += "; noise_stream = (%s)" % ", ".join(st["stream"])
            s = "stimulus %s = %s { %s } -> %s" % (st["name"], mech, ps, sel(st["target"])) if ps \
                else "stimulus %s = %s { } -> %s" % (st["name"], mech, sel(st["target"]))
            if st.get("syn", "") is None:   # onto artificial cells: no synapse, no site
                s += " { weight = %s; delay = %s }" % (q(st["weight"], ""), q(st["delay"], "ms"))
            else:
                s += " at %s" % loc_s(st["loc"])
            if st["kind"] == "NetStim" and st.get("syn", "") is not None:
                s += "\n    via %s { weight = %s; delay = %s }" % (
                    st["syn"], q(st["weight"], "uS"), q(st["delay"], "ms"))
            out.append("# stimulus index %d" % idx)
            idx += 1
        elif st["syn"] is None:     # onto artificial cells: straight into their receive
            s = ("connect %s -> %s {\n    probability = 1; weight = %s; delay = %s\n}"
                 % (sel(st["pre"]), sel(st["post"]), q(st["weight"], ""), q(st["delay"], "ms")))
        else:
            thr = "; threshold = %s" % q(st["threshold"], "mV") if "threshold" in st else ""
            s = ("connect %s -> %s at %s via %s {\n    probability = 1; weight = %s; delay = %s%s\n}"
                 % (sel(st["pre"]), sel(st["post"]), loc_s(st["loc"]), st["syn"],
                    q(st["weight"], "uS"), q(st["delay"], "ms"), thr))
        out.append(s)
    if c["net"]:
        out.append("")      # (none: the populations' blank line ends them)
    out.append("simulation {")
    out.append("    duration = %s; dt = %s" % (q(c["tstop"], "ms"), q(c["dt"], "ms")))
    out.append("    temperature = %s; v_init = %s; seed = %d" % (
        q(c["celsius"], "degC"), q(c["v_init"], "mV"), c["seed"]))
    for name, val in c.get("ion_globals", {}).items():
        out.append("    %s = %s" % (name, q(val, "mM")))
    for col, pop, sname, x, *var in c["records"]:
        # (mech, name): plain `record name`; (mech, name, where): `record mech.name`
        # (ion, name, "ion"): plain `record name`, the section's ion variable
        name = ("v" if not var else var[0][1] if len(var[0]) == 2 or var[0][2] == "ion"
                else "%s.%s" % var[0][:2])
        at = "" if var and var[0][2:] in (("stimulus",), ("art",)) else " at " + loc_s((sname, x))
        out.append("    record %s of %s%s    # column %s" % (name, pop, at, col))
    out.append("    record spikes")
    if c["stim_spikes"]:
        out.append("    record spikes of %s" % " + ".join(c["stim_spikes"]))
    out.append("}")
    if c["usetable"] == 0:
        out.append("")
        out.append("set hh.usetable = 0")
    for (mech, name), val in c["globals"].items():
        out.append("set %s.%s = %s" % (mech, name, q(val, UNITS[(mech, name)])))
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------

def manifest_entry(c, res):
    g = gids(c)
    return dict(
        description=c["desc"],
        circ="cases/%s.circ" % c["name"],
        data="data/%s.csv" % c["name"],
        spikes="data/%s.spikes.csv" % c["name"],
        tstop=c["tstop"], dt=c["dt"], celsius=c["celsius"], v_init=c["v_init"],
        usetable=c["usetable"], seed=c["seed"],
        steps=res["steps"], samples=res["samples"], t_last=res["t_last"],
        populations=[dict(name=p, cell=ct, gid=g[p]) for p, ct in c["pops"]],
        columns={r[0]: dict(gid=g[r[1]], population=r[1], section=r[2], x=r[3],
                            variable=(r[4][1] if r[4][2:] == ("ion",) else ".".join(r[4][:2]))
                            if len(r) > 4 else "v")
                 for r in c["records"]},
        spike_counts=res["spike_counts"],
    )


def main(argv):
    if "--case" in argv:    # child process: run one case, print its result
        name = argv[argv.index("--case") + 1]
        print("RESULT " + json.dumps(run_neuron(CASE_BY_NAME[name])))
        return 0
    if "--list" in argv:
        print("\n".join(c["name"] for c in CASES))
        return 0
    write_circ = "--write-circ" in argv
    names = [a for a in argv if not a.startswith("--")] or [c["name"] for c in CASES]
    mpath = os.path.join(DATA, "MANIFEST.json")
    manifest = {}
    if os.path.exists(mpath):
        with open(mpath) as f:
            manifest = json.load(f)
    manifest.setdefault("cases", {})
    for name in names:
        c = CASE_BY_NAME[name]
        if write_circ:
            os.makedirs(CASEDIR, exist_ok=True)
            with open(os.path.join(CASEDIR, name + ".circ"), "w") as f:
                f.write(circ_text(c))
        p = subprocess.run([sys.executable, os.path.abspath(__file__), "--case", name],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        if p.returncode != 0:
            sys.stderr.write(p.stderr)
            raise SystemExit("case %s failed" % name)
        res = json.loads([ln for ln in p.stdout.splitlines() if ln.startswith("RESULT ")][0][7:])
        manifest["neuron_version"] = res["neuron_version"]
        manifest["cases"][name] = manifest_entry(c, res)
        print("%-22s steps %6d  spikes per gid %s" % (name, res["steps"], res["spike_counts"]))
    manifest["cases"] = {c["name"]: manifest["cases"][c["name"]]
                         for c in CASES if c["name"] in manifest["cases"]}
    manifest["format"] = (
        "<case>.csv: header t,<col>...; one row per fixed step incl. t=0; values "
        "repr() of doubles (t is NEURON's accumulated t). <case>.spikes.csv: header "
        "spkt,spkid; spike time (first step with soma(0.5) v > 10 mV, + 1e-10) and gid, "
        "sorted by time then gid.")
    manifest["method"] = "cvode off, secondorder 0, h.finitialize(v_init), round(tstop/dt) x h.fadvance()"
    with open(mpath, "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
