: three SOLVEs: a DERIVATIVE block's and a KINETIC block's are translated,
: both in BREAKPOINT's order (NEURON 8.2.2's nrn_state runs states (cnexp),
: then kin (sparse)); a second DERIVATIVE block's is not
NEURON { SUFFIX dk NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) kf = 0.1 (/ms) kb = 0.05 (/ms) }
STATE { m h C O }
ASSIGNED { v (mV) i (mA/cm2) minf }
BREAKPOINT {
	SOLVE states METHOD cnexp
	SOLVE kin METHOD sparse
	SOLVE slow METHOD cnexp
	i = g*m*h*O*(v + 70 (mV))
}
INITIAL { m = 0.1 h = 1 C = 1 O = 0 }
DERIVATIVE states {
	minf = 1/(1+exp(-(v+40 (mV))/5 (mV)))
	m' = (minf - m)/5 (ms)
}
DERIVATIVE slow { h' = (1 - h)/50 (ms) }
KINETIC kin {
	~ C <-> O (kf*m, kb)
	CONSERVE C + O = 1
}
