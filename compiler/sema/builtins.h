/* builtins.h - the one list of built-in names (X-macro).
 *
 * B(name, kind, where, nargs, result, args)
 *   kind:   VAR (a value) or FUNC
 *   where:  contexts the name is visible in (CTX_* bits, sema_int.h)
 *   nargs:  FUNC arity; -1: variadic (>= 1)
 *   result: unit spelling, or a rule: "=arg" (unit of the first argument),
 *           "sqrt" (half its dimension), "verdict", "none" (no value)
 *   args:   unit spellings per argument ("*" any, "1" dimensionless,
 *           "sel" a population/group/all, "win" a window; "@" last: an
 *           optional `at sec(x)` after them, the site of a voltage measure)
 * Grep ORDER BUILTINS.
 */
/* mechanism variables */
B(v,         VAR,  CTXB_MEMBRANE,  0, "mV",   "")
B(t,         VAR,  CTXB_MECH,      0, "ms",   "")
B(dt,        VAR,  CTXB_MECH,      0, "ms",   "")
B(celsius,   VAR,  CTXB_MECH,      0, "degC", "")
B(area,      VAR,  CTXB_POINT,     0, "um2",  "")
/* the diameter of the instance's segment, a constant of each instance
   (NEURON's diam, which nocmodl points at the segment's); a point process's
   is its node's, which ends of sections (x = 0, 1) do not have */
B(diam,      VAR,  CTXB_MEMBRANE,  0, "um",   "")
B(flag,      VAR,  CTXB_RECEIVE,   0, "1",    "")
/* the forward and backward flux of the kinetic block's last reaction
   (NMODL's f_flux, b_flux), in `nmodl` mechanisms (sema_kinetic.c) */
B(f_flux,    VAR,  CTXB_KINETIC,   0, "1",    "")
B(b_flux,    VAR,  CTXB_KINETIC,   0, "1",    "")
/* NEURON 8.2's physical constants (CODATA 2018, nrnunits.lib: FARADAY
   96485.3321233100184 C/mol, R 8.3144626181532395 J/K/mol) and its
   ghk(v, ci, co, z) (eion.cpp nrn_ghk: a GHK current per unit permeability,
   mA/cm2 per cm/s); a mechanism may define its own (NMODL files do) */
B(FARADAY,   VAR,  CTXB_MECH,      0, "C/mol", "")
B(R,         VAR,  CTXB_MECH,      0, "J/K/mol", "")
B(ghk,       FUNC, CTXB_MECH,      4, "mC/cm3", "mV,mM,mM,1")
/* math, everywhere an expression is computed */
B(exp,       FUNC, CTXB_MATH,      1, "1",    "1")
B(log,       FUNC, CTXB_MATH,      1, "1",    "1")
B(log10,     FUNC, CTXB_MATH,      1, "1",    "1")
B(sin,       FUNC, CTXB_MATH,      1, "1",    "1")
B(cos,       FUNC, CTXB_MATH,      1, "1",    "1")
B(tanh,      FUNC, CTXB_MATH,      1, "1",    "1")
/* the rest of NMODL's built-in functions (NEURON's guide, "NMODL's built-in
   functions"): libm's, as nocmodl's C calls them */
