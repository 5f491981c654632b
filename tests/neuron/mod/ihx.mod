TITLE ihx.mod   hyperpolarization-activated cation current (circ test)

COMMENT
 An Ih in the style of ModelDB's h-current files (Magee 1998 kinetics): one
 gate with a sigmoid steady state and a bell-shaped time constant, a
 NONSPECIFIC_CURRENT with its own reversal, a temperature factor, an
 if/else in the rate function, CONSTANT and LOCAL.  No TABLE.  Written for
 circ's tests; not a published model.
ENDCOMMENT

NEURON {
	SUFFIX ihx
	NONSPECIFIC_CURRENT ih
	RANGE gbar, eh, gh
	GLOBAL linf, taul, vhalf, q10
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(S) = (siemens)
}

CONSTANT {
	zeta = 3 (1)
	a0 = 0.011 (/ms)
}

PARAMETER {
	gbar = 0.0005 (S/cm2) <0,1e9>
	eh = -30 (mV)
	vhalf = -81 (mV)
	kl = -8 (mV)
	q10 = 4.5
	gmt = 0.4 (1)
	taumin = 2 (ms)
}

STATE { l }

ASSIGNED {
	v (mV)
	celsius (degC)
	ih (mA/cm2)
	gh (S/cm2)
	linf
	taul (ms)
}

INITIAL {
	rates(v)
	l = linf
}

BREAKPOINT {
	SOLVE states METHOD cnexp
	gh = gbar*l
	ih = gh*(v - eh)
}

DERIVATIVE states {
	rates(v)
	l' = (linf - l)/taul
}

FUNCTION alpt(v(mV)) {
	alpt = exp(0.0378*zeta*(v - vhalf))
}

FUNCTION bett(v(mV)) {
	bett = exp(0.0378*zeta*gmt*(v - vhalf))
}

PROCEDURE rates(v (mV)) {
	LOCAL a, qt
	qt = q10^((celsius - 33)/10)
	a = alpt(v)
	linf = 1/(1 + exp(-(v - vhalf)/kl))
	taul = bett(v)/(qt*a0*(1 + a))
	if (taul < taumin) {
		taul = taumin
	}
}
