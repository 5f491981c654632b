: kinclamp.mod - a K channel whose KINETIC scheme C <-> O <-> I (METHOD
: sparse) is followed in BREAKPOINT by clamps of its states, as ModelDB's
: kinetic files guard them (`if (O < 0) { O = 0 }`): O at a floor and a
: ceiling, I at 0 below a floor.  nocmodl runs them in nrn_cur (at v + 0.001
: and at v, each step and at finitialize); the next sparse step starts from
: the clamped values.

NEURON {
    SUFFIX kinclamp
    USEION k READ ek WRITE ik
    RANGE gbar, omin, omax, imin
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.01 (S/cm2)
    omin = 0.002
    omax = 0.3
    imin = 0.0001
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    a (/ms)
    b (/ms)
}

STATE { C O I }

INITIAL {
    rates(v)
    C = 1
    O = 0
    I = 0
}

BREAKPOINT {
    SOLVE scheme METHOD sparse
    if (O < omin) { O = omin } else if (O > omax) { O = omax }
    if (I < imin) { I = 0 }
    ik = gbar * O * (v - ek)
}

KINETIC scheme {
    rates(v)
    ~ C <-> O (a, b)
    ~ O <-> I (0.05 (/ms), 0.02 (/ms))
}

PROCEDURE rates(v (mV)) {
    a = 0.1 (/ms) * exp((v + 40 (mV)) / 10 (mV))
    b = 0.1 (/ms) * exp(-(v + 40 (mV)) / 20 (mV))
}
