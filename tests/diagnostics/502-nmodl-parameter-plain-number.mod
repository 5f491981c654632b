: a leak whose reversal is a PARAMETER in volts and its time constant in
: msec: units circ reads (once it did not, and its files gave plain numbers)
NEURON {
	SUFFIX leakv
	NONSPECIFIC_CURRENT i
	RANGE g, ev, tau0
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(S) = (siemens)
}

PARAMETER {
	g = 0.001 (S/cm2)
	ev = -0.07 (volt)
	tau0 = 2 (msec)
}

ASSIGNED {
	v (mV)
	i (mA/cm2)
}

BREAKPOINT {
	i = g*(v - 1000*ev)
}
