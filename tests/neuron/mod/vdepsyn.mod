TITLE vdepsyn.mod   a synapse whose increment depends on the voltage at its event (circ test)

COMMENT
 Each event adds weight * s(v) to the conductance, s a sigmoid of the
 membrane voltage v where the synapse sits, read at the event as NEURON's
 NET_RECEIVE reads it (the node's voltage when the event is delivered).
 Written for circ's tests.
ENDCOMMENT

NEURON {
	POINT_PROCESS VDepSyn
	RANGE tau, e, i, vhalf, slope
	NONSPECIFIC_CURRENT i
}

UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
}

PARAMETER {
	tau = 3 (ms) <1e-9, 1e9>
	e = 0 (mV)
	vhalf = -60 (mV)
	slope = 4 (mV)
}

ASSIGNED {
	v (mV)
	i (nA)
}

STATE { g (uS) }

INITIAL {
	g = 0
}

BREAKPOINT {
	SOLVE state METHOD cnexp
	i = g*(v - e)
}

DERIVATIVE state {
	g' = -g/tau
}

NET_RECEIVE (weight (uS)) {
	g = g + weight / (1 + exp(-(v - vhalf)/slope))
}
