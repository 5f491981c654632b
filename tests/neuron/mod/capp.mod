: capp.mod - a Ca-activated point current in ModelDB's style, for circ's
: NEURON reference cases: a POINT_PROCESS that reads its node's cai (USEION
: ca READ cai), which a calcium pool of the section (cad.mod) writes.  nocmodl
: copies cai from the node's ca_ion before INITIAL, before the current and
: before the states, so all three see the pool's value: w relaxes towards
: the activation cai/(cai + kd) and g mixes w with the activation now.

NEURON {
    POINT_PROCESS CaAct
    USEION ca READ cai
    NONSPECIFIC_CURRENT i
    RANGE gmax, kd, tau, e, g
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
    (mM) = (milli/liter)
}

PARAMETER {
    gmax = 0.002 (uS)
    kd = 0.0005 (mM)
    tau = 20 (ms)
    e = -80 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    g (uS)
    cai (mM)
}

STATE { w }

INITIAL {
    w = cai / (cai + kd)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gmax * (w + cai / (cai + kd)) / 2
    i = g * (v - e)
}

DERIVATIVE states {
    w' = (cai / (cai + kd) - w) / tau
}
