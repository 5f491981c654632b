: BREAKPOINT's assignments and ifs are folded into its currents: a current
: set on one path only keeps its last value (i); a procedure call after an
: assignment, and reading its results elsewhere are refused
NEURON { SUFFIX bp NONSPECIFIC_CURRENT i RANGE g, gnow }
PARAMETER { g = 0.001 (S/cm2) }
STATE { m }
ASSIGNED { v (mV) i (mA/cm2) gnow (S/cm2) }
BREAKPOINT {
	SOLVE states METHOD cnexp
	gnow = g*m
	if (v > 0) {
		i = gnow*(v + 70)
	}
	setm()
}
PROCEDURE setm() { m = 0 }
DERIVATIVE states { m' = (gnow - m)/2 }
