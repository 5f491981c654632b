: nocmodl pastes a rate's text before '*C': a sum would be only partly multiplied
NEURON { SUFFIX kin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) kf = 0.1 (/ms) kb = 0.05 (/ms) }
ASSIGNED { v (mV) i (mA/cm2) x (/ms) }
STATE { C O }
BREAKPOINT {
	SOLVE scheme METHOD sparse
	i = g*O*(v + 70)
}
KINETIC scheme {
	~ C <-> O (kf + 0.01, kb)
	CONSERVE C + O = 1
}
