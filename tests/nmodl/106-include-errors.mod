: what an INCLUDEd file holds is translated as part of the file, and its
: errors are located in it
NEURON { SUFFIX incerr NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
INCLUDE "106-include-errors.inc"
BREAKPOINT { i = g*scale(v)*(v + 70) }
