TITLE adex.mod   adaptive exponential integrate-and-fire point process (circ test)

COMMENT
 Brette and Gerstner (2005, J Neurophysiol 94:3637):

     C v' = -gL (v - EL) + gL DeltaT exp((v - VT)/DeltaT) - w + I
     tauw w' = a (v - EL) - w
     if v > vpeak:  v <- vreset,  w <- w + b

 as a point process in a one-compartment section whose capacitance is C
 (the section has no other membrane mechanism): the leak and exponential
 currents are this process's, w a STATE integrated by cnexp, and the reset
 writes the section's v from NET_RECEIVE when a WATCH sees v > vpeak.
 The same model as circ's stdlib AdEx (stdlib/AdEx.circ), written for
 circ's tests so that the two can be compared bit for bit.
ENDCOMMENT

NEURON {
	POINT_PROCESS AdEx
	RANGE gL, EL, VT, DeltaT, vpeak, vreset, a, b, tauw
	NONSPECIFIC_CURRENT i
}

UNITS {
	(mV) = (millivolt)
	(nA) = (nanoamp)
	(uS) = (microsiemens)
}

PARAMETER {
	gL = 0.03 (uS)
	EL = -70.6 (mV)
	VT = -50.4 (mV)
	DeltaT = 2 (mV)
	vpeak = -40.4 (mV)
	vreset = -70.6 (mV)
	a = 0.004 (uS)
	b = 0.0805 (nA)
	tauw = 144 (ms)
}

ASSIGNED {
	v (mV)
	i (nA)
}

STATE {
	w (nA)
}

INITIAL {
	w = 0
	net_send(0, 1)     : arms the spike's WATCH
}

BREAKPOINT {
	SOLVE states METHOD cnexp
	i = gL*(v - EL) - gL*DeltaT*exp((v - VT)/DeltaT) + w
}

DERIVATIVE states {
	w' = (a*(v - EL) - w)/tauw
}

NET_RECEIVE (weight) {
	if (flag == 1) {
		WATCH (v > vpeak) 2
	} else if (flag == 2) {
		v = vreset
		w = w + b
	}
}
