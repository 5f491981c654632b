: nocmodl builds a TABLE by running the PROCEDURE at each voltage, its
: SOLVE too (changing the states of whichever instance is current): refused
UNITSOFF
NEURON { SUFFIX lintab NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) a }
STATE { x y }
BREAKPOINT {
	SOLVE states METHOD cnexp
	i = g*x*v
}
INITIAL { rates(v) }
DERIVATIVE states { rates(v) }
PROCEDURE rates(v (mV)) {
	TABLE a FROM -100 TO 100 WITH 200
	a = 1 + exp(v/20)
	SOLVE eqs
}
LINEAR eqs {
	~ a*x + y = 1
	~ x - y = 0
}
