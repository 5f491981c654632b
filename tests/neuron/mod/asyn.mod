TITLE asyn.mod   a synapse scaled by the area of its node (circ test)

COMMENT
 An exponential synapse whose increment per event is the weight for a
 reference membrane area, scaled by the area of the node it sits in, and
 a small leak through the synapse given per unit area, as area-normalised
 point processes of ModelDB models do.  area is NEURON's area of the
 node (nocmodl's _nd_area), read in INITIAL (kept, recordable), in
 BREAKPOINT and at each event in NET_RECEIVE.  Written for circ's tests.
ENDCOMMENT

NEURON {
	POINT_PROCESS ASyn
	RANGE tau, e, i, aref, ascale, gl, el
	NONSPECIFIC_CURRENT i
}
UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
	(um) = (micron)
}
PARAMETER {
	tau = 2 (ms) <1e-9, 1e9>
	e = 0 (mV)
	aref = 100 (um2)
	gl = 1e-7 (uS/um2)
	el = -65 (mV)
}
ASSIGNED {
	v (mV)
	i (nA)
	ascale (1)
	area (um2)
}
STATE { g (uS) }
INITIAL {
	g = 0
	ascale = area / aref
}
BREAKPOINT {
	SOLVE state METHOD cnexp
	i = g*(v - e) + gl*area*(v - el)
}
DERIVATIVE state {
	g' = -g/tau
}
NET_RECEIVE (weight (uS)) {
	g = g + weight * area / aref
}
