: hcn.mod - an Ih-like channel (one gate, a non-specific current) for
: circ's reference cases; its circ twin is hcn.circ (same arithmetic, in the
: same order).  Used with a conductance that grows along the dendrite.
NEURON {
    SUFFIX hcn
    NONSPECIFIC_CURRENT i
    RANGE gbar, ehcn
}

UNITS {
    (mV) = (millivolt)
    (mA) = (milliamp)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.0001 (S/cm2)
    ehcn = -30 (mV)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    minf
    mtau (ms)
}

STATE { m }

BREAKPOINT {
    SOLVE states METHOD cnexp
    i = gbar * m * (v - ehcn)
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
    minf = 1 / (1 + exp((v + 80) / 8))
    mtau = 20 + 100 / (1 + exp((v + 70) / 10))
}
