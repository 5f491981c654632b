: NMODL returns a FUNCTION's last value of its name; circ needs it last.
: A FUNCTION's TABLE tabulates its result: one naming variables is refused
NEURON { SUFFIX fr NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) minf }
BREAKPOINT { i = g*f(v)*(v + 70) }
FUNCTION f(x) {
	f = 1
	if (x > 0) { f = 2 }
}
FUNCTION tabled(x) {
	TABLE minf FROM -100 TO 100 WITH 200
	tabled = exp(x/10)
}
