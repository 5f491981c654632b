COMMENT
An artificial cell whose inputs each keep their own state in NET_RECEIVE's
arguments: INITIAL numbers the cell's NetCons in NEURON's order (cnt starts
at that number), every event counts itself and accumulates its weight in acc,
then sends itself an echo (net_send) that arrives with the vector of the
connection that sent it: the echo adds acc/cnt to m, marks the time and
halves acc.  Test model of circ's tests/neuron.
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL ArgSelf
    RANGE tau, dly, m, nin
}

UNITS {
    (mV) = (millivolt)
}

PARAMETER {
    tau = 10 (ms)
    dly = 3 (ms)
}

ASSIGNED {
    m
    nin
    t0 (ms)
}

INITIAL {
    m = 0
    nin = 0
    t0 = 0
}

NET_RECEIVE(w, cnt, last (ms), acc) {
    INITIAL {
        nin = nin + 1
        cnt = nin
        last = -1
        acc = 0
    }
    m = m*exp(-(t - t0)/tau)
    t0 = t
    if (flag == 0) {
        cnt = cnt + 1
        acc = acc*0.5 + w
        net_send(dly, 1)
    } else {
        m = m + acc/cnt
        last = t
        acc = acc*0.5
        if (m > 1) {
            m = 0
            net_event(t)
        }
    }
}
