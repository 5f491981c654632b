TITLE nmdaca.mod   NMDA-like synapse whose calcium part is ica (circ test)

COMMENT
 A one-exponential synaptic conductance with a magnesium block; a fraction
 fca of its current is carried by calcium (USEION ca READ eca WRITE ica),
 the rest is nonspecific.  Written for circ's tests; not a published model.
ENDCOMMENT

NEURON {
	POINT_PROCESS NMDAca
	USEION ca READ eca WRITE ica
	NONSPECIFIC_CURRENT i
	RANGE tau, e, fca, mg, g, i, ica
}

UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
	(mM) = (milli/liter)
}

PARAMETER {
	tau = 30 (ms) <1e-9, 1e9>
	e = 0 (mV)
	fca = 0.1
	mg = 1 (mM)
}

ASSIGNED {
	v (mV)
	eca (mV)
	i (nA)
	ica (nA)
	g (uS)
}

STATE {
	A (uS)
}

INITIAL {
	A = 0
}

BREAKPOINT {
	SOLVE state METHOD cnexp
	g = A / (1 + exp(0.062 (/mV) * -v) * (mg / 3.57 (mM)))
	i = (1 - fca) * g * (v - e)
	ica = fca * g * (v - eca)
}

DERIVATIVE state {
	A' = -A / tau
}

NET_RECEIVE(weight (uS)) {
	A = A + weight
}
