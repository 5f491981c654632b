TITLE shadowx.mod   arguments and LOCALs that shadow mechanism variables (circ test)

COMMENT
 A calcium-sensitive potassium channel written the way many ModelDB files
 are: rates(v, cai) takes the ion's cai as an argument of the same name,
 FUNCTION alpha(v, a) has an argument named like the PARAMETER a, and
 rates keeps a LOCAL tau while tau is also an ASSIGNED (RANGE) variable.
 NEURON (nocmodl) lets each argument and LOCAL shadow the mechanism's
 variable; the file relies on it.  Written for circ's tests; not a
 published model.
ENDCOMMENT

NEURON {
	SUFFIX shadowx
	USEION k READ ek WRITE ik
	USEION ca READ cai
	RANGE gbar, tau, a
	GLOBAL minf, kd
	THREADSAFE
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(mM) = (milli/liter)
	(S) = (siemens)
}

PARAMETER {
	gbar = 0.004 (S/cm2)
	a = 0.08 (/ms)
	b = 0.05 (/ms)
	kd = 0.0001 (mM)
	q = 1.7
}

ASSIGNED {
	v (mV)
	ek (mV)
	ik (mA/cm2)
	cai (mM)
	minf
	tau (ms)
}

STATE { m }

BREAKPOINT {
	SOLVE states METHOD cnexp
	ik = gbar*m*(v - ek)
}

INITIAL {
	rates(v, cai)
	m = minf
}

DERIVATIVE states {
	rates(v, cai)
	m' = (minf - m)/tau
}

UNITSOFF
FUNCTION alpha(v (mV), a (/ms)) (/ms) {
	alpha = a*exp((v + 40)/20)
}

FUNCTION beta(v (mV)) (/ms) {
	LOCAL a
	a = b*exp(-(v + 40)/25)
	beta = a
}

PROCEDURE rates(v (mV), cai (mM)) {
	LOCAL tau, s
	s = cai/(cai + kd)
	tau = alpha(v, a) + beta(v)
	minf = alpha(v, a*s)/tau
	if (v > -20) {
		LOCAL tau
		tau = q
		v = v + tau
	}
	settau(alpha(v, a) + beta(v))
}

PROCEDURE settau(rate (/ms)) {
	tau = 1/(q*rate)
}
UNITSON
