: NET_RECEIVE's own INITIAL runs once per connection before the run: it may
: not set v, which the NET_RECEIVE block itself may
NEURON { POINT_PROCESS Reset RANGE vreset NONSPECIFIC_CURRENT i }
PARAMETER { vreset = -60 (mV) }
ASSIGNED { v (mV) i (nA) }
BREAKPOINT { i = 0 }
NET_RECEIVE(w, n) {
	INITIAL { v = vreset }
	n = n + 1
	v = vreset
}
