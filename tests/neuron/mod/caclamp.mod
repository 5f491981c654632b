: caclamp.mod - a calcium pool in ModelDB's style (Destexhe's cad.mod):
: cai is a STATE the file WRITEs to the ca ion, and BREAKPOINT clamps it at
: 0 and at a ceiling after the SOLVE.  Without currents nocmodl runs those
: statements in nrn_state, after the update and before `_ion_cai = cai`.
: The leak pulls cai below 0 at rest (the clamp at 0 fires), a spike's
: calcium current pushes it past the ceiling.

NEURON {
    SUFFIX caclamp
    USEION ca READ ica WRITE cai
    RANGE drive, taur, cainf, ceiling, leak
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
}

PARAMETER {
    drive = 0.02 (mM cm2/mA/ms)
    taur = 80 (ms)
    cainf = 0.0001 (mM)
    ceiling = 0.0004 (mM)
    leak = 2e-5 (mM/ms)
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
    if (cai < 0) { cai = 0 }
    if (cai > ceiling) { cai = ceiling }
}

DERIVATIVE state {
    cai' = (cainf - cai) / taur - drive * ica - leak
}
