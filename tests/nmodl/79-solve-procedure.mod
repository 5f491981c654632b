: SOLVE of a PROCEDURE is its call once a step (nocmodl's nrn_state): no
: METHOD, no STEADYSTATE, no arguments; a VERBATIM return 0; ending a
: PROCEDURE is what nocmodl's C does anyway, any other C is refused
NEURON { SUFFIX explicit NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) minf mexp }
STATE { m }
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g*m*(v + 70)
}
INITIAL { m = 0 }
PROCEDURE states() {
    rates(v)
    m = m + mexp*(minf - m)
    VERBATIM
    return 0;
    ENDVERBATIM
}
PROCEDURE rates(x (mV)) {
    minf = 1/(1 + exp(-x/10))
    mexp = 1 - exp(-dt)
    VERBATIM
    return 1;
    ENDVERBATIM
}
PROCEDURE early() {
    VERBATIM
    return 0;
    ENDVERBATIM
    minf = 0
}
