TITLE ufac.mod - unit factors from NEURON's units database (circ test)

COMMENT
A leak whose reversal is a few thermal voltages, computed from the
elementary charge (e), Boltzmann's constant (k), the gas constant in
millijoule (k-mole) and Faraday's constant in millicoulomb: each factor is
the number nocmodl's units database gives (NEURON 8.2.2's values).
ENDCOMMENT

NEURON {
    SUFFIX ufac
    NONSPECIFIC_CURRENT i
    RANGE g, n
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
    E = (e) (coulomb)
    KB = (k) (joule/degC)
    RM = (k-mole) (millijoule/degC)
    FM = (faraday) (millicoulomb)
}

PARAMETER {
    g = 0.0005 (S/cm2)
    n = -2.5
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
}

BREAKPOINT {
    : kT/e in V, then RT/F in mV: the same thermal voltage twice
    i = g*(v - (n*500*KB*(celsius + 273.15 (degC))/E + n*0.5*RM*(celsius + 273.15 (degC))/FM*1000))
}
