: f_flux and b_flux (nocmodl's locals, which each reaction sets) are read
: in the statements after a reaction, not in a reaction's flux or a CONSERVE
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
	x = f_flux - b_flux
	~ C << (f_flux)
	CONSERVE C + O = 1 + b_flux
}
