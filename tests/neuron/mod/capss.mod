TITLE capss.mod   calcium pool at its quasi-steady state, with a buffer (circ test)

COMMENT
Calcium under a membrane patch whose entry (from ica), saturating pump
and leak towards cainf balance at every step, bound by a fast buffer:
free cai and bound CaB solve a NONLINEAR system once a step.  INITIAL
finds the resting balance without entry (a NONLINEAR block for cai alone,
from a guess), then the buffer bound at that cai (a LINEAR block that
SOLVEs FOR CaB only, reading the state cai as a value).
ENDCOMMENT

NEURON {
    SUFFIX capss
    USEION ca READ ica WRITE cai
    RANGE depth, vmax, km, taur, cainf, Btot, kd
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    depth = 1 (um)
    vmax = 0.0005 (mM/ms)
    km = 0.002 (mM)
    taur = 1 (ms)
    cainf = 0.0001 (mM)
    Btot = 0.05 (mM)
    kd = 0.001 (mM)
}

ASSIGNED {
    ica (mA/cm2)
    drive (mM/ms)
}

STATE { cai (mM) CaB (mM) }

INITIAL {
    cai = cainf
    SOLVE rest
    CaB = 0
    SOLVE bound
}

BREAKPOINT {
    SOLVE pool
}

NONLINEAR rest SOLVEFOR cai {
    ~ cainf / taur = vmax * cai / (cai + km) + cai / taur
}

LINEAR bound SOLVEFOR CaB {
    ~ kd * CaB + cai * CaB = Btot * cai
}

NONLINEAR pool {
    drive = -ica * 10000 / (2 * FARADAY * depth)
    if (drive < 0) {
        drive = 0
    }
    ~ drive + cainf / taur = vmax * cai / (cai + km) + cai / taur
    ~ CaB * (cai + kd) = Btot * cai
}
