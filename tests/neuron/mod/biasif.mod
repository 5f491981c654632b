TITLE biasif.mod   a biased leaky integrate-and-fire cell (circ test)

COMMENT
 In the style of ModelDB's event-driven point neurons (NEURON's
 intfire2.mod): m relaxes towards the bias ib with time constant tau and
 jumps by the weight of every input; the cell fires when m reaches 1 and
 restarts at 0.  The firing time is searched by bisection (a WHILE loop)
 and kept as the one pending self event, which every input moves
 (net_move).  Written for circ's tests.
ENDCOMMENT

NEURON {
	ARTIFICIAL_CELL BiasIF
	RANGE tau, ib, m, nmove
}

PARAMETER {
	tau = 10 (ms) <1e-9, 1e9>
	ib = 1.5
}

ASSIGNED {
	m
	t0 (ms)
	nmove
}

FUNCTION mnow() {
	mnow = ib + (m - ib)*exp(-(t - t0)/tau)
}

FUNCTION firetime(m0) (ms) {
	: when ib + (m0 - ib)*exp(-x/tau) reaches 1: bisection on [0, 10*tau]
	LOCAL lo, hi, mid, f
	if (ib <= 1) {
		firetime = 1e9 (ms)
	} else if (m0 >= 1) {
		firetime = 0 (ms)
	} else {
		lo = 0
		hi = 10*tau
		while (hi - lo > 1e-9) {
			mid = (lo + hi)/2
			f = ib + (m0 - ib)*exp(-mid/tau)
			if (f < 1) {
				lo = mid
			} else {
				hi = mid
			}
		}
		firetime = hi
	}
}

INITIAL {
	m = 0
	t0 = t
	nmove = 0
	net_send(firetime(m), 1)
}

NET_RECEIVE (w) {
	m = mnow()
	t0 = t
	if (flag == 1) {
		net_event(t)
		m = 0
		net_send(firetime(m), 1)
	} else {
		m = m + w
		nmove = nmove + 1
		if (m >= 1) {
			net_move(t)
		} else {
			net_move(firetime(m) + t)
		}
	}
}
