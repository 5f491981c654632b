: INCLUDE reads a file relative to the including one; a file that cannot be
: read is an error at the INCLUDE
NEURON { SUFFIX incmiss NONSPECIFIC_CURRENT i }
INCLUDE "105-no-such-file.inc"
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = 0 }
