TITLE kmb.mod   M-type K channel in the style of Mainen's km.mod as updated for CVODE (circ test)

COMMENT
Written for circ's tests in the style of the km.mod copies "updated to run
with CVODE": DERIVATIVE (derivimplicit) calls rates(v), which sets the
RANGE ntau and the ASSIGNED a, b, then trates(v), whose TABLE lists ninf
and nexp only: ntau is per instance, set by rates() before DERIVATIVE
reads it (NEURON also writes the first instance's while it builds the
table).  trates() sets the GLOBAL tadj that BREAKPOINT reads.
ENDCOMMENT

INDEPENDENT {t FROM 0 TO 1 WITH 1 (ms)}

NEURON {
    SUFFIX kmb
    USEION k READ ek WRITE ik
    RANGE n, gk, gbar
    RANGE ninf, ntau
    GLOBAL Ra, Rb
    GLOBAL q10, temp, tadj, vmin, vmax
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (pS) = (picosiemens)
    (um) = (micron)
}

PARAMETER {
    v           (mV)
    dt          (ms)
    gbar = 10   (pS/um2)
    tha  = -30  (mV)
    qa   = 9    (mV)
    Ra   = 0.001 (/ms)
    Rb   = 0.001 (/ms)
    celsius     (degC)
    temp = 23   (degC)
    q10  = 2.3
    vmin = -120 (mV)
    vmax = 100  (mV)
}

ASSIGNED {
    a       (/ms)
    b       (/ms)
    ik      (mA/cm2)
    gk      (pS/um2)
    ek      (mV)
    ninf
    ntau    (ms)
    tadj
}

STATE { n }

INITIAL {
    trates(v)
    n = ninf
}

BREAKPOINT {
    SOLVE states METHOD derivimplicit
    gk = tadj*gbar*n
    ik = (1e-4) * gk * (v - ek)
}

LOCAL nexp

DERIVATIVE states {
    rates(v)
    trates(v)
    n' = (ninf - n)/ntau
}

PROCEDURE trates(v) {
    LOCAL tinc
    TABLE ninf, nexp
    DEPEND dt, celsius, temp, Ra, Rb, tha, qa
    FROM vmin TO vmax WITH 199

    rates(v): not consistently executed from here if usetable == 1
    tadj = q10^((celsius - temp)/10)
    tinc = -dt * tadj
    nexp = 1 - exp(tinc/ntau)
}

UNITSOFF
PROCEDURE rates(v) {
    a = Ra * (v - tha) / (1 - exp(-(v - tha)/qa))
    b = -Rb * (v - tha) / (1 - exp((v - tha)/qa))
    ntau = 1/(a+b)
    ninf = a*ntau
}
UNITSON
