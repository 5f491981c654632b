: Without currents, a clamp beside other assignments in BREAKPOINT
: (ModelDB's cadRT03: `ica = 0` after the clamp) is refused: only the
: clamps of states go to the end of the derivative block.
NEURON { SUFFIX cla USEION ca READ ica WRITE cai }
ASSIGNED { ica (mA/cm2) }
STATE { cai (mM) }
INITIAL { cai = 1e-4 }
BREAKPOINT {
    SOLVE state METHOD cnexp
    if (cai < 0) { cai = 0 }
    ica = 0
}
DERIVATIVE state { cai' = -0.02*ica + (1e-4 - cai)/80 }
