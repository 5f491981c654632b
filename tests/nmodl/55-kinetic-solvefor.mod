: a KINETIC block's SOLVEFOR list (solving for some of its states) is not translated yet
NEURON { SUFFIX kin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) kf = 0.1 (/ms) kb = 0.05 (/ms) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { C O }
BREAKPOINT {
	SOLVE scheme METHOD sparse
	i = g*O*(v + 70)
}
KINETIC scheme SOLVEFOR C, O {
	~ C <-> O (kf, kb)
	~ O -> (kb)
}
