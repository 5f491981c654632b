: cnexp updates states in place: an equation reading an updated state is
: fine (circ updates in order too), a statement after the equations is refused
NEURON { SUFFIX ip NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) }
STATE { a b }
ASSIGNED { v (mV) i (mA/cm2) r }
BREAKPOINT {
	SOLVE states METHOD cnexp
	i = g*b*(v + 70)
}
DERIVATIVE states {
	a' = (1 - a)/3
	b' = (a - b)/4
	r = a
}
