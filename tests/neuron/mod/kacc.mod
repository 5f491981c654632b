TITLE kacc.mod   K current with an activity integrator, cnexp (circ test)

COMMENT
Written for circ's tests: q integrates the time the membrane spends
depolarized, q' = rate*(1 + tanh((v - vth)/5)), an equation that does not
read q.  nocmodl's cnexp writes its step as q = q - dt*(-(f)); q/(1 + q)
scales a slow K conductance (adaptation).  n is an ordinary gate.
ENDCOMMENT

NEURON {
    THREADSAFE
    SUFFIX kacc
    USEION k READ ek WRITE ik
    RANGE gbar, gq, rate, vth
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.036 (S/cm2)
    gq = 0.004 (S/cm2)
    rate = 0.002 (/ms)
    vth = -30 (mV)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    ninf
    ntau (ms)
}

STATE { n q }

INITIAL {
    rates(v)
    n = ninf
    q = 0
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = (gbar*n*n*n*n + gq*q/(1 + q))*(v - ek)
}

DERIVATIVE states {
    rates(v)
    n' = (ninf - n)/ntau
    q' = rate*(1 + tanh((v - vth)/5))
}

PROCEDURE rates(v (mV)) { LOCAL a, b
    UNITSOFF
    a = 0.01*vtrap(-(v + 55), 10)
    b = 0.125*exp(-(v + 65)/80)
    ntau = 1/(a + b)
    ninf = a*ntau
    UNITSON
}

FUNCTION vtrap(x, y) {
    if (fabs(x/y) < 1e-6) {
        vtrap = y*(1 - x/y/2)
    } else {
        vtrap = x/(exp(x/y) - 1)
    }
}
