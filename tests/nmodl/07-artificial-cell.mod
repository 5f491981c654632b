TITLE IntFireLike  leaky integrate-and-fire artificial cell

NEURON {
	ARTIFICIAL_CELL IntFireLike
	RANGE tau, refrac, m
	GLOBAL ninput
}

PARAMETER {
	tau = 10 (ms) <1e-9, 1e9>
	refrac = 5 (ms) <0, 1e9>
}

ASSIGNED {
	m
	t0 (ms)
	refractory
	ninput
}

INITIAL {
	m = 0
	t0 = t
	refractory = 0 : 0-integrates input, 1-refractory
	ninput = 0
}

FUNCTION M() {
	M = m*exp(-(t - t0)/tau)
}

NET_RECEIVE (w) {
	ninput = ninput + 1
	if (refractory == 0) { : inputs integrated only when excitable
		m = m*exp(-(t - t0)/tau)
		t0 = t
		m = m + w
		if (m > 1) {
			refractory = 1
			m = 2
			net_send(refrac, refractory)
			net_event(t)
		}
	} else if (flag == 1) { : ready to integrate again
		t0 = t
		refractory = 0
		m = 0
	}
	FOR_NETCONS(w1) {
		w1 = w1 + 0
	}
	WATCH (m > 1.5) 3, (m < -1) 4
	net_move(t + 1)
	while (m > 10 && !(refractory != 0) || m >= 20) {
		m = m - 1
	}
	FROM i = 0 TO 2 BY 1 {
		m = m + 0
	}
}
