TITLE mathsyn.mod   a synapse with state_discontinuity and NMODL's other math functions (circ test)

COMMENT
 An Exp2Syn-like synapse whose NET_RECEIVE adds the weight with
 state_discontinuity(A, A + ...), as several ModelDB synapses do, and
 whose factors use every math function NMODL gives beyond exp and log:
 sinh, cosh, tan, asin, acos, atan, atan2, ceil and fmod (libm's, as
 nocmodl's C calls them).  Written for circ's tests; not a published model.
ENDCOMMENT

NEURON {
	POINT_PROCESS MathSyn
	RANGE tau1, tau2, e, i, period
	NONSPECIFIC_CURRENT i
}

UNITS {
	(nA) = (nanoamp)
	(mV) = (millivolt)
	(uS) = (microsiemens)
}

PARAMETER {
	tau1 = 0.5 (ms)
	tau2 = 4 (ms)
	e = 0 (mV)
	period = 7.3 (ms)
}

ASSIGNED {
	v (mV)
	i (nA)
	factor
	shape
}

STATE {
	A (uS)
	B (uS)
}

INITIAL {
	LOCAL tp
	A = 0
	B = 0
	tp = (tau1*tau2)/(tau2 - tau1)*log(tau2/tau1)
	factor = 1/(-exp(-tp/tau1) + exp(-tp/tau2))
	: arguments read parameters, so that no C compiler folds the calls
	shape = cosh(tau1/tau2) - sinh(tau1/tau2) + atan2(tau1, tau2) + asin(tau1/tau2)
	shape = shape - acos(tau1/tau2) + tan(tau1/tau2)
}

BREAKPOINT {
	SOLVE state METHOD cnexp
	i = (B - A)*(v - e)*(1 + 0.05*atan(fmod(t, period) - 3))
}

DERIVATIVE state {
	A' = -A/tau1
	B' = -B/tau2
}

NET_RECEIVE(weight (uS)) {
	LOCAL x
	x = weight*factor*shape*ceil(fmod(t, period))/ceil(period)
	state_discontinuity(A, A + x)
	state_discontinuity(B, B + x)
}
