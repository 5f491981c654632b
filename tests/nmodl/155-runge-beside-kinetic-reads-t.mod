: METHOD runge beside a KINETIC block whose rate reads t: the instances
: stepped before this one have moved NEURON's one t (runge's t + dt/2 +
: dt/2 - dt) when this instance's scheme runs
NEURON { SUFFIX rkin NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) kb = 0.05 (/ms) }
STATE { n C O }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT {
	SOLVE states METHOD runge
	SOLVE kin METHOD sparse
	i = g*n*O*(v + 70 (mV))
}
INITIAL { n = 0 C = 1 }
DERIVATIVE states { n' = (1 - n)/5 (ms) }
KINETIC kin {
	~ C <-> O (t/1000 (ms2), kb)
}
