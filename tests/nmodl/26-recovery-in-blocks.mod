NEURON { SUFFIX kd USEION k READ ek WRITE ik }
STATE { n }
ASSIGNED { v (mV) ik (mA/cm2) ek (mV) ninf ntau (ms) }
BREAKPOINT {
	SOLVE states METHOD cnexp
	ik = .036*n^4*(v - ek)
}
DERIVATIVE states {
	n' = (ninf - n)/
}
PROCEDURE rates(v (mV)) {
	ninf = 1/(1 + exp(-(v + 55)/10)
	ntau = 5
}
