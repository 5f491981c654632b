: nocmodl 8.2.2 translates a LINEAR SOLVE beside a DERIVATIVE one, but its C
: registers CVODE functions it never writes: NEURON cannot build it, refused
NEURON { SUFFIX two NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) a = 2 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { m x w }
INITIAL { m = 0 }
BREAKPOINT {
	SOLVE states METHOD cnexp
	SOLVE eqs
	i = g*m*x*v
}
DERIVATIVE states { m' = (1 - m)/(5 (ms)) }
LINEAR eqs SOLVEFOR x, w { ~ a*x + w = m ~ x - w = 0 }
