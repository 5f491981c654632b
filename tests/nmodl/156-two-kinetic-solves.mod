: two KINETIC blocks SOLVEd in one BREAKPOINT: a circ mechanism has one
: kinetic block (beside one DERIVATIVE block)
NEURON { SUFFIX kk NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) kf = 0.1 (/ms) kb = 0.05 (/ms) }
STATE { A B C O }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT {
	SOLVE k1 METHOD sparse
	SOLVE k2 METHOD sparse
	i = g*B*O*(v + 70 (mV))
}
INITIAL { A = 1 C = 1 }
KINETIC k1 { ~ A <-> B (kf, kb) }
KINETIC k2 { ~ C <-> O (kf, kb) }
