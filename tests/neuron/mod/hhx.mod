TITLE hhx.mod   Traub-Miles style sodium and potassium channels (circ test)

COMMENT
 A Hodgkin-Huxley type channel in the style of ModelDB files: a rates
 PROCEDURE with a TABLE that DEPENDs on celsius, a vtrap FUNCTION, LOCALs,
 UNITSOFF around the rate formulas.  Both currents are NONSPECIFIC with
 their own reversal potentials (no USEION), so that the file does not
 depend on ions.  Written for circ's tests; not a published model.
ENDCOMMENT

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(S) = (siemens)
}

NEURON {
	SUFFIX hhx
	NONSPECIFIC_CURRENT inax, ikx, il
	RANGE gnabar, gkbar, gl, el, enax, ekx, gna, gk
	GLOBAL minf, hinf, ninf, mtau, htau, ntau, vshift
	THREADSAFE
}

PARAMETER {
	gnabar = .1 (S/cm2)	<0,1e9>
	gkbar = .03 (S/cm2)	<0,1e9>
	gl = .0002 (S/cm2)	<0,1e9>
	el = -65 (mV)
	enax = 55 (mV)
	ekx = -90 (mV)
	vshift = 0 (mV)
	q10base = 3
}

STATE {
	m h n
}

ASSIGNED {
	v (mV)
	celsius (degC)
	gna (S/cm2)
	gk (S/cm2)
	inax (mA/cm2)
	ikx (mA/cm2)
	il (mA/cm2)
	minf hinf ninf
	mtau (ms) htau (ms) ntau (ms)
}

BREAKPOINT {
	SOLVE states METHOD cnexp
	gna = gnabar*m*m*m*h
	inax = gna*(v - enax)
	gk = gkbar*n*n*n*n
	ikx = gk*(v - ekx)
	il = gl*(v - el)
}

INITIAL {
	rates(v)
	m = minf
	h = hinf
	n = ninf
}

DERIVATIVE states {
	rates(v)
	m' = (minf-m)/mtau
	h' = (hinf-h)/htau
	n' = (ninf-n)/ntau
}

PROCEDURE rates(v(mV)) {
	LOCAL alpha, beta, sum, q10, vs
	TABLE minf, mtau, hinf, htau, ninf, ntau DEPEND celsius, vshift FROM -120 TO 80 WITH 400

UNITSOFF
	q10 = q10base^((celsius - 6.3)/10)
	vs = v - vshift
	: sodium activation
	alpha = .32 * vtrap(-(vs+54), 4)
	beta = .28 * vtrap((vs+27), 5)
	sum = alpha + beta
	mtau = 1/(q10*sum)
	minf = alpha/sum
	: sodium inactivation
	alpha = .128 * exp(-(vs+50)/18)
	beta = 4 / (exp(-(vs+27)/5) + 1)
	sum = alpha + beta
	htau = 1/(q10*sum)
	hinf = alpha/sum
	: potassium activation
	alpha = .032*vtrap(-(vs+52), 5)
	beta = .5*exp(-(vs+57)/40)
	sum = alpha + beta
	ntau = 1/(q10*sum)
	ninf = alpha/sum
}

FUNCTION vtrap(x,y) {  : x/(exp(x/y) - 1) with its limit at x = 0
	if (fabs(x/y) < 1e-6) {
		vtrap = y*(1 - x/y/2)
	}else{
		vtrap = x/(exp(x/y) - 1)
	}
}
UNITSON
