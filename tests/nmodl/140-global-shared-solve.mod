: BREAKPOINT's SOLVE of a PROCEDURE (no METHOD) runs it in nrn_state, once
: a step for each instance: an entry point of its own, checked as INITIAL,
: BREAKPOINT, the state updates and NET_RECEIVE are.  A GLOBAL it reads
: before setting (tot; cnt, in the procedure it calls) counts over all
: instances and steps in NEURON; one it sets on one path only (pk) keeps
: another instance's value: refused, with the SOLVE as a note.  One it
: sets before reading (q) is scratch: supported
NEURON {
    SUFFIX gcnt
    NONSPECIFIC_CURRENT i
    RANGE g, x
    GLOBAL tot, cnt, pk, q
}
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) tot cnt pk (mV) q x }
INITIAL { tot = 0  cnt = 0  x = 0 }
BREAKPOINT {
    SOLVE st
    i = g*v*x
}
PROCEDURE st() {
    q = 2
    tot = tot + q
    bump()
    if (v > 0) { pk = v }
    x = 0.01*tot
}
PROCEDURE bump() { cnt = cnt + 1 }
