: vecstim.mod - NEURON's VecStim, for tests/sonata/inputs/make_inputs.py
: (an artificial cell that fires at the times of a Vector given with
: play(vec); the Vector must outlive the run).  Written for this test from
: NEURON's documented VecStim behaviour: the first time is reached by a
: self-event sent at INITIAL, each later one by a self-event sent
: `etime - t` after the previous spike.

NEURON {
    ARTIFICIAL_CELL VecStim
    POINTER ptr
}

ASSIGNED {
    index
    etime (ms)
    ptr
}

INITIAL {
    index = 0
    element()
    if (index > 0) {
        net_send(etime - t, 1)
    }
}

NET_RECEIVE (w) {
    if (flag == 1) {
        net_event(t)
        element()
        if (index > 0) {
            net_send(etime - t, 1)
        }
    }
}

PROCEDURE element() {
VERBATIM
    {
        void *times = (void *)_p_ptr;
        int k = (int)index;
        if (k >= 0) {
            if (times && k < vector_capacity(times)) {
                etime = vector_vec(times)[k];
                index += 1.;
            } else {
                index = -1.;
            }
        }
    }
ENDVERBATIM
}

PROCEDURE play() {
VERBATIM
    _p_ptr = ifarg(1) ? (double *)vector_arg(1) : (double *)0;
ENDVERBATIM
}
