: the PROCEDURE SOLVE calls takes no arguments, and STEADYSTATE is for
: DERIVATIVE and KINETIC blocks
NEURON { SUFFIX explicit2 NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { m }
BREAKPOINT {
    SOLVE states
    i = g*m*(v + 70)
}
INITIAL { SOLVE states STEADYSTATE sparse }
PROCEDURE states(x) {
    m = m + x
}
