: in a PROCEDURE, SOLVE names a LINEAR or NONLINEAR block: not a DERIVATIVE
: block (nocmodl would step it there), nor a name that is no block
UNITSOFF
NEURON { SUFFIX solvex NONSPECIFIC_CURRENT i }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { m }
BREAKPOINT {
	SOLVE states METHOD cnexp
	i = 0.001*m*v
}
INITIAL { m = 0 }
DERIVATIVE states {
	m' = (1 - m)/5
}
PROCEDURE again() {
	SOLVE states
	SOLVE nothere
}
