TITLE cal.mod  L-type calcium current with a GHK driving force

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(molar) = (1/liter)
	(mM) = (millimolar)
	FARADAY = 96485.309 (coul)
	R = (k-mole) (joule/degC)
}

NEURON {
	SUFFIX cal
	USEION ca READ cai, cao WRITE ica VALENCE 2
	RANGE pcabar, ica
}

PARAMETER {
	pcabar = 2.5e-5 (cm/s) <0, 1e9>
	ki = 0.001 (mM)
	tfa = 1
}

ASSIGNED {
	v (mV)
	celsius (degC)
	cai (mM)
	cao (mM)
	ica (mA/cm2)
	minf
	mtau (ms)
}

STATE { m }

BREAKPOINT {
	SOLVE states METHOD cnexp
	ica = pcabar*m*m*h2(cai)*ghk(v, cai, cao)
}

INITIAL {
	rates(v)
	m = minf
}

DERIVATIVE states {
	rates(v)
	m' = (minf - m)/mtau
}

FUNCTION h2(cai (mM)) {
	h2 = ki/(ki + cai)
}

FUNCTION ghk(v (mV), ci (mM), co (mM)) (.001 coul/cm3) {
	LOCAL z, eci, eco
	z = (1e-3)*2*FARADAY*v/(R*(celsius + 273.15))
	eco = co*efun(z)
	eci = ci*efun(-z)
	:high cao charge moves inward
	:negative potential charge moves inward
	ghk = (.001)*2*FARADAY*(eci - eco)
}

FUNCTION efun(z) {
	if (fabs(z) < 1e-4) {
		efun = 1 - z/2
	} else {
		efun = z/(exp(z) - 1)
	}
}

PROCEDURE rates(v (mV)) {
	LOCAL a, b
	UNITSOFF
	a = 0.055*(-27 - v)/(exp((-27 - v)/3.8) - 1)
	b = 0.94*exp((-75 - v)/17)
	mtau = 1/(a + b)/tfa
	minf = a*mtau
	UNITSON
}
