: STEADYSTATE is translated for the KINETIC block BREAKPOINT solves, with sparse
NEURON { SUFFIX kin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) kf = 0.1 (/ms) kb = 0.05 (/ms) }
ASSIGNED { v (mV) i (mA/cm2) x (/ms) }
STATE { m }
INITIAL {
	SOLVE states STEADYSTATE derivimplicit
}
BREAKPOINT {
	SOLVE states METHOD cnexp
	i = g*m*(v + 70)
}
DERIVATIVE states {
	m' = (1 - m)*kf
}
