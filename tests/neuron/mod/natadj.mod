TITLE natadj.mod   Na channel, Mainen-style tabulated rates and temperature factor (circ test)

COMMENT
Written for circ's tests in the style of Mainen & Sejnowski's 1996 na.mod
and its many copies: trates() tabulates minf, mexp, hinf, hexp, calling
rates() for the time constants (RANGE mtau, htau, which the TABLE does not
list) and setting the GLOBAL temperature factor tadj, which BREAKPOINT
reads.  NEURON sets tadj only while it builds the table (or, with the
table off, at each call): it is q10^((celsius - temp)/10) all the same.
The states are advanced by a PROCEDURE that BREAKPOINT SOLVEs without a
METHOD, ending in VERBATIM return 0; (so no THREADSAFE).
ENDCOMMENT

INDEPENDENT {t FROM 0 TO 1 WITH 1 (ms)}

NEURON {
    SUFFIX natadj
    USEION na READ ena WRITE ina
    RANGE m, h, gna, gbar, vshift
    RANGE minf, hinf, mtau, htau
    GLOBAL tha, thi1, thi2, qa, qi, qinf, thinf
    GLOBAL Ra, Rb, Rd, Rg
    GLOBAL q10, temp, tadj, vmin, vmax
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (pS) = (picosiemens)
    (um) = (micron)
}

PARAMETER {
    gbar = 1000     (pS/um2)
    vshift = -5     (mV)
    tha  = -35      (mV)
    qa   = 9        (mV)
    Ra   = 0.182    (/ms)
    Rb   = 0.124    (/ms)
    thi1  = -50     (mV)
    thi2  = -75     (mV)
    qi   = 5        (mV)
    thinf  = -65    (mV)
    qinf  = 6.2     (mV)
    Rg   = 0.0091   (/ms)
    Rd   = 0.024    (/ms)
    temp = 23       (degC)
    q10  = 2.3
    v               (mV)
    dt              (ms)
    celsius         (degC)
    vmin = -120     (mV)
    vmax = 100      (mV)
}

ASSIGNED {
    ina     (mA/cm2)
    gna     (pS/um2)
    ena     (mV)
    minf    hinf
    mtau (ms)   htau (ms)
    tadj
}

STATE { m h }

INITIAL {
    trates(v+vshift)
    m = minf
    h = hinf
}

BREAKPOINT {
    SOLVE states
    gna = tadj*gbar*m*m*m*h
    ina = (1e-4) * gna * (v - ena)
}

LOCAL mexp, hexp

PROCEDURE states() {
    trates(v+vshift)
    m = m + mexp*(minf-m)
    h = h + hexp*(hinf-h)
    VERBATIM
    return 0;
    ENDVERBATIM
}

PROCEDURE trates(v) {
    LOCAL tinc
    TABLE minf, mexp, hinf, hexp
    DEPEND dt, celsius, temp, Ra, Rb, Rd, Rg, tha, thi1, thi2, qa, qi, qinf
    FROM vmin TO vmax WITH 199

    rates(v): not consistently executed from here if usetable == 1

    tadj = q10^((celsius - temp)/10)
    tinc = -dt * tadj

    mexp = 1 - exp(tinc/mtau)
    hexp = 1 - exp(tinc/htau)
}

UNITSOFF
PROCEDURE rates(vm) {
    LOCAL  a, b

    a = trap0(vm,tha,Ra,qa)
    b = trap0(-vm,-tha,Rb,qa)
    mtau = 1/(a+b)
    minf = a*mtau

    :"h" inactivation
    a = trap0(vm,thi1,Rd,qi)
    b = trap0(-vm,-thi2,Rg,qi)
    htau = 1/(a+b)
    hinf = 1/(1+exp((vm-thinf)/qinf))
}

FUNCTION trap0(v,th,a,q) {
    if (fabs((v-th)/q) > 1e-6) {
        trap0 = a * (v - th) / (1 - exp(-(v - th)/q))
    } else {
        trap0 = a * q
    }
}
UNITSON
