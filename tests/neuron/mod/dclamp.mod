TITLE dclamp.mod   a current step scaled by the diameter where it is injected (circ test)

COMMENT
 A current clamp whose amplitude is given for a reference diameter and
 scaled by the diameter of the segment the electrode is in, as the
 diameter-normalised stimuli of some ModelDB models do: amp * diam / dref.
 diam is declared ASSIGNED, so nocmodl points it at the segment's diameter.
 Written for circ's tests.
ENDCOMMENT

NEURON {
	POINT_PROCESS DClamp
	RANGE del, dur, amp, dref, i
	ELECTRODE_CURRENT i
}
UNITS {
	(nA) = (nanoamp)
	(um) = (micron)
}
PARAMETER {
	del (ms)
	dur (ms)	<0,1e9>
	amp (nA)
	dref = 2 (um)
}
ASSIGNED {
	i (nA)
	diam (um)
}
INITIAL { i = 0 }
BREAKPOINT {
	if (t < del + dur && t >= del) {
		i = amp * diam / dref
	}else{
		i = 0
	}
}
