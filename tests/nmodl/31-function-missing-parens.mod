NEURON { SUFFIX f }
FUNCTION alpha {
	alpha = 1
}
NET_RECEIVE {
	net_event(t)
}
