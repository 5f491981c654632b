TITLE kbpread.mod   K current whose DERIVATIVE reads what BREAKPOINT computes (circ test)

COMMENT
Written for circ's tests in the style of ModelDB files whose DERIVATIVE
or INITIAL reads a conductance or current that BREAKPOINT assigns (a Ca
pool's cai' = -ica*..., a channel's gk in its rates).  NEURON keeps them
in each instance's parameters: DERIVATIVE reads the values of BREAKPOINT's
last evaluation (at v, before the voltage update); INITIAL reads what was
there before finitialize's evaluation (0 in a fresh process).
ENDCOMMENT

NEURON {
    SUFFIX kbpread
    USEION k READ ek WRITE ik
    RANGE gbar, gk, kg, kik, nstart
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.036 (S/cm2)
    kg = 10 (cm2/S)
    kik = 0.002 (cm2/mA-ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    gk (S/cm2)
    nstart (S/cm2)
    ninf
    ntau (ms)
}

STATE { n }

INITIAL {
    rates(v)
    nstart = gk
    n = ninf + kg*nstart
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gk = gbar*n*n*n*n
    ik = gk*(v - ek)
}

DERIVATIVE states {
    rates(v)
    n' = (ninf - n)/ntau*(1 + kg*gk) + kik*ik
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
