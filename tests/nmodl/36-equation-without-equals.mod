: an equation of a LINEAR block needs its '=' (nocmodl: syntax error too)
NEURON { SUFFIX lin NONSPECIFIC_CURRENT i }
STATE { x y }
LINEAR eqs {
	~ 2*x + y
	~ x - y = 1
}
