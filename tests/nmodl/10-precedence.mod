: NEURON's precedence (parse1.ypp): || < && < relations < + - < * / < unary - ! < ^
NEURON { SUFFIX prec }
INITIAL {
	a = -x^2
	a = 2^3^2
	a = a - b - c
	a = a/b*c
	a = !a > b
	a = a < b == c
	a = a || b && c
	a = (1e-3)*2 (mV)/x
}
