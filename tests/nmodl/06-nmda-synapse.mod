TITLE NMDA synapse with magnesium block (two-exponential conductance)

COMMENT
A point process in the style of ModelDB NMDA synapses: a rise and a decay
state, Jahr & Stevens magnesium block, a NET_RECEIVE with a weight vector
whose INITIAL block sets per-connection state, and net_send for a
self-event that marks the end of the transmitter pulse.
ENDCOMMENT

NEURON {
	POINT_PROCESS NMDAsyn
	NONSPECIFIC_CURRENT i
	RANGE tau1, tau2, e, i, g, mg, gmax
	GLOBAL total
}

UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
	(mM) = (milli/liter)
}

PARAMETER {
	tau1 = 3 (ms) <1e-9, 1e9>
	tau2 = 70 (ms) <1e-9, 1e9>
	e = 0 (mV)
	mg = 1 (mM)
	gmax = 1 (uS)
	Cdur = 1 (ms)
}

ASSIGNED {
	v (mV)
	i (nA)
	g (uS)
	factor
	total (uS)
}

STATE {
	A (uS)
	B (uS)
}

INITIAL {
	LOCAL tp
	total = 0
	if (tau1/tau2 > 0.9999) {
		tau1 = 0.9999*tau2
	}
	A = 0
	B = 0
	tp = (tau1*tau2)/(tau2 - tau1) * log(tau2/tau1)
	factor = -exp(-tp/tau1) + exp(-tp/tau2)
	factor = 1/factor
}

BREAKPOINT {
	SOLVE state METHOD cnexp
	g = gmax*(B - A)*mgblock(v)
	i = g*(v - e)
}

DERIVATIVE state {
	A' = -A/tau1
	B' = -B/tau2
}

FUNCTION mgblock(v (mV)) {
	TABLE DEPEND mg FROM -140 TO 80 WITH 1000
	: from Jahr & Stevens
	mgblock = 1 / (1 + exp(0.062 (/mV) * -v) * (mg / 3.57 (mM)))
}

NET_RECEIVE(weight (uS), nspike, tlast (ms)) {
	INITIAL {
		nspike = 0
		tlast = -1e9
	}
	if (flag == 0) {
		nspike = nspike + 1
		tlast = t
		A = A + weight*factor
		B = B + weight*factor
		total = total + weight
		net_send(Cdur, 1)
	} else if (flag == 1) {
		nspike = nspike - 1
	} else {
		VERBATIM
		/* never reached */
		ENDVERBATIM
	}
}
