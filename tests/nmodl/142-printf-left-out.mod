: 142-printf-left-out.mod - printf in INITIAL and BREAKPOINT: NEURON prints, circ
: leaves it out with a warning; one whose argument calls the file's code is refused
NEURON { SUFFIX pf NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
INITIAL { printf("pf: v = %g at t = %g\n", v, t) }
BREAKPOINT {
    if (v > 0) { printf("pf: v above 0\n") }
    i = g*(v + 70)
}
PROCEDURE show() {
    printf("pf: %g\n", twice(v))
}
FUNCTION twice(x) { twice = 2*x }
