: a point process reads NEURON's diam, the diameter of the segment it sits
: in, as circ's built-in: reading it is fine, assigning it is refused (as in
: a density mechanism: 110)
NEURON { POINT_PROCESS ppdiam NONSPECIFIC_CURRENT i RANGE g, r }
PARAMETER { g = 0.001 (uS) }
ASSIGNED { v (mV) i (nA) diam (um) r (1) }
INITIAL { r = diam / 1 (um) diam = 2 (um) }
BREAKPOINT { i = g * (v + 70 (mV)) }
