#!/usr/bin/python3
"""Write the SWC files that exercise Import3d's special cases, for circ's
NEURON reference cases (make_refs.py).  Deterministic.

    /usr/bin/python3 tests/neuron/morph/gen_odd_swc.py onepoint > tests/neuron/morph/onepoint.swc
    /usr/bin/python3 tests/neuron/morph/gen_odd_swc.py cylsoma > tests/neuron/morph/cylsoma.swc
    /usr/bin/python3 tests/neuron/morph/gen_odd_swc.py tree > tests/neuron/morph/tree.swc

onepoint.swc: a one-point soma (a sphere: NEURON makes it a cylinder with
  L = diam) with dendrites hung on it by a wire; ids start at 101 (in
  order: NEURON 8.2's check_pid fails on a file that is not); a dendrite that turns into type 5 halfway (a
  section break without a branch, list dend_5); a zero-length two-point
  branch (removed by chk_valid; its child is re-hung on its parent); a
  branch from the first point of a wired dendrite (connected to its 0 end);
  comment and blank lines, tabs, a trailing column.
tree.swc: a random tree (its own LCG) without a soma: a dendrite root,
  sections of five types, points that repeat their parent's place (not the
  root's: a zero-length root with a diameter step is legal but so stiff
  that the default mode's last bits grow), coordinates with 4 decimals.
cylsoma.swc: a soma of six points along y, with children at its first
  point (x = 0), its last (x = 1) and in its interior (x = 0.5), a second
  soma branch (a soma point with two soma children) and an axon from the
  soma's interior.
"""
import math
import sys

pts = []


def add(i, t, x, y, z, r, p):
    pts.append((i, t, x, y, z, r, p))
    return i


def line(i0, t, p, x, y, z, dx, dy, dz, n, r0, r1, step):
    ids = []
    for k in range(1, n + 1):
        i = i0 + k - 1
        wob = 0.37 * math.sin(1.7 * i)
        add(i, t, round(x + k * step * dx + wob, 4), round(y + k * step * dy - wob, 4),
            round(z + k * step * dz + 0.5 * wob, 4), round(r0 + (r1 - r0) * k / n, 5), p)
        p = i
        ids.append(i)
    return ids


def onepoint():
    add(101, 1, 0.0, 0.0, 0.0, 7.25, -1)
    a = line(102, 3, 101, 6, 0, 0, 1, 0.2, 0, 8, 1.2, 0.8, 6.0)       # wired basal
    b = line(110, 3, 101, -6, 0, 0, -1, 0.1, 0.3, 5, 1.0, 0.9, 5.5)    # basal ...
    c = line(115, 5, b[-1], pts[-1][2], pts[-1][3], pts[-1][4], -1, 0.4, 0, 6, 0.9, 0.5, 5.0)  # ... turns type 5
    # a branch from the first point of the wired dendrite a: connected to a's 0 end
    d = line(121, 3, a[0], pts[0][2] + 7, 1.0, 0.0, 0.2, 1, 0, 6, 0.7, 0.4, 5.0)
    # zero-length two-point branch at the end of a, and a child hung on it
    add(127, 3, pts[8][2], pts[8][3], pts[8][4], 0.6, a[-1])
    e = line(128, 3, 127, pts[8][2], pts[8][3], pts[8][4], 1, -1, 0.1, 5, 0.6, 0.35, 4.0)
    f = line(133, 3, a[-1], pts[8][2], pts[8][3], pts[8][4], 1, 1, -0.2, 5, 0.6, 0.35, 4.5)
    g = line(138, 4, 101, 0, 7, 0, 0.05, 1, 0, 10, 2.0, 1.2, 9.0)       # apical
    h = line(148, 2, 101, 0, -7, 0, 0, -1, 0.05, 9, 0.5, 0.4, 8.0)      # axon
    del c, d, e, f, g, h
    print("# onepoint.swc - written by tests/neuron/morph/gen_odd_swc.py")
    print("#   (one-point soma; ids from 101)")
    print("")
    for k, (i, t, x, y, z, r, p) in enumerate(sorted(pts)):
        sep = "\t" if k % 5 == 0 else " "
        extra = " 0" if k % 9 == 4 else ""
        print(sep.join(str(v) for v in (i, t, x, y, z, r, p)) + extra)


def cylsoma():
    s = line(1, 1, -1, 0, -15, 0, 0, 1, 0, 1, 4.0, 4.0, 0.0)           # soma start
    s += line(2, 1, 1, 0, -15, 0, 0, 1, 0, 5, 5.5, 4.5, 6.0)           # soma points 2..6
    sb = line(7, 1, 3, 0, -3, 0, 1, 0.3, 0, 3, 3.0, 2.5, 4.0)          # second soma branch at point 3
    a = line(10, 3, 1, 0, -15, 0, 0.2, -1, 0, 7, 1.0, 0.6, 6.0)        # from the soma's first point
    b = line(17, 4, 6, 0, 15, 0, 0, 1, 0.1, 9, 1.8, 1.0, 8.0)          # from its last point
    c = line(26, 3, 4, 0, 0, 0, -1, 0.1, 0, 6, 0.9, 0.6, 6.0)          # from its interior
    d = line(32, 2, 3, 0, -3, 0, 0.1, -1, 0.5, 8, 0.5, 0.35, 7.0)      # axon from the interior
    e = line(40, 3, sb[-1], 0, 0, 0, 1, 0, 0, 5, 0.8, 0.5, 5.0)        # off the second soma branch
    del s, a, b, c, d, e
    print("# cylsoma.swc - written by tests/neuron/morph/gen_odd_swc.py")
    for (i, t, x, y, z, r, p) in pts:
        print("%d %d %r %r %r %r %d" % (i, t, x, y, z, r, p))


def tree():
    state = [2024]

    def rnd():
        state[0] = (1103515245 * state[0] + 12345) % (1 << 31)
        return state[0] / float(1 << 31)

    types = [2, 3, 3, 4, 5]
    for i in range(1, 61):
        if i == 1:
            p, t = -1, 3
        else:
            p = i - 1 if rnd() < 0.7 else 1 + int(rnd() * (i - 1))
            t = types[int(rnd() * len(types))]
            if rnd() < 0.6:
                t = pts[p - 1][1]
        r = round(0.2 + 2.8 * rnd(), 3)
        if p > 2 and rnd() < 0.06:
            x, y, z = pts[p - 1][2:5]
        else:
            x, y, z = (round(100 * rnd() - 50, 4) for _ in range(3))
        add(i, t, x, y, z, r, p)
    print("# tree.swc - written by tests/neuron/morph/gen_odd_swc.py")
    for (i, t, x, y, z, r, p) in pts:
        print("%d %d %r %r %r %r %d" % (i, t, x, y, z, r, p))


{"onepoint": onepoint, "cylsoma": cylsoma, "tree": tree}[sys.argv[1]]()
