TITLE kdrkin.mod  delayed rectifier as a three-state kinetic scheme

COMMENT
Closed C1 <-> C2 <-> Open, with voltage-dependent rates and a CONSERVE
statement, solved with sparse.  f_flux/b_flux give the open flux.
ENDCOMMENT

NEURON {
	SUFFIX kdrkin
	USEION k READ ek WRITE ik
	RANGE gbar, g, i
	GLOBAL a0, b0, va, vb
	THREADSAFE
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(pS) = (picosiemens)
	(um) = (micron)
}

PARAMETER {
	gbar = 50 (pS/um2)
	a0 = 0.02 (/ms)
	b0 = 0.002 (/ms)
	va = 9 (mV)
	vb = 40 (mV)
	temp = 23 (degC)
	q10 = 2.3
}

ASSIGNED {
	v (mV)
	celsius (degC)
	ek (mV)
	ik (mA/cm2)
	g (pS/um2)
	i (mA/cm2)
	k12 (/ms) k21 (/ms) k23 (/ms) k32 (/ms)
	tadj
	oflux (/ms)
}

STATE { c1 c2 o }

BREAKPOINT {
	SOLVE kin METHOD sparse
	g = gbar*o
	i = (1e-4)*g*(v - ek)
	ik = i
}

INITIAL {
	SOLVE kin STEADYSTATE sparse
}

KINETIC kin {
	rates(v)
	~ c1 <-> c2 (k12, k21)
	~ c2 <-> o (k23, k32)
	oflux = f_flux - b_flux
	CONSERVE c1 + c2 + o = 1
}

PROCEDURE rates(v (mV)) {
	tadj = q10^((celsius - temp)/(10 (degC)))
	k12 = tadj*a0*exp((v - va)/(20 (mV)))
	k21 = tadj*b0*exp(-(v - vb)/(20 (mV)))
	k23 = 2*k12
	k32 = k21/2
}
