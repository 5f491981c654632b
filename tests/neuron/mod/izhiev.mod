TITLE izhiev.mod   an Izhikevich point neuron with its own V, in NetPyNE's Izhi2007a style (circ test)

COMMENT
 Izhikevich (2007), with V and u this process's own STATEs (not the
 section's v, unlike Izhi2007b):

     C V' = k (V - vr) (V - vt) - u + Iin + gin (v - V)      (pF, nS, mV, pA)
     u' = a (b (V - vr) - u)
     if V > vpeak:  net_event(t),  V <- c,  u <- u + d

 The section it sits in is its input compartment: an IClamp or synapses
 there move v, which reaches V through the coupling conductance gin, and
 the process draws gin (v - V) from the section.  A WATCH on V sends the
 flag-2 event whose NET_RECEIVE calls net_event(t): the spike of the cell
 whose spike source this process is (NetPyNE: nc = h.NetCon(pointp, None);
 pc.cell(gid, nc); circ: `spikes_from = izhiev`).  Written for circ's tests.
ENDCOMMENT

NEURON {
	POINT_PROCESS izhiev
	RANGE C, k, vr, vt, vpeak, a, b, c, d, Iin, gin, V, u
	NONSPECIFIC_CURRENT i
}

UNITS {
	(mV) = (millivolt)
	(nA) = (nanoamp)
}

PARAMETER {
	C = 100          : pF
	k = 0.7          : nS/mV
	vr = -60 (mV)
	vt = -40 (mV)
	vpeak = 35 (mV)
	a = 0.03         : /ms
	b = -2           : nS
	c = -50 (mV)
	d = 100          : pA
	Iin = 0          : pA
	gin = 5          : nS
}

ASSIGNED {
	v (mV)
	i (nA)
}

STATE {
	V (mV)
	u
}

INITIAL {
	V = vr
	u = 0
	net_send(0, 1)     : arms the WATCH on V
}

BREAKPOINT {
	SOLVE states METHOD euler
	i = 0.001*gin*(v - V)
}

DERIVATIVE states {
	V' = (k*(V - vr)*(V - vt) - u + Iin + gin*(v - V))/C
	u' = a*(b*(V - vr) - u)
}

NET_RECEIVE (w) {
	if (flag == 1) {
		WATCH (V > vpeak) 2
	} else if (flag == 2) {
		net_event(t)
		V = c
		u = u + d
	}
}
