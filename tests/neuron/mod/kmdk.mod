TITLE kmdk.mod   two-state K channel (sparse) and a slow gate following it (cnexp) (circ test)

COMMENT
BREAKPOINT solves the scheme c <-> o first (KINETIC kin, METHOD sparse),
then the DERIVATIVE block (METHOD cnexp; written first here), whose gate
w relaxes towards the open fraction o the scheme has just updated.  INITIAL relaxes the
scheme (SOLVE kin STEADYSTATE sparse) and starts w there.
ENDCOMMENT

NEURON {
    SUFFIX kmdk
    USEION k READ ek WRITE ik
    RANGE gbar, tauw
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.002 (S/cm2)
    tauw = 40 (ms)
    vh = -35 (mV)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    alpha (/ms)
    beta (/ms)
}

STATE { c o w }

BREAKPOINT {
    SOLVE kin METHOD sparse
    SOLVE states METHOD cnexp
    ik = gbar*o*(0.5 + w)*(v - ek)
}

INITIAL {
    c = 1
    SOLVE kin STEADYSTATE sparse
    w = o
}

DERIVATIVE states {
    w' = (o - w)/tauw
}

KINETIC kin {
    alpha = 0.02*exp((v - vh)/10)
    beta = 0.02*exp(-(v - vh)/20)
    ~ c <-> o (alpha, beta)
    CONSERVE c + o = 1
}
