COMMENT
Spike-timing-dependent plasticity on an exponential synapse, in the form of
NEURON's FOR_NETCONS documentation: each NetCon keeps its own potentiation
A and its last presynaptic spike time tpre in its weight vector; a
presynaptic spike depresses the connection's A by the time since the last
postsynaptic spike, a postsynaptic spike (WATCH on v) potentiates every
connection by the time since its last presynaptic spike.  The
connections' total potentiation is then scaled down to amax when it is
larger (a soft bound on the synapse's growth).
ENDCOMMENT

NEURON {
    POINT_PROCESS StdpFnc
    RANGE tau, e, i, d, p, dtau, ptau, wmax, amax, vthresh
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau = 2 (ms) <1e-9, 1e9>
    e = 0 (mV)
    wmax = 0.01 (uS)
    amax = 0.005 (uS)
    d = 0.3 <0, 1>        : depression factor
    p = 0.4               : potentiation factor
    dtau = 34 (ms)
    ptau = 17 (ms)
    vthresh = -20 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    tpost (ms)
}

STATE { g (uS) }

INITIAL {
    g = 0
    tpost = -1e9
    net_send(0, 1)
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g*(v - e)
}

DERIVATIVE state {
    g' = -g/tau
}

NET_RECEIVE(w (uS), A (uS), tpre (ms)) {
    LOCAL tot
    INITIAL {
        A = 0
        tpre = -1e9
    }
    if (flag == 0) {            : a presynaptic spike
        g = g + w + A
        tpre = t
        A = A*(1 - d*exp((tpost - t)/dtau))
    } else if (flag == 2) {     : the postsynaptic cell's spike
        tpost = t
        tot = 0
        FOR_NETCONS(w1, A1, tp) {
            A1 = A1 + (wmax - w1 - A1)*p*exp((tp - t)/ptau)
            tot = tot + A1
        }
        if (tot > amax) {
            FOR_NETCONS(w1, A1, tp) {
                A1 = A1*amax/tot
            }
        }
    } else {                    : flag 1, from INITIAL: watch the voltage
        WATCH (v > vthresh) 2
    }
}
