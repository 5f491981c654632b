TITLE rearmwatch.mod   two watches crossing in one step; re-arming drops the second (circ test)

COMMENT
 Events add their weight to a decaying trace x.  Two watches are armed
 together, WATCH (x > th1) 2, (x > th2) 3 with th1 < th2.  A large event
 takes x over both in one step: both watch events are queued at the same
 t, flag 2's first; its NET_RECEIVE arms WATCH (x < tlow) 4, (x > th2) 3,
 and that first WATCH removes the pending flag 3 event (the re-armed
 watch on th2 starts above it and does not fire).  Slow rises cross th1,
 then th2 later: flag 3 is delivered.  n2 and n3 count them; each adds a
 different conductance step.  Written for circ's tests.
ENDCOMMENT

NEURON {
	POINT_PROCESS RearmWatch
	RANGE taux, th1, th2, tlow, ga, gb, tau, e, i, n2, n3
	NONSPECIFIC_CURRENT i
}

UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
}

PARAMETER {
	taux = 20 (ms) <1e-9, 1e9>
	th1 = 0.01 (uS)
	th2 = 0.02 (uS)
	tlow = 0.005 (uS)
	ga = 0.002 (uS)
	gb = 0.006 (uS)
	tau = 4 (ms) <1e-9, 1e9>
	e = 0 (mV)
}

ASSIGNED {
	v (mV)
	i (nA)
	n2
	n3
}

STATE {
	x (uS)
	g (uS)
}

INITIAL {
	x = 0
	g = 0
	n2 = 0
	n3 = 0
	net_send(0, 1)
}

BREAKPOINT {
	SOLVE state METHOD cnexp
	i = g*(v - e)
}

DERIVATIVE state {
	x' = -x/taux
	g' = -g/tau
}

NET_RECEIVE(w (uS)) {
	if (flag == 0) {
		x = x + w
	} else if (flag == 1 || flag == 4) {
		WATCH (x > th1) 2, (x > th2) 3
	} else if (flag == 2) {
		g = g + ga
		n2 = n2 + 1
		WATCH (x < tlow) 4, (x > th2) 3
	} else if (flag == 3) {
		g = g + gb
		n3 = n3 + 1
		WATCH (x < tlow) 4
	}
}
