: POINTER variables reach into other mechanisms: refused (an array beside it is now unrolled into w_0 .. w_3)
NEURON { POINT_PROCESS Ptr POINTER stim NONSPECIFIC_CURRENT i }
ASSIGNED { v (mV) i (nA) stim }
PARAMETER { w[4] }
BREAKPOINT { i = stim }
