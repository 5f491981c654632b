: procedure calls in BREAKPOINT are translated when they come before its assignments
NEURON { SUFFIX late NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) minf }
BREAKPOINT {
	i = g*minf*(v + 70)
	rates(v)
	if (v > 0) {
		rates(v)
	}
}
PROCEDURE rates(v (mV)) {
	minf = 1/(1 + exp(-(v + 40)/5))
}
