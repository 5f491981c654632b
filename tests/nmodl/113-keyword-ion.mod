: an ion's variable spelled like a circ keyword (`in`, the current of an
: ion named n) is named by the ion, so `circ convert` cannot rename it:
: refused, located (importing works)
NEURON { SUFFIX kwi USEION n READ en WRITE in VALENCE 1 RANGE g }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) en (mV) in (mA/cm2) }
BREAKPOINT { in = g*(v - en) }
