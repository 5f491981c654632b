: A TABLE reading a RANGE PARAMETER that INITIAL assigns (ModelDB's
: naf_tcr.mod style): NEURON builds the table before INITIAL runs, from one
: instance's value, and rebuilds it after the assignment only with a DEPEND
: on it (or, in a file that is not THREADSAFE and sets a GLOBAL, builds it
: at the first call instead): refused, at the read, the assignment noted.
NEURON {
    SUFFIX nafinit
    USEION na READ ena WRITE ina
    RANGE gbar, shift, shift_init
}
PARAMETER {
    gbar = 0.1 (mho/cm2)
    shift = 0 (mV)
    shift_init = -3 (mV)
}
ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
    minf
    mtau (ms)
}
STATE { m }
BREAKPOINT {
    SOLVE states METHOD cnexp
    ina = gbar * m * m * m * (v - ena)
}
INITIAL {
    shift = shift_init
    settables(v)
    m = minf
}
DERIVATIVE states {
    settables(v)
    m' = (minf - m) / mtau
}
UNITSOFF
PROCEDURE settables(v1 (mV)) {
    TABLE minf, mtau FROM -120 TO 40 WITH 641
    minf = 1 / (1 + exp((-(v1 + shift) - 38) / 10))
    mtau = 0.025 + 0.14 * exp(((v1 + shift) + 30) / 10)
}
UNITSON
