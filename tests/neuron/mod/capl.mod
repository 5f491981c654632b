: capl.mod - a calcium pool with no INITIAL block, for circ's NEURON
: reference cases: cai starts where NEURON's finitialize leaves the ion
: (USEION ... WRITE cai makes the ion's style cinit: cai and cao both start
: at cai0_ca_ion and cao0_ca_ion, whatever the section set), then follows
: the section's ica into a shell of the given depth and relaxes to cainf.

NEURON {
    SUFFIX capl
    USEION ca READ ica WRITE cai
    RANGE depth, taur, cainf
}

UNITS {
    (mM) = (milli/liter)
    (um) = (micron)
    (mA) = (milliamp)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    depth = 0.1 (um)
    taur = 50 (ms)
    cainf = 1e-4 (mM)
}

ASSIGNED { ica (mA/cm2) }

STATE { cai (mM) }

BREAKPOINT {
    SOLVE states METHOD cnexp
}

DERIVATIVE states {
    cai' = -(10000) * ica / (2 * FARADAY * depth) + (cainf - cai) / taur
}
