: a POINT_PROCESS's NET_RECEIVE may set its node's v (a reset, as Izhikevich's
: point processes do), INITIAL may not
NEURON { POINT_PROCESS Reset RANGE vreset NONSPECIFIC_CURRENT i }
PARAMETER { vreset = -60 (mV) }
ASSIGNED { v (mV) i (nA) }
INITIAL { v = vreset }
BREAKPOINT { i = 0 }
NET_RECEIVE(w) { v = vreset }
