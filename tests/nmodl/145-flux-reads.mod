: f_flux and b_flux are the last reaction's fluxes: read before the first
: reaction (an unset C variable in NEURON), or in a reaction's rates, they
: are refused; reading them after a reaction is fine
NEURON { SUFFIX fread RANGE x, y }
ASSIGNED { x y }
STATE { a b }
BREAKPOINT { SOLVE state METHOD sparse }
KINETIC state {
	x = f_flux
	~ a <-> b (1, 2)
	~ b <-> a (b_flux, 1)
	y = f_flux - b_flux
}
