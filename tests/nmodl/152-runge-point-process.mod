: METHOD runge in a POINT_PROCESS: each instance's step moves NEURON's t, and
: circ counts the instances of density mechanisms only (a cell's segments)
NEURON { POINT_PROCESS rsyn NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (uS) tau = 5 (ms) e = 0 (mV) }
STATE { s }
ASSIGNED { v (mV) i (nA) }
BREAKPOINT {
	SOLVE states METHOD runge
	i = g*s*(v - e)
}
INITIAL { s = 0 }
DERIVATIVE states { s' = -s/tau }
NET_RECEIVE(w) { s = s + w }
