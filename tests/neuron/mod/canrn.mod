: canrn.mod - a GHK calcium current whose ghk FUNCTION is NEURON's own
: (eion.cpp nrn_ghk, the ghk() hoc offers): temp = z*v/ktf with ktf =
: 1000*R*(celsius + 273.15)/FARADAY, and efun.  For circ's NEURON reference
: cases (tests/neuron/make_refs.py); canrn.circ is the same mechanism in
: circ's language, calling circ's built-in ghk(v, ci, co, z).

NEURON {
    SUFFIX canrn
    USEION ca READ cai, cao WRITE ica
    RANGE pbar
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (mM) = (milli/liter)
    FARADAY = (faraday) (coulomb)
    R = (k-mole) (joule/degC)
}

PARAMETER {
    pbar = 2e-5 (cm/s)
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ica (mA/cm2)
    cai (mM)
    cao (mM)
    minf
    mtau (ms)
}

STATE { m }

BREAKPOINT {
    SOLVE states METHOD cnexp
    ica = pbar*m*m*ghk(v, cai, cao, 2)
}

INITIAL {
    rates(v)
    m = minf
}

DERIVATIVE states {
    rates(v)
    m' = (minf - m)/mtau
}

PROCEDURE rates(v (mV)) {
    minf = 1/(1 + exp(-(v + 20)/8))
    mtau = 1 + 2/(1 + exp((v + 30)/10))
}

FUNCTION ghk(v (mV), ci (mM), co (mM), z) (.001 coul/cm3) {
    LOCAL temp, eci, eco
    temp = z*v/(1000*R*(celsius + 273.15)/FARADAY)
    eco = co*efun(temp)
    eci = ci*efun(-temp)
    ghk = (.001)*z*FARADAY*(eci - eco)
}

FUNCTION efun(x) {
    if (fabs(x) < 1e-4) {
        efun = 1 - x/2
    } else {
        efun = x/(exp(x) - 1)
    }
}
