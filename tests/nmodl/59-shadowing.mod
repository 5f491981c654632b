: an argument or LOCAL named like a mechanism variable shadows it (nocmodl):
: it gets a fresh name, unique even where tau_local is taken
NEURON {
	POINT_PROCESS shadowsyn
	NONSPECIFIC_CURRENT i
	RANGE tau, e, tau_local, w
}
PARAMETER { tau = 2 (ms) e = 0 (mV) }
ASSIGNED { v (mV) i (nA) w (uS) tau_local }
STATE { A (uS) }
BREAKPOINT {
	SOLVE decay METHOD cnexp
	i = A*(v - e)
}
INITIAL {
	LOCAL tau
	tau = 1
	A = 0
	tau_local = scale(tau, 3)
	w = 0
}
DERIVATIVE decay { A' = -A/tau }
FUNCTION scale(e, i) { scale = e*i*exp(v) }
NET_RECEIVE(w (uS), tau) {
	INITIAL { tau = 0 }
	A = A + w
	tau = tau + 1
}
