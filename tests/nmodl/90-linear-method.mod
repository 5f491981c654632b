: a LINEAR block is solved by simeq (METHOD simeq or none), a NONLINEAR one
: by newton
NEURON { SUFFIX lin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) a = 2 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { x y }
BREAKPOINT {
	SOLVE eqs METHOD cnexp
	i = g*x*v
}
LINEAR eqs {
	~ a*x + y = 1
	~ x - y = 0
}
