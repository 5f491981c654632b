: an ASSIGNED a PROCEDURE with a TABLE (or what it calls) sets but does not
: list is set by NEURON only while it builds the table (on one instance) or
: when the table is off: the procedure's LOCAL where nothing else reads it
: (tadj), an assigned variable where only the table's procedures read it
: after setting it (s, in more()), a value for every instance where it is a
: GLOBAL of parameters only (q); read before it is set (r), set only inside
: an if (w) or per instance and read elsewhere (p: RANGE), it is refused
NEURON { SUFFIX untab NONSPECIFIC_CURRENT i RANGE p GLOBAL q }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) minf tadj q r s w p }
STATE { m }
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g*m*q*p*(v + 70)
}
INITIAL { rates(v) m = minf }
DERIVATIVE states { rates(v) m' = (minf - m) }
PROCEDURE rates(x (mV)) {
    TABLE minf FROM -100 TO 100 WITH 200
    tadj = 3^((celsius - 6.3)/10)
    q = 2
    r = r + 1
    more(x)
    p = 3
    minf = tadj/(1 + exp(-x/10)) + s
}
PROCEDURE more(x (mV)) { s = x }
PROCEDURE nested(x (mV)) {
    TABLE minf FROM -100 TO 100 WITH 200
    if (x > 0) { w = 2 }
    minf = x + w
}
