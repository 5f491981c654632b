NEURON { SUFFIX stepper }
STATE { x }
DISCRETE step {
	x = x@1 + 1
}
