: a PARAMETER that is not RANGE is GLOBAL in NEURON, one value that any
: instance's code may change; circ reads a global as a constant of the run,
: so assigning it is refused at the assignment (a RANGE one is fine)
UNITSOFF
NEURON { SUFFIX gpa USEION ca READ cai USEION k READ ek WRITE ik RANGE gbar }
PARAMETER { gbar = 0.001 (S/cm2) ctot = 5e-5 (mM) kd = 0.001 (mM) }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) cai (mM) }
STATE { o }
INITIAL {
	ctot = cai
	gbar = 0.002
	o = ctot/(ctot + kd)
}
BREAKPOINT {
	SOLVE states METHOD cnexp
	ik = gbar*o*(v - ek)
}
DERIVATIVE states { o' = (ctot/(ctot + kd) - o)/10 }
