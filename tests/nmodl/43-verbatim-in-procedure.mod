: C code inside a block cannot be translated
NEURON { SUFFIX vb NONSPECIFIC_CURRENT i }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) x }
INITIAL { setx() }
BREAKPOINT { i = g*(v + 70) }
PROCEDURE setx() {
VERBATIM
	x = 1.0;
ENDVERBATIM
}
