: WATCH outside NET_RECEIVE (nocmodl: "WATCH" statement only allowed in NET_RECEIVE block)
NEURON {
	POINT_PROCESS Early
	RANGE vth
	NONSPECIFIC_CURRENT i
}
PARAMETER { vth = -20 (mV) }
ASSIGNED { v (mV) i (nA) }
INITIAL {
	WATCH (v > vth) 2
}
BREAKPOINT { i = 0 }
NET_RECEIVE(w) {
	i = 0
}
