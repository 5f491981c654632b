TITLE nainst.mod   Na current with instantaneous activation (circ test)

COMMENT
A Wang-Buzsaki-style sodium current: activation m is at its steady state
at every voltage, computed by a PROCEDURE called in BREAKPOINT (so NEURON
evaluates it at v + 0.001 mV and at v for di/dv); inactivation h is a
state (cnexp).
ENDCOMMENT

NEURON {
    SUFFIX nainst
    USEION na READ ena WRITE ina
    RANGE gbar
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.035 (S/cm2)
    phi = 5
}

ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
    minf
    hinf
    htau (ms)
}

STATE { h }

BREAKPOINT {
    SOLVE states METHOD cnexp
    rates(v)
    ina = gbar * minf * minf * minf * h * (v - ena)
}

INITIAL {
    rates(v)
    h = hinf
}

DERIVATIVE states {
    rates(v)
    h' = (hinf - h) / htau
}

UNITSOFF
PROCEDURE rates(v (mV)) {
    LOCAL am, bm, ah, bh
    am = 0.1 * vtrap(-(v + 35), 10)
    bm = 4 * exp(-(v + 60) / 18)
    minf = am / (am + bm)
    ah = 0.07 * exp(-(v + 58) / 20)
    bh = 1 / (exp(-0.1 * (v + 28)) + 1)
    hinf = ah / (ah + bh)
    htau = 1 / (phi * (ah + bh))
}

FUNCTION vtrap(x, y) {
    if (fabs(x / y) < 1e-6) {
        vtrap = y * (1 - x / y / 2)
    } else {
        vtrap = x / (exp(x / y) - 1)
    }
}
UNITSON
