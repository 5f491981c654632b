: a state of the KINETIC block that the DERIVATIVE block BREAKPOINT also
: SOLVEs gives an equation: NEURON would step O twice a step (states, then
: the scheme); refused, each block integrates its own states
NEURON { SUFFIX dk2 NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) kf = 0.1 (/ms) kb = 0.05 (/ms) }
STATE { m C O }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT {
	SOLVE kin METHOD sparse
	SOLVE states METHOD cnexp
	i = g*m*O*(v + 70 (mV))
}
INITIAL { m = 0.1 C = 1 O = 0 }
DERIVATIVE states {
	m' = (1 - m)/5 (ms)
	O' = -O/20 (ms)
}
KINETIC kin {
	~ C <-> O (kf*m, kb)
	CONSERVE C + O = 1
}
