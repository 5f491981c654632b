TITLE epspl.mod - a synaptic-like current waveform with a file-wide LOCAL array (circ test)

COMMENT
In the style of the epsp.mod that Hay et al.'s L5 pyramidal model (and
many after it) uses to inject an EPSP-shaped current: a difference of
exponentials after `onset`, normalized to its peak, computed in a FUNCTION
that keeps its terms in a LOCAL array declared for the whole file.  The
array is set on one path of the if only, and read only there after it is
set: no instance ever sees another's values.
ENDCOMMENT

NEURON {
    POINT_PROCESS Epspl
    RANGE onset, tau0, tau1, imax, i
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
}

PARAMETER {
    onset = 20 (ms)
    tau0 = 0.5 (ms)
    tau1 = 5 (ms)
    imax = 0 (nA)
}

ASSIGNED {
    v (mV)
    i (nA)
}

LOCAL a[2]
LOCAL tpeak
LOCAL adjust
LOCAL amp

BREAKPOINT {
    i = curr(t)
}

FUNCTION myexp(x) {
    if (x < -100) {
        myexp = 0
    } else {
        myexp = exp(x)
    }
}

FUNCTION curr(x (ms)) (nA) {
    tpeak = tau0*tau1*log(tau0/tau1)/(tau0 - tau1)
    adjust = 1/((1 - myexp(-tpeak/tau0)) - (1 - myexp(-tpeak/tau1)))
    amp = adjust*imax
    if (x < onset) {
        curr = 0
    } else {
        a[0] = 1 - myexp(-(x - onset)/tau0)
        a[1] = 1 - myexp(-(x - onset)/tau1)
        curr = -amp*(a[0] - a[1])
    }
}
