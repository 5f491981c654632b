TITLE nmdax.mod   NMDA synapse with a tabulated magnesium block (circ test)

COMMENT
 A two-exponential NMDA conductance with the Jahr & Stevens magnesium
 block, in the style of ModelDB's NMDA synapses: the block is a FUNCTION
 with a TABLE that DEPENDs on the GLOBAL magnesium concentration, the
 NET_RECEIVE adds the weight, and the current goes through the block.
 Written for circ's tests; not a published model.
ENDCOMMENT

NEURON {
	POINT_PROCESS NMDAx
	NONSPECIFIC_CURRENT i
	RANGE tau1, tau2, e, i, g
	GLOBAL mg
}

UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
	(mM) = (milli/liter)
}

PARAMETER {
	tau1 = 2 (ms) <1e-9, 1e9>
	tau2 = 60 (ms) <1e-9, 1e9>
	e = 0 (mV)
	mg = 1 (mM)
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
	A = 0
	B = 0
	tp = (tau1*tau2)/(tau2 - tau1) * log(tau2/tau1)
	factor = -exp(-tp/tau1) + exp(-tp/tau2)
	factor = 1/factor
}

BREAKPOINT {
	SOLVE state METHOD cnexp
	g = (B - A)*mgblock(v)
	i = g*(v - e)
}

DERIVATIVE state {
	A' = -A/tau1
	B' = -B/tau2
}

FUNCTION mgblock(v (mV)) {
	TABLE DEPEND mg FROM -140 TO 80 WITH 1000
	mgblock = 1 / (1 + exp(0.062 (/mV) * -v) * (mg / 3.57 (mM)))
}

NET_RECEIVE(weight (uS)) {
	A = A + weight*factor
	B = B + weight*factor
}
