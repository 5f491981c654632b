TITLE exp2s.mod   two-state kinetic synapse with a NET_RECEIVE (circ test)

COMMENT
 An Exp2Syn-like synapse in the style of ModelDB's double-exponential
 synapses: rise and decay states, a normalization factor computed in
 INITIAL, a conductance scale, and a NET_RECEIVE that adds the weight.
 Written for circ's tests; not a published model.
ENDCOMMENT

NEURON {
	POINT_PROCESS Exp2S
	RANGE tau1, tau2, e, i, gscale
	NONSPECIFIC_CURRENT i
	RANGE g
}

UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
}

PARAMETER {
	tau1 = 0.5 (ms) <1e-9,1e9>
	tau2 = 4 (ms) <1e-9,1e9>
	e = 0 (mV)
	gscale = 1.5 (1)
}

ASSIGNED {
	v (mV)
	i (nA)
	g (uS)
	factor
}

STATE {
	A (uS)
	B (uS)
}

INITIAL {
	LOCAL tp
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
	g = gscale*(B - A)
	i = g*(v - e)
}

DERIVATIVE state {
	A' = -A/tau1
	B' = -B/tau2
}

NET_RECEIVE(weight (uS)) {
	A = A + weight*factor
	B = B + weight*factor
}
