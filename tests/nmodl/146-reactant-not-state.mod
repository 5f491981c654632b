: a reaction's reactant may be a value that is not a STATE (a factor of the
: flux, as cao in a pump), but a flux `<<` goes into a STATE, CONSERVE and
: COMPARTMENT name STATEs
NEURON { SUFFIX rvals USEION ca READ cao }
ASSIGNED { cao vol }
STATE { p pc }
BREAKPOINT { SOLVE state METHOD sparse }
KINETIC state {
	COMPARTMENT vol {p cao}
	~ pc <-> p + cao (1, 2)
	~ cao << (1)
	CONSERVE p + pc + cao = 1
}
