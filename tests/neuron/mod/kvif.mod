TITLE kvif.mod   K channel, Mainen-style rates setting a, b on both paths of an if (circ test)

COMMENT
Written for circ's tests: kvtadj.mod with rates() choosing its forward
rate a on either side of v = tha in the two branches of an if/else (as
rate functions with a breakpoint are often written), so a is set on every
path before it is read; trates() tabulates ninf and ntau; the GLOBAL tadj
is set by rates() and INITIAL and read by BREAKPOINT.
ENDCOMMENT

NEURON {
    THREADSAFE
    SUFFIX kvif
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
    gbar = 5        (pS/um2)
    tha  = 25       (mV)
    qa   = 9        (mV)
    Ra   = 0.02     (/ms)
    Rb   = 0.002    (/ms)
    temp = 23       (degC)
    q10  = 2.3
    vmin = -120     (mV)
    vmax = 100      (mV)
}

ASSIGNED {
    v       (mV)
    celsius (degC)
    a       (/ms)
    b       (/ms)
    ik      (mA/cm2)
    gk      (pS/um2)
    ek      (mV)
    ninf
    ntau (ms)
    tadj
}

STATE { n }

INITIAL {
    tadj = q10^((celsius - temp)/(10 (degC)))
    trates(v)
    n = ninf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gk = tadj*gbar*n
    ik = (1e-4) * gk * (v - ek)
}

DERIVATIVE  states {
    trates(v)
    n' =  (ninf-n)/ntau
}

PROCEDURE trates(v (mV)) {
    TABLE ninf, ntau
    DEPEND celsius, temp, Ra, Rb, tha, qa
    FROM vmin TO vmax WITH 199

    rates(v)
}

UNITSOFF
PROCEDURE rates(v (mV)) {
    if (v < tha) {
        a = Ra * qa * exp((v - tha)/qa) / (1 + (tha - v)/qa + 0.5*((tha - v)/qa)^2)
        b = Rb * qa * efun((v - tha)/qa)
    } else {
        a = Ra * qa * (1 + (v - tha)/qa)
        b = Rb * qa * efun((v - tha)/qa)
    }
    tadj = q10^((celsius - temp)/10)
    ntau = 1/tadj/(a+b)
    ninf = a/(a+b)
}
UNITSON

FUNCTION efun(z) {
    if (fabs(z) < 1e-4) {
        efun = 1 - z/2
    } else {
        efun = z/(exp(z) - 1)
    }
}
