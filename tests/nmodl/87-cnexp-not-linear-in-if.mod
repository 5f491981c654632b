: nocmodl checks every equation of a cnexp DERIVATIVE block, inside an if
: too: a product of factors with the state there is refused as at the top
NEURON { SUFFIX cnli NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { m }
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g*m*(v + 70)
}
DERIVATIVE states {
    if (v > -100) {
        m' = 0.1 - m*m
    }
}
