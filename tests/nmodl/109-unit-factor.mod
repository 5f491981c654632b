: a parenthesized number is modlunit's unit factor: (1e-3) converts a
: (mS/cm2)*(mV) product to (mA/cm2), a bare 1e-3 does not, and a
: computed unit off by a scale is shown with that scale
NEURON { SUFFIX uf USEION k WRITE ik NONSPECIFIC_CURRENT i RANGE g, e }
UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(mS) = (millisiemens)
}
PARAMETER {
	g = 9 (mS/cm2)
	e = -90 (mV)
}
ASSIGNED { v (mV) ik (mA/cm2) i (mA/cm2) }
BREAKPOINT {
	ik = (1e-3) * g * (v - e)
	i = 1e-3 * g * (v - e)
	i = (2) * g * (v - e)
	i = g * (v - e)
}
