: a flux '<<' goes into one state; a conserved state takes none
NEURON { SUFFIX kin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) kf = 0.1 (/ms) kb = 0.05 (/ms) }
ASSIGNED { v (mV) i (mA/cm2) x (/ms) }
STATE { C O }
BREAKPOINT {
	SOLVE scheme METHOD sparse
	i = g*O*(v + 70)
}
KINETIC scheme {
	~ C <-> O (kf, kb)
	~ C + O << (x)
	~ O << (x)
	CONSERVE C + O = 1
}
