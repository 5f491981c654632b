: net_move is translated when its time is t or a delay plus t (circ's move
: adds the delay to t, the same sum); another time is refused, not rounded
NEURON {
	ARTIFICIAL_CELL Later
	RANGE tnext
}
PARAMETER {
	tnext = 5 (ms)
}
INITIAL {
	net_send(tnext, 1)
}
NET_RECEIVE (w) {
	if (flag == 1) {
		net_event(t)
	} else {
		net_move(tnext)
	}
}
