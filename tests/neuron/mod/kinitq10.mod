: kinitq10.mod - a K channel whose temperature factor is a GLOBAL PARAMETER
: (tadj: a PARAMETER that is not RANGE) that INITIAL sets from run constants
: only, as several ModelDB files do (tadjm = 3.55^((celsius - 23.5)/10)):
: every instance writes the same value before anything reads it.  rates()
: and BREAKPOINT read it.  For circ's NEURON reference cases.

NEURON {
    SUFFIX kinitq10
    USEION k READ ek WRITE ik
    RANGE gbar, gk
    GLOBAL q10, temp
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.01 (S/cm2)
    tha = -20 (mV)
    qa = 9 (mV)
    Ra = 0.02 (/ms)
    Rb = 0.002 (/ms)
    temp = 23 (degC)
    q10 = 2.3
    tadj
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ek (mV)
    ik (mA/cm2)
    gk (S/cm2)
    winf
    wtau (ms)
}

STATE { w }

INITIAL {
    tadj = q10^((celsius - temp)/(10 (degC)))
    rates(v)
    w = winf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gk = tadj * gbar * w
    ik = gk * (v - ek)
}

DERIVATIVE states {
    rates(v)
    w' = (winf - w) / wtau
}

UNITSOFF
PROCEDURE rates(v (mV)) { LOCAL a, b
    a = Ra * (v - tha) / (1 - exp(-(v - tha) / qa))
    b = -Rb * (v - tha) / (1 - exp((v - tha) / qa))
    wtau = 1 / tadj / (a + b)
    winf = a / (a + b)
}
UNITSON
