: a NONLINEAR block has as many equations as the states they name (nocmodl:
: "Number of equations, 1, does not equal number, 2")
NEURON { SUFFIX nonlin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) a = 2 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { x y }
BREAKPOINT {
	SOLVE eqs METHOD newton
	i = g*x*v
}
NONLINEAR eqs {
	~ x*x + y = a
}
