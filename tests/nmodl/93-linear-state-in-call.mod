: a state of a LINEAR equation is a factor of its term: not inside a
: function call, a power, parentheses of a sum or a denominator (nocmodl
: refuses these too)
NEURON { SUFFIX lin NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) a = 2 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { x y }
BREAKPOINT {
	SOLVE eqs
	i = g*x*v
}
LINEAR eqs {
	~ a*exp(x) + y = 1
	~ x - y*y = 0
}
