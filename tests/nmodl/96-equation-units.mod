: the sides of a LINEAR or NONLINEAR equation are checked as modlunit does:
: a warning, the file still translates
NEURON { SUFFIX buf NONSPECIFIC_CURRENT i RANGE g }
UNITS { (mM) = (milli/liter) (mA) = (milliamp) (S) = (siemens) (mV) = (millivolt) }
PARAMETER { g = 0.001 (S/cm2) kd = 0.002 (mM) Btot = 0.05 (mM) tau = 2 (ms) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { ca (mM) CaB (mM) }
INITIAL {
	ca = 0.0001 (mM)
	CaB = 0 (mM)
	SOLVE bound
}
BREAKPOINT {
	i = g*v*CaB/Btot
}
NONLINEAR bound {
	~ CaB*(kd + ca) = Btot*ca
	~ ca + CaB = tau
}
