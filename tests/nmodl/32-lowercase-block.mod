NEURON { SUFFIX lc }
parameter {
	g = 1
}
