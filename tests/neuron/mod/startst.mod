: startst.mod - STATE START values (nocmodl's initmodel sets s = s0, the
: START value, before INITIAL's statements; a concentration the mechanism
: writes starts from the ion's value instead, whatever its START), written
: for circ's tests in ModelDB's style: a slow conductance g that starts at
: 0.4 and relaxes to 0.1, a gate q that INITIAL doubles from its START, and
: a calcium pool whose START NEURON ignores.
NEURON {
    SUFFIX startst
    USEION ca READ ica WRITE cai
    NONSPECIFIC_CURRENT i
    RANGE gmax, e
}
UNITS {
    (mV) = (millivolt)
    (mA) = (milliamp)
    (S) = (siemens)
    (mM) = (milli/liter)
    FARADAY = (faraday) (coulombs)
}
PARAMETER {
    gmax = 0.0005 (S/cm2)
    e = -80 (mV)
    depth = 0.1 (um)
    taur = 20 (ms)
    cainf = 0.0001 (mM)
    taug = 4 (ms)
    tauq = 30 (ms)
}
ASSIGNED { v (mV) i (mA/cm2) ica (mA/cm2) }
STATE {
    g START 0.4
    q START 0.25
    cai START 0.003 (mM)
}
INITIAL { q = q * 2 }
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = gmax * g * q * (v - e)
}
DERIVATIVE states {
    g' = (0.1 - g) / taug
    q' = -q / tauq
    cai' = -(10000) * ica / (2 * FARADAY * depth) + (cainf - cai) / taur
}
