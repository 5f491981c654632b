: a GLOBAL PARAMETER that INITIAL sets from run constants only, before any
: read, is each instance's copy of the one value (tadj); where NEURON's
: shared value could differ from an instance's own, it is still refused:
: set from a RANGE value (the last instance's would win), from itself,
: read before it is set, or set again elsewhere
UNITSOFF
NEURON { SUFFIX gsi NONSPECIFIC_CURRENT i RANGE g }
PARAMETER {
	g = 0.001 (S/cm2)
	q10 = 3 temp = 23 (degC)
	tadj gr scale = 1 early late
}
ASSIGNED { v (mV) celsius (degC) i (mA/cm2) }
INITIAL {
	late = early
	tadj = q10^((celsius - temp)/10 (degC))
	gr = g
	scale = scale * 2
	early = 1
	late = 2
}
BREAKPOINT { i = tadj * gr * scale * late * (v + 70) }
