: BREAKPOINT is straight-line code for now; its results stay inside it
NEURON { SUFFIX bp NONSPECIFIC_CURRENT i RANGE g, gnow }
PARAMETER { g = 0.001 (S/cm2) }
STATE { m }
ASSIGNED { v (mV) i (mA/cm2) gnow (S/cm2) }
BREAKPOINT {
	SOLVE states METHOD cnexp
	gnow = g*m
	if (v > 0) {
		i = gnow*(v + 70)
	} else {
		i = 0
	}
}
DERIVATIVE states { m' = (gnow - m)/2 }
