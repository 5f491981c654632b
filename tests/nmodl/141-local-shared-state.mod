: a LOCAL outside every block is one C variable in nocmodl's output, shared
: by all instances as a GLOBAL is: read before it is set (n, counted over
: instances and steps in NEURON) it is refused as a GLOBAL would be; set
: before every read (r) it is scratch, each instance's assigned variable
NEURON { SUFFIX lcnt NONSPECIFIC_CURRENT i RANGE g }
LOCAL n, r
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { s }
INITIAL { n = 0  s = 1 }
BREAKPOINT {
    SOLVE st METHOD cnexp
    i = g*s*v
}
DERIVATIVE st {
    r = 2
    n = n + r
    s' = -s/n
}
