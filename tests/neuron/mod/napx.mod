TITLE napx.mod   persistent sodium-like current, alpha/beta kinetics (circ test)

COMMENT
 In the style of ModelDB's NaP and Boltzmann-gate files: gates written as
 alpha*(1-m) - beta*m (cnexp integrates them as nocmodl differentiates
 them), rates from a thermodynamic form with FARADAY and R from the UNITS
 block, a GLOBAL valence, a file-wide LOCAL.  Written for circ's tests.
ENDCOMMENT

NEURON {
	SUFFIX napx
	NONSPECIFIC_CURRENT inap
	RANGE gbar, enap
	GLOBAL z, vhm, vhh
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(S) = (siemens)
	FARADAY = (faraday) (coulomb)
	R = (k-mole) (joule/degC)
}

PARAMETER {
	gbar = 0.0001 (S/cm2)
	enap = 50 (mV)
	z = 2.5
	vhm = -48 (mV)
	vhh = -60 (mV)
	a0m = 1 (/ms)
	a0h = 0.01 (/ms)
}

LOCAL zeta  : file-wide, as older ModelDB files keep temperature factors

STATE { m h }

ASSIGNED {
	v (mV)
	celsius (degC)
	inap (mA/cm2)
	am (/ms) bm (/ms) ah (/ms) bh (/ms)
}

INITIAL {
	rates(v)
	m = am/(am + bm)
	h = ah/(ah + bh)
}

BREAKPOINT {
	SOLVE states METHOD cnexp
	inap = gbar*m*m*m*h*(v - enap)
}

DERIVATIVE states {
	rates(v)
	m' = am*(1 - m) - bm*m
	h' = -h*bh + (1 - h)*ah
}

PROCEDURE rates(v (mV)) {
	zeta = 0.001*z*FARADAY/(R*(273.15 + celsius))
	am = a0m*exp(0.5*zeta*(v - vhm))
	bm = a0m*exp(-0.5*zeta*(v - vhm))
	ah = a0h*exp(-0.3*zeta*(v - vhh))
	bh = a0h*exp(0.7*zeta*(v - vhh))
}
