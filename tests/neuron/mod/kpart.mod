TITLE kpart.mod   K channel with a gate and a fast partition (circ test)

COMMENT
An old-style delayed-rectifier gate n, stepped exactly by a PROCEDURE that
BREAKPOINT SOLVEs, and a fast partition of the open channels between O
and a blocked state I, at equilibrium at every step: a LINEAR block SOLVEd
after it, so it reads the n just updated (nocmodl runs the SOLVEs in
order in nrn_state).  SOLVEFOR O, I: n is read as a value there.
ENDCOMMENT

NEURON {
    SUFFIX kpart
    USEION k READ ek WRITE ik
    RANGE gbar
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.036 (S/cm2)
    kb = 0.3 (/ms)
    kub = 0.2 (/ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    ninf
    ntau (ms)
}

STATE { n O I }

INITIAL {
    rates(v)
    n = ninf
    SOLVE part
}

BREAKPOINT {
    SOLVE update
    SOLVE part
    ik = gbar * n * n * n * n * O * (v - ek)
}

PROCEDURE update() {
    rates(v)
    n = n + (1 - exp(-dt / ntau)) * (ninf - n)
}

LINEAR part SOLVEFOR O, I {
    ~ kb * n * O = kub * I
    ~ O + I = 1
}

UNITSOFF
PROCEDURE rates(v (mV)) {
    LOCAL a, b
    a = 0.01 * (v + 55) / (1 - exp(-(v + 55) / 10))
    b = 0.125 * exp(-(v + 65) / 80)
    ninf = a / (a + b)
    ntau = 1 / (a + b)
}
UNITSON
