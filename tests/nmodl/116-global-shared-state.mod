: a GLOBAL ASSIGNED is one variable for all instances in NEURON, each
: instance's in circ: the same where every block that reads it sets it
: first (minf, set by rates() before the state update reads it), refused
: where a block reads it before setting it (cnt, carried from event to
: event; last, read by INITIAL before it sets it) or sets it on one path
: only (pk); one the file never assigns (vh) is hoc's constant, one
: always set to the same value of parameters and celsius, by INITIAL first
: (tadj, read by BREAKPOINT), one value for the run; an
: ASSIGNED that is neither RANGE nor GLOBAL (seen) is per instance in
: NEURON too, so carrying it from event to event is supported
NEURON {
    POINT_PROCESS SharedState
    NONSPECIFIC_CURRENT i
    RANGE tau, e
    GLOBAL minf, cnt, last, pk, vh, tadj
}
PARAMETER { tau = 2 (ms) e = 0 (mV) q10 = 3 }
ASSIGNED { v (mV) i (nA) minf cnt last pk seen vh (mV) tadj }
STATE { g (uS) }
INITIAL { g = last  rates(v)  seen = 0  last = 0 }
BREAKPOINT {
    SOLVE st METHOD cnexp
    i = tadj*g*(v - e)
}
DERIVATIVE st {
    rates(v)
    if (v > 0) { pk = v }
    g' = (minf - g)/tau
}
PROCEDURE rates(x (mV)) {
    tadj = q10^((celsius - 6.3)/10)
    minf = 1/(1 + exp(-(x - vh)/10))
}
NET_RECEIVE(w (uS)) {
    cnt = cnt + 1
    seen = seen + 1
    g = g + w*seen
}
