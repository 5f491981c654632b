: nafshift.mod - a transient Na current in the style of Traub et al. 2005
: (ModelDB's naf.mod, Lazarewicz's port) for circ's reference cases: its
: rates PROCEDURE has a TABLE (no DEPEND) and reads the RANGE PARAMETER
: fastNa_shift, which NEURON reads from one instance while it builds the
: table (the first of the mechanism's list), so every instance uses it.
INDEPENDENT { t FROM 0 TO 1 WITH 1 (ms) }

UNITS {
    (mV) = (millivolt)
    (mA) = (milliamp)
}

NEURON {
    SUFFIX nafshift
    USEION na READ ena WRITE ina
    RANGE gbar, ina, fastNa_shift, minf, mtau
}

PARAMETER {
    fastNa_shift = 0 (mV)
    gbar = 0.1 (mho/cm2)
    v (mV)
    ena (mV)
}

ASSIGNED {
    ina (mA/cm2)
    minf (1)
    hinf (1)
    mtau (ms)
    htau (ms)
}

STATE { m h }

BREAKPOINT {
    SOLVE states METHOD cnexp
    ina = gbar * m * m * m * h * (v - ena)
}

INITIAL {
    settables(v)
    m = minf
    h = hinf
}

DERIVATIVE states {
    settables(v)
    m' = (minf - m) / mtau
    h' = (hinf - h) / htau
}

UNITSOFF

PROCEDURE settables(v1 (mV)) {
    TABLE minf, hinf, mtau, htau FROM -120 TO 40 WITH 641

    minf = 1 / (1 + exp((-(v1 + fastNa_shift) - 38) / 10))
    if ((v1 + fastNa_shift) < -30.0) {
        mtau = 0.025 + 0.14 * exp(((v1 + fastNa_shift) + 30) / 10)
    } else {
        mtau = 0.02 + 0.145 * exp((-(v1 + fastNa_shift) - 30) / 10)
    }
    hinf = 1 / (1 + exp(((v1 + fastNa_shift) + 62.9) / 10.7))
    htau = 0.15 + 1.15 / (1 + exp(((v1 + fastNa_shift) + 37) / 15))
}

UNITSON
