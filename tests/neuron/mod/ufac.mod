TITLE ufac.mod - unit factors from NEURON's units database (circ test)

COMMENT
A leak whose reversal is a few thermal voltages, computed from the
elementary charge (e), Boltzmann's constant (k), the gas constant in
millijoule (k-mole), in joule/K with blanks, the charge in millicoulomb,
Faraday's constant in millicoulomb, and Destexhe's (mole k) in
mV-coulomb/degC with the NEURON book's (faraday) in 10000 coulomb: each
factor is
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
    RK = (k-mole) (joule / K)
    EM = (e) (millicoulomb)
    RD = (mole k) (mV-coulomb/degC)
    FB = (faraday) (10000 coulomb)
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
    : kT/e in V, then RT/F in mV (thrice): the same thermal voltage, four times
    i = g*(v - (n*400*KB*(celsius + 273.15 (degC))/E + n*0.3*RM*(celsius + 273.15 (degC))/FM*1000
               + n*0.3*RK*(celsius + 273.15 (degC))/(FM*EM/E)*1e3
               + n*0.1*RD*(celsius + 273.15 (degC))/(FB*1e4)))
}
