NEURON { SUFFIX cagk USEION ca READ cai }
PARAMETER {
	gkbar = .01 (mho/cm2)
	cai (mM) = 1e-3
	d1 = .84
}
