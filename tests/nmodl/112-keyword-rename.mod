: names that are circ keywords, as ModelDB files have them (a PROCEDURE
: `state`, a PARAMETER `in`, an argument `to`): `circ convert` prints each
: with an underscore, every use too, and more underscores where the name
: is taken (from_ is)
UNITSOFF
NEURON { SUFFIX kwr NONSPECIFIC_CURRENT i RANGE in }
PARAMETER { g = 0.001 (S/cm2) in = 2 from = -70 (mV) from_ = 1 }
ASSIGNED { v (mV) i (mA/cm2) x }
STATE { m }
INITIAL { m = 0 state() }
BREAKPOINT { SOLVE states METHOD cnexp i = g*m*in*from_*(v - from) }
DERIVATIVE states { state() m' = (x - m)/5 }
PROCEDURE state() { x = half(v, -40) }
FUNCTION half(at (mV), to (mV)) { half = 1/(1 + exp((to - at)/5)) }
