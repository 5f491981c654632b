TITLE nakin.mod   three-state Markov sodium channel (circ test)

COMMENT
A sodium channel as a kinetic scheme in the style of ModelDB's Markov
channels: closed C, open O, inactivated I, with voltage-dependent rates
from a PROCEDURE.  CONSERVE replaces one state's equation; INITIAL finds
the steady state with SOLVE ... STEADYSTATE sparse.
ENDCOMMENT

NEURON {
    SUFFIX nakin
    USEION na READ ena WRITE ina
    RANGE gbar, g
    GLOBAL q10
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.08 (S/cm2)
    q10 = 3
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ena (mV)
    ina (mA/cm2)
    g (S/cm2)
    kco (/ms)
    koc (/ms)
    koi (/ms)
    kio (/ms)
    kic (/ms)
    kci (/ms)
}

STATE { C O I }

BREAKPOINT {
    SOLVE kin METHOD sparse
    g = gbar * O
    ina = g * (v - ena)
}

INITIAL {
    SOLVE kin STEADYSTATE sparse
}

KINETIC kin {
    rates(v)
    ~ C <-> O (kco, koc)
    ~ O <-> I (koi, kio)
    ~ I <-> C (kic, kci)
    CONSERVE C + O + I = 1
}

PROCEDURE rates(v (mV)) {
    LOCAL tadj
    tadj = q10^((celsius - 6.3 (degC))/10 (degC))
    kco = tadj * 4 (/ms) * exp((v + 38 (mV)) / 9 (mV))
    koc = tadj * 1.5 (/ms) * exp(-(v + 38 (mV)) / 20 (mV))
    koi = tadj * 2 (/ms)
    kio = tadj * 0.005 (/ms) * exp(-(v + 60 (mV)) / 12 (mV))
    kic = tadj * 0.3 (/ms) * exp(-(v + 75 (mV)) / 10 (mV))
    kci = tadj * 0.001 (/ms) * exp((v + 50 (mV)) / 12 (mV))
}
