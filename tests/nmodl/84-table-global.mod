: a GLOBAL that a PROCEDURE with a TABLE sets, read elsewhere, is the value
: NEURON leaves in it while it builds the table: supported where it is one
: value for the run, set before INITIAL reads it (k); refused where it
: depends on the argument (q1), is set twice (q2) or elsewhere to another
: value (q3), or where INITIAL reads it before calling the procedure (q4)
NEURON { SUFFIX tglob NONSPECIFIC_CURRENT i GLOBAL k, q1, q2, q3, q4 THREADSAFE }
PARAMETER { g = 0.001 (S/cm2) q10 = 3 }
ASSIGNED { v (mV) i (mA/cm2) minf k q1 q2 q3 q4 }
STATE { m }
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g*m*k*q1*q2*q3*(v + 70)
}
INITIAL { m = q4  rates(v)  q3 = 1 }
DERIVATIVE states { rates(v) m' = (minf - m) }
PROCEDURE rates(x (mV)) {
    TABLE minf FROM -100 TO 100 WITH 200
    k = q10^((celsius - 6.3)/10)
    q1 = x/10
    q2 = 1
    q2 = 2
    q3 = 2
    q4 = 1
    minf = 1/(1 + exp(-x/10))
}
