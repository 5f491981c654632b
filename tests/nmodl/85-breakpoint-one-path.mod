: a variable BREAKPOINT sets on one path of an if keeps its last value, per
: instance (ik, gk): refused where the if is inside another (g2) or an
: else if (g3), where NEURON keeps one value for all instances (gglob:
: GLOBAL), where it is assigned again after the if (g4) or
: read before it (g5: the currents run after the update)
NEURON {
    SUFFIX onepath
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT i
    RANGE gbar, gk, g2, g3, g4, g5
    GLOBAL gglob
}
PARAMETER { gbar = 0.01 (S/cm2) }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) i (mA/cm2) gk (S/cm2) g2 g3 g4 g5 gglob y }
BREAKPOINT {
    if (gbar > 0) { ik = gbar*(v - ek) }
    if (v < -40) { gk = gbar }
    if (v < 0) {
        if (v < -20) { g2 = 1 }
    } else {
        g2 = 2
    }
    if (v < -50) {
        g3 = 1
    } else if (v < -30) {
        g3 = 2
    }
    if (v < -60) { gglob = 1 }
    if (v < -70) { g4 = 1 }
    g4 = g4 + 1
    y = g5
    if (v < -80) { g5 = 1 }
    i = gk*g2*g3*gglob*g4*y*(v - ek)
}
