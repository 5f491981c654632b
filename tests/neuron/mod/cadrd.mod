TITLE cadrd.mod   calcium pool that reads and writes cai (circ test)

COMMENT
A submembrane calcium pool written as many ModelDB pools are (Destexhe's
cadecay.mod and its descendants): the ion line lists cai under READ as well
as WRITE, and cai is the pool's STATE.  Entry from an inward ica into a shell
of the given depth, first-order removal towards cainf; cnexp.
ENDCOMMENT

NEURON {
    SUFFIX cadrd
    USEION ca READ ica, cai WRITE cai
    RANGE depth, taur, cainf
}

UNITS {
    (molar) = (1/liter)
    (mM) = (millimolar)
    (um) = (micron)
    (mA) = (milliamp)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    depth = 0.2 (um)
    taur = 80 (ms)
    cainf = 1e-4 (mM)
}

STATE { cai (mM) }

ASSIGNED {
    ica (mA/cm2)
    drive (mM/ms)
}

INITIAL {
    cai = cainf
}

BREAKPOINT {
    SOLVE integrate METHOD cnexp
}

DERIVATIVE integrate {
    drive = -(10000) * ica / (2 * FARADAY * depth)
    if (drive < 0) { drive = 0 }
    cai' = drive + (cainf - cai)/taur
}
