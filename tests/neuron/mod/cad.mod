: cad.mod - a calcium pool in ModelDB's style, for circ's NEURON reference
: cases: cai is a STATE written to the ca ion (so NEURON's ion style makes
: cai start at cai0_ca_ion, eca follow it by Nernst at every step), driven
: by the ca current of the section and decaying to cainf.  cad.circ is the
: same mechanism in circ's language.

NEURON {
    SUFFIX cad
    USEION ca READ ica WRITE cai
    RANGE drive, taur, cainf
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
}

PARAMETER {
    drive = 0.5 (mM cm2/mA/ms)
    taur = 50 (ms)
    cainf = 0.0001 (mM)
}

ASSIGNED {
    ica (mA/cm2)
}

STATE { cai (mM) }

INITIAL {
    cai = cainf
}

BREAKPOINT {
    SOLVE state METHOD cnexp
}

DERIVATIVE state {
    cai' = (cainf - cai) / taur - drive * ica
}
