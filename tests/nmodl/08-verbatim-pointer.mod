TITLE vecevent-like  events from a pointer to a Vector, with VERBATIM

: The kind of file circ will refuse with a located error naming the
: construct: POINTER and BBCOREPOINTER variables, VERBATIM C code,
: a CONSTRUCTOR, a LINEAR and a NONLINEAR block, BEFORE/AFTER blocks.

NEURON {
	ARTIFICIAL_CELL VecEventLike
	POINTER ptr
	BBCOREPOINTER ptr2
	ELECTRODE_CURRENT ie
	EXTERNAL nrn_threads
	RANGE index, etime
}

DEFINE NSTEP 4

PARAMETER {
	coef[NSTEP]
	w[4] (uS) <0, 1>
}

CONSTANT {
	pi2 = 6.2831853 (1)
}

ASSIGNED {
	index
	etime (ms)
	space
	ptr
	ptr2
	ie (nA)
	s[3] FROM 0 TO 1 START 0.5 (1)
	x1 x2
}

VERBATIM
extern double* vector_vec();
extern int vector_capacity();
ENDVERBATIM

INITIAL {
	index = 0
	element()
	if (index > 0) {
		net_send(etime - t, 1)
	}
}

CONSTRUCTOR {
VERBATIM
	/* allocate */
ENDVERBATIM
}

LINEAR lin {
	~ x1 + 2*x2 = 3
	~ x1 - x2 = 0
}

NONLINEAR nonlin SOLVEFOR x1, x2 {
	~ x1*x1 = 4
	~ x2^2 + x1 = 5
}

BEFORE STEP {
	index = index
}

AFTER SOLVE {
	index = index
}

PROCEDURE element() {
VERBATIM
	{ void* vv; int i, size; double* px;
	i = (int)index;
	if (i >= 0) {
		vv = *((void**)(&space));
		if (vv) { size = vector_capacity(vv); }
	}
	}
ENDVERBATIM
	PROTECT index = index + 1
	MUTEXLOCK
	MUTEXUNLOCK
}

NET_RECEIVE (w) {
	if (flag == 1) {
		net_event(t)
		element()
		if (index > 0) {
			net_send(etime - t, 1)
		}
	}
}
