: cal.mod - a high-threshold calcium channel for circ's NEURON reference
: cases: reads eca (computed by Nernst where a pool writes cai) and writes
: ica.  cal.circ is the same mechanism in circ's language.

NEURON {
    SUFFIX cal
    USEION ca READ eca WRITE ica
    RANGE gbar
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.002 (S/cm2)
}

ASSIGNED {
    v (mV)
    eca (mV)
    ica (mA/cm2)
    minf
    mtau (ms)
}

STATE { m }

BREAKPOINT {
    SOLVE states METHOD cnexp
    ica = gbar * m * m * (v - eca)
}

INITIAL {
    rates(v)
    m = minf
}

DERIVATIVE states {
    rates(v)
    m' = (minf - m) / mtau
}

PROCEDURE rates(v (mV)) {
    minf = 1 / (1 + exp(-(v + 20) / 9))
    mtau = 1 + 2 / (1 + exp((v + 30) / 10))
}
