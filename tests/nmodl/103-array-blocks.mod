: arrays, FROM loops and DEFINEs in each block, unrolled into scalars x_0 ..
: (.ast: the raw tree; test_nmodl.c's nmodl.arrays_unrolled compares what circ convert
: prints with convert/103-array-blocks.circ)
NEURON {
	POINT_PROCESS ArrSyn
	NONSPECIFIC_CURRENT i
	RANGE g, w
	GLOBAL tau
}
DEFINE NS 2
DEFINE NT 3
UNITS { (nA) = (nanoamp) (mV) = (millivolt) (uS) = (microsiemens) }
PARAMETER { tau[NS] (ms) <1e-9, 1e9> e = 0 (mV) }
ASSIGNED { v (mV) i (nA) g (uS) w[NT] }
STATE { s[NS] (uS) }
INITIAL {
	FROM k = 0 TO NS - 1 { s[k] = 0 }
	FROM j = 0 TO NT - 1 BY 2 { w[j] = j/2 }
	w[(NT + 4)/3 - 1] = total()
}
BREAKPOINT {
	SOLVE kin METHOD sparse
	g = s[0] + s[NS - 1]
	i = g*(v - e)
}
KINETIC kin {
	FROM k = 0 TO NS - 2 { ~ s[k] <-> s[k + 1] (1/tau[k], 0) }
	~ s[NS - 1] -> (1/tau[NS - 1])
}
NET_RECEIVE(weight (uS)) { s[0] = s[0] + weight*w[(NT - 1)/2] }
FUNCTION total() {
	LOCAL sum
	sum = 0
	FROM a = 0 TO 1 { FROM b = 0 TO 2 BY 2 { sum = sum + a*w[b] } }
	total = sum
}
