: diam declared in PARAMETER or ASSIGNED is NEURON's diameter of the segment
: (nocmodl points it at the section's diam, whatever value the file gives):
: a density mechanism reads circ's built-in diam; a point process's is
: refused where it is declared, not read as the mechanism's own variable
NEURON { POINT_PROCESS ppdiam NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { diam = 1 (um) g = 0.001 (uS) }
ASSIGNED { v (mV) i (nA) }
BREAKPOINT { i = g * diam * (v + 70) }
