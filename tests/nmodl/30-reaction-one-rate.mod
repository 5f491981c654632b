NEURON { SUFFIX kin }
STATE { c o }
KINETIC scheme {
	~ c <-> o (kf)
	CONSERVE c + o = 1
}
