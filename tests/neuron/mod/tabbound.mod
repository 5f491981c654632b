TITLE tabbound.mod   rate TABLEs whose bounds are GLOBAL parameters (circ test)

COMMENT
 Potassium and leak-like currents whose rate tables run FROM vmin TO vmax,
 two GLOBAL PARAMETERs, as ModelDB files often write them (NEURON reads
 the bounds when it builds the table).  A PROCEDURE's table and a
 FUNCTION's table (of its result, with an expression as its end).  vmin is
 set high enough in the tests that the clamp below the table shows.
 Written for circ's tests; not a published model.
ENDCOMMENT

NEURON {
	SUFFIX tabbound
	NONSPECIFIC_CURRENT ikt, ilt
	RANGE gkbar, gl, ekt, elt
	GLOBAL vmin, vmax, span, ninf, ntau
	THREADSAFE
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(S) = (siemens)
}

PARAMETER {
	gkbar = 0.02 (S/cm2)
	gl = 0.0001 (S/cm2)
	ekt = -85 (mV)
	elt = -60 (mV)
	vmin = -100 (mV)
	vmax = 100 (mV)
	span = 10 (mV)
}

STATE { n }

ASSIGNED {
	v (mV)
	celsius (degC)
	ikt (mA/cm2)
	ilt (mA/cm2)
	ninf
	ntau (ms)
}

BREAKPOINT {
	SOLVE states METHOD cnexp
	ikt = gkbar*n*n*n*n*(v - ekt)
	ilt = gl*lsat(v)*(v - elt)
}

INITIAL {
	rates(v)
	n = ninf
}

DERIVATIVE states {
	rates(v)
	n' = (ninf - n)/ntau
}

UNITSOFF
PROCEDURE rates(v (mV)) {
	LOCAL a, b, q10
	TABLE ninf, ntau DEPEND celsius FROM vmin TO vmax WITH 200
	q10 = 3^((celsius - 6.3)/10)
	a = .01*vtrap(-(v + 55), 10)
	b = .125*exp(-(v + 65)/80)
	ntau = 1/(q10*(a + b))
	ninf = a/(a + b)
}

FUNCTION lsat(v (mV)) {
	TABLE FROM -vmax/2 TO vmax + span WITH 120
	lsat = 1 + 1/(1 + exp(-(v + 40)/7))
}

FUNCTION vtrap(x, y) {
	if (fabs(x/y) < 1e-6) {
		vtrap = y*(1 - x/y/2)
	} else {
		vtrap = x/(exp(x/y) - 1)
	}
}
UNITSON
