: a TABLE's FROM/TO may read GLOBAL PARAMETERs (vmin), not a RANGE one (vr):
: the table is one per mechanism
NEURON { SUFFIX tb NONSPECIFIC_CURRENT i RANGE g, vr GLOBAL vmin }
PARAMETER { g = 0.001 (S/cm2) vmin = -100 (mV) vmax = 50 (mV) vr = 1 (mV) }
ASSIGNED { v (mV) i (mA/cm2) minf }
STATE { m }
BREAKPOINT { SOLVE states METHOD cnexp i = g*m*(v - vr) }
INITIAL { rates(v) m = minf }
DERIVATIVE states { rates(v) m' = (minf - m)/(5 (ms)) }
PROCEDURE rates(v (mV)) {
	TABLE minf FROM vmin TO vmax + vr WITH 100
	UNITSOFF
	minf = 1/(1 + exp(-(v + 40)/6))
	UNITSON
}