B(tan,       FUNC, CTXB_MATH,      1, "1",    "1")
B(sinh,      FUNC, CTXB_MATH,      1, "1",    "1")
B(cosh,      FUNC, CTXB_MATH,      1, "1",    "1")
B(asin,      FUNC, CTXB_MATH,      1, "1",    "1")
B(acos,      FUNC, CTXB_MATH,      1, "1",    "1")
B(atan,      FUNC, CTXB_MATH,      1, "1",    "1")
B(atan2,     FUNC, CTXB_MATH,      2, "1",    "*,*")
B(ceil,      FUNC, CTXB_MATH,      1, "=arg", "*")
B(fmod,      FUNC, CTXB_MATH,      2, "=arg", "*,*")
B(pow,       FUNC, CTXB_MATH,      2, "1",    "1,1")
B(sqrt,      FUNC, CTXB_MATH,      1, "sqrt", "*")
B(abs,       FUNC, CTXB_MATH,      1, "=arg", "*")
B(fabs,      FUNC, CTXB_MATH,      1, "=arg", "*")
B(floor,     FUNC, CTXB_MATH,      1, "=arg", "*")
B(min,       FUNC, CTXB_MATH,      2, "=arg", "*,*")
B(max,       FUNC, CTXB_MATH,      2, "=arg", "*,*")
/* random numbers and events, in mechanisms */
B(erand,     FUNC, CTXB_MECH,      0, "1",    "")
B(urand,     FUNC, CTXB_MECH,      0, "1",    "")
B(normrand,  FUNC, CTXB_MECH,      0, "1",    "")
B(send,      FUNC, CTXB_EVENTS,    2, "none", "ms,1")
B(emit,      FUNC, CTXB_EVENTS,    0, "none", "")
B(move,      FUNC, CTXB_RECEIVE,   1, "none", "ms")
/* NEURON's WATCH (a > b) flag: watch(a > b, flag), point processes only
   (sema_units.c check_watch) */
B(watch,     FUNC, CTXB_RECEIVE,   2, "none", "*,1")
/* the spike train an artificial cell was given (a SONATA input's spikes,
   stdlib/VecStim.circ): how many times, and the k-th (from 0) */
B(train_size, FUNC, CTXB_EVENTS,   0, "1",    "")
B(train_time, FUNC, CTXB_EVENTS,   1, "ms",   "1")
/* connection rules */
B(dist_3d,   VAR,  CTXB_CONN,      0, "um",   "")
B(dist_2d,   VAR,  CTXB_CONN,      0, "um",   "")
B(dist_x,    VAR,  CTXB_CONN,      0, "um",   "")
B(dist_y,    VAR,  CTXB_CONN,      0, "um",   "")
B(dist_z,    VAR,  CTXB_CONN,      0, "um",   "")
B(pre,       VAR,  CTXB_CONN,      0, "cell", "")
B(post,      VAR,  CTXB_CONN,      0, "cell", "")
/* cell properties, in `where` conditions (and as pre./post. members) */
B(x,         VAR,  CTXB_WHERE,     0, "um",   "")
B(y,         VAR,  CTXB_WHERE,     0, "um",   "")
B(z,         VAR,  CTXB_WHERE,     0, "um",   "")
B(xnorm,     VAR,  CTXB_WHERE,     0, "1",    "")
B(ynorm,     VAR,  CTXB_WHERE,     0, "1",    "")
B(znorm,     VAR,  CTXB_WHERE,     0, "1",    "")
B(gid,       VAR,  CTXB_WHERE,     0, "1",    "")
B(index,     VAR,  CTXB_WHERE,     0, "1",    "")
/* the run's seed, in a stimulus's noise_stream */
B(seed,      VAR,  CTXB_STREAM,    0, "1",    "")
/* where a segment is, in a cell's `insert` parameters (and x, its position
 * along the section, dimensionless there: sema_units.c name_value) */
B(distance,  VAR,  CTXB_SEGMENT,   0, "um",   "")
B(L,         VAR,  CTXB_SEGMENT,   0, "um",   "")
/* analysis */
B(rate,      FUNC, CTXB_ANALYSIS,  2, "Hz",   "sel,win")
B(count,     FUNC, CTXB_ANALYSIS,  2, "1",    "sel,win")
B(cv_isi,    FUNC, CTXB_ANALYSIS,  2, "1",    "sel,win")
B(mean_v,    FUNC, CTXB_ANALYSIS,  2, "mV",   "sel,win,@")
B(peak_v,    FUNC, CTXB_ANALYSIS,  2, "mV",   "sel,win,@")
B(peaks,     FUNC, CTXB_ANALYSIS,  2, "1",    "sel,win,@")
B(psd_peak,  FUNC, CTXB_ANALYSIS,  2, "Hz",   "sel,win")
B(isn_test,  FUNC, CTXB_ANALYSIS,  4, "verdict", "sel,sel,win,win,@")
