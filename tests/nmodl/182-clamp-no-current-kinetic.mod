: Without currents nocmodl runs BREAKPOINT's statements after the SOLVE in
: nrn_state; after a KINETIC block's (sparse) circ has no such place.
NEURON { SUFFIX clk USEION ca READ ica WRITE cai }
ASSIGNED { ica (mA/cm2) }
STATE { cai (mM) B (mM) }
INITIAL { cai = 1e-4 B = 0 }
BREAKPOINT {
    SOLVE scheme METHOD sparse
    if (cai < 0) { cai = 0 }
}
KINETIC scheme {
    ~ cai <-> B (0.1 (/ms), 0.01 (/ms))
    ~ cai << (-ica)
}
