TITLE izhikevich.mod   Izhikevich's simple model as a point process (circ test)

COMMENT
 The two-variable model of Izhikevich (2007, "Dynamical Systems in
 Neuroscience", ch. 8):

     C v' = k (v - vr)(v - vt) - u + I        u' = a (b (v - vr) - u)
     if v > vpeak:  v <- c,  u <- u + d

 written as NetPyNE's Izhi2007b point process computes it, so that circ's
 stdlib Izhi2007b (stdlib/Izhikevich.circ) can be compared with it bit for
 bit.  The process sits in a one-compartment section whose capacitance is
 the model's (NetPyNE: L = diam = 10 um, cm = 31.831 uF/cm2, 100 pF); C
 scales that, k (v - vr)(v - vt) - u + Iin is in pA, the current in nA.
 The section's v is the model's v: the process writes it back when it
 resets the cell, from NET_RECEIVE.

 u follows v by an explicit Euler step over the time since the last
 evaluation of the current (t0), inside BREAKPOINT: NEURON evaluates it at
 v + 0.001 and then at v, so the step is taken at the first of the two and
 the second sees no elapsed time.

 celltype picks the variant of the book's figures:
   1 RS, 2 IB, 3 CH: as above
   4 LTS: spike when v > vpeak - 0.1 u; reset v <- c + 0.04 u, u <- min(u + d, 670)
   5 FS:  u' = a (U(v) - u), U = 0 below d and 0.025 (v - d)^3 above; reset v only
   6 TC:  b = 0 above -65 mV and 15 below; spike when v > vpeak + 0.1 u,
          reset v <- c - 0.1 u, u <- u + d
   7 RTN: b = 2 above -65 mV and 10 below
 Written for circ's tests.
ENDCOMMENT

NEURON {
	POINT_PROCESS Izhi2007b
	RANGE C, k, vr, vt, vpeak, a, b, c, d, Iin, celltype, u, t0
	NONSPECIFIC_CURRENT i
}

UNITS {
	(mV) = (millivolt)
	(nA) = (nanoamp)
}

PARAMETER {
	C = 1
	k = 0.7
	vr = -60 (mV)
	vt = -40 (mV)
	vpeak = 35 (mV)
	a = 0.03
	b = -2
	c = -50
	d = 100
	Iin = 0
	celltype = 1
}

ASSIGNED {
	v (mV)
	i (nA)
	u
	t0 (ms)
}

INITIAL {
	u = 0.2*vr
	net_send(0, 1)     : the self event arms the spike WATCH and sets v to vr
}

BREAKPOINT {
	LOCAL h
	h = t - t0
	if (celltype == 5) {
		if (v < d) {
			u = u + h*a*(0 - u)
		} else {
			u = u + h*a*((0.025*(v - d)*(v - d)*(v - d)) - u)
		}
	} else {
		if (celltype == 6) {
			if (v > -65) { b = 0 } else { b = 15 }
		} else if (celltype == 7) {
			if (v > -65) { b = 2 } else { b = 10 }
		}
		u = u + h*a*(b*(v - vr) - u)
	}
	t0 = t
	i = -(k*(v - vr)*(v - vt) - u + Iin)/C/1000
}

NET_RECEIVE(w) {
	if (flag == 1) {
		if (celltype == 4) {
			WATCH (v > (vpeak - 0.1*u)) 2
		} else if (celltype == 6) {
			WATCH (v > (vpeak + 0.1*u)) 2
		} else {
			WATCH (v > vpeak) 2
		}
		v = vr
	} else if (flag == 2) {
		net_event(t)
		if (celltype == 4) {
			v = c + 0.04*u
			if ((u + d) < 670) { u = u + d } else { u = 670 }
		} else if (celltype == 5) {
			v = c
		} else if (celltype == 6) {
			v = c - 0.1*u
			u = u + d
		} else {
			v = c
			u = u + d
		}
	}
}
