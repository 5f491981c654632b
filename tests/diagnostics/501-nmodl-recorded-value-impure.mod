: an ASSIGNED that BREAKPOINT computes is a value of the mechanism: g calls
: a FUNCTION that counts its calls (it assigns the RANGE variable calls), so
: recording g would count once more each step; gp calls a pure one
NEURON {
	SUFFIX impurex
	NONSPECIFIC_CURRENT i
	RANGE gbar, g, gp, calls
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(S) = (siemens)
}

PARAMETER {
	gbar = 0.001 (S/cm2)
}

ASSIGNED {
	v (mV)
	i (mA/cm2)
	g (S/cm2)
	gp (S/cm2)
	calls
}

INITIAL {
	calls = 0
}

BREAKPOINT {
	g = gbar*counted(v)
	gp = gbar*block(v)
	i = (g + gp)*(v + 65)
}

FUNCTION counted(v (mV)) {
	calls = calls + 1
	counted = block(v)
}

FUNCTION block(v (mV)) {
	block = 1/(1 + exp(-v/10))
}
