TITLE kexp.mod   K and leak currents computed in a PROCEDURE (circ test)

COMMENT
Written for circ's tests in the style of older ModelDB channels: BREAKPOINT
SOLVEs a PROCEDURE (explicit exponential update of n, no METHOD) and then
calls another PROCEDURE that assigns both currents, so NEURON computes
them, and di/dv, by running that call at v + 0.001 mV and at v.
ENDCOMMENT

NEURON {
    SUFFIX kexp
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT il
    RANGE gkbar, gl, el, gk
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}

PARAMETER {
    gkbar = 0.03 (mho/cm2)
    gl = 0.0001 (mho/cm2)
    el = -70 (mV)
    vtraub = -60 (mV)
}

STATE {
    n
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    il (mA/cm2)
    gk (mho/cm2)
    ninf nexp
}

BREAKPOINT {
    SOLVE states
    currents()
}

INITIAL {
    rates(v)
    n = ninf
}

PROCEDURE currents() {
    gk = gkbar*n*n*n*n
    ik = gk*(v - ek)
    il = gl*(v - el)
}

PROCEDURE states() {
    rates(v)
    n = n + nexp*(ninf - n)
}

PROCEDURE rates(v(mV)) { LOCAL a, b, vt, q10
    q10 = 3^((celsius - 36)/10)
    vt = v - vtraub
    if (fabs(15 - vt) < 1e-6) {
        a = 0.032*5
    } else {
        a = 0.032*(15 - vt)/(exp((15 - vt)/5) - 1)
    }
    b = 0.5*exp((10 - vt)/40)
    ninf = a/(a + b)
    nexp = 1 - exp(-dt*q10*(a + b))
}
