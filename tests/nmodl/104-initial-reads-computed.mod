: a RANGE or ASSIGNED that BREAKPOINT computes may be read in INITIAL (the
: value before finitialize's evaluation); a GLOBAL is one variable for all
: instances, so INITIAL would read another instance's value: refused
NEURON { SUFFIX initc USEION k READ ek WRITE ik RANGE gbar, gseen GLOBAL g }
PARAMETER { gbar = 0.001 (S/cm2) }
STATE { n }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) g (S/cm2) gseen (S/cm2) }
INITIAL {
	n = 0.1
	gseen = g
	ik = scale(g)*(v - ek)
}
BREAKPOINT {
	SOLVE states METHOD cnexp
	g = gbar*n
	ik = g*(v - ek)
}
DERIVATIVE states { n' = (0.2 - n)/5 }
FUNCTION scale(x) { scale = 2*x }
