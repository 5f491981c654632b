: METHOD cnexp as nocmodl translates it: an equation that does not read its
: state is stepped as s = s - dt*(-(f)) (q), one with the state in a call
: or a divisor makes the block derivimplicit's (elsewhere); a product of
: factors with the state (m*m) gets a wrong update from nocmodl: refused
NEURON { SUFFIX cnl NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { m q }
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g*m*q*(v + 70)
}
DERIVATIVE states {
    m' = 0.1 - m*m
    q' = 0.01*(v + 65)
}
