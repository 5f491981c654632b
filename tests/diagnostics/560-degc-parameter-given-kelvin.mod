: a Q10 factor's reference temperature, in degC
NEURON { SUFFIX tk NONSPECIFIC_CURRENT i RANGE g, tref GLOBAL temp }
PARAMETER { g = 0.001 (S/cm2) temp = 23 (degC) tref = 23 (degC) }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = g*3^((celsius - temp)/10)*(v + 60) }
