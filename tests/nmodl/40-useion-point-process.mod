: USEION becomes circ's useion; what circ's ions refuse is reported in the
: .mod file: here an ion used by a point process, and a reversal written
NEURON {
	POINT_PROCESS CaSyn
	USEION ca READ eca WRITE ica, eca
	RANGE g
}
PARAMETER { g = 0.001 (uS) }
ASSIGNED { v (mV) eca (mV) ica (nA) }
BREAKPOINT { ica = g*(v - eca) }
