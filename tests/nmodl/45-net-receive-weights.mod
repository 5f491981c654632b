: a NET_RECEIVE with a weight vector and its INITIAL: the other arguments are
: the connection's state, but circ keeps the weight itself as it was made
NEURON { POINT_PROCESS Fac NONSPECIFIC_CURRENT i }
PARAMETER { tau = 2 (ms) e = 0 (mV) }
STATE { g (uS) }
ASSIGNED { v (mV) i (nA) }
BREAKPOINT {
	SOLVE state METHOD cnexp
	i = g*(v - e)
}
DERIVATIVE state { g' = -g/tau }
NET_RECEIVE(weight (uS), tlast (ms)) {
	INITIAL { tlast = -1e9 }
	g = g + weight
	tlast = t
	weight = weight*0.9
}
