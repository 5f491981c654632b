TITLE kgstate.mod - a conductance declared as a STATE that only BREAKPOINT assigns (circ test)

COMMENT
ModelDB files often declare the conductance among the STATEs (149739's
CaPN.mod, Kv4 kinetic files' totals) and compute it in BREAKPOINT; no
equation integrates it, so it is the value of the last evaluation of the
current, as an ASSIGNED would be.  A slow potassium current with n^4
gating, the conductance g recorded.
ENDCOMMENT

NEURON {
    SUFFIX kgstate
    USEION k READ ek WRITE ik
    RANGE gbar, g
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.002 (S/cm2)
    tau = 20 (ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    ninf
}

STATE { n g (S/cm2) }

INITIAL {
    rates(v)
    n = ninf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*n*n*n*n
    ik = g*(v - ek)
}

DERIVATIVE states {
    rates(v)
    n' = (ninf - n)/tau
}

PROCEDURE rates(v (mV)) {
    ninf = 1/(1 + exp(-(v + 40 (mV))/(8 (mV))))
}
