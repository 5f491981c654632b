: USEION waits for ions in circ: a located error, never a channel without its ion
NEURON {
	SUFFIX kdr
	USEION k READ ek WRITE ik
	RANGE gbar
}
PARAMETER { gbar = 0.01 (S/cm2) }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) }
BREAKPOINT { ik = gbar*(v - ek) }
