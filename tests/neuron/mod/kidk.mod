TITLE kidk.mod   coupled gates (derivimplicit) beside a kinetic scheme (circ test)

COMMENT
Two coupled gates ha, hb whose equations are not linear in their states
(DERIVATIVE states, METHOD derivimplicit: Newton iterations), and the
chain c1 <-> c2 <-> o (KINETIC kin, METHOD sparse) whose rates read hb.
The STATE line lists them in neither block's order: nocmodl numbers
derivimplicit's unknowns (ha, hb) and the scheme's states in its symbol
order, the same for both.
ENDCOMMENT

NEURON {
    SUFFIX kidk
    USEION k READ ek WRITE ik
    RANGE gbar
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.01 (S/cm2)
    tauh = 8 (ms)
    k1 = 0.2 (/ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    hinf
    a (/ms)
    b (/ms)
    bo (/ms)
}

STATE { o hb c2 ha c1 }

BREAKPOINT {
    SOLVE states METHOD derivimplicit
    SOLVE kin METHOD sparse
    ik = gbar*o*ha*(v - ek)
}

UNITSOFF
INITIAL {
    hinf = 1/(1 + exp((v + 50)/8))
    ha = hinf
    hb = hinf
    c1 = 1
}

DERIVATIVE states {
    hinf = 1/(1 + exp((v + 50)/8))
    ha' = (hinf - ha)/tauh - 0.05*ha*hb*hb
    hb' = (ha - hb)/(2*tauh) + 0.02*ha*ha*(1 - hb)
}

KINETIC kin {
    a = 0.5*exp((v + 30)/12)
    b = 0.1*exp(-(v + 30)/25)
    bo = 2*b + k1*(1 - hb)
    ~ c1 <-> c2 (2*a*hb, b)
    ~ c2 <-> o (a, bo)
    CONSERVE c1 + c2 + o = 1
}
UNITSON
