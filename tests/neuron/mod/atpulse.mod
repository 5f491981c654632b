TITLE atpulse.mod - a current pulse that tells CVODE its edges with at_time (circ test)

COMMENT
ModelDB's pulse and clamp mechanisms call at_time(del) and
at_time(del + dur) in BREAKPOINT so that CVODE steps onto the edges; in
NEURON's fixed step the call only computes 1 where its time falls in
(t - dt, t], else 0.  Here the calls stand as statements, as in those
files, and once as a value: a kick of the current in the step that
contains del + kick (hit, recorded).
ENDCOMMENT

NEURON {
    SUFFIX atpulse
    NONSPECIFIC_CURRENT i
    RANGE del, dur, amp, kick, hit
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}

PARAMETER {
    del = 10 (ms)
    dur = 40 (ms)
    amp = 0.004 (mA/cm2)
    kick = 20.0125 (ms)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    hit
}

BREAKPOINT {
    at_time(del)
    at_time(del + dur)
    hit = at_time(del + kick)
    if (t >= del && t < del + dur) {
        i = -amp*(1 + 40*hit)
    } else {
        i = 0
    }
}
