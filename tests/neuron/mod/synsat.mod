: synsat.mod - a ramp synapse in ModelDB's style (rampsyn.mod): each event
: starts a linear rise of g for a fixed interval, and BREAKPOINT clamps g at
: a saturation after the SOLVE.  nocmodl runs the clamp in nrn_cur (at
: v + 0.001 and at v), where it changes the g the next step integrates.

NEURON {
    POINT_PROCESS SynSat
    RANGE e, i, g, gsat, tr
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    e = 0 (mV)
    gsat = 0.004 (uS)
    tr = 4 (ms)
}

ASSIGNED {
    v (mV)
    i (nA)
    k (uS/ms)
}

STATE { g (uS) }

INITIAL {
    g = 0
    k = 0
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    if (g > gsat) { g = gsat }
    i = g * (v - e)
}

DERIVATIVE state {
    g' = k - g / 20 (ms)
}

NET_RECEIVE(weight (uS)) {
    if (flag >= 1) {
        k = k - weight / tr
    } else {
        net_send(tr, 1)
        k = k + weight / tr
    }
}
