: A STATE clamped in BREAKPOINT after a value that reads it is computed:
: the currents would read the value with the clamped state (nocmodl
: computes it before the clamp).  Refused, located at the clamp.
NEURON { SUFFIX clr USEION k READ ek WRITE ik RANGE gbar, gk }
PARAMETER { gbar = 0.01 (S/cm2) }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) gk (S/cm2) }
STATE { n }
INITIAL { n = 0 }
BREAKPOINT {
    SOLVE states METHOD cnexp
    gk = gbar*n
    if (n > 0.5) { n = 0.5 }
    ik = gk*(v - ek)
}
DERIVATIVE states { n' = (1 - n)/5 (ms) }
