: a state belongs to one COMPARTMENT (the volume its equation is multiplied by)
NEURON { SUFFIX kin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) kf = 0.1 (/ms) kb = 0.05 (/ms) }
ASSIGNED { v (mV) i (mA/cm2) x (/ms) }
STATE { C O }
BREAKPOINT {
	SOLVE scheme METHOD sparse
	i = g*O*(v + 70)
}
KINETIC scheme {
	COMPARTMENT 2 {C O}
	COMPARTMENT 3 {O}
	~ C <-> O (kf, kb)
}
