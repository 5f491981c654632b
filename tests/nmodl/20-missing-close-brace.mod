NEURON {
	SUFFIX leak
	NONSPECIFIC_CURRENT i
	RANGE g, e

PARAMETER {
	g = .001 (S/cm2)
	e = -65 (mV)
}
