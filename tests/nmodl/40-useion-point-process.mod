: USEION becomes circ's useion; what circ's ions refuse is reported in the
: .mod file: here a reversal potential written (by a point process, which
: may read eX and write iX)
NEURON {
	POINT_PROCESS CaSyn
	USEION ca READ eca WRITE ica, eca
	RANGE g
}
PARAMETER { g = 0.001 (uS) }
ASSIGNED { v (mV) eca (mV) ica (nA) }
BREAKPOINT { ica = g*(v - eca) }
