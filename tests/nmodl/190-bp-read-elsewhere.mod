: what BREAKPOINT computes may be read in DERIVATIVE and INITIAL (the value of
: its last evaluation, kept per instance); refused where circ would not read
: NEURON's number: in a PROCEDURE BREAKPOINT calls (NEURON reads the value of
: that moment), read in BREAKPOINT before it is set there, or where the value
: calls a FUNCTION that assigns (circ would call it once more than NEURON)
NEURON { SUFFIX bpre USEION k READ ek WRITE ik RANGE gbar, g, d, q, cnt }
PARAMETER { gbar = 0.001 (S/cm2) }
STATE { n }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) g (S/cm2) d q cnt }
BREAKPOINT {
	SOLVE states METHOD cnexp
	setq()
	d = q + 1
	q = 2*d
	g = gbar*n*bump(v)
	ik = g*(v - ek)
}
DERIVATIVE states { n' = (0.2 - n)/5 + g + d + q }
PROCEDURE setq() { cnt = d }
FUNCTION bump(x) {
	cnt = cnt + 1
	bump = 1 + x/1000
}
