TITLE onsyn.mod   pulse synapse whose conditions are plain numbers (circ test)

COMMENT
A transmitter-pulse synapse written as older ModelDB synapses are, with C's
truth of numbers in its conditions: each connection keeps `on` (1 while its
pulse lasts) and tests it as `if (!on)`, the self-event that ends a pulse
is told apart by `if (flag)`, and the pulse adds to the open fraction only
`if (nopen)`, a count of connections in their pulse.
ENDCOMMENT

NEURON {
    POINT_PROCESS OnSyn
    RANGE tau, e, i, Cdur
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau = 3 (ms)
    e = 0 (mV)
    Cdur = 1 (ms)
}

ASSIGNED {
    v (mV)
    i (nA)
    nopen
    gon (uS)
}

STATE { g (uS) }

INITIAL {
    g = 0
    nopen = 0
    gon = 0
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g*(v - e)
}

DERIVATIVE state {
    g' = (gon - g)/tau
}

NET_RECEIVE(weight (uS), on) {
    INITIAL { on = 0 }
    if (flag) {
        if (on) {
            on = 0
            nopen = nopen - 1
            gon = gon - weight
        }
    } else if (!on) {
        on = 1
        nopen = nopen + 1
        if (nopen) { gon = gon + weight }
        net_send(Cdur, 1)
    }
}
