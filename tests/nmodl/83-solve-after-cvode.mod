: METHOD after_cvode or cvode_t after SOLVE of a PROCEDURE changes only
: what CVODE does: with the fixed step it is the plain call; cvode_v is
: not one nocmodl accepts there
NEURON { SUFFIX aftercv NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { m }
BREAKPOINT {
    SOLVE states METHOD after_cvode
    i = g*m*(v + 70)
}
INITIAL { m = 0 }
PROCEDURE states() {
    m = m + 0.1*(1 - m)
}
