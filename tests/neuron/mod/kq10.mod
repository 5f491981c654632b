TITLE kq10.mod   a delayed-rectifier K channel with a Q10 of 2 (circ test)

COMMENT
Written for circ's tests: the rates' temperature factor is 2^((celsius -
6.3)/10) and the leak grows with ((v + 65)/50)^2.  nocmodl writes both as
pow() calls and NEURON runs libm's pow; an optimizer that knows libm would
turn pow(2, x) into exp2(x) and pow(y, 2) into y*y, other roundings (and
exp2 was no function circ's JIT would link).
ENDCOMMENT

NEURON {
    SUFFIX kq10
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT il
    RANGE gkbar, gl, el
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}

PARAMETER {
    gkbar = 0.036 (mho/cm2)
    gl = 0.0003 (mho/cm2)
    el = -54.3 (mV)
}

STATE {
    n
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    il (mA/cm2)
    celsius (degC)
    ninf
    ntau (ms)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gkbar * n^4 * (v - ek)
    il = gl * (1 + ((v + 65) / 50)^2) * (v - el)
}

INITIAL {
    rates(v)
    n = ninf
}

DERIVATIVE states {
    rates(v)
    n' = (ninf - n) / ntau
}

PROCEDURE rates(v (mV)) {
    LOCAL a, b, q10
    q10 = 2^((celsius - 6.3) / 10)
    a = 0.01 * vtrap(-(v + 55), 10)
    b = 0.125 * exp(-(v + 65) / 80)
    ntau = 1 / (q10 * (a + b))
    ninf = a / (a + b)
}

FUNCTION vtrap(x, y) {
    if (fabs(x / y) < 1e-6) {
        vtrap = y * (1 - x / y / 2)
    } else {
        vtrap = x / (exp(x / y) - 1)
    }
}
