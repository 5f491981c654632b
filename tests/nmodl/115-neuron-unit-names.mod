: NEURON's unit names (nrnunits.lib) are circ's units: (megohm) is Mohm,
: (microsiemens) uS, (millimolar) mM, (msec) ms, (coul-m) C*m, plurals
: (volts) too; a name neither knows leaves the parameter a plain number,
: with a warning at its unit
NEURON { POINT_PROCESS Names RANGE rs, gs, c0, tw, q, vh, odd }
PARAMETER {
	rs = 10 (megohm)
	gs = 0.001 (microsiemens)
	c0 = 0.05 (millimolar)
	tw = 2 (msec)
	q = 1 (coul-m)
	vh = 1 (volts)
	odd = 3 (furlong/fortnight)
}
ASSIGNED { v (mV) i (nA) }
BREAKPOINT { i = (v - vh * 1000) / rs }
