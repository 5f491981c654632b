TITLE timewatch.mod   a watch armed just below its level (circ test)

COMMENT
 INITIAL sends itself an event at tarm; its NET_RECEIVE arms WATCH (t > tw) 2.
 NEURON's activation counts a value >= -hoc_epsilon (1e-11) as already
 above: with tw within 1e-11 ms after tarm the watch never fires, with tw
 further away it fires at the first check after tw, adding gstep to a
 decaying conductance.  Written for circ's tests.
ENDCOMMENT

NEURON {
	POINT_PROCESS TimeWatch
	RANGE tarm, tw, gstep, tau, e, i, n
	NONSPECIFIC_CURRENT i
}

UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
}

PARAMETER {
	tarm = 5 (ms)
	tw = 5 (ms)
	gstep = 0.01 (uS)
	tau = 5 (ms) <1e-9, 1e9>
	e = 0 (mV)
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
	net_send(tarm, 1)
}

BREAKPOINT {
	SOLVE state METHOD cnexp
	i = g*(v - e)
}

DERIVATIVE state {
	g' = -g/tau
}

NET_RECEIVE(w) {
	if (flag == 1) {
		WATCH (t > tw) 2
	} else if (flag == 2) {
		g = g + gstep
		n = n + 1
	}
}
