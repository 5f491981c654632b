: A POINT_PROCESS whose TABLE reads a RANGE PARAMETER (ModelDB's NMDA
: synapses: mgblock's table of the Mg block reads mg): still refused, at
: the read (circ checks that instances agree only for density mechanisms).
NEURON {
    POINT_PROCESS nmdamg
    NONSPECIFIC_CURRENT i
    RANGE g, e, mg
}
PARAMETER {
    e = 0 (mV)
    mg = 1 (mM)
    tau = 50 (ms)
}
ASSIGNED {
    v (mV)
    i (nA)
    B
}
STATE { g (uS) }
INITIAL {
    g = 0
}
BREAKPOINT {
    SOLVE state METHOD cnexp
    mgblock(v)
    i = g * B * (v - e)
}
DERIVATIVE state {
    g' = -g / tau
}
NET_RECEIVE(weight (uS)) {
    g = g + weight
}
PROCEDURE mgblock(v (mV)) {
    TABLE B DEPEND mg FROM -140 TO 80 WITH 1000
    B = 1 / (1 + exp(0.062 (/mV) * -v) * (mg / 3.57 (mM)))
}
