TITLE kinsyn.mod   a kinetic synapse with desensitization (circ test)

COMMENT
In the style of Destexhe's kinetic synapses (ModelDB's AMPA5/GABAA): an
event releases transmitter T = Tmax for Cdur ms (ended by a self-event,
net_send(Cdur, 1)); receptors bind it, C <-> O (Alpha*T, Beta), and
desensitize, O <-> D (Rd, Rr), a KINETIC scheme with CONSERVE solved by
sparse.  The conductance is gmax*O with gmax the last event's weight.
ENDCOMMENT

NEURON {
    POINT_PROCESS KinSyn
    RANGE Alpha, Beta, Rd, Rr, Tmax, Cdur, e, i, g
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
    (mM) = (milli/liter)
}

PARAMETER {
    Alpha = 1.1 (/ms mM)
    Beta = 0.19 (/ms)
    Rd = 0.05 (/ms)
    Rr = 0.01 (/ms)
    Tmax = 1 (mM)
    Cdur = 1 (ms)
    e = 0 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    g (uS)
    T (mM)
    gmax (uS)
}

STATE { C O D }

INITIAL {
    T = 0
    gmax = 0
    C = 1
    O = 0
    D = 0
}

BREAKPOINT {
    SOLVE kstates METHOD sparse
    g = gmax * O
    i = g * (v - e)
}

KINETIC kstates {
    ~ C <-> O (Alpha * T, Beta)
    ~ O <-> D (Rd, Rr)
    CONSERVE C + O + D = 1
}

NET_RECEIVE(weight (uS)) {
    if (flag == 0) {
        T = Tmax
        gmax = weight
        net_send(Cdur, 1)
    } else {
        T = 0
    }
}
