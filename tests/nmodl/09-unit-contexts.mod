TITLE where '(' opens a unit
UNITS { (mV) = (millivolt) F = (faraday) (coulomb) ft = (foot) -> (inch) }
PARAMETER { a = -2 (mV) <-1e9, 1e9> b (/ms) w[2] (uS) }
STATE { c (mM) <1e-4> s FROM 0 TO 1 START .5 (1) }
FUNCTION f(v (mV), k) (/ms) { f = k*(v + 1 (mV))/g(v) }
NET_RECEIVE(weight (uS)) { FOR_NETCONS(w1) { } }
KINETIC kin { ~ c <-> s (a, b) ~ c << (f(a, "x")) ~ c -> (b) }
LINEAR lin { ~ m'' + 2*c = 0 }
INITIAL { if (a <= 1 && !(b != 2) || a >= 3) { } else { } }
