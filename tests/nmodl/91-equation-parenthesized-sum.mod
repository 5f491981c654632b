: nocmodl reads (a + b) at the start of a side as one term, added once;
: circ's tree cannot keep those parentheses, so the sum is refused
NEURON { SUFFIX nonlin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) a = 2 b = 0.5 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { x y }
BREAKPOINT {
	SOLVE eqs
	i = g*x*v
}
NONLINEAR eqs {
	~ x*x + y = (a + b) - 1
	~ x - y = 0
}
