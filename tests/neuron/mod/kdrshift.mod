: kdrshift.mod - a delayed rectifier K current in the style of ModelDB's
: kdr.mod files with a temperature factor: THREADSAFE, its TABLE DEPENDs on
: celsius and on the RANGE PARAMETER q10, and reads the RANGE PARAMETER
: vshift too.
NEURON {
    THREADSAFE
    SUFFIX kdrshift
    USEION k READ ek WRITE ik
    RANGE gbar, ik, vshift, q10
}

UNITS {
    (mV) = (millivolt)
    (mA) = (milliamp)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.03 (S/cm2)
    vshift = 0 (mV)
    q10 = 3
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    ninf
    ntau (ms)
}

STATE { n }

BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar * n * n * n * n * (v - ek)
}

INITIAL {
    rates(v)
    n = ninf
}

DERIVATIVE states {
    rates(v)
    n' = (ninf - n) / ntau
}

PROCEDURE rates(v (mV)) {
    LOCAL a, b, qt
    TABLE ninf, ntau DEPEND celsius, q10 FROM -100 TO 100 WITH 200
    UNITSOFF
    qt = q10^((celsius - 6.3) / 10)
    a = 0.01 * vtrap(-(v - vshift + 55), 10)
    b = 0.125 * exp(-(v - vshift + 65) / 80)
    ntau = 1 / (qt * (a + b))
    ninf = a / (a + b)
    UNITSON
}

FUNCTION vtrap(x, y) {
    if (fabs(x / y) < 1e-6) {
        vtrap = y * (1 - x / y / 2)
    } else {
        vtrap = x / (exp(x / y) - 1)
    }
}
