COMMENT
Tsodyks-Markram synapse in the style of ModelDB's tmgsyn.mod: the
connection's resources (y, z), utilization u and last event time tsyn live
in its NET_RECEIVE arguments and are set by NET_RECEIVE's INITIAL; n counts
the connection's events, and each event sends itself a late boost
(net_send(tdel, 1)) that reads and writes the arguments of the connection
that sent it.  Test model of circ's tests/neuron.
ENDCOMMENT

NEURON {
    POINT_PROCESS TMCount
    RANGE e, tau, tau_rec, tau_facil, U, tdel, boost, g, i
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    e = 0 (mV)
    tau = 3 (ms)
    tau_rec = 100 (ms)
    tau_facil = 50 (ms)
    U = 0.3 (1) <0, 1>
    tdel = 2 (ms)
    boost = 0.2 (1)
}

ASSIGNED {
    v (mV)
    i (nA)
}

STATE {
    g (uS)
}

INITIAL {
    g = 0
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g*(v - e)
}

DERIVATIVE state {
    g' = -g/tau
}

NET_RECEIVE(weight (uS), y, z, u, tsyn (ms), n) {
    LOCAL x
    INITIAL {
        y = 0
        z = 0
        u = U
        tsyn = t
        n = 0
    }
    if (flag == 0) {
        z = z*exp(-(t - tsyn)/tau_rec)
        z = z + (y*(exp(-(t - tsyn)/tau) - exp(-(t - tsyn)/tau_rec)) / (tau/tau_rec - 1))
        y = y*exp(-(t - tsyn)/tau)
        x = 1 - y - z
        u = u*exp(-(t - tsyn)/tau_facil)
        u = u + U*(1 - u)
        g = g + weight*x*u
        y = y + x*u
        tsyn = t
        n = n + 1
        net_send(tdel, 1)
    } else {
        g = g + weight*boost*u/n
        n = n + 0.5
    }
}
