: a kinetic scheme solved without METHOD sparse (nocmodl's default is another solver) is not translated
NEURON { SUFFIX kin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) kf = 0.1 (/ms) kb = 0.05 (/ms) }
STATE { C O }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT {
	SOLVE scheme
	i = g*O*(v + 70)
}
KINETIC scheme {
	~ C <-> O (kf, kb)
	CONSERVE C + O = 1
}
