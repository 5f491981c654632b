TITLE statewatch.mod   a synapse that fires when its own trace crosses a level (circ test)

COMMENT
 Each event adds its weight to a decaying trace x; WATCH (x > xth) on that
 state opens a conductance pulse (g jumps by gmax) and resets x, and the
 pulse's end is watched on g itself (g < glow).  Events of flag 0 read the
 weight, WATCH events (flags 2 and 3) never do.  Written for circ's tests.
ENDCOMMENT

NEURON {
	POINT_PROCESS StateWatch
	RANGE taux, xth, gmax, glow, tau, e, i, n
	NONSPECIFIC_CURRENT i
}

UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
}

PARAMETER {
	taux = 10 (ms) <1e-9, 1e9>
	xth = 0.01 (uS)
	gmax = 0.004 (uS)
	glow = 0.001 (uS)
	tau = 3 (ms) <1e-9, 1e9>
	e = 0 (mV)
}

ASSIGNED {
	v (mV)
	i (nA)
	n
}

STATE {
	x (uS)
	g (uS)
}

INITIAL {
	x = 0
	g = 0
	n = 0
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
	} else if (flag == 1) {
		WATCH (x > xth) 2
	} else if (flag == 2) {
		g = g + gmax
		x = 0
		n = n + 1
		WATCH (g < glow) 3
	} else if (flag == 3) {
		WATCH (x > xth) 2
	}
}
