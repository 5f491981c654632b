TITLE expbound.mod   exp() past +-700 as NEURON computes it (circ test)

COMMENT
Written for circ's tests: nocmodl's C calls hoc_Exp for exp(), which gives
0 below -700 and exp(700) above 700 (printing a warning), where libm would
give a subnormal number between -745 and -700 and inf past 709.78.  gdecay
passes through (-745, -700) as t grows, ggrow (scaled by 1e-300) passes 700;
both scale a small leak, so v shows them (their values at t = 0 as
recorded are another matter: see tests/neuron/README.md).
ENDCOMMENT

NEURON {
    SUFFIX expbound
    NONSPECIFIC_CURRENT i
    RANGE g, e, tau, gdecay, ggrow
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}

PARAMETER {
    g = 0.0001 (mho/cm2)
    e = -70 (mV)
    tau = 0.02 (ms)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    gdecay
    ggrow
}

BREAKPOINT {
    bounds()
    i = g * (1 + gdecay * 1e300 + ggrow * 1e-4) * (v - e)
}

PROCEDURE bounds() {
    gdecay = exp(-t / tau)
    ggrow = exp(t / tau) * 1e-300
}
