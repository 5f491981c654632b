: what stays refused about FROM loops and arrays: a LOCAL in a loop's
: body, the index assigned in its loop, a step not above 0, CONSERVE of
: array elements (nocmodl 8.2.2 cannot translate it), the derivative of an
: element (NEURON cannot compile what nocmodl writes)
NEURON { SUFFIX arrl }
STATE { c[2] }
BREAKPOINT { SOLVE kin METHOD sparse }
INITIAL {
	FROM i = 0 TO 1 {
		LOCAL y
		c[i] = 0
	}
	FROM i = 0 TO 1 { i = 2 }
	FROM i = 0 TO 1 BY 0 { c[i] = 1 }
}
KINETIC kin {
	~ c[0] <-> c[1] (1, 2)
	CONSERVE c[0] + c[1] = 1
}
DERIVATIVE d {
	FROM i = 0 TO 1 { c'[i] = -c[i] }
}
