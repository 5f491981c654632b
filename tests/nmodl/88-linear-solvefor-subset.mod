: a LINEAR block's SOLVEFOR that leaves out a state of its equations (which
: nocmodl then reads as a constant) is not translated yet
NEURON { SUFFIX lin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) a = 2 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { x y z }
BREAKPOINT {
	SOLVE eqs
	i = g*x*v
}
LINEAR eqs SOLVEFOR x, y {
	~ a*x + y = z
	~ x - y = 1
}
