: net_event at a time other than t from a point process: circ's emit() is the
: spike at the time of the event being handled
NEURON { POINT_PROCESS izlate RANGE vpeak }
PARAMETER { vpeak = 30 (mV) }
ASSIGNED { v (mV) }
INITIAL { net_send(0, 1) }
NET_RECEIVE(w) {
	if (flag == 1) {
		WATCH (v > vpeak) 2
	} else if (flag == 2) {
		net_event(t + 0.5)
	}
}
