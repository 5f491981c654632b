TITLE CaGk  calcium-activated potassium channel (BK type)

COMMENT
Reads cai; the steady state depends on voltage and calcium through
exp and a FUNCTION with argument units.  Written for circ's tests.
ENDCOMMENT

NEURON {
	SUFFIX cagk
	USEION ca READ cai
	USEION k READ ek WRITE ik
	RANGE gkbar, gkca, oinf, tau
	GLOBAL k1, k2, bbar, abar, d1, d2
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(S) = (siemens)
	(molar) = (1/liter)
	(mM) = (millimolar)
	FARADAY = (faraday) (kilocoulombs)
	R = 8.313424 (joule/degC)
}

PARAMETER {
	celsius (degC)
	v (mV)
	gkbar = .01 (mho/cm2)
	cai = 1e-3 (mM)
	d1 = .84
	d2 = 1.0
	k1 = .18 (mM)
	k2 = .011 (mM)
	bbar = .28 (/ms)
	abar = .48 (/ms)
}

ASSIGNED {
	ik (mA/cm2)
	oinf
	tau (ms)
	gkca (mho/cm2)
	ek (mV)
}

STATE { o }

BREAKPOINT {
	SOLVE state METHOD cnexp
	gkca = gkbar*o
	ik = gkca*(v - ek)
}

DERIVATIVE state {
	rate(v, cai)
	o' = (oinf - o)/tau
}

INITIAL {
	rate(v, cai)
	o = oinf
}

FUNCTION alp(v (mV), c (mM)) (1/ms) {
	alp = c*abar/(c + exp1(k1, d1, v))
}

FUNCTION bet(v (mV), c (mM)) (1/ms) {
	bet = bbar/(1 + c/exp1(k2, d2, v))
}

FUNCTION exp1(k (mM), d, v (mV)) (mM) {
	: numeric constants in an addition or subtraction
	: expression automatically take on the unit values
	: of the other term
	exp1 = k*exp(-2*d*FARADAY*v/R/(273.15 + celsius))
}

PROCEDURE rate(v (mV), c (mM)) {
	LOCAL a
	a = alp(v, c)
	tau = 1/(a + bet(v, c))
	oinf = a*tau
}
