: SOLVE of a DERIVATIVE block and of a KINETIC block in one BREAKPOINT: NEURON
: 8.2.2's nrn_state runs states (cnexp) then kin (sparse); not translated yet
NEURON { SUFFIX dk NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) kf = 0.1 (/ms) kb = 0.05 (/ms) }
STATE { m C O }
ASSIGNED { v (mV) i (mA/cm2) minf }
BREAKPOINT {
	SOLVE states METHOD cnexp
	SOLVE kin METHOD sparse
	i = g*m*O*(v + 70 (mV))
}
INITIAL { m = 0.1 C = 1 O = 0 }
DERIVATIVE states {
	minf = 1/(1+exp(-(v+40 (mV))/5 (mV)))
	m' = (minf - m)/5 (ms)
}
KINETIC kin {
	~ C <-> O (kf*m, kb)
	CONSERVE C + O = 1
}
