: a density mechanism reads NEURON's diam, the segment's diameter, as circ's
: built-in: reading it is fine, assigning it is refused
NEURON { SUFFIX pooldiam USEION ca WRITE cai RANGE r }
PARAMETER { diam (um) taur = 20 (ms) }
STATE { cai (mM) }
ASSIGNED { r (1) }
INITIAL { cai = 5e-5 (mM) r = diam / 1 (um) diam = 2 (um) }
BREAKPOINT { SOLVE s METHOD cnexp }
DERIVATIVE s { cai' = (5e-5 (mM) - cai) / taur * r }
