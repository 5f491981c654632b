TITLE ahpwatch.mod   spike-triggered adaptation by WATCH on v (circ test)

COMMENT
 In the style of ModelDB's threshold-triggered mechanisms: the point
 process arms WATCH (v > vth) at INITIAL's self event; each crossing adds
 gstep to a potassium-like conductance and arms WATCH (v < vreset), whose
 crossing arms the first again.  Flags 1-3 never read the weight (a WATCH
 event brings none).  Written for circ's tests.
ENDCOMMENT

NEURON {
	POINT_PROCESS AHPWatch
	RANGE vth, vreset, gstep, tau, ek, i, n
	NONSPECIFIC_CURRENT i
}

UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
}

PARAMETER {
	vth = -20 (mV)
	vreset = -50 (mV)
	gstep = 0.002 (uS)
	tau = 40 (ms) <1e-9, 1e9>
	ek = -90 (mV)
}

ASSIGNED {
	v (mV)
	i (nA)
	n
}

STATE { g (uS) }

INITIAL {
	g = 0
	n = 0
	net_send(0, 1)
}

BREAKPOINT {
	SOLVE state METHOD cnexp
	i = g*(v - ek)
}

DERIVATIVE state {
	g' = -g/tau
}

NET_RECEIVE(w) {
	if (flag == 1) {
		WATCH (v > vth) 2
	} else if (flag == 2) {
		g = g + gstep
		n = n + 1
		WATCH (v < vreset) 3
	} else if (flag == 3) {
		WATCH (v > vth) 2
	}
}
