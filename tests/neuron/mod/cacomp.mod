TITLE cacomp.mod   calcium and a buffer in two compartments (circ test)

COMMENT
The pool of cabuf.mod with COMPARTMENT volumes: free calcium in a shell
of volume vol, the buffer in a part vbuf of it.  Each state's equation is
multiplied by its compartment's volume, so fluxes are amounts per time
(the buffer reaction's rates times vbuf) and the conserved total is an
amount (Btot*vbuf).
ENDCOMMENT

NEURON {
    SUFFIX cacomp
    USEION ca READ ica WRITE cai
    RANGE depth, taur, cainf, kf, kb, Btot, vol, vbuf
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
    vol = 2 (um3)
    vbuf = 0.6 (um3)
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

UNITSOFF
KINETIC pool {
    COMPARTMENT vol {cai}
    COMPARTMENT vbuf {B CaB}
    drive = -ica * 10000 / (2 * FARADAY * depth)
    if (drive < 0) {
        drive = 0
    }
    ~ cai << (vol * (drive - (cai - cainf) / taur))
    ~ cai + B <-> CaB (kf * vbuf, kb * vbuf)
    CONSERVE B + CaB = Btot * vbuf
}
UNITSON
