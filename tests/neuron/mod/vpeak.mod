TITLE vpeak.mod   peak of the membrane potential and its time (circ test)

COMMENT
A measuring mechanism as several ModelDB models insert everywhere: it has
no current, and its BREAKPOINT keeps the largest v seen and when.  With no
current, nocmodl runs BREAKPOINT in nrn_state, once a step after the
voltage update (not at finitialize), where v and t are the step's new ones.
ENDCOMMENT

NEURON {
    SUFFIX vpeak
    RANGE vmax, tmax, above
    GLOBAL vth
}

UNITS {
    (mV) = (millivolt)
}

PARAMETER {
    vth = -20 (mV)
}

ASSIGNED {
    v (mV)
    vmax (mV)
    tmax (ms)
    above (ms)
}

INITIAL {
    vmax = v
    tmax = 0
    above = 0
}

BREAKPOINT {
    if (v > vmax) {
        vmax = v
        tmax = t
    }
    if (v > vth) { above = above + dt }
}
