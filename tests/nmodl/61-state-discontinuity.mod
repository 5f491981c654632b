: state_discontinuity(s, value) is `s = value` in NET_RECEIVE (nocmodl, fixed
: step); elsewhere it is refused. fmod and cosh are NMODL's, as atan2, ceil ...
NEURON { POINT_PROCESS sdsyn RANGE tau, e, i NONSPECIFIC_CURRENT i }
PARAMETER { tau = 2 (ms) e = 0 (mV) }
ASSIGNED { v (mV) i (nA) }
STATE { g (uS) }
INITIAL { state_discontinuity(g, 0) }
BREAKPOINT { SOLVE state METHOD cnexp  i = g*(v - e) }
DERIVATIVE state { g' = -g/tau }
NET_RECEIVE(weight (uS)) {
	state_discontinuity(g, g + weight*cosh(0.5) + fmod(t, 3)*atan2(1, ceil(tau)))
}
