: net_event in a density mechanism: only a point process or an artificial cell
: has events of its own
NEURON { SUFFIX nev NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
INITIAL { net_event(t) }
BREAKPOINT { i = g*v }
