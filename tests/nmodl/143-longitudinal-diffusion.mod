: LONGITUDINAL_DIFFUSION is refused: NEURON diffuses the states between the
: segments that have the mechanism after every step, and even a lone
: segment's states are rounded by that solve ((s/dt)/(1/dt))
NEURON { SUFFIX ldif USEION ca READ ica WRITE cai }
DEFINE N 2
ASSIGNED { ica cai diam vrat[N] }
STATE { ca[N] }
BREAKPOINT { SOLVE state METHOD sparse }
KINETIC state {
	COMPARTMENT i, diam*diam*vrat[i] {ca}
	LONGITUDINAL_DIFFUSION i, 0.6*diam*diam*vrat[i] {ca}
	~ ca[0] << (-ica)
	~ ca[0] <-> ca[1] (1, 1)
	cai = ca[0]
}
