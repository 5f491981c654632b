TITLE kproc.mod   K channel whose gates a PROCEDURE solves (circ test)

COMMENT
A delayed-rectifier gate m and a fast split of the channels between a
closed pair C (two closed channels bind: C*C) and an open state O, at
equilibrium at every step: a PROCEDURE computes the rates, SOLVEs the
NONLINEAR block (scopmath's newton, from the states' values), then
computes the open fraction the current reads; the DERIVATIVE block calls
it before m's equation.  INITIAL starts Newton from the split of a LINEAR
block that a FUNCTION SOLVEs and whose result it returns.  nocmodl solves
a block where its SOLVE stands, in the PROCEDURE or FUNCTION.
ENDCOMMENT

NEURON {
    SUFFIX kproc
    USEION k READ ek WRITE ik
    RANGE gbar, frac
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.036 (S/cm2)
    kc = 0.3 (/ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    minf
    mtau (ms)
    a (/ms)
    b (/ms)
    frac
}

STATE { m C O }

BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar * m * frac * (v - ek)
}

INITIAL {
    rates(v)
    m = minf
    O = guess(v)
    equil(v)
}

DERIVATIVE states {
    rates(v)
    equil(v)
    m' = (minf - m) / mtau
}

UNITSOFF
PROCEDURE rates(v (mV)) {
    minf = 1 / (1 + exp(-(v + 40) / 8))
    mtau = 1 + 4 * exp(-(v + 50) * (v + 50) / 400)
}

PROCEDURE coefs(v (mV)) {
    a = kc * exp((v + 30) / 20)
    b = kc * exp(-(v + 30) / 25)
}

UNITSON

PROCEDURE equil(v (mV)) {
    coefs(v)
    SOLVE gates
    frac = O / (C + O)
}

FUNCTION guess(v (mV)) {
    coefs(v)
    SOLVE split
    guess = O
}

NONLINEAR gates {
    ~ a * C * C = b * O
    ~ C + O = 1
}

LINEAR split {
    ~ a * C = b * O
    ~ C + O = 1
}
