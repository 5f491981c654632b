: diam declared in PARAMETER or ASSIGNED is NEURON's diameter of the segment
: (nocmodl points it at the segment's diam, whatever value the file gives):
: density mechanisms and point processes read circ's built-in diam; an
: artificial cell has no segment, so its diam is refused where it is declared,
: not read as the mechanism's own variable
NEURON { ARTIFICIAL_CELL artdiam RANGE m }
PARAMETER { diam = 1 (um) }
ASSIGNED { m }
INITIAL { m = diam }
NET_RECEIVE (w) { m = m + w * diam }
