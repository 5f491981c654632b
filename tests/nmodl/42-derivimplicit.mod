: METHOD adams (and others) is not translated yet: cnexp, derivimplicit, euler and runge are
NEURON { SUFFIX leakgate NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) tau = 5 (ms) }
STATE { n }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT {
	SOLVE states METHOD adams
	i = g*n*(v + 70)
}
INITIAL { n = 0.5 }
DERIVATIVE states { n' = (1 - n)/tau }
