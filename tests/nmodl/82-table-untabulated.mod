: an ASSIGNED a PROCEDURE with a TABLE sets but does not list is set by
: NEURON only while it builds the table: it is the procedure's LOCAL where
: nothing else reads it (tadj); read elsewhere (q), read before it is set
: (r), set in a procedure the table's procedure calls (s) or set only inside
: an if (w), it is refused
NEURON { SUFFIX untab NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) minf tadj q r s w }
STATE { m }
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g*m*q*(v + 70)
}
INITIAL { rates(v) m = minf }
DERIVATIVE states { rates(v) m' = (minf - m) }
PROCEDURE rates(x (mV)) {
    TABLE minf FROM -100 TO 100 WITH 200
    tadj = 3^((celsius - 6.3)/10)
    q = 2
    r = r + 1
    more(x)
    minf = tadj/(1 + exp(-x/10))
}
PROCEDURE more(x (mV)) { s = x }
PROCEDURE nested(x (mV)) {
    TABLE minf FROM -100 TO 100 WITH 200
    if (x > 0) { w = 2 }
    minf = x
}
