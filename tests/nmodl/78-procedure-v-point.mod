: a POINT_PROCESS's PROCEDURE may not assign v (its NET_RECEIVE may)
NEURON { POINT_PROCESS ShiftPP NONSPECIFIC_CURRENT i }
ASSIGNED { v (mV) i (nA) }
BREAKPOINT { shift() i = 0 }
PROCEDURE shift() { v = v + 10 }
