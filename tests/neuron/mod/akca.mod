TITLE akca.mod   AHP potassium channel gated by the pool's calcium (circ test)

COMMENT
A slow calcium-activated K channel (an sAHP-like current) whose gate
relaxes towards a Hill function of cai.  It reads cai in INITIAL and in its
DERIVATIVE block, and its file name sorts before the pool's: NEURON still
runs the pool first (nocmodl registers a mechanism that writes a
concentration with nrn_writes_conc, which puts it before the others).
ENDCOMMENT

NEURON {
    SUFFIX akca
    USEION k READ ek WRITE ik
    USEION ca READ cai
    RANGE gbar
    GLOBAL cahalf, hill, tauq
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (mM) = (milli/liter)
}

PARAMETER {
    gbar = 0.002 (mho/cm2)
    cahalf = 0.0004 (mM)
    hill = 2
    tauq = 40 (ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    cai (mM)
    qinf
}

STATE { q }

INITIAL {
    activation(cai)
    q = qinf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar*q*(v - ek)
}

DERIVATIVE states {
    activation(cai)
    q' = (qinf - q)/tauq
}

PROCEDURE activation(c (mM)) { LOCAL r
    r = (c/cahalf)^hill
    qinf = r/(1 + r)
}
