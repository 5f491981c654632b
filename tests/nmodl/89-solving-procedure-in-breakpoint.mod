: a PROCEDURE that SOLVEs runs its solve where it is called: BREAKPOINT calls
: it outside a SOLVE, at each voltage NEURON evaluates the current (nrn_cur),
: which circ does not reproduce yet
NEURON { SUFFIX lin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) a = 2 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { x y }
BREAKPOINT {
	update()
	i = g*x*v
}
PROCEDURE update() {
	SOLVE eqs
}
LINEAR eqs {
	~ a*x + y = 1
	~ x - y = 0
}
