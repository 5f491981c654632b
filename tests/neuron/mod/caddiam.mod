: caddiam.mod - a calcium pool in a shell under the membrane whose volume
: depends on the segment's diameter, in the style of ModelDB's decay pools
: (declaring NEURON's diam, which nocmodl points at the segment's): for
: circ's NEURON reference cases.  The shell's volume per unit of membrane
: area is computed once in INITIAL; the DERIVATIVE block reads diam too.

NEURON {
    SUFFIX caddiam
    USEION ca READ ica WRITE cai
    RANGE depth, taur, cainf, vol
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    depth = 0.2 (um)
    taur = 40 (ms)
    cainf = 0.0001 (mM)
}

ASSIGNED {
    ica (mA/cm2)
    diam (um)
    vol (um)
}

STATE { cai (mM) }

INITIAL {
    vol = depth * (1 - depth / diam)
    cai = cainf
}

BREAKPOINT {
    SOLVE state METHOD cnexp
}

DERIVATIVE state {
    cai' = -(10000) * ica / (2 * FARADAY * vol) * (diam - depth) / diam + (cainf - cai) / taur
}
