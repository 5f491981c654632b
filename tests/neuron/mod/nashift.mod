: nashift.mod - a transient Na channel in the style of Hay et al.'s NaTa_t
: (BluePyOpt's l5pc mechanisms) for circ's reference cases: its rates
: PROCEDURE shifts v by +10 mV, computes the gates at the shifted voltage
: (Hay's guard against 0/0 included) and shifts it back.  In NEURON that v
: is the mechanism's own copy, set from the node's at each entry point; the
: node's voltage is never written.
NEURON {
    SUFFIX nashift
    USEION na READ ena WRITE ina
    RANGE gbar, g
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gbar = 0.05 (S/cm2)
}

ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
    g (S/cm2)
    mInf
    mTau (ms)
    mAlpha
    mBeta
    hInf
    hTau (ms)
    hAlpha
    hBeta
}

STATE { m h }

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar * m * m * m * h
    ina = g * (v - ena)
}

DERIVATIVE states {
    rates()
    m' = (mInf - m) / mTau
    h' = (hInf - h) / hTau
}

INITIAL {
    rates()
    m = mInf
    h = hInf
}

PROCEDURE rates() {
    LOCAL qt
    qt = 2.3^((34 - 21) / 10)
    UNITSOFF
    v = v + 10
    if (v == -28) {
        v = v + 0.0001
    }
    mAlpha = (0.182 * (v - -28)) / (1 - (exp(-(v - -28) / 6)))
    mBeta = (0.124 * (-v - 28)) / (1 - (exp(-(-v - 28) / 6)))
    mTau = (1 / (mAlpha + mBeta)) / qt
    mInf = mAlpha / (mAlpha + mBeta)
    if (v == -56) {
        v = v + 0.0001
    }
    hAlpha = (-0.015 * (v - -56)) / (1 - (exp((v - -56) / 6)))
    hBeta = (-0.015 * (-v - 56)) / (1 - (exp((-v - 56) / 6)))
    hTau = (1 / (hAlpha + hBeta)) / qt
    hInf = hAlpha / (hAlpha + hBeta)
    v = v - 10
    UNITSON
}
