TITLE kslow.mod   slow K gate whose time constant grows with it, METHOD cnexp (circ test)

COMMENT
Written for circ's tests: s' = (sinf - s)/(taus*(1 + 2*s)) has s in a
divisor, so nocmodl cannot take its derivative by s and translates the
block with derivimplicit ("Could not translate using cnexp method; using
derivimplicit"), although the file asks for cnexp.
ENDCOMMENT

NEURON {
    SUFFIX kslow
    USEION k READ ek WRITE ik
    RANGE gbar, taus
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.003 (S/cm2)
    taus = 40 (ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
}

STATE { s }

INITIAL {
    s = sinf(v)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar*s*(v - ek)
}

DERIVATIVE states {
    s' = (sinf(v) - s)/(taus*(1 + 2*s))
}

FUNCTION sinf(v (mV)) {
    UNITSOFF
    sinf = 1/(1 + exp(-(v + 35)/6))
    UNITSON
}
