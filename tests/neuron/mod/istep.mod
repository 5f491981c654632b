TITLE istep.mod   current steps, as NEURON's IClamp (circ test)

COMMENT
 An ELECTRODE_CURRENT point process with an if/else in BREAKPOINT and
 at_time() calls (which only matter to NEURON's variable-step method), in
 the style of NEURON's stim.mod.  Written for circ's tests.
ENDCOMMENT

NEURON {
	POINT_PROCESS IStep
	RANGE del, dur, amp, i
	ELECTRODE_CURRENT i
}
UNITS { (nA) = (nanoamp) }
PARAMETER {
	del (ms)
	dur (ms)	<0,1e9>
	amp (nA)
}
ASSIGNED { i (nA) }
INITIAL { i = 0 }
BREAKPOINT {
	at_time(del)
	at_time(del+dur)
	if (t < del + dur && t >= del) {
		i = amp
	}else{
		i = 0
	}
}
