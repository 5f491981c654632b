TITLE naexp.mod   Na current updated by explicit exponential steps (circ test)

COMMENT
Written for circ's tests in the style of older ModelDB channels: the
states are advanced by a PROCEDURE that BREAKPOINT SOLVEs without a
METHOD (m = m + mexp*(minf - m), the exponential factors tabulated with
DEPEND dt; the temperature factor tadj an ASSIGNED the TABLE does not
list, which NEURON sets only while building the table), and the PROCEDURE
ends in a VERBATIM return 0; as those files often do.  The VERBATIM block
makes nocmodl's output not thread safe.
ENDCOMMENT

NEURON {
    SUFFIX naexp
    USEION na READ ena WRITE ina
    RANGE gnabar, gna
    GLOBAL minf, hinf, mexp, hexp
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}

PARAMETER {
    gnabar = 0.1 (mho/cm2)
    vtraub = -60 (mV)
}

STATE {
    m h
}

ASSIGNED {
    v (mV)
    dt (ms)
    celsius (degC)
    ena (mV)
    ina (mA/cm2)
    gna (mho/cm2)
    minf hinf mexp hexp
    tadj
}

BREAKPOINT {
    SOLVE states
    gna = gnabar*m*m*m*h
    ina = gna*(v - ena)
}

INITIAL {
    rates(v)
    m = minf
    h = hinf
}

PROCEDURE states() {    : exact when v and dt are constant over the step
    rates(v)
    m = m + mexp*(minf - m)
    h = h + hexp*(hinf - h)
    VERBATIM
    return 0;
    ENDVERBATIM
}

PROCEDURE rates(v(mV)) { LOCAL a, b, tinc, vt
    TABLE minf, mexp, hinf, hexp DEPEND dt, celsius FROM -100 TO 100 WITH 200
    tadj = 3^((celsius - 36)/10)
    tinc = -dt*tadj
    vt = v - vtraub
    a = 0.32*vtrap(13 - vt, 4)
    b = 0.28*vtrap(vt - 40, 5)
    minf = a/(a + b)
    mexp = 1 - exp(tinc*(a + b))
    a = 0.128*exp((17 - vt)/18)
    b = 4/(1 + exp((40 - vt)/5))
    hinf = a/(a + b)
    hexp = 1 - exp(tinc*(a + b))
}

FUNCTION vtrap(x, y) {
    if (fabs(x/y) < 1e-6) {
        vtrap = y*(1 - x/y/2)
    } else {
        vtrap = x/(exp(x/y) - 1)
    }
}
