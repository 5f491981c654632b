TITLE kcache.mod - delayed rectifier whose rates are scaled by a cached q10 (circ test)

COMMENT
The temperature cache of ModelDB's files (capump.mod, nacaex.mod): the
GLOBAL s_celsius remembers the temperature tadj and the base time constant
were computed for, and rates() recomputes them only when celsius changed.
NEURON keeps one s_celsius and one tadj for all instances; the body runs
once, at the first call of the first instance's INITIAL.
ENDCOMMENT

NEURON {
    SUFFIX kcache
    USEION k READ ek WRITE ik
    RANGE gbar, gk
    GLOBAL ninf, ntau, q10, temp, s_celsius, tadj, tau0
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.02 (S/cm2)
    q10 = 2.3
    temp = 23 (degC)
    taumin = 0.5 (ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    gk (S/cm2)
    ninf
    ntau (ms)
    s_celsius (degC)
    tadj
    tau0 (ms)
}

STATE { n }

INITIAL {
    rates(v)
    n = ninf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gk = tadj*gbar*n*n*n*n
    ik = gk*(v - ek)
}

DERIVATIVE states {
    rates(v)
    n' = (ninf - n)/ntau
}

PROCEDURE rates(v (mV)) {  LOCAL a, b
    UNITSOFF
    if (s_celsius != celsius) {
        tadj = q10^((celsius - temp)/10)
        tau0 = taumin/tadj
        s_celsius = celsius
    }
    a = 0.02*(v + 25)/(1 - exp(-(v + 25)/9))
    b = -0.002*(v + 25)/(1 - exp((v + 25)/9))
    ntau = 1/(tadj*(a + b))
    if (ntau < tau0) { ntau = tau0 }
    ninf = a/(a + b)
    UNITSON
}
