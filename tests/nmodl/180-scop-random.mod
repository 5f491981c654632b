: ModelDB's older NetStim copies seed NEURON's one random stream
: (scopmath's: set_seed, exprand, normrand, scop_random), which every
: instance draws from in turn; circ's streams are per instance, so the
: numbers could not be NEURON's: refused at each call, located.  at_time
: is translated (statement: nothing; value: NEURON's fixed-step rule),
: but not with a call in its argument.
NEURON { ARTIFICIAL_CELL ns RANGE interval, noise }
PARAMETER { interval = 10 (ms) noise = 0.5 }
ASSIGNED { event (ms) }
PROCEDURE seed(x) {
    set_seed(x)
}
FUNCTION invl(mean (ms)) (ms) {
    invl = (1 - noise)*mean + noise*mean*exprand(1) + 0*normrand(0, 1) + 0*scop_random()
}
FUNCTION later(x (ms)) (ms) {
    later = x + at_time(late(x))
}
FUNCTION late(x (ms)) (ms) {
    late = x + 1
}
INITIAL { net_send(invl(interval), 1) }
NET_RECEIVE (w) {
    if (flag == 1) {
        net_event(t)
        net_send(invl(interval), 1)
    }
}
