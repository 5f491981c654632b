TITLE kdrkin.mod   four-state Markov delayed rectifier (circ test)

COMMENT
A delayed rectifier as the chain C1 <-> C2 <-> C3 <-> O (ModelDB's
Markov K channels), with no CONSERVE: INITIAL puts the channels in C1 and
lets SOLVE ... STEADYSTATE sparse relax them.
ENDCOMMENT

NEURON {
    SUFFIX kdrkin
    USEION k READ ek WRITE ik
    RANGE gbar
    GLOBAL vhalf
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.03 (S/cm2)
    vhalf = -40 (mV)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    a (/ms)
    b (/ms)
}

STATE { c1 c2 c3 o }

BREAKPOINT {
    SOLVE states METHOD sparse
    ik = gbar * o * (v - ek)
}

INITIAL {
    c1 = 1
    SOLVE states STEADYSTATE sparse
}

KINETIC states {
    a = 0.3 (/ms) * exp((v - vhalf) / 15 (mV))
    b = 0.1 (/ms) * exp(-(v - vhalf) / 30 (mV))
    ~ c1 <-> c2 (3*a, b)
    ~ c2 <-> c3 (2*a, 2*b)
    ~ c3 <-> o (a, 3*b)
}
