TITLE tiewatch.mod  two watches crossing in one step; flag 1 sends a zero-delay self event (circ test)

NEURON {
	POINT_PROCESS TieWatch
	RANGE vth, gstep, tau, ek, i
	NONSPECIFIC_CURRENT i
}

UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
}

PARAMETER {
	vth = -20 (mV)
	gstep = 0.002 (uS)
	tau = 40 (ms) <1e-9, 1e9>
	ek = -90 (mV)
}

ASSIGNED {
	v (mV)
	i (nA)
}

STATE { g (uS) }

INITIAL {
	g = 0
	net_send(0, 4)
}

BREAKPOINT {
	SOLVE state METHOD cnexp
	i = g*(v - ek)
}

DERIVATIVE state {
	g' = -g/tau
}

NET_RECEIVE(w) {
	if (flag == 4) {
		WATCH (v > vth) 1
		WATCH (v > vth) 2
	} else if (flag == 1) {
		net_send(0, 3)
	} else if (flag == 2) {
		g = g*2
	} else if (flag == 3) {
		g = g + gstep
	}
}
