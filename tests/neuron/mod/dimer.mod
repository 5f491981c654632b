TITLE dimer.mod   a leak gated by dimers and a second scheme (circ test)

COMMENT
Not a model of anything: a kinetic scheme with a reactant counted twice
(2A <-> D), a one-way reaction (W ->), a CONSERVE with coefficients, and
two CONSERVE statements, so
that nocmodl's equation numbering, its stoichiometric terms and sparse.c's
pivot order with fill-ins are all exercised.  The open fraction gates a
nonspecific current.
ENDCOMMENT

NEURON {
    SUFFIX dimer
    NONSPECIFIC_CURRENT i
    RANGE g, e
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    g = 0.002 (S/cm2)
    e = -20 (mV)
    kd = 0.2 (/ms)
    ku = 0.05 (/ms)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    ka (/ms)
    kb (/ms)
}

STATE { A B D E Y X W }

BREAKPOINT {
    SOLVE dim METHOD sparse
    i = g * (E + 0.5 * Y + 0.2 * W) * (v - e)
}

INITIAL {
    A = 1
    X = 1
    W = 1
}

KINETIC dim {
    ka = 0.1 * exp((v + 50) / 20)
    kb = 0.05 * exp(-(v + 50) / 25)
    ~ 2A <-> D (kd, ku)
    ~ A <-> B (ka, kb)
    ~ D <-> E (ka, kb)
    ~ X <-> Y (ka, 2 * kb)
    ~ W -> (kb)
    CONSERVE A + B + 2D + 2E = 1
    CONSERVE X + Y = 1
}
