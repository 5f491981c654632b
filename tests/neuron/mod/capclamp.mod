: capclamp.mod - a calcium pool with a pump current: cai is a STATE the
: file WRITEs, clamped in BREAKPOINT, whose pump current reads it.  With a
: current nocmodl runs BREAKPOINT's statements in nrn_cur, at v + 0.001 and
: at v, each step and at finitialize, on cai read from the ion, and writes
: the clamped value back (`_ion_cai = cai`).

NEURON {
    SUFFIX capclamp
    USEION ca READ ica WRITE cai
    NONSPECIFIC_CURRENT ip
    RANGE drive, taur, cainf, ceiling, leak, kp
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
    kp = 0.5 (mA/cm2/mM)
}

ASSIGNED {
    ica (mA/cm2)
    ip (mA/cm2)
}

STATE { cai (mM) }

INITIAL {
    cai = cainf
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    if (cai < 0) { cai = 0 }
    if (cai > ceiling) { cai = ceiling }
    ip = kp * cai
}

DERIVATIVE state {
    cai' = (cainf - cai) / taur - drive * ica - leak
}
