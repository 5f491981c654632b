TITLE kinc.mod   delayed rectifier whose rate functions are INCLUDEd (circ test)

COMMENT
A potassium delayed rectifier in the style of ModelDB models that keep
their shared rate functions in an include file: INCLUDE "kinc_rates.inc"
brings in FUNCTIONs of two Hodgkin-Huxley forms (an exponential and a
linoid with its limit at 0), which nocmodl reads in place.
ENDCOMMENT

NEURON {
    SUFFIX kinc
    USEION k READ ek WRITE ik
    RANGE gbar
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}

PARAMETER {
    gbar = 0.02 (mho/cm2)
}

STATE { n }

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    an (/ms)
    bn (/ms)
}

INCLUDE "kinc_rates.inc"

INITIAL {
    rates(v)
    n = an/(an + bn)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar*n*n*n*n*(v - ek)
}

DERIVATIVE states {
    rates(v)
    n' = an*(1 - n) - bn*n
}

PROCEDURE rates(v (mV)) {
    an = linoid(v, -52, 0.1, 6)
    bn = expo(v, -62, 0.125, -80)
}
