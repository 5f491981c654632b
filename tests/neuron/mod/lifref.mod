COMMENT
A leaky integrator with a refractory period whose bookkeeping (the time of
the last update t0, the refractory flag) lives in ASSIGNED variables that
are neither RANGE nor GLOBAL, read at each event before they are set:
nocmodl gives each instance its own (a column of _p, THREADSAFE or not),
so cells with different inputs keep different values.
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL LifRef
    RANGE tau, refrac, thresh, m
}

PARAMETER {
    tau = 10 (ms)
    refrac = 2 (ms)
    thresh = 1
}

ASSIGNED {
    m
    t0 (ms)
    refractory
}

INITIAL {
    m = 0
    t0 = t
    refractory = 0
}

NET_RECEIVE (w) {
    if (refractory == 0) {
        m = m * exp(-(t - t0) / tau) + w
        t0 = t
        if (m > thresh) {
            refractory = 1
            m = 0
            net_send(refrac, 3)
            net_event(t)
        }
    } else if (flag == 3) {
        refractory = 0
        m = 0
        t0 = t
    }
}
