TITLE dsyn.mod   a synapse whose conductance step scales with the dendrite's diameter (circ test)

COMMENT
 An exponential synapse whose increment per event is the weight for a
 reference diameter, scaled by the diameter of the segment it sits in
 (a thicker dendrite, a lower input impedance, a larger conductance), as
 diameter-normalised synapses of ModelDB models do.  diam is declared in
 PARAMETER with a value, which nocmodl ignores: it points diam at the
 segment's diameter.  INITIAL keeps the scale (recordable); NET_RECEIVE
 reads diam at each event.  Written for circ's tests.
ENDCOMMENT

NEURON {
	POINT_PROCESS DSyn
	RANGE tau, e, i, dref, scale
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
	dref = 2 (um)
	diam = 1 (um)
}
ASSIGNED {
	v (mV)
	i (nA)
	scale (1)
}
STATE { g (uS) }
INITIAL {
	g = 0
	scale = diam / dref
}
BREAKPOINT {
	SOLVE state METHOD cnexp
	i = g*(v - e)
}
DERIVATIVE state {
	g' = -g/tau
}
NET_RECEIVE (weight (uS)) {
	g = g + weight * diam / dref
}
