: `circ check` checks units as modlunit does: warnings located in the file,
: none inside UNITSOFF ... UNITSON, none where the units agree
NEURON { SUFFIX uw NONSPECIFIC_CURRENT i RANGE g, e }
UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(volt) = (1000 mV)
}
PARAMETER {
	g = 0.001 (S/cm2)
	e = -70 (mV)
	ev = -0.07 (volt)
	tau = 2 (ms)
}
STATE { n }
ASSIGNED { v (mV) i (mA/cm2) ninf vv (V) }
INITIAL {
	n = 0
	vv = v
	ninf = exp(v/10)
}
BREAKPOINT {
	SOLVE states METHOD cnexp
	i = g*n*(v - e)
}
DERIVATIVE states {
	ninf = 1/(1 + exp(-(v + 40)/5 (mV)))
	n' = (ninf - n)/tau
}
UNITSOFF
FUNCTION f(x) {
	f = x + 40
}
UNITSON
PROCEDURE p() {
	ninf = e + 1
	ninf = ev
}
