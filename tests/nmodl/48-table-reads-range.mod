: a TABLE is one per mechanism: it cannot read a STATE (a RANGE PARAMETER is
: read as the value every instance has, checked when the run is lowered)
NEURON { SUFFIX tr NONSPECIFIC_CURRENT i RANGE g, vhalf }
PARAMETER { g = 0.001 (S/cm2) vhalf = -40 (mV) }
STATE { m }
ASSIGNED { v (mV) i (mA/cm2) minf }
BREAKPOINT {
	SOLVE states METHOD cnexp
	i = g*m*(v + 70)
}
INITIAL { rates(v) m = minf }
DERIVATIVE states { rates(v) m' = (minf - m)/5 }
PROCEDURE rates(v (mV)) {
	TABLE minf FROM -100 TO 100 WITH 200
	minf = 1/(1 + exp(-(v - vhalf - m)/6))
}
