: a current a PROCEDURE called from BREAKPOINT assigns is the procedure's
: value, but not where BREAKPOINT assigns it too, nor where a FUNCTION
: assigns it (its call may not be run for the current at all)
NEURON {
    SUFFIX iproc
    NONSPECIFIC_CURRENT i, j, k
}
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) j (mA/cm2) k (mA/cm2) x }
BREAKPOINT {
    both()
    x = f(v)
    j = 2*j
}
PROCEDURE both() {
    i = g*(v + 70)
    j = g*(v + 60)
}
FUNCTION f(u (mV)) {
    k = g*u
    f = u
}
