: capinit.mod - a calcium pool in ModelDB's style that starts at its steady
: state for the calcium current it sees in INITIAL (cai = cainf - drive *
: taur * ica), for circ's NEURON reference cases.  What INITIAL reads of ica
: is NEURON's finitialize order: every mechanism's INITIAL runs before the
: currents are computed at t = 0, so in a fresh NEURON ica is 0 there even
: though cal (before capinit in type order) writes ica; ica0 keeps what it
: read.

NEURON {
    SUFFIX capinit
    USEION ca READ ica WRITE cai
    RANGE drive, taur, cainf, ica0
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
}

PARAMETER {
    drive = 0.02 (mM cm2/mA/ms)
    taur = 80 (ms)
    cainf = 0.0001 (mM)
}

ASSIGNED {
    ica (mA/cm2)
    ica0 (mA/cm2)
}

STATE { cai (mM) }

INITIAL {
    ica0 = ica
    cai = cainf - drive * taur * ica
}

BREAKPOINT {
    SOLVE state METHOD cnexp
}

DERIVATIVE state {
    cai' = (cainf - cai) / taur - drive * ica
}
