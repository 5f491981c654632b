: kshift.mod - a delayed-rectifier K channel for circ's reference cases
: whose procedures shift v without restoring it: the rest of the block that
: called them (INITIAL, DERIVATIVE, BREAKPOINT) reads the shifted copy, as
: in NEURON, where v is the mechanism's own copy, set from the node's at
: each entry point and never written back.  BREAKPOINT's current and the
: state u, which relaxes to v, see the shift; the node's voltage does not.
NEURON {
    SUFFIX kshift
    USEION k READ ek WRITE ik
    RANGE gbar
    GLOBAL vshift
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gbar = 0.02 (S/cm2)
    vshift = 7 (mV)
    tauu = 5 (ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    nInf
    nTau (ms)
}

STATE { n u (mV) }

UNITSOFF
BREAKPOINT {
    SOLVE states METHOD cnexp
    shift()
    ik = gbar * n * n * n * n * (v - ek) * (1 + 0.001 * (u - v))
}

DERIVATIVE states {
    rates()
    n' = (nInf - n) / nTau
    u' = (v - u) / tauu
}

INITIAL {
    rates()
    n = nInf
    u = v
}

PROCEDURE rates() {
    LOCAL a, b
    shift()
    a = 0.01 * (v + 55) / (1 - exp(-(v + 55) / 10))
    b = 0.125 * exp(-(v + 65) / 80)
    nTau = 1 / (a + b)
    nInf = a * nTau
}

PROCEDURE shift() {
    v = v + vshift
}
UNITSON
