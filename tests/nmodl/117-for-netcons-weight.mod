: FOR_NETCONS's first variable aliases each NetCon's weight in NEURON;
: circ's connections share their weights, so assigning it is refused
: (reading it is not), as is a count other than NET_RECEIVE's
NEURON {
    POINT_PROCESS NormSyn
    RANGE tau, wtot
    NONSPECIFIC_CURRENT i
}
PARAMETER { tau = 2 (ms) wtot = 0.01 (uS) }
ASSIGNED { v (mV) i (nA) }
STATE { g (uS) }
INITIAL { g = 0 }
BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g*v
}
DERIVATIVE state { g' = -g/tau }
NET_RECEIVE(w (uS), n) {
    LOCAL s
    g = g + w
    s = 0
    FOR_NETCONS(w1, n1) {
        s = s + w1
    }
    FOR_NETCONS(w2, n2) {
        w2 = w2*wtot/s
    }
    FOR_NETCONS(w3) {
    }
}
