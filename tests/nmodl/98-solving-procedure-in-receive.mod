: a PROCEDURE that SOLVEs, called from NET_RECEIVE, from a WHILE loop and
: from a DERIVATIVE block solved by derivimplicit (where NEURON's newton
: would run it at each evaluation): refused, each at the call
UNITSOFF
NEURON { POINT_PROCESS nlrecv NONSPECIFIC_CURRENT i }
PARAMETER { k = 2 }
ASSIGNED { v (mV) i (nA) }
STATE { x m }
BREAKPOINT {
	SOLVE states METHOD derivimplicit
	i = x*m*v
}
INITIAL {
	LOCAL n
	x = 1
	n = 0
	WHILE (n < 2) {
		settle()
		n = n + 1
	}
}
DERIVATIVE states {
	settle()
	m' = -m
}
NET_RECEIVE(w) {
	k = k + w
	settle()
}
PROCEDURE settle() {
	SOLVE eq
}
NONLINEAR eq {
	~ x*x = k
}
