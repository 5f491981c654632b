#!/usr/bin/python3
"""Write big.swc: a large synthetic pyramidal cell (about 250 sections, over
1,200 compartments at nseg 5) for the reference case that checks circ on a
reconstruction of a real cell's size (make_refs.py morph_big) and for the
test that its code stays loops, not one instruction per node
(tests/unit/test_bigcell.c).  Deterministic (its own LCG).

    /usr/bin/python3 tests/neuron/morph/gen_big_swc.py > tests/neuron/morph/big.swc

Shape: a 3-point soma, an axon, six basal dendrites that branch four times,
an apical trunk with eight obliques (branching twice) and a tuft that
branches four times.  Radii taper down to no less than 0.2 um.
"""
import math

state = [2718281]


def rnd():
    state[0] = (1103515245 * state[0] + 12345) % (1 << 31)
    return state[0] / float(1 << 31)


pts = []   # id, type, x, y, z, r, parent


def add(t, x, y, z, r, parent):
    pts.append((len(pts) + 1, t, x, y, z, r, parent))
    return len(pts)


def branch(t, parent, x, y, z, dx, dy, dz, r0, r1, n, step, depth, spread):
    """n points from (x,y,z) along (dx,dy,dz) with jitter; children at the end."""
    norm = math.sqrt(dx * dx + dy * dy + dz * dz)
    dx, dy, dz = dx / norm, dy / norm, dz / norm
    p = parent
    for k in range(1, n + 1):
        x += step * dx + (rnd() - 0.5) * 1.1
        y += step * dy + (rnd() - 0.5) * 1.1
        z += step * dz + (rnd() - 0.5) * 1.1
        r = max(0.2, r0 + (r1 - r0) * k / n)
        p = add(t, round(x, 4), round(y, 4), round(z, 4), round(r, 5), p)
    if depth > 0:
        for s in (-1, 1):
            a = spread * s * (0.8 + 0.4 * rnd())
            ndx = dx * math.cos(a) - dy * math.sin(a)
            ndy = dx * math.sin(a) + dy * math.cos(a)
            branch(t, p, x, y, z, ndx, ndy, dz + 0.25 * s, r1 * 0.8, r1 * 0.6,
                   max(2, n - 1), step * 0.9, depth - 1, spread)
    return p


R = 10.0
soma = add(1, 0.0, 0.0, 0.0, R, -1)
add(1, 0.0, -R, 0.0, R, soma)
add(1, 0.0, R, 0.0, R, soma)

branch(2, soma, 0.0, -R, 0.0, 0.03, -1, 0.01, 0.7, 0.5, 15, 8.0, 1, 0.3)

for k in range(6):
    a = math.pi * (1.1 + 0.16 * k)
    branch(3, soma, R * math.cos(a), R * math.sin(a), 0.0, math.cos(a), math.sin(a),
           0.15 * (k - 2.5), 1.3, 0.9, 5, 8.0, 4, 0.4)

p = soma
x, y, z = 0.0, R, 0.0
for seg in range(8):
    p = branch(4, p, x, y, z, 0.02, 1, 0.01, 2.6 - 0.2 * seg, 2.4 - 0.2 * seg, 4, 12.0, 0, 0)
    x, y, z = pts[p - 1][2:5]
    side = 1 if seg % 2 else -1
    branch(4, p, x, y, z, side, 0.3, 0.1 * side, 0.8, 0.55, 4, 7.0, 2, 0.5)
branch(4, p, x, y, z, 0.1, 1, 0.0, 1.0, 0.7, 5, 10.0, 4, 0.55)

print("# big.swc - large synthetic pyramidal cell for circ's NEURON reference cases")
print("# written by tests/neuron/morph/gen_big_swc.py; %d points" % len(pts))
print("# id type x y z radius parent")
for i, t, x, y, z, r, par in pts:
    print("%d %d %s %s %s %s %d" % (i, t, repr(x), repr(y), repr(z), repr(r), par))
