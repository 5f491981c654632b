: a GLOBAL PARAMETER INITIAL sets from run constants but NET_RECEIVE's INITIAL
: reads (a connection's start, not ordered with INITIAL): still refused
UNITSOFF
NEURON { POINT_PROCESS ri NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (uS) q10 = 3 tadj }
ASSIGNED { v (mV) celsius (degC) i (nA) }
STATE { s }
INITIAL { tadj = q10^((celsius - 23)/10) s = 0 }
BREAKPOINT { i = tadj * g * s * (v + 70) }
NET_RECEIVE(w, k) { INITIAL { k = tadj } s = s + w * k }
