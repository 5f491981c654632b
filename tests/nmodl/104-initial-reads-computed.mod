: INITIAL may set what BREAKPOINT computes (NEURON overwrites it before any
: use), and a dead write may read it; copying it into a variable that lives
: on is refused, as is a dead write whose value calls a FUNCTION
NEURON { SUFFIX initc USEION k READ ek WRITE ik RANGE gbar, g, gseen }
PARAMETER { gbar = 0.001 (S/cm2) }
STATE { n }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) g (S/cm2) gseen (S/cm2) }
INITIAL {
	n = 0.1
	g = gbar*n
	ik = g*(v - ek)
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
