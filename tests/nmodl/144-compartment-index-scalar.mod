: COMPARTMENT with an index takes arrays: nocmodl multiplies a scalar's
: equation at whatever index an earlier loop of its C left
NEURON { SUFFIX cscal }
DEFINE N 2
ASSIGNED { vol[N] }
STATE { a[N] b }
BREAKPOINT { SOLVE state METHOD sparse }
KINETIC state {
	COMPARTMENT i, vol[i] {a b}
	~ a[0] <-> a[1] (1, 1)
	~ a[1] <-> b (1, 1)
}
