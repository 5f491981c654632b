: a density mechanism's PROCEDURE may shift v (the mechanism's copy, as in
: NEURON), but not one with a TABLE, and a shifting procedure may not be
: called from a FUNCTION or a derivimplicit DERIVATIVE block
NEURON { SUFFIX shiftv NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) minf }
STATE { m }
BREAKPOINT {
    SOLVE states METHOD derivimplicit
    i = g * m * (v - f())
}
DERIVATIVE states {
    shift()
    m' = minf - m
}
INITIAL { tabled(v) m = minf }
PROCEDURE shift() { v = v + 10 }
PROCEDURE twice() { shift() shift() }
FUNCTION f() {
    twice()
    f = v
}
PROCEDURE tabled(x (mV)) {
    TABLE minf FROM -100 TO 100 WITH 200
    v = v - 10
    minf = 1 / (1 + exp(-x / 10))
}
