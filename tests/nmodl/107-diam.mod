: diam declared in PARAMETER or ASSIGNED is NEURON's diameter of the segment
: (nocmodl points it at the section's diam, whatever value the file gives):
: refused where it is declared, not read as the mechanism's own variable
NEURON { SUFFIX pooldiam USEION ca READ ica WRITE cai }
PARAMETER { diam = 1 (um) taur = 20 (ms) }
STATE { cai (mM) }
ASSIGNED { ica (mA/cm2) }
INITIAL { cai = 5e-5 }
BREAKPOINT { SOLVE s METHOD cnexp }
DERIVATIVE s { cai' = -ica*4/(diam*96.485) + (5e-5 - cai)/taur }
