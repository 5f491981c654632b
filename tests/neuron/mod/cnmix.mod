TITLE cnmix.mod - cnexp with statements after and between its equations (circ test)

COMMENT
An A-type K current with a slow recovery gate whose time constant follows
this step's activation, and a third gate integrated in one of two ways
depending on v.  nocmodl's cnexp rewrites each equation in place: the
statement after m's equation reads this step's m, the if's equations are
updated in their branch, and a last statement runs after them all.
ENDCOMMENT

NEURON {
    SUFFIX cnmix
    USEION k READ ek WRITE ik
    RANGE gbar, htau, mlast
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.01 (S/cm2)
    ztau = 8 (ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    minf
    mtau (ms)
    hinf
    htau (ms)
    mlast
}

STATE { m h z }

INITIAL {
    rates(v)
    m = minf
    h = hinf
    z = 0
    htau = 10
    mlast = m
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar*m*m*m*h*(1 - 0.5*z)*(v - ek)
}

DERIVATIVE states {
    rates(v)
    m' = (minf - m)/mtau
    htau = 5 + 20*m        : this step's m
    h' = (hinf - h)/htau
    if (v > -20) {
        z' = (1 - z)/ztau
    } else {
        z' = -z/(4*ztau)
    }
    mlast = m - mlast
}

PROCEDURE rates(v (mV)) {
    UNITSOFF
    minf = 1/(1 + exp(-(v + 50)/10))
    mtau = 0.5 + 2/(1 + exp((v + 40)/15))
    hinf = 1/(1 + exp((v + 70)/6))
    UNITSON
}
