TITLE newer NEURON block forms: ontology annotations, RANDOM, THREADSAFE list

DEFINE rise 2

NEURON {
	SUFFIX annot
	REPRESENTS NCIT:C17145  : sodium channel
	REPRESENTS [NCIT:C17008]
	USEION na READ ena WRITE ina REPRESENTS CHEBI:29101
	USEION k READ ek WRITE ik VALENCE 1
	RANDOM ran1, ran2
	THREADSAFE minf, mtau
	RANGE gbar
}

ASSIGNED { v (mV) ena (mV) ina (mA/cm2) ek (mV) ik (mA/cm2) minf mtau (ms) }

NET_RECEIVE(w) {
	WATCH (v > -55) rise
}
