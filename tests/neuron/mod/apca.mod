TITLE apca.mod   calcium-gated point conductance (circ test)

COMMENT
A point process on the soma whose conductance follows the pool's calcium
through a first-order gate u: it reads cai in INITIAL, in its DERIVATIVE
block and in BREAKPOINT.  Its file name sorts before the pool's, yet NEURON
runs the pool (a mechanism that writes cai) before it.
ENDCOMMENT

NEURON {
    POINT_PROCESS ApCa
    USEION ca READ cai
    NONSPECIFIC_CURRENT i
    RANGE gmax, cahalf, tau, e
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
    (mM) = (milli/liter)
}

PARAMETER {
    gmax = 0.003 (uS)
    cahalf = 0.0003 (mM)
    tau = 25 (ms)
    e = -85 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    cai (mM)
}

STATE { u }

INITIAL {
    u = cai/(cai + cahalf)
}

BREAKPOINT {
    SOLVE gate METHOD cnexp
    i = gmax*u*(v - e)
}

DERIVATIVE gate {
    u' = (cai/(cai + cahalf) - u)/tau
}
