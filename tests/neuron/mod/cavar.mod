TITLE cavar.mod   R-type-like calcium channel with indexed rate functions (circ test)

COMMENT
A high-threshold calcium current written as several hippocampal ModelDB
channels are: the steady states and time constants of its two gates come
from FUNCTIONs taking the gate's index, whose if / else if sets the result
for index 0 and 1 only (no else: nocmodl would return an unset C local for
another index, which no call passes), filled into arrays by a FROM loop.
ENDCOMMENT

NEURON {
    SUFFIX cavar
    USEION ca READ eca WRITE ica
    RANGE gcabar
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}

PARAMETER {
    gcabar = 0.0008 (mho/cm2)
}

STATE { m h }

ASSIGNED {
    v (mV)
    eca (mV)
    ica (mA/cm2)
    inf[2]
    tau[2] (ms)
}

INITIAL {
    gates(v)
    m = inf[0]
    h = inf[1]
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    ica = gcabar*m*m*m*h*(v - eca)
}

DERIVATIVE states {
    gates(v)
    m' = (inf[0] - m)/tau[0]
    h' = (inf[1] - h)/tau[1]
}

UNITSOFF
PROCEDURE gates(v (mV)) {
    FROM i = 0 TO 1 {
        inf[i] = steady(v, i)
        tau[i] = relax(v, i)
    }
}

FUNCTION steady(v (mV), i) {
    if (i == 0) {
        steady = 1/(1 + exp(-(v + 40)/4))
    } else if (i == 1) {
        steady = 1/(1 + exp((v + 55)/3))
    }
}

FUNCTION relax(v (mV), i) (ms) {
    if (i == 0) {
        relax = 1 + 2/(1 + exp((v + 30)/10))
    } else if (i == 1) {
        relax = 40
    }
}
UNITSON
