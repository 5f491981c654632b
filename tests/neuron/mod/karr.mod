TITLE five-state Markov K channel, states and rates in arrays (ModelDB style)

COMMENT
The HH n^4 gate as a Markov chain: s[0..3] closed, s[4] open.  Rates are
filled in a FROM loop, the scheme is written with FROM over the array, the
sizes come from DEFINE, and INITIAL sets the chain's equilibrium with FROM
loops (nocmodl 8.2.2 cannot translate CONSERVE of array elements, so it has
none).
ENDCOMMENT

NEURON {
    SUFFIX karr
    USEION k READ ek WRITE ik
    RANGE gbar, g, kf, kb
}

DEFINE NS 5
DEFINE NR 4

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.036 (S/cm2)
    vh = -55 (mV)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    g (S/cm2)
    kf[NR] (/ms)
    kb[NR] (/ms)
}

STATE {
    s[NS]
}

BREAKPOINT {
    SOLVE kin METHOD sparse
    g = gbar*s[NS - 1]
    ik = g*(v - ek)
}

INITIAL {
    LOCAL total
    rates(v)
    s[0] = 1
    total = 1
    FROM i = 1 TO NR {
        s[i] = s[i - 1]*kf[i - 1]/kb[i - 1]
        total = total + s[i]
    }
    FROM i = 0 TO NS - 1 {
        s[i] = s[i]/total
    }
}

KINETIC kin {
    rates(v)
    FROM i = 0 TO NR - 1 {
        ~ s[i] <-> s[i + 1] (kf[i], kb[i])
    }
}

UNITSOFF
PROCEDURE rates(v (mV)) {
    LOCAL a, b
    a = 0.01*vtrap(-(v - vh), 10)
    b = 0.125*exp(-(v - vh + 10)/80)
    FROM i = 0 TO NR - 1 {
        kf[i] = (NR - i)*a
        kb[i] = (i + 1)*b
    }
}

FUNCTION vtrap(x (mV), y (mV)) (mV) {
    if (fabs(x/y) < 1e-6) {
        vtrap = y*(1 - x/y/2)
    } else {
        vtrap = x/(exp(x/y) - 1)
    }
}
UNITSON
