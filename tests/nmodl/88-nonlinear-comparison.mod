: nocmodl writes a NONLINEAR equation as the C text `-(left) + right`, so a
: comparison on the right compares that sum: refused
NEURON { SUFFIX nonlin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) a = 2 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { x y }
BREAKPOINT {
	SOLVE eqs
	i = g*x*v
}
NONLINEAR eqs {
	~ x*x + y = a > 1
	~ x - y = 0
}
