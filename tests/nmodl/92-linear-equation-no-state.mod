: every equation names a state to solve for (nocmodl: "previous equation
: contains no state variables")
NEURON { SUFFIX lin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) a = 2 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { x y }
INITIAL {
	SOLVE eqs
}
BREAKPOINT {
	i = g*x*v
}
LINEAR eqs {
	~ a*x + y = 1
	~ a = 2
}
