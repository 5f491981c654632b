TITLE cadi.mod   Destexhe's calcium pool, METHOD derivimplicit (circ test)

COMMENT
The submembrane calcium pool of Destexhe et al. (ModelDB's cad.mod): entry
from ica into a shell of the given depth (an inward current only), and
first-order removal towards cainf, integrated with derivimplicit.
ENDCOMMENT

NEURON {
    SUFFIX cadi
    USEION ca READ ica WRITE cai
    RANGE depth, taur, cainf
}

UNITS {
    (molar) = (1/liter)
    (mM) = (millimolar)
    (um) = (micron)
    (mA) = (milliamp)
    (msM) = (ms mM)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    depth = 0.1 (um)
    taur = 200 (ms)
    cainf = 2.4e-4 (mM)
}

STATE { cai (mM) }

INITIAL {
    cai = cainf
}

ASSIGNED {
    ica (mA/cm2)
    drive_channel (mM/ms)
}

BREAKPOINT {
    SOLVE state METHOD derivimplicit
}

DERIVATIVE state {
    drive_channel = -(10000) * ica / (2 * FARADAY * depth)
    if (drive_channel <= 0.) { drive_channel = 0. }
    cai' = drive_channel + (cainf - cai)/taur
}
