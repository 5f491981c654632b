: NEURON's temperature cache (s_celsius remembers the temperature the
: GLOBALs were computed for) is translated where what it keeps is the same
: for every instance; here tau0 reads a RANGE parameter: NEURON computes it
: once, for the first instance, and keeps it for all
NEURON { SUFFIX kc USEION k READ ek WRITE ik RANGE gbar, taumin GLOBAL s_celsius, tadj, tau0 }
PARAMETER { gbar = 0.01 (S/cm2) taumin = 0.5 (ms) q10 = 3 }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) s_celsius (degC) tadj tau0 (ms) }
STATE { n }
INITIAL { rates() n = 0 }
BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar*n*(v - ek)
}
DERIVATIVE states {
    rates()
    n' = (1 - n)/tau0
}
PROCEDURE rates() {
    if (s_celsius != celsius) {
        tadj = q10^((celsius - 22)/10)
        tau0 = taumin/tadj
        s_celsius = celsius
    }
}
