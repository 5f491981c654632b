: METHOD runge whose DERIVATIVE block reads t: scopmath's runge moves NEURON's
: one t by t + dt/2 + dt/2 - dt at each instance's step, not always t again, so
: the t an instance's block sees depends on its place among all instances
NEURON { SUFFIX ramprk NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) tau = 5 (ms) }
STATE { n }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT {
	SOLVE states METHOD runge
	i = g*n*(v + 70 (mV))
}
INITIAL { n = 0 }
DERIVATIVE states { n' = (ramp(t) - n)/tau }
FUNCTION ramp(x (ms)) { ramp = x/(x + 100 (ms)) }
