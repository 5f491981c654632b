#!/usr/bin/python3
"""Write pyramidal.swc: a synthetic layer-5-like pyramidal cell for circ's
NEURON reference cases (make_refs.py).  Deterministic (its own LCG, no
library randomness), so running it again gives the same bytes.

Shape: a 3-point soma (neuromorpho.org's convention: centre, then two points
one radius away along y, all of the soma's radius), an axon down with a
collateral, four basal dendrites that branch twice, an apical trunk with
obliques and a tuft.  Diameters taper; a few radii and coordinates have
many digits so that Import3d's %.8g and NEURON's float storage matter.

    /usr/bin/python3 tests/neuron/morph/gen_swc.py > tests/neuron/morph/pyramidal.swc
"""
import math

state = [12345]


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
        x += step * dx + (rnd() - 0.5) * 1.3
        y += step * dy + (rnd() - 0.5) * 1.3
        z += step * dz + (rnd() - 0.5) * 1.3
        r = r0 + (r1 - r0) * k / n
        p = add(t, round(x, 4), round(y, 4), round(z, 4), round(r, 5), p)
    if depth > 0:
        for s in (-1, 1):
            a = spread * s
            ndx = dx * math.cos(a) - dy * math.sin(a)
            ndy = dx * math.sin(a) + dy * math.cos(a)
            branch(t, p, x, y, z, ndx, ndy, dz + 0.3 * s, r1 * 0.8, r1 * 0.55,
                   max(3, n - 3), step * 0.9, depth - 1, spread)
    return p


R = 9.5
soma = add(1, 0.0, 0.0, 0.0, R, -1)
add(1, 0.0, -R, 0.0, R, soma)
add(1, 0.0, R, 0.0, R, soma)

# axon: down from the soma centre, a collateral halfway
ax = branch(2, soma, 0.0, -R, 0.0, 0.05, -1, 0.02, 0.6, 0.45, 12, 6.0, 0, 0)
# (the collateral hangs off a middle axon point)
mid = ax - 6
x, y, z = pts[mid - 1][2:5]
branch(2, mid, x, y, z, 1, -0.4, 0.1, 0.35, 0.25, 10, 5.0, 0, 0)

# four basal dendrites
for k in range(4):
    a = math.pi * (1.15 + 0.23 * k)
    branch(3, soma, R * math.cos(a), R * math.sin(a), 0.0, math.cos(a), math.sin(a),
           0.2 * (k - 1.5), 1.1, 0.7, 9, 7.0, 2, 0.45)

# apical trunk: obliques every few points, then a tuft
p = soma
x, y, z = 0.0, R, 0.0
for seg in range(5):
    p = branch(4, p, x, y, z, 0.02, 1, 0.01, 2.2 - 0.25 * seg, 2.0 - 0.25 * seg, 6, 11.0, 0, 0)
    x, y, z = pts[p - 1][2:5]
    side = 1 if seg % 2 else -1
    branch(4, p, x, y, z, side, 0.35, 0.1 * side, 0.7, 0.45, 7, 6.5, 1 if seg == 2 else 0, 0.5)
branch(4, p, x, y, z, 0.1, 1, 0.0, 0.9, 0.6, 6, 9.0, 2, 0.6)

print("# pyramidal.swc - synthetic pyramidal cell for circ's NEURON reference cases")
print("# written by tests/neuron/morph/gen_swc.py; %d points" % len(pts))
print("# id type x y z radius parent")
for i, t, x, y, z, r, par in pts:
    print("%d %d %s %s %s %s %d" % (i, t, repr(x), repr(y), repr(z), repr(r), par))
