: arrays are unrolled when the file is translated: an index or a FROM bound
: known only at run time, a whole array and an index outside it are refused
NEURON { SUFFIX arrt RANGE n }
DEFINE N 3
PARAMETER { n = 2 }
ASSIGNED { r[N] x }
STATE { s[N] }
INITIAL {
	FROM i = 0 TO n { r[i] = 0 }
	r[n] = 1
	s[N] = 0
	x = total(r)
	x[0] = 1
}
FUNCTION total(a) { total = a }
