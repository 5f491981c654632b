TITLE kslin.mod   K channel whose gates sit at their equilibrium (circ test)

COMMENT
A potassium channel of three states C <-> O <-> I whose transitions are
fast enough to be at equilibrium at every step: the occupancies solve a
LINEAR system (two detailed-balance equations and the conservation law),
in INITIAL and once a step.
ENDCOMMENT

NEURON {
    SUFFIX kslin
    USEION k READ ek WRITE ik
    RANGE gbar, g
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.01 (S/cm2)
    vh = -40 (mV)
    q = 20 (mV)
    vc = -20 (mV)
    qc = 30 (mV)
    arate = 0.1 (/ms)
    crate = 0.05 (/ms)
    kin = 0.02 (/ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    g (S/cm2)
    a (/ms)
    b (/ms)
    c (/ms)
}

STATE { C O I }

INITIAL {
    SOLVE gates
}

BREAKPOINT {
    SOLVE gates
    g = gbar * O
    ik = g * (v - ek)
}

LINEAR gates {
    LOCAL total
    rates(v)
    total = 1
    ~ a*C - b*O = 0
    ~ c*O = kin*I
    ~ C + O + I = total
}

PROCEDURE rates(v (mV)) {
    a = arate * exp((v - vh) / q)
    b = arate * exp(-(v - vh) / q)
    c = crate * exp((v - vc) / qc)
}
