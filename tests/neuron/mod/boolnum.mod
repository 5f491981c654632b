TITLE boolnum.mod - conditions used as numbers (circ test)

COMMENT
A window current gated by comparisons that nocmodl's C evaluates as 1 or 0
in arithmetic: (v > th) * g, a condition as a function's argument, a
difference of two conditions, one assigned to a variable, and one passed
to a PROCEDURE called as a statement.
ENDCOMMENT

NEURON {
    SUFFIX boolnum
    NONSPECIFIC_CURRENT i
    RANGE g, th, hi, on, x
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    g = 0.002 (S/cm2)
    th = -62 (mV)
    hi = -40 (mV)
    e = -80 (mV)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    on
    x
}

INITIAL {
    setx(v > -70 (mV))
}

BREAKPOINT {
    on = (v > th) && (v < hi)
    i = (v > th)*g*(v - e)*gate((v < hi) - (v < th - 5 (mV))) + on*0.1*g*(v - e) + x*g*(v - e)
}

PROCEDURE setx(c) {
    x = c*0.5 + (c == 0)*0.1
}

FUNCTION gate(x) {
    gate = 0.5 + 0.5*x
}
