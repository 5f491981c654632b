: clc.mod - a chloride leak (VALENCE -1) for circ's NEURON reference cases:
: reads ecl (by Nernst where a pool writes cli; else the section's value,
: 0 mV by default) and writes icl.

NEURON {
    SUFFIX clc
    USEION cl READ ecl WRITE icl VALENCE -1
    RANGE g
}

UNITS {
    (mV) = (millivolt)
    (mA) = (milliamp)
    (S) = (siemens)
}

PARAMETER {
    g = 0.002 (S/cm2)
}

ASSIGNED {
    v (mV)
    ecl (mV)
    icl (mA/cm2)
}

BREAKPOINT {
    icl = g * (v - ecl)
}
