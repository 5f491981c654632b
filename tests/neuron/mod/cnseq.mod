TITLE cnseq.mod - cnexp equations that read states updated above them (circ test)

COMMENT
nocmodl's cnexp updates each state in place, in order: b's equation reads
the a of this step, c's the b of this step (a cascade of first-order
filters driven by v, as in kinetic-filter or adaptation models).
ENDCOMMENT

NEURON {
    SUFFIX cnseq
    NONSPECIFIC_CURRENT i
    RANGE g, tau, e
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    g = 0.004 (S/cm2)
    tau = 3 (ms)
    e = -85 (mV)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
}

STATE { a b c }

INITIAL {
    a = 0
    b = 0
    c = 0
}

BREAKPOINT {
    SOLVE st METHOD cnexp
    i = g*c*(v - e)
}

DERIVATIVE st {
    a' = (1/(1 + exp(-(v + 40 (mV))/5 (mV))) - a)/tau
    b' = (a - b)/tau
    c' = (b*b - c)/(2*tau)
}
