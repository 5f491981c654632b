TITLE hhrk.mod   HH-type Na and K channels integrated by runge (circ test)

COMMENT
The gates of hheu.mod, advanced with METHOD runge (scopmath's fixed-step
fourth-order Runge-Kutta: four evaluations of the block, then nrn_state
evaluates it once more), as some older ModelDB files are.  ninf and ntau
are set in the block: RANGE, so what the last evaluation leaves is seen.
ENDCOMMENT

NEURON {
    SUFFIX hhrk
    USEION na READ ena WRITE ina
    USEION k READ ek WRITE ik
    RANGE gnabar, gkbar, ninf, ntau
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gnabar = 0.12 (S/cm2)
    gkbar = 0.036 (S/cm2)
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ena (mV)
    ek (mV)
    ina (mA/cm2)
    ik (mA/cm2)
    am (/ms)
    bm (/ms)
    ah (/ms)
    bh (/ms)
    an (/ms)
    bn (/ms)
    ninf
    ntau (ms)
}

STATE { m h n }

BREAKPOINT {
    SOLVE states METHOD runge
    ina = gnabar*m*m*m*h*(v - ena)
    ik = gkbar*n*n*n*n*(v - ek)
}

INITIAL {
    rates(v)
    m = am/(am + bm)
    h = ah/(ah + bh)
    n = an/(an + bn)
}

DERIVATIVE states {
    rates(v)
    ninf = an/(an + bn)
    ntau = 1/(an + bn)
    m' = am*(1 - m) - bm*m
    h' = ah*(1 - h) - bh*h
    n' = (ninf - n)/ntau
}

PROCEDURE rates(v (mV)) {
    LOCAL q10
    q10 = 3^((celsius - 6.3 (degC))/10 (degC))
    am = q10 * 0.1 (/ms) * vtrap(-(v + 40 (mV)), 10 (mV))
    bm = q10 * 4 (/ms) * exp(-(v + 65 (mV))/18 (mV))
    ah = q10 * 0.07 (/ms) * exp(-(v + 65 (mV))/20 (mV))
    bh = q10 * 1 (/ms) / (exp(-(v + 35 (mV))/10 (mV)) + 1)
    an = q10 * 0.01 (/ms) * vtrap(-(v + 55 (mV)), 10 (mV))
    bn = q10 * 0.125 (/ms) * exp(-(v + 65 (mV))/80 (mV))
}

FUNCTION vtrap(x (mV), y (mV)) (mV) {
    if (fabs(x/y) < 1e-6) {
        vtrap = y*(1 - x/y/2)
    } else {
        vtrap = x/(exp(x/y) - 1)
    }
}
