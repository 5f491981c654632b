COMMENT
A clamp through a series resistance that is switched on by a flag: the
flag `on`, a plain number, is the condition of BREAKPOINT's second `if`
(as C reads it), and the current it selects depends on v.
ENDCOMMENT

NEURON {
    POINT_PROCESS OnClamp
    ELECTRODE_CURRENT i
    RANGE del, dur, vc, rs, i, on
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
}

PARAMETER {
    del = 5 (ms)
    dur = 10 (ms)
    vc = -20 (mV)
    rs = 10 (megohm)
}

ASSIGNED {
    v (mV)
    i (nA)
    on
}

INITIAL { on = 0 }

BREAKPOINT {
    if (t < del) {
        on = 0
    } else if (t < del + dur) {
        on = 1
    } else {
        on = 0
    }
    if (on) {
        i = (vc - v) / rs
    } else {
        i = 0
    }
}
