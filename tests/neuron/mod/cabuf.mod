TITLE cabuf.mod   calcium pool with a buffer, as a kinetic scheme (circ test)

COMMENT
Calcium entry and removal towards cainf (a flux into cai), and binding to a buffer, cai + B <-> CaB: a nonlinear scheme, so
sparse iterates Newton steps until converged.  The buffer is conserved.
ENDCOMMENT

NEURON {
    SUFFIX cabuf
    USEION ca READ ica WRITE cai
    RANGE kf, kb, Btot, taur, cainf, depth
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    depth = 0.1 (um)
    taur = 80 (ms)
    cainf = 0.0001 (mM)
    kf = 50 (/mM-ms)
    kb = 0.5 (/ms)
    Btot = 0.05 (mM)
}

ASSIGNED {
    ica (mA/cm2)
    drive (mM/ms)
}

STATE { cai (mM) B (mM) CaB (mM) }

INITIAL {
    cai = cainf
    B = Btot
    CaB = 0
}

BREAKPOINT {
    SOLVE pool METHOD sparse
}

KINETIC pool {
    drive = -ica * 10000 / (2 * FARADAY * depth)
    if (drive < 0) {
        drive = 0
    }
    ~ cai << (drive - (cai - cainf) / taur)
    ~ cai + B <-> CaB (kf, kb)
    CONSERVE B + CaB = Btot
}
