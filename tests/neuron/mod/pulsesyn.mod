TITLE pulsesyn.mod   a synapse driven by a transmitter pulse (circ test)

COMMENT
 In the style of ModelDB's pulse synapses: an event opens a transmitter
 pulse of duration Cdur, ended by a self-event (net_send(Cdur, 1), told
 apart by flag); during the pulse the conductance relaxes towards the
 event's weight, after it towards 0.  Written for circ's tests.
ENDCOMMENT

NEURON {
	POINT_PROCESS PulseSyn
	RANGE tau, e, i, Cdur
	NONSPECIFIC_CURRENT i
}

UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
}

PARAMETER {
	tau = 2 (ms) <1e-9, 1e9>
	e = 0 (mV)
	Cdur = 1.5 (ms)
}

ASSIGNED {
	v (mV)
	i (nA)
	gon (uS)
	on
}

STATE { g (uS) }

INITIAL {
	g = 0
	on = 0
	gon = 0
}

BREAKPOINT {
	SOLVE state METHOD cnexp
	i = g*(v - e)
}

DERIVATIVE state {
	g' = (on*gon - g)/tau
}

NET_RECEIVE(weight (uS)) {
	if (flag == 0) {
		gon = weight
		on = 1
		net_send(Cdur, 1)
	} else if (flag == 1) {
		on = 0
	}
}
