: POINTER variables reach into other mechanisms: refused, as are arrays
NEURON { POINT_PROCESS Ptr POINTER stim NONSPECIFIC_CURRENT i }
ASSIGNED { v (mV) i (nA) stim }
PARAMETER { w[4] }
BREAKPOINT { i = stim }
