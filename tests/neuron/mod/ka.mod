: ka.mod - an A-type potassium channel in ModelDB's style, for circ's
: NEURON reference cases (tests/neuron/make_refs.py).  It reads ek from the
: k ion, so the section's ek reaches it and hh alike; ka.circ is the same
: mechanism in circ's language.

NEURON {
    SUFFIX ka
    USEION k READ ek WRITE ik
    RANGE gbar, ainf    : ainf per instance, so that it can be recorded
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.01 (S/cm2)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    ainf
    binf
    atau (ms)
    btau (ms)
}

STATE { a b }

BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar * a * a * a * b * (v - ek)
}

INITIAL {
    rates(v)
    a = ainf
    b = binf
}

DERIVATIVE states {
    rates(v)
    a' = (ainf - a) / atau
    b' = (binf - b) / btau
}

PROCEDURE rates(v (mV)) {
    ainf = 1 / (1 + exp(-(v + 31) / 6))
    atau = 0.5 + 2 / (1 + exp((v + 40) / 10))
    binf = 1 / (1 + exp((v + 66) / 7))
    btau = 10 + 20 / (1 + exp((v + 55) / 8))
}
