TITLE kamig.mod   A-type K channel whose INITIAL sets its conductance and current (circ test)

COMMENT
An A-type potassium channel written the way many hippocampal ModelDB
channels are: INITIAL calls rates(), puts the gates at steady state and then
computes the conductance and the current, as BREAKPOINT does again.  NEURON
overwrites both at finitialize's first evaluation of the currents, before
anything reads them.  The rates are Boltzmann-type with an exponential
time constant, q10 scaled.
ENDCOMMENT

NEURON {
    SUFFIX kamig
    USEION k READ ek WRITE ik
    RANGE gkabar, gka
    GLOBAL ninf, linf, taun, taul
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}

PARAMETER {
    gkabar = 0.01 (mho/cm2)
    vhalfn = -20 (mV)
    vhalfl = -60 (mV)
    kn = 12 (mV)
    kl = 7 (mV)
    taul0 = 6 (ms)
    q10 = 3
}

STATE { n l }

ASSIGNED {
    v (mV)
    celsius (degC)
    ek (mV)
    ik (mA/cm2)
    gka (mho/cm2)
    ninf
    linf
    taun (ms)
    taul (ms)
}

INITIAL {
    rates(v)
    n = ninf
    l = linf
    gka = gkabar*n*l
    ik = gka*(v - ek)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gka = gkabar*n*l
    ik = gka*(v - ek)
}

DERIVATIVE states {
    rates(v)
    n' = (ninf - n)/taun
    l' = (linf - l)/taul
}

UNITSOFF
PROCEDURE rates(v (mV)) { LOCAL qt
    qt = q10^((celsius - 24)/10)
    ninf = 1/(1 + exp(-(v - vhalfn)/kn))
    linf = 1/(1 + exp((v - vhalfl)/kl))
    taun = (0.5 + 2*exp(-((v + 40)/30)^2))/qt
    taul = taul0/qt
}
UNITSON
