TITLE kif.mod   K current and a held conductance set on one path of an if (circ test)

COMMENT
Written for circ's tests in the style of ModelDB files whose BREAKPOINT
assigns a current only where a condition holds: ik only where gbar > 0
(an instance with gbar = 0 keeps the ik it started with), and gsamp only
below vhold (above it, gsamp keeps its value from BREAKPOINT's previous
evaluation: in NEURON, at v + 0.001 of the same step or at v of the step
before).  il reads gsamp.
ENDCOMMENT

NEURON {
    THREADSAFE
    SUFFIX kif
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT il
    RANGE gbar, gl, el, gsamp, vhold
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.036 (S/cm2)
    gl = 0.0003 (S/cm2)
    el = -54.3 (mV)
    vhold = -40 (mV)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    il (mA/cm2)
    gsamp (S/cm2)
    ninf
    ntau (ms)
}

STATE { n }

INITIAL {
    rates(v)
    n = ninf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    if (gbar > 0) {
        ik = gbar*n*n*n*n*(v - ek)
    }
    if (v < vhold) {
        gsamp = gl*(1 + n)
    }
    il = gsamp*(v - el)
}

DERIVATIVE states {
    rates(v)
    n' = (ninf - n)/ntau
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
