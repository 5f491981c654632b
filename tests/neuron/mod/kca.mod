: kca.mod - a calcium-activated potassium channel for circ's NEURON
: reference cases: reads cai (the pool's) and ek, writes ik.  kca.circ is
: the same mechanism in circ's language.

NEURON {
    SUFFIX kca
    USEION k READ ek WRITE ik
    USEION ca READ cai
    RANGE gbar, kd
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (mM) = (milli/liter)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.01 (S/cm2)
    kd = 0.0005 (mM)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    cai (mM)
    oinf
    otau (ms)
}

STATE { o }

BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar * o * (v - ek)
}

INITIAL {
    rates(cai)
    o = oinf
}

DERIVATIVE states {
    rates(cai)
    o' = (oinf - o) / otau
}

PROCEDURE rates(c (mM)) {
    oinf = c / (c + kd)
    otau = 20
}
