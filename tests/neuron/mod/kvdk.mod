TITLE kvdk.mod   delayed rectifier: HH activation (cnexp) and a kinetic inactivation (circ test)

COMMENT
Activation n as hh.mod has it (DERIVATIVE states, METHOD cnexp); a slow
inactivation as the scheme o <-> i1 <-> i2 (KINETIC kin, METHOD sparse)
whose first step is faster the more activated the channel is: its rate
reads n, which the DERIVATIVE block has just updated.  NEURON's nrn_state
solves the blocks in BREAKPOINT's order: states(), then kin.
ENDCOMMENT

NEURON {
    SUFFIX kvdk
    USEION k READ ek WRITE ik
    RANGE gbar
    GLOBAL ninf, ntau
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.01 (S/cm2)
    kfi = 0.05 (/ms)
    kbi = 0.01 (/ms)
    kf2 = 0.004 (/ms)
    kb2 = 0.002 (/ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    ninf
    ntau (ms)
}

STATE { n o i1 i2 }

BREAKPOINT {
    SOLVE states METHOD cnexp
    SOLVE kin METHOD sparse
    ik = gbar*n*n*n*n*o*(v - ek)
}

INITIAL {
    rates(v)
    n = ninf
    o = 1
}

DERIVATIVE states {
    rates(v)
    n' = (ninf - n)/ntau
}

KINETIC kin {
    ~ o <-> i1 (kfi*n, kbi)
    ~ i1 <-> i2 (kf2, kb2*exp(-(v + 65 (mV))/20 (mV)))
    CONSERVE o + i1 + i2 = 1
}

UNITSOFF
PROCEDURE rates(v (mV)) {
    LOCAL a, b
    a = 0.01*vtrap(-(v + 55), 10)
    b = 0.125*exp(-(v + 65)/80)
    ntau = 1/(a + b)
    ninf = a*ntau
}

FUNCTION vtrap(x, y) {
    if (fabs(x/y) < 1e-6) {
        vtrap = y*(1 - x/y/2)
    } else {
        vtrap = x/(exp(x/y) - 1)
    }
}
UNITSON
