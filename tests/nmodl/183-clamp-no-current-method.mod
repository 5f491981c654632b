: Without currents, after a DERIVATIVE block solved by derivimplicit (or
: euler, runge): circ's block is the integration itself, the statements
: after the SOLVE would be part of it.  Refused.
NEURON { SUFFIX clm USEION ca READ ica WRITE cai RANGE ceiling }
PARAMETER { ceiling = 0.001 (mM) }
ASSIGNED { ica (mA/cm2) }
STATE { cai (mM) }
INITIAL { cai = 1e-4 }
BREAKPOINT {
    SOLVE state METHOD derivimplicit
    if (cai > ceiling) { cai = ceiling }
}
DERIVATIVE state { cai' = -0.02*ica + (1e-4 - cai)/80 }
