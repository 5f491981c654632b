TITLE klocarr.mod - a K channel whose rates keep alphas and betas in LOCAL arrays (circ test)

COMMENT
Rate procedures in ModelDB often hold a gate's alpha and beta in a
block's LOCAL arrays and fill the gates' inf and tau in a FROM loop;
nocmodl writes C arrays local to the procedure (double _la[2]).
ENDCOMMENT

NEURON {
    SUFFIX klocarr
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
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    inf[2]
    tau[2] (ms)
}

STATE { n h }

INITIAL {
    rates(v)
    n = inf[0]
    h = inf[1]
}

BREAKPOINT { LOCAL g[2]
    SOLVE states METHOD cnexp
    g[0] = gbar*n*n*n
    g[1] = g[0]*(0.3 + 0.7*h)
    ik = g[1]*(v - ek)
}

DERIVATIVE states {
    rates(v)
    n' = (inf[0] - n)/tau[0]
    h' = (inf[1] - h)/tau[1]
}

PROCEDURE rates(v (mV)) {  LOCAL a[2], b[2], i
    UNITSOFF
    a[0] = 0.01*(v + 50)/(1 - exp(-(v + 50)/10))
    b[0] = 0.125*exp(-(v + 60)/80)
    a[1] = 0.0005*exp(-(v + 70)/20)
    b[1] = 0.002/(1 + exp(-(v + 40)/10))
    FROM i = 0 TO 1 {
        tau[i] = 1/(a[i] + b[i])
        inf[i] = a[i]*tau[i]
    }
    UNITSON
}
