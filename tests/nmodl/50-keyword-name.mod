: a variable named like a circ keyword: imported fine, but not printable as .circ
NEURON { SUFFIX kw NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) }
PARAMETER { from = -70 (mV) }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = g*(v - from) }
