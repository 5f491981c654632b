NEURON { SUFFIX leak NONSPECIFIC_CURRENT i }
PARAMETER { g = .001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT {
	i = g*(v + 65)
