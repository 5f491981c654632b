: clacc.mod - an intracellular chloride pool (VALENCE -1) for circ's NEURON
: reference cases: cli follows the section's icl into a shell of the given
: depth and relaxes to cl0, where INITIAL starts it.  Writing cli makes the
: cl ion's style cinit: finitialize first sets cli and clo to cli0_cl_ion
: and clo0_cl_ion (1 mM each, NEURON's default for an ion it does not
: know), whatever the section set; INITIAL then sets cli, and ecl follows
: cli and clo by Nernst with z = -1.

NEURON {
    SUFFIX clacc
    USEION cl READ icl WRITE cli VALENCE -1
    RANGE depth, tau, cl0
}

UNITS {
    (mV) = (millivolt)
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulombs)
}

PARAMETER {
    depth = 0.5 (um)
    tau = 30 (ms)
    cl0 = 6 (mM)
}

ASSIGNED { icl (mA/cm2) }

STATE { cli (mM) }

INITIAL {
    cli = cl0
}

BREAKPOINT {
    SOLVE states METHOD cnexp
}

DERIVATIVE states {
    cli' = icl * (1e4) / (depth * FARADAY) + (cl0 - cli) / tau
}
