: cagk.mod - a GHK calcium current in ModelDB's style (a ghk FUNCTION with
: efun, FARADAY and R from the UNITS block), for circ's NEURON reference
: cases (tests/neuron/make_refs.py); cagk.circ is the same mechanism in
: circ's language.

NEURON {
    SUFFIX cagk
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
    pbar = 5e-5 (cm/s)
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
    ica = pbar*m*m*ghk(v, cai, cao)
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
    minf = 1/(1 + exp(-(v + 25)/7))
    mtau = 1.5 + 3/(1 + exp((v + 35)/12))
}

FUNCTION ghk(v (mV), ci (mM), co (mM)) (.001 coul/cm3) {
    LOCAL z, eci, eco
    z = (1e-3)*2*FARADAY*v/(R*(celsius + 273.15))
    eco = co*efun(z)
    eci = ci*efun(-z)
    ghk = (.001)*2*FARADAY*(eci - eco)
}

FUNCTION efun(z) {
    if (fabs(z) < 1e-4) {
        efun = 1 - z/2
    } else {
        efun = z/(exp(z) - 1)
    }
}
