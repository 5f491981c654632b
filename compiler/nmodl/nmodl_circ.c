/* nmodl_circ.c - translates a .mod file's raw tree into a circ mechanism.
 *
 * The result is what a hand port would be (stdlib/hh.circ is one), with the
 * file's arithmetic kept node for node so that lowering emits nocmodl's
 * operations in nocmodl's order:
 *  - first, arrays, FROM loops and DEFINEs are unrolled (nmodl_unroll.c):
 *    x[k] is the scalar x_k from there on, a loop copies of its body;
 *  - NEURON block: SUFFIX/POINT_PROCESS/ARTIFICIAL_CELL give the kind,
 *    USEION becomes circ's `useion` (its variables are the section's, not
 *    declarations), NONSPECIFIC_CURRENT/ELECTRODE_CURRENT and USEION's
 *    written iX the currents in declaration order (nocmodl sums them in
 *    that order, from 0);
 *  - PARAMETER/STATE/ASSIGNED/CONSTANT become declarations (NEURON's own
 *    variables v, t, dt, celsius, area are circ's built-ins);
 *  - BREAKPOINT is code evaluated for the current: its assignments are
 *    substituted forward into one `current` per declared current (the same
 *    operations on the same values, so the same bits), an if/else merges
 *    what its branches set as `c ? a : b`; writes elsewhere to the names it
 *    computes are dropped (BREAKPOINT sets them before any use); a name set
 *    on one path only keeps its last value in an assigned variable the
 *    `breakpoint` block sets (find_kept), and so does one another block
 *    reads (find_read: NEURON's _p holds the last evaluation's value, at v,
 *    for nrn_state; INITIAL reads what was there before finitialize's
 *    evaluation); the currents still read the values themselves;
 *    a STATE it assigns that has a value of its own (clamp_state: ModelDB's
 *    `if (cai < 0) { cai = 0 }` after SOLVE, `m = minf`) is assigned in the
 *    `breakpoint` block where the statement stands (flush_states; nocmodl's
 *    nrn_cur keeps it in the instance, a concentration written back to the
 *    ion: codegen's cg_breakpoint_conc), or without currents at the end of
 *    the cnexp derivative block (nocmodl's nrn_state: after_solve_fits);
 *  - an argument or LOCAL named like a mechanism variable shadows it (as
 *    in nocmodl): it is renamed x_arg / x_local (unique in the file);
 *  - a current that a PROCEDURE called from BREAKPOINT assigns is held in
 *    an assigned variable X_value, which the procedure sets and the
 *    `current` reads (the call runs at each voltage, as in nocmodl);
 *  - FUNCTION's result-by-assignment becomes `return` where it is the last
 *    statement of its path; LOCAL becomes `let x = 0`; TABLE moves into the
 *    procedure header; SOLVE ... METHOD cnexp selects the derivative block
 *    (derivimplicit's where nocmodl cannot differentiate an equation:
 *    check_cnexp), its statements and equations in order (circ's
 *    `derivative` updates each state where its equation stands, as
 *    nocmodl's cnexp); METHOD euler and runge are circ's `derivative euler`
 *    and `derivative runge` (the block as it is);
 *    SOLVE of a PROCEDURE (no METHOD) is its call in a `derivative` block
 *    (nocmodl calls it in nrn_state, not at INITIAL); so is SOLVE of a
 *    LINEAR or NONLINEAR block (`solve name`; in INITIAL, a PROCEDURE or a
 *    FUNCTION where it stands),
 *    which becomes a `linear`/`nonlinear` block (system_block: equations
 *    whose parenthesized first sums nocmodl would add as one term are
 *    refused, the STATEs declared in nocmodl's symbol order for
 *    NONLINEAR's unknowns); a last VERBATIM of a
 *    PROCEDURE that is only `return 0;` is dropped (nocmodl's C ends so);
 *  - an ASSIGNED a tabled PROCEDURE (or what it calls) sets but its TABLE
 *    does not list (NEURON sets it only while it builds the table): read
 *    nowhere else, that procedure's LOCAL or a scratch assigned variable;
 *    a GLOBAL of run constants read elsewhere (Mainen's tadj) is set at
 *    INITIAL's start (find_scratch); other such assignments are refused;
 *  - a tabled PROCEDURE of a density mechanism reading a RANGE PARAMETER
 *    (Traub's fastNa_shift) stays as it is: NEURON builds the table from
 *    one instance's value, circ from the value every instance of the run
 *    has, and refuses the run where they differ (sema_units.c,
 *    lower_net.c table_values); a point process's, or a parameter the
 *    file assigns, is refused;
 *  - a GLOBAL PARAMETER that only INITIAL sets, from run constants, before
 *    any read, is each instance's assigned variable (initial_global);
 *  - NEURON's temperature cache, `if (s != celsius) { x = ...; s = celsius }`
 *    of GLOBAL ASSIGNEDs, stays as it is, in each instance's copies, where
 *    what it keeps is a run constant (nmodl_cache.c, temperature_cache);
 *  - KINETIC (METHOD sparse) is circ's `kinetic` block: its reactions,
 *    CONSERVE and COMPARTMENT as they are (COMPARTMENT i, ... of arrays
 *    unrolled per element), f_flux/b_flux read as circ's, a reactant that
 *    is not a STATE a factor of the flux (sema_kinetic.c, lower_kinetic.c);
 *    LONGITUDINAL_DIFFUSION is refused (NEURON's solve is never a no-op);
 *  - SOLVE of a DERIVATIVE block beside a KINETIC block's, in either order
 *    (collect_solves: t->solve is the DERIVATIVE block's, t->kin_solve the
 *    KINETIC block's): the mechanism gets both blocks in BREAKPOINT's order,
 *    in which nocmodl's nrn_state runs them (states(), then sparse_thread
 *    of the scheme, or the reverse), whatever the file's order; the STATEs
 *    are declared in nocmodl's symbol order, which derivimplicit's
 *    unknowns (_slist2) and the scheme's states both follow;
 *  - WHILE becomes `while c at most 1000000000`, net_move(d + t) (or t)
 *    an artificial cell's `move(d)`, `WATCH (a > b) f1, (c < d) f2` one
 *    `watch(a > b, f1)` per condition (sema checks where it may be);
 *  - NET_RECEIVE(weight, a, ...): the arguments after the weight are each
 *    connection's state, its INITIAL receive's `initial { }` block;
 *    FOR_NETCONS(w, a, ...) is `for each connection (w, a, ...)`.
 *  - `v = ...` in a density mechanism's PROCEDURE stays as it is: there v is
 *    the mechanism's copy, which codegen makes afresh at each entry point
 *    (nocmodl's `v = _v`), never the node's.  Where circ would not run the
 *    shift as often or in the order nocmodl does, it is refused.
 * Anything else is refused with a located error naming the construct.
 */
#include "nmodl_circ.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nmodl_int.h"
#include "units.h"

enum where { W_FUNCTION, W_PROCEDURE, W_INITIAL, W_DERIVATIVE, W_RECEIVE, W_BREAKPOINT,
             W_KINETIC, W_LINEAR, W_NONLINEAR };

static const char *const where_name[] = {
    "FUNCTION", "PROCEDURE", "INITIAL", "DERIVATIVE", "NET_RECEIVE", "BREAKPOINT", "KINETIC",
    "LINEAR", "NONLINEAR",
};

/* An argument or LOCAL in scope, and the name it has in the translation:
 * the same, or a fresh one (x_arg, x_local) where it shadows a mechanism
 * variable, as nocmodl lets it (circ refuses a name that hides a member). */
struct scoped {
    const char *name;
    const char *as;
};

struct binding {            /* a BREAKPOINT name and its value so far */
    const char *name;
    struct ast *value;      /* NULL: a LOCAL not assigned yet */
};

struct tr {
    struct arena *a;
    struct diag_sink *d;
    bool ok;
    int kind;                           /* enum mech_kind */
    const struct nmodl_node *suffix;
    const struct nmodl_node **currents; /* NAME nodes, in declaration order */
    unsigned ncurrents;
    bool electrode;
    struct ast **useions;               /* circ `useion` items */
    unsigned nuseions;
    const char **ion_names;             /* the names USEION reads and writes */
    unsigned nion_names;
    const struct nmodl_node **range;    /* RANGE names: the per-instance PARAMETERs */
    unsigned nrange;
    const struct nmodl_node *solve;     /* the SOLVE statement, or NULL */
    const struct nmodl_node *solved;    /* the block it names (checked), or NULL */
    const struct nmodl_node *kin_solve; /* beside a DERIVATIVE block's SOLVE (solve): */
    const struct nmodl_node *kin_solved;    /* the KINETIC block's, and that block */
    bool kin_first;                     /* ... which BREAKPOINT solves first */
    struct name_set computed;           /* names BREAKPOINT assigns (not LOCALs) */
    struct name_set bp_states;          /* STATEs BREAKPOINT assigns that have a value of
                                           their own (clamp_state): not in `computed` */
    struct name_set untabled;           /* what find_scratch judged (a TABLE's chain sets it) */
    struct name_set shared_told;        /* GLOBALs refuse_shared_state refused */
    struct binding *env;                /* while translating BREAKPOINT */
    unsigned nenv;
    enum where where;
    const char *function;               /* FUNCTION being translated */
    struct ast *bp_calls;               /* BREAKPOINT's procedure calls: a `breakpoint` block */
    bool bp_assigned;                   /* BREAKPOINT has assigned something (or branched) */
    int bp_depth;                       /* inside an if of BREAKPOINT */
    const char **members;               /* the mechanism's names, which arguments shadow */
    unsigned nmembers;
    const char **taken;                 /* every name of the file, and each fresh one */
    unsigned ntaken;
    struct scoped *scope;               /* arguments and LOCALs in scope, innermost last */
    unsigned nscope;
    const struct nmodl_node *file;      /* the whole file: procedures looked up by name */
    bool tabled;                        /* the PROCEDURE being translated has a TABLE */
    const char **held;                  /* currents a PROCEDURE called from BREAKPOINT assigns */
    const char **held_as;               /* ... and the assigned variable holding each */
    unsigned nheld;
    const struct nmodl_node **scratch;  /* ASSIGNED set and read only in one tabled */
    const struct nmodl_node **scratch_in;   /* PROCEDURE (that one): its LOCALs */
    unsigned nscratch;
    const char **kept;                  /* names BREAKPOINT sets on one path of an if, */
    const char **kept_as;               /* which keep their last value: the assigned */
    unsigned nkept;                     /* variable holding each (find_kept) */
    const struct ast **kept_bound;      /* the NAME BREAKPOINT's if bound each to */
    bool *kept_read;                    /* ... or read elsewhere: set to its last value at
                                           the end of the `breakpoint` block (find_read) */
    bool *bp_reach;                     /* file->kids BREAKPOINT calls, at any depth */
    const struct nmodl_node *routine;   /* the PROCEDURE or FUNCTION being translated */
    const char **one_path;              /* names refused as set on one path (once) */
    unsigned none_path;
    const struct nmodl_node **side;     /* BREAKPOINT's other SOLVEs, of LINEAR/NONLINEAR */
    bool *side_before;                  /* ... each before the SOLVE above (else after) */
    unsigned nside;
    bool cnexp_implicit;                /* METHOD cnexp that nocmodl turns into derivimplicit */
    const char **derived;               /* GLOBALs a tabled PROCEDURE sets to a run */
    const struct nmodl_node **derived_value;    /* constant: set at INITIAL's start */
    unsigned nderived;
    struct nmodl_elems elems;           /* the scalars arrays became (nmodl_unroll.c) */
};

static void refuse(struct tr *t, struct loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void refuse(struct tr *t, struct loc loc, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(t->d, loc, "%s", msg);
    t->ok = false;
}

static struct ast *node(struct tr *t, enum ast_kind kind, struct loc loc, const char *str)
{
    struct ast *n = ast_new(t->a, kind, loc);
    n->str = str;
    return n;
}

static bool is_builtin(const char *name)
{
    static const char *const names[] = {"v", "t", "dt", "celsius", "area"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

/* Does PROCEDURE `name` assign NEURON's v, itself or through the procedures
 * it calls?  An argument or LOCAL named v is the procedure's own, not v. */
static bool proc_assigns_v(const struct nmodl_node *file, const char *name, int depth);

static bool body_assigns_v(const struct nmodl_node *file, const struct nmodl_node *n,
                           bool v_is_local, int depth)
{
    if (!n)
        return false;
    if (n->kind == NMODL_ASSIGN && !v_is_local && n->kids[0]->kind == NMODL_NAME &&
        strcmp(n->kids[0]->str, "v") == 0)
        return true;
    if (n->kind == NMODL_CALL && proc_assigns_v(file, n->str, depth + 1))
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (body_assigns_v(file, n->kids[i], v_is_local, depth))
            return true;
    return false;
}

static bool is_local_of(const struct nmodl_node *body, const char *name);

static bool proc_assigns_v(const struct nmodl_node *file, const char *name, int depth)
{
    if (depth > 32)     /* recursion: sema refuses it */
        return false;
    for (unsigned i = 0; file && i < file->nkids; i++) {
        const struct nmodl_node *p = file->kids[i];
        if (p->kind != NMODL_PROCEDURE || strcmp(p->str, name) != 0)
            continue;
        bool local = is_local_of(p->kids[2], "v");
        for (unsigned k = 0; p->kids[0] && k < p->kids[0]->nkids; k++)
            local = local || strcmp(p->kids[0]->kids[k]->str, "v") == 0;
        return body_assigns_v(file, p->kids[2], local, depth);
    }
    return false;
}

static bool is_derivimplicit(const struct tr *t);

/* A procedure that assigns v is inlined where it is called and works on the
 * caller's copy of v.  Where nocmodl runs the caller a number of times circ
 * does not reproduce statement for statement, or evaluates it where circ
 * may reorder the shift and the reads, the call is refused. */
static void check_v_call(struct tr *t, const struct nmodl_node *call)
{
    const char *where = t->where == W_FUNCTION ? "a FUNCTION"
                      : t->where == W_KINETIC ? "a KINETIC block"
                      : t->where == W_DERIVATIVE && is_derivimplicit(t)
                          ? "a DERIVATIVE block solved by derivimplicit"
                      : t->where == W_PROCEDURE && t->tabled ? "a PROCEDURE with a TABLE"
                      : NULL;
    if (where && proc_assigns_v(t->file, call->str, 0))
        refuse(t, call->loc, "'%s' assigns 'v'; calling it from %s is not supported yet",
               call->str, where);
}

static bool is_current(const struct tr *t, const char *name)
{
    for (unsigned i = 0; i < t->ncurrents; i++)
        if (strcmp(t->currents[i]->str, name) == 0)
            return true;
    return false;
}

static bool is_range(const struct tr *t, const char *name)
{
    for (unsigned i = 0; i < t->nrange; i++)
        if (strcmp(t->range[i]->str, name) == 0)
            return true;
    return false;
}

/* The variable holding current `name`, which a PROCEDURE called from
 * BREAKPOINT assigns, or NULL. */
static const char *held(const struct tr *t, const char *name)
{
    for (unsigned i = 0; i < t->nheld; i++)
        if (strcmp(t->held[i], name) == 0)
            return t->held_as[i];
    return NULL;
}

/* The assigned variable holding `name`, which BREAKPOINT sets on one path
 * of an if and which otherwise keeps its last value, or NULL. */
static const char *kept(const struct tr *t, const char *name)
{
    for (unsigned i = 0; i < t->nkept; i++)
        if (strcmp(t->kept[i], name) == 0)
            return t->kept_as[i];
    return NULL;
}

/* Is `name` kept because a block other than BREAKPOINT reads it (find_read)? */
static bool kept_read(const struct tr *t, const char *name)
{
    for (unsigned i = 0; i < t->nkept; i++)
        if (strcmp(t->kept[i], name) == 0)
            return t->kept_read[i];
    return false;
}

/* Does BREAKPOINT call the PROCEDURE or FUNCTION being translated? */
static bool bp_calls_routine(const struct tr *t)
{
    for (unsigned i = 0; t->routine && t->bp_reach && i < t->file->nkids; i++)
        if (t->file->kids[i] == t->routine)
            return t->bp_reach[i];
    return false;
}

static bool listed(const char *const *list, unsigned n, const char *name)
{
    for (unsigned i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return true;
    return false;
}

static void add_listed(struct tr *t, const char ***list, unsigned *n, const char *name)
{
    if (listed(*list, *n, name))
        return;
    *list = arena_realloc(t->a, *list, *n * sizeof **list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = name;
}

/* Every name the file spells, so that a fresh name cannot meet one of them. */
static void take_names(struct tr *t, const struct nmodl_node *n)
{
    if (!n)
        return;
    if (n->str)
        add_listed(t, &t->taken, &t->ntaken, n->str);
    for (unsigned i = 0; i < n->nkids; i++)
        take_names(t, n->kids[i]);
}

static const struct scoped *scoped(const struct tr *t, const char *name)
{
    for (unsigned i = t->nscope; i-- > 0;)
        if (strcmp(t->scope[i].name, name) == 0)
            return &t->scope[i];
    return NULL;
}

/* Brings an argument or LOCAL into scope; returns its name in the
 * translation: name_<role> (name_<role>2 ...) where it shadows a member. */
static const char *enter_scope(struct tr *t, const char *name, const char *role)
{
    const char *as = name;
    for (unsigned k = 1; listed(t->members, t->nmembers, name); k++) {
        char *fresh = k == 1 ? arena_printf(t->a, "%s_%s", name, role)
                             : arena_printf(t->a, "%s_%s%u", name, role, k);
        if (!listed(t->taken, t->ntaken, fresh)) {
            as = arena_intern(t->a, fresh, strlen(fresh));
            add_listed(t, &t->taken, &t->ntaken, as);
            break;
        }
    }
    t->scope = arena_realloc(t->a, t->scope, t->nscope * sizeof *t->scope,
                             (t->nscope + 1) * sizeof *t->scope);
    t->scope[t->nscope++] = (struct scoped){name, as};
    return as;
}

static struct binding *bound(struct tr *t, const char *name)
{
    for (unsigned i = t->nenv; i-- > 0;)
        if (strcmp(t->env[i].name, name) == 0)
            return &t->env[i];
    return NULL;
}

static void bind(struct tr *t, const char *name, struct ast *value)
{
    struct binding *b = bound(t, name);
    if (b) {
        b->value = value;
        return;
    }
    t->env = arena_realloc(t->a, t->env, t->nenv * sizeof *t->env,
                           (t->nenv + 1) * sizeof *t->env);
    t->env[t->nenv++] = (struct binding){name, value};
}

static struct ast *copy(struct tr *t, const struct ast *n)
{
    if (!n)
        return NULL;
    struct ast *c = ast_new(t->a, n->kind, n->loc);
    c->op = n->op;
    c->nloc = n->nloc;
    c->str = n->str;
    c->num = n->num;
    c->depth = n->depth;
    for (unsigned i = 0; i < n->nkids; i++)
        ast_add(t->a, c, copy(t, n->kids[i]));
    return c;
}

/* NEURON's unit names (nrnunits.lib) that mod files spell out, in circ's
 * spelling: a word, or a prefix word and a unit word (milliamp, megaohm,
 * msec), or a plural (volts). */
static const char *const unit_words[][2] = {
    {"amp", "A"}, {"ampere", "A"}, {"volt", "V"}, {"ohm", "ohm"}, {"mho", "mho"},
    {"siemens", "S"}, {"farad", "F"}, {"coul", "C"}, {"coulomb", "C"}, {"liter", "L"},
    {"litre", "L"}, {"molar", "M"}, {"mole", "mol"}, {"meter", "m"}, {"metre", "m"},
    {"sec", "s"}, {"second", "s"}, {"gram", "g"}, {"hertz", "Hz"}, {"joule", "J"},
    {"watt", "W"}, {"kelvin", "K"},
};
static const char *const unit_prefixes[][2] = {
    {"femto", "f"}, {"pico", "p"}, {"nano", "n"}, {"micro", "u"}, {"milli", "m"},
    {"centi", "c"}, {"deci", "d"}, {"kilo", "k"}, {"mega", "M"}, {"giga", "G"},
    {"f", "f"}, {"p", "p"}, {"n", "n"}, {"u", "u"}, {"m", "m"}, {"c", "c"}, {"d", "d"},
    {"k", "k"}, {"M", "M"}, {"G", "G"},
};

static const char *unit_word(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof unit_words / sizeof *unit_words; i++)
        if (strlen(unit_words[i][0]) == n && memcmp(unit_words[i][0], w, n) == 0)
            return unit_words[i][1];
    if (n > 3 && w[n - 1] == 's')       /* amps, volts, seconds */
        return unit_word(w, n - 1);
    return NULL;
}

/* circ's spelling of one name of NEURON's, or NULL. */
static const char *neuron_unit_name(struct arena *a, const char *w, size_t n)
{
    static const char *const whole[][2] = {{"micron", "um"}, {"microns", "um"},
                                           {"megohm", "Mohm"}, {"kilohm", "kohm"}};
    for (size_t i = 0; i < sizeof whole / sizeof *whole; i++)
        if (strlen(whole[i][0]) == n && memcmp(whole[i][0], w, n) == 0)
            return whole[i][1];
    const char *u = unit_word(w, n);
    if (u)
        return u;
    for (size_t i = 0; i < sizeof unit_prefixes / sizeof *unit_prefixes; i++) {
        size_t pl = strlen(unit_prefixes[i][0]);
        if (pl < n && memcmp(unit_prefixes[i][0], w, pl) == 0 && (u = unit_word(w + pl, n - pl)))
            return arena_printf(a, "%s%s", unit_prefixes[i][1], u);
    }
    return NULL;
}

/* The text with each name circ does not read, but NEURON's units database
 * has, in circ's spelling, and '-' between names a product: coul-m is C*m,
 * /mM-ms 1/mM/ms (everything after a slash divides). */
static const char *neuron_units_as_circ(struct arena *a, const char *text)
{
    size_t n = strlen(text), cap = 2 * n + 16, len = 0;
    char *out = arena_alloc(a, cap);
    bool divides = false;
    for (size_t i = 0; i < n;) {
        if (!isalpha((unsigned char)text[i])) {
            bool product = text[i] == '-' && i > 0 && isalnum((unsigned char)text[i - 1]) &&
                           i + 1 < n && isalpha((unsigned char)text[i + 1]);
            divides = divides || text[i] == '/';
            out[len++] = product ? (divides ? '/' : '*') : text[i];
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && isalpha((unsigned char)text[j]))
            j++;
        struct units_val v;
        const char *bad;
        size_t badlen;
        char *word = arena_strndup(a, text + i, j - i);
        const char *as = units_parse(word, &v, &bad, &badlen) ? NULL
                                                               : neuron_unit_name(a, word, j - i);
        const char *put = as ? as : word;
        size_t pl = strlen(put);
        if (len + pl + (n - j) + 1 > cap)
            return text;
        memcpy(out + len, put, pl);
        len += pl;
        i = j;
    }
    out[len] = '\0';
    return out;
}

/* A unit annotation circ can read, or NULL (then the value is a bare number:
 * NMODL's arithmetic never converts units, so nothing is lost but the check
 * of values written with units in .circ files). */
const char *nmodl_unit_spelling(struct arena *arena, const char *text)
{
    if (!text || !text[0])
        return NULL;
    text = neuron_units_as_circ(arena, text);
    const char *slash = strchr(text, '/');
    char *s = arena_printf(arena, "%s%s", text[0] == '/' ? "1" : "", text);
    for (char *p = s; *p; p++)
        if (*p == ' ') {
            if (slash && p - s - (text[0] == '/') > slash - text)
                return NULL;    /* "a/b c": whether c divides depends on the reader */
            *p = '*';
        }
    struct units_val val;
    const char *bad;
    size_t badlen;
    return units_parse(s, &val, &bad, &badlen) ? s : NULL;
}

static struct ast *unit(struct tr *t, const struct nmodl_node *u)
{
    const char *spelling = u ? nmodl_unit_spelling(t->a, u->str) : NULL;
    if (!spelling)
        return NULL;
    return node(t, AST_UNIT, u->loc, arena_intern(t->a, spelling, strlen(spelling)));
}

/* ---- expressions ---------------------------------------------------------------- */

static struct ast *expr(struct tr *t, const struct nmodl_node *n);

static struct ast *name_ref(struct tr *t, const struct nmodl_node *n)
{
    if (t->where == W_BREAKPOINT) {
        struct binding *b = bound(t, n->str);
        if (b && !b->value) {
            refuse(t, n->loc, "LOCAL '%s' is read in BREAKPOINT before it is assigned", n->str);
            return node(t, AST_NUM, n->loc, NULL);
        }
        if (b)
            return copy(t, b->value);
        if (held(t, n->str))
            return node(t, AST_NAME, n->loc, held(t, n->str));
        if (kept(t, n->str)) {
            /* before the if (or assignment) that sets it: the currents, which read
               what BREAKPOINT computes, run after the `breakpoint` block has updated it */
            if (kept_read(t, n->str))
                refuse(t, n->loc, "'%s' is read in BREAKPOINT before it is assigned there (the "
                       "value of the previous evaluation), and read elsewhere; not supported "
                       "yet", n->str);
            else
                refuse(t, n->loc, "'%s' is read in BREAKPOINT before the if that sets it on "
                       "one path; not supported yet", n->str);
            return node(t, AST_NUM, n->loc, NULL);
        }
    } else if (scoped(t, n->str)) {
        return node(t, AST_NAME, n->loc, scoped(t, n->str)->as);
    } else if (held(t, n->str)) {
        return node(t, AST_NAME, n->loc, held(t, n->str));
    } else if (kept(t, n->str)) {   /* as BREAKPOINT's last evaluation left it */
        if (kept_read(t, n->str) && bp_calls_routine(t))
            refuse(t, n->loc, "'%s' is computed in BREAKPOINT and read in %s '%s', which "
                   "BREAKPOINT calls (NEURON reads the value of that moment of the "
                   "evaluation); not supported yet", n->str, where_name[t->where],
                   t->routine->str);
        return node(t, AST_NAME, n->loc, kept(t, n->str));
    } else if (name_set_has(&t->computed, n->str)) {
        if (!is_current(t, n->str) && nmodl_is_global(t->file, n->str))
            refuse(t, n->loc, "'%s' is a GLOBAL computed in BREAKPOINT; NEURON's %s reads the "
                   "value of the last instance BREAKPOINT evaluated, one for all instances: "
                   "not supported", n->str, where_name[t->where]);
        else
            refuse(t, n->loc, "'%s' is computed in BREAKPOINT; reading it in %s is not "
                   "supported yet", n->str, where_name[t->where]);
    }
    if (t->function && strcmp(n->str, t->function) == 0 && t->where == W_FUNCTION)
        refuse(t, n->loc, "FUNCTION '%s' reads its own result; not supported yet", n->str);
    return node(t, AST_NAME, n->loc, n->str);
}

/* A comparison or a logical operation: true or false in circ. */
static bool is_condition(const struct nmodl_node *n)
{
    if (n->kind == NMODL_UNOP)
        return n->op == OP_NOT;
    return n->kind == NMODL_BINOP &&
           (n->op == OP_AND || n->op == OP_OR || n->op == OP_EQ || n->op == OP_NE ||
            n->op == OP_LT || n->op == OP_LE || n->op == OP_GT || n->op == OP_GE);
}

/* n where a number is wanted: a condition is C's int 1 or 0 in nocmodl's
 * output (`(v > th) * g`), so it becomes `cond ? 1 : 0`, the same numbers. */
static struct ast *number(struct tr *t, const struct nmodl_node *n)
{
    struct ast *e = expr(t, n);
    if (!is_condition(n))
        return e;
    struct ast *one = node(t, AST_NUM, n->loc, NULL), *zero = node(t, AST_NUM, n->loc, NULL);
    one->num = 1;
    zero->num = 0;
    return ast_make(t->a, AST_COND, n->loc, NULL, 3, e, one, zero);
}

/* scopmath's random numbers: one stream for the whole process, drawn by
 * every instance in the order NEURON happens to call them (set_seed seeds
 * it).  circ's streams are each instance's own, so these cannot be NEURON's
 * numbers: refused, located.  NULL if `name` is none of them. */
static const char *scop_random(const char *name)
{
    static const char *const names[] = {"set_seed", "scop_random", "exprand", "normrand",
                                        "unirand", "poisrand", "gauss"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return names[i];
    return NULL;
}

static void refuse_scop_random(struct tr *t, const struct nmodl_node *c)
{
    refuse(t, c->loc, "%s() uses NEURON's one random stream (scopmath's), which every instance "
           "draws from in turn; circ's random numbers are each instance's own streams (as "
           "NEURON's Random123), so this file's numbers cannot be NEURON's: not supported",
           c->str);
}

static struct ast *expr(struct tr *t, const struct nmodl_node *n);

/* at_time(te) in NEURON's fixed step (nrnoc's at_time): 1 where te - 1e-11
 * falls in (t - dt, t], else 0; it tells CVODE of a discontinuity, which a
 * fixed step has no use for.  The same comparisons on the same numbers. */
static struct ast *at_time(struct tr *t, const struct nmodl_node *c)
{
    struct ast *x[2];
    for (int k = 0; k < 2; k++) {
        struct ast *eps = node(t, AST_NUM, c->loc, NULL);
        eps->num = 1e-11;
        x[k] = ast_make(t->a, AST_BINOP, c->loc, NULL, 2, expr(t, c->kids[0]), eps);
        x[k]->op = OP_SUB;
    }
    struct ast *le = ast_make(t->a, AST_BINOP, c->loc, NULL, 2, x[0],
                              node(t, AST_NAME, c->loc, arena_intern(t->a, "t", 1)));
    le->op = OP_LE;
    struct ast *lo = ast_make(t->a, AST_BINOP, c->loc, NULL, 2, node(t, AST_NAME, c->loc, arena_intern(t->a, "t", 1)),
                              node(t, AST_NAME, c->loc, arena_intern(t->a, "dt", 2)));
    lo->op = OP_SUB;
    struct ast *gt = ast_make(t->a, AST_BINOP, c->loc, NULL, 2, x[1], lo);
    gt->op = OP_GT;
    struct ast *both = ast_make(t->a, AST_BINOP, c->loc, NULL, 2, le, gt);
    both->op = OP_AND;
    struct ast *one = node(t, AST_NUM, c->loc, NULL), *zero = node(t, AST_NUM, c->loc, NULL);
    one->num = 1;
    zero->num = 0;
    return ast_make(t->a, AST_COND, c->loc, NULL, 3, both, one, zero);
}

static bool calls_user_code(const struct nmodl_node *e);

/* Is c a call of at_time the translation can follow: one argument that
 * calls none of the file's code (its value is computed twice, or not at
 * all where the call is a statement)? */
static bool at_time_call(struct tr *t, const struct nmodl_node *c)
{
    if (strcmp(c->str, "at_time") != 0)
        return false;
    if (c->nkids != 1)
        refuse(t, c->loc, "at_time takes one argument, the time");
    else if (calls_user_code(c->kids[0]))
        refuse(t, c->kids[0]->loc, "a call in at_time's argument is not supported (circ "
               "computes the argument as often as the comparison needs it)");
    return true;
}

static struct ast *expr(struct tr *t, const struct nmodl_node *n)
{
    struct ast *e;
    switch (n->kind) {
    case NMODL_NUM:
        /* a unit after a number is for modlunit only: nocmodl uses the number */
        e = node(t, AST_NUM, n->loc, NULL);
        e->num = n->num;
        return e;
    case NMODL_NAME:
        return name_ref(t, n);
    case NMODL_CALL:
        if (strcmp(n->str, "net_send") == 0 || strcmp(n->str, "net_event") == 0 ||
            strcmp(n->str, "net_move") == 0) {
            refuse(t, n->loc, "%s() is a statement, not a value", n->str);
            return node(t, AST_NUM, n->loc, NULL);
        }
        if (scop_random(n->str)) {
            refuse_scop_random(t, n);
            return node(t, AST_NUM, n->loc, NULL);
        }
        if (at_time_call(t, n))
            return t->ok ? at_time(t, n) : node(t, AST_NUM, n->loc, NULL);
        check_v_call(t, n);
        e = node(t, AST_CALL, n->loc, n->str);
        e->depth = n->depth;
        for (unsigned i = 0; i < n->nkids; i++)
            ast_add(t->a, e, number(t, n->kids[i]));
        return e;
    case NMODL_UNOP:
        e = node(t, AST_UNOP, n->loc, NULL);
        e->op = n->op;
        e->depth = n->depth;
        ast_add(t->a, e, n->op == OP_NOT ? expr(t, n->kids[0]) : number(t, n->kids[0]));
        return e;
    case NMODL_BINOP: {
        bool logic = is_condition(n) && n->op != OP_EQ && n->op != OP_NE && n->op != OP_LT &&
                     n->op != OP_LE && n->op != OP_GT && n->op != OP_GE;   /* && and || */
        e = node(t, AST_BINOP, n->loc, NULL);
        e->op = n->op;
        e->depth = n->depth;
        ast_add(t->a, e, logic ? expr(t, n->kids[0]) : number(t, n->kids[0]));
        ast_add(t->a, e, logic ? expr(t, n->kids[1]) : number(t, n->kids[1]));
        return e;
    }
    case NMODL_PRIME:
        refuse(t, n->loc, "the derivative %s' is only assigned, in a DERIVATIVE block", n->str);
        break;
    case NMODL_INDEX:
        refuse(t, n->loc, "array variables are not supported yet");
        break;
    case NMODL_STR:
        refuse(t, n->loc, "a string argument is not supported");
        break;
    default:
        refuse(t, n->loc, "this %s is not an expression circ can translate",
               nmodl_kind_name(n->kind));
        break;
    }
    return node(t, AST_NUM, n->loc, NULL);
}

/* ---- statements ----------------------------------------------------------------- */

/* How NEURON spells the construct, for "X is not supported yet". */
static const char *construct(const struct nmodl_node *n)
{
    switch (n->kind) {
    case NMODL_VERBATIM: return "VERBATIM (C code)";
    case NMODL_INCLUDE: return "INCLUDE";
    case NMODL_DEFINE: return "DEFINE";
    case NMODL_POINTER: return "POINTER";
    case NMODL_BBCOREPOINTER: return "BBCOREPOINTER";
    case NMODL_EXTERNAL: return "EXTERNAL";
    case NMODL_RANDOM: return "RANDOM";
    case NMODL_KINETIC: return "KINETIC";
    case NMODL_LINEAR: return "LINEAR";
    case NMODL_NONLINEAR: return "NONLINEAR";
    case NMODL_FUNCTION_TABLE: return "FUNCTION_TABLE";
    case NMODL_BEFORE: return "BEFORE";
    case NMODL_AFTER: return "AFTER";
    case NMODL_CONSTRUCTOR: return "CONSTRUCTOR";
    case NMODL_DESTRUCTOR: return "DESTRUCTOR";
    case NMODL_WHILE: return "WHILE";
    case NMODL_FROM: return "FROM loop";
    case NMODL_WATCH: return "WATCH";
    case NMODL_FOR_NETCONS: return "FOR_NETCONS";
    case NMODL_CONDUCTANCE: return "CONDUCTANCE";
    case NMODL_EQUATION: return "~ equation";
    case NMODL_REACTION: return "~ reaction";
    case NMODL_CONSERVE: return "CONSERVE";
    case NMODL_COMPARTMENT: return "COMPARTMENT";
    case NMODL_LONGDIFUS: return "LONGITUDINAL_DIFFUSION";
    case NMODL_INDEPENDENT: return "INDEPENDENT";
    case NMODL_INITIAL: return "INITIAL inside a block (but once in NET_RECEIVE, at its top level)";
    case NMODL_TABLE: return "TABLE outside a PROCEDURE or FUNCTION";
    case NMODL_SOLVE: return "SOLVE outside BREAKPOINT";
    default: return nmodl_kind_name(n->kind);
    }
}

static void not_yet(struct tr *t, const struct nmodl_node *n)
{
    refuse(t, n->loc, "%s is not supported yet", construct(n));
}

static struct ast *block(struct tr *t, const struct nmodl_node *blk, bool tail);
static struct ast *args(struct tr *t, const struct nmodl_node *list, bool keep_units);

static void locals(struct tr *t, const struct nmodl_node *st, struct ast *out)
{
    for (unsigned i = 0; i < st->nkids; i++) {
        const struct nmodl_node *v = st->kids[i];
        if (nmodl_kid(v, 0)) {
            refuse(t, v->loc, "array variables are not supported yet");
            continue;
        }
        /* nocmodl leaves a LOCAL uninitialized; 0 is what a correct file never reads */
        struct ast *zero = node(t, AST_NUM, v->loc, NULL);
        struct ast *let = ast_make(t->a, AST_LET, v->loc, enter_scope(t, v->str, "local"), 1,
                                   zero);
        let->nloc = v->loc;
        ast_add(t->a, out, let);
    }
}

static struct ast *call_stmt(struct tr *t, const struct nmodl_node *c)
{
    const char *name = c->str;
    if (scop_random(name)) {
        refuse_scop_random(t, c);
        return NULL;
    }
    if (at_time_call(t, c))
        return NULL;    /* its value unused: nothing in a fixed step */
    if (strcmp(name, "printf") == 0) {
        /* output for whoever watches NEURON's terminal: nothing computed
           depends on it, so a file that prints is used as it is; unless an
           argument calls the file's own code, whose effects would be lost */
        for (unsigned i = 0; i < c->nkids; i++)
            if (calls_user_code(c->kids[i])) {
                refuse(t, c->kids[i]->loc, "a call in printf's arguments is not supported "
                       "(circ leaves printf out, and the call's effects with it)");
                return NULL;
            }
        diag_warning(t->d, c->loc, "printf is left out: circ prints nothing from a mechanism");
        return NULL;
    }
    if (strcmp(name, "net_send") == 0) {
        if (t->kind == MECH_DENSITY || c->nkids != 2) {
            refuse(t, c->loc, "net_send(delay, flag) belongs to a point process or an "
                   "artificial cell");
            return NULL;
        }
        name = "send";
    } else if (strcmp(name, "net_event") == 0) {
        /* a point process's: the spike of a cell whose spikes come from it
           (spikes_from), NEURON's NetCon with the process as source */
        if (t->kind == MECH_DENSITY) {
            refuse(t, c->loc, "net_event(t) belongs to a point process or an artificial cell");
            return NULL;
        }
        if (c->nkids != 1 || c->kids[0]->kind != NMODL_NAME || strcmp(c->kids[0]->str, "t") != 0) {
            refuse(t, c->loc, "net_event at a time other than t is not supported (circ's emit() "
                   "spikes at the time of the event being handled; write net_event(t))");
            return NULL;
        }
        return ast_make(t->a, AST_EXPRSTMT, c->loc, NULL, 1,
                        node(t, AST_CALL, c->loc, arena_intern(t->a, "emit", 4)));
    } else if (strcmp(name, "state_discontinuity") == 0) {
        /* in NET_RECEIVE nocmodl writes `s = value` (and, only when
           nrn_netrec_state_adjust is set, which it is not by default, a
           half-step correction); elsewhere it is a cvode matter */
        const struct nmodl_node *s = c->nkids == 2 ? c->kids[0] : NULL;
        if (t->where != W_RECEIVE || !s || s->kind != NMODL_NAME) {
            refuse(t, c->loc, "state_discontinuity(state, value) is supported in NET_RECEIVE "
                   "only");
            return NULL;
        }
        const struct scoped *sc = scoped(t, s->str);
        return ast_make(t->a, AST_ASSIGN, c->loc, sc ? sc->as : s->str, 1,
                        expr(t, c->kids[1]));
    } else if (strcmp(name, "net_move") == 0) {
        /* circ's move(d) moves to t + d: net_move(t) and net_move(d + t) (or
           t + d) are the same sum, so the same time; another argument would
           need a subtraction that could round, so it is refused */
        const struct nmodl_node *a = c->nkids == 1 ? c->kids[0] : NULL;
        const struct nmodl_node *d = NULL;
        bool is_t = a && a->kind == NMODL_NAME && strcmp(a->str, "t") == 0;
        if (a && a->kind == NMODL_BINOP && a->op == OP_ADD) {
            for (int k = 0; k < 2 && !d; k++)
                if (a->kids[k]->kind == NMODL_NAME && strcmp(a->kids[k]->str, "t") == 0)
                    d = a->kids[1 - k];
        }
        if (t->kind != MECH_ARTIFICIAL || t->where != W_RECEIVE || (!is_t && !d)) {
            refuse(t, c->loc, "net_move is supported in the NET_RECEIVE of an ARTIFICIAL_CELL, "
                   "as net_move(t) or net_move(delay + t)");
            return NULL;
        }
        struct ast *call = node(t, AST_CALL, c->loc, arena_intern(t->a, "move", 4));
        if (d) {
            ast_add(t->a, call, expr(t, d));
        } else {
            struct ast *zero = node(t, AST_NUM, c->loc, NULL);
            ast_add(t->a, call, zero);
        }
        return ast_make(t->a, AST_EXPRSTMT, c->loc, NULL, 1, call);
    }
    check_v_call(t, c);
    struct ast *call = node(t, AST_CALL, c->loc, arena_intern(t->a, name, strlen(name)));
    for (unsigned i = 0; i < c->nkids; i++)
        ast_add(t->a, call, number(t, c->kids[i]));
    return ast_make(t->a, AST_EXPRSTMT, c->loc, NULL, 1, call);
}

/* Whether `e` calls a PROCEDURE or FUNCTION (which may assign variables). */
static bool calls_user_code(const struct nmodl_node *e)
{
    if (!e)
        return false;
    if (e->kind == NMODL_CALL && !nmodl_is_math(e->str))
        return true;
    for (unsigned i = 0; i < e->nkids; i++)
        if (calls_user_code(e->kids[i]))
            return true;
    return false;
}

/* Whether assigning `name` outside BREAKPOINT is dropped by assign():
 * a current or a name BREAKPOINT computes, which BREAKPOINT sets again
 * before any use.  Migliore's channels end INITIAL with `gka = gkabar*n*l`
 * and `ik = gka*(v - ek)`: NEURON's nrn_init writes both, and finitialize's
 * nrn_cur overwrites both before anything reads them. */
static bool dead_write(const struct tr *t, const char *name)
{
    return t->where != W_BREAKPOINT && !scoped(t, name) &&
           !(t->function && strcmp(name, t->function) == 0) && !held(t, name) &&
           !kept(t, name) && (is_current(t, name) || name_set_has(&t->computed, name));
}

static struct ast *assign(struct tr *t, const struct nmodl_node *st, bool tail)
{
    const struct nmodl_node *target = st->kids[0];
    if (target->kind == NMODL_PRIME) {
        if (t->where != W_DERIVATIVE || target->op != 1) {
            refuse(t, target->loc, "%s derivative %s' is supported only as a first-order "
                   "equation of a DERIVATIVE block", t->where == W_DERIVATIVE ? "this" : "a",
                   target->str);
            return NULL;
        }
        return ast_make(t->a, AST_DERIV, st->loc, target->str, 1, number(t, st->kids[1]));
    }
    if (target->kind != NMODL_NAME) {
        refuse(t, target->loc, "array variables are not supported yet");
        return NULL;
    }
    if (dead_write(t, target->str) && !calls_user_code(st->kids[1]))
        return NULL;    /* its value unread, so a name only BREAKPOINT computes may be read */
    struct ast *value = number(t, st->kids[1]);
    const struct scoped *sc = scoped(t, target->str);
    if (sc)     /* an argument or LOCAL, whatever else has its name */
        return ast_make(t->a, AST_ASSIGN, st->loc, sc->as, 1, value);
    if (t->function && strcmp(target->str, t->function) == 0) {
        if (!tail) {
            refuse(t, st->loc, "FUNCTION '%s' assigns its result before the last statement "
                   "of its path; not supported yet", t->function);
            return NULL;
        }
        return ast_make(t->a, AST_RETURN, st->loc, NULL, 1, value);
    }
    if (held(t, target->str))   /* the current's value, read by the `current` */
        return ast_make(t->a, AST_ASSIGN, st->loc, held(t, target->str), 1, value);
    if (kept(t, target->str))   /* what BREAKPOINT keeps where its if is not taken */
        return ast_make(t->a, AST_ASSIGN, st->loc, kept(t, target->str), 1, value);
    if (is_current(t, target->str) || name_set_has(&t->computed, target->str))
        return NULL;    /* BREAKPOINT sets it again before any use (IClamp's INITIAL i = 0) */
    /* a POINT_PROCESS's NET_RECEIVE sets its node's v (Izhikevich's reset) */
    bool node_v = t->where == W_RECEIVE && t->kind == MECH_POINT &&
                  strcmp(target->str, "v") == 0;
    /* a density mechanism's PROCEDURE shifts the mechanism's copy of v
       (nocmodl's v = _v at each entry point), never the node's */
    bool copy_v = t->where == W_PROCEDURE && t->kind == MECH_DENSITY && !t->tabled &&
                  strcmp(target->str, "v") == 0;
    if (is_builtin(target->str) && !node_v && !copy_v) {
        if (strcmp(target->str, "v") == 0 && t->where == W_PROCEDURE)
            refuse(t, target->loc, "assigning 'v' in a PROCEDURE %s is not supported yet",
                   t->tabled ? "with a TABLE" : "of a POINT_PROCESS");
        else
            refuse(t, target->loc, "assigning '%s' in %s is not supported yet", target->str,
                   where_name[t->where]);
        return NULL;
    }
    return ast_make(t->a, AST_ASSIGN, st->loc, target->str, 1, value);
}

/* ---- kinetic schemes ----------------------------------------------------------- */

/* A reaction's terms as circ reactants (NAME, num: the coefficient). */
static struct ast *terms(struct tr *t, const struct nmodl_node *list)
{
    struct ast *out = node(t, AST_LIST, list->loc, NULL);
    for (unsigned i = 0; i < list->nkids; i++) {
        const struct nmodl_node *term = list->kids[i], *n = term->kids[0];
        if (n->kind != NMODL_NAME) {
            refuse(t, n->loc, "array variables are not supported yet");
            continue;
        }
        struct ast *r = node(t, AST_NAME, term->loc, n->str);
        r->num = term->num;
        ast_add(t->a, out, r);
    }
    return out;
}

/* nocmodl pastes a rate's text before "*A": a rate whose last operator
 * binds more loosely than '*' would have only its last term multiplied. */
static struct ast *rate(struct tr *t, const struct nmodl_node *n)
{
    if (n->kind == NMODL_BINOP && n->op != OP_MUL && n->op != OP_DIV && n->op != OP_POW)
        refuse(t, n->loc, "this reaction rate is not a product: nocmodl writes the flux as "
               "its text followed by '*state', so a sum or comparison is only partly "
               "multiplied; not supported (give the rate a name)");
    return expr(t, n);
}

static struct ast *reaction(struct tr *t, const struct nmodl_node *st)
{
    struct ast *left = terms(t, st->kids[0]);
    if (st->op == NMODL_REACT_OUT) {
        struct ast *r = ast_make(t->a, AST_REACTION, st->loc, NULL, 4, left,
                                 node(t, AST_LIST, st->loc, NULL), rate(t, st->kids[2]), NULL);
        r->op = 2;
        return r;
    }
    if (st->op == NMODL_REACT_IN) {
        struct ast *r = ast_make(t->a, AST_REACTION, st->loc, NULL, 4, left, NULL,
                                 expr(t, st->kids[2]), NULL);
        r->op = 1;
        return r;
    }
    struct ast *r = ast_make(t->a, AST_REACTION, st->loc, NULL, 4, left,
                             terms(t, st->kids[1]), rate(t, st->kids[2]), rate(t, st->kids[3]));
    r->op = 0;
    return r;
}

static struct ast *conserve(struct tr *t, const struct nmodl_node *st)
{
    return ast_make(t->a, AST_CONSERVE, st->loc, NULL, 2, terms(t, st->kids[0]),
                    expr(t, st->kids[1]));
}

static struct ast *names(struct tr *t, const struct nmodl_node *list);

static struct ast *compartment(struct tr *t, const struct nmodl_node *st)
{
    return ast_make(t->a, AST_COMPARTMENT, st->loc, NULL, 2, expr(t, st->kids[0]),
                    names(t, st->kids[1]));
}

/* INITIAL's SOLVE kin STEADYSTATE sparse, of the scheme BREAKPOINT solves */
static struct ast *steadystate(struct tr *t, const struct nmodl_node *st)
{
    const struct nmodl_node *method = nmodl_kid(st, 0);
    const struct nmodl_node *scheme = t->kin_solved ? t->kin_solved : t->solved;
    if (t->where != W_INITIAL || st->op != NMODL_STEADYSTATE || !method ||
        strcmp(method->str, "sparse") != 0 || !scheme || scheme->kind != NMODL_KINETIC ||
        strcmp(st->str, scheme->str) != 0) {
        refuse(t, st->loc, "SOLVE %s here is not supported yet: outside BREAKPOINT only "
               "INITIAL's SOLVE ... STEADYSTATE sparse of the KINETIC block BREAKPOINT "
               "solves is, and a LINEAR or NONLINEAR block's in INITIAL, a PROCEDURE or a "
               "FUNCTION", st->str);
        return NULL;
    }
    return ast_make(t->a, AST_STEADYSTATE, st->loc, NULL, 0);
}

/* ---- LINEAR and NONLINEAR --------------------------------------------------------- */

/* The LINEAR or NONLINEAR block of the file named name, or NULL. */
static const struct nmodl_node *system_of(const struct tr *t, const char *name)
{
    for (unsigned i = 0; name && i < t->file->nkids; i++) {
        const struct nmodl_node *it = t->file->kids[i];
        if ((it->kind == NMODL_LINEAR || it->kind == NMODL_NONLINEAR) && it->str &&
            strcmp(it->str, name) == 0)
            return it;
    }
    return NULL;
}

/* SOLVE's METHOD for a LINEAR or NONLINEAR block: none, or the one nocmodl
 * uses anyway (simeq, newton). */
static bool system_method_ok(struct tr *t, const struct nmodl_node *solve,
                             const struct nmodl_node *sys)
{
    const struct nmodl_node *method = nmodl_kid(solve, 0);
    const char *own = sys->kind == NMODL_LINEAR ? "simeq" : "newton";
    if (solve->op == NMODL_SOLVE_PLAIN ||
        (solve->op == NMODL_METHOD && method && strcmp(method->str, own) == 0))
        return true;
    refuse(t, method ? method->loc : solve->loc, "SOLVE %s: a %s block is solved by %s, "
           "without METHOD or with METHOD %s", solve->str, construct(sys), own, own);
    return false;
}

/* SOLVE of a LINEAR or NONLINEAR block in INITIAL, a PROCEDURE or a
 * FUNCTION: nocmodl solves it there, in order with the other statements
 * (sema checks where a procedure or function that solves is called). */
static struct ast *solve_system(struct tr *t, const struct nmodl_node *st)
{
    const struct nmodl_node *sys = system_of(t, st->str);
    if (t->where != W_INITIAL && t->where != W_PROCEDURE && t->where != W_FUNCTION) {
        refuse(t, st->loc, "SOLVE %s in %s is not supported yet: a %s block is solved from "
               "BREAKPOINT, INITIAL, a PROCEDURE or a FUNCTION", st->str,
               where_name[t->where], construct(sys));
        return NULL;
    }
    if (!system_method_ok(t, st, sys))
        return NULL;
    struct ast *r = node(t, AST_SOLVE, st->loc, st->str);
    r->nloc = st->loc;
    return r;
}

static bool is_sum(const struct nmodl_node *n)
{
    return n->kind == NMODL_BINOP && (n->op == OP_ADD || n->op == OP_SUB);
}

/* A side's chain of + and - whose first operand the file put in
 * parentheses ((a + b) - c): nocmodl reads it as one term, circ's tree
 * cannot tell it from a + b - c. */
static const struct nmodl_node *parenthesized_sum(const struct nmodl_node *n)
{
    while (is_sum(n)) {
        const struct nmodl_node *first = n->kids[0];
        if (is_sum(first) && first->nloc.end > first->nloc.start)
            return first;
        n = first;
    }
    return NULL;
}

static struct ast *equation(struct tr *t, const struct nmodl_node *st)
{
    const struct nmodl_node *left = st->kids[0], *right = st->kids[1];
    /* nocmodl writes a NONLINEAR equation as the C text `-(left) + right`,
       a LINEAR one term by term: where circ's terms would not be C's, refuse */
    const struct nmodl_node *bad = parenthesized_sum(right);
    if (!bad && t->where == W_LINEAR)
        bad = parenthesized_sum(left);
    if (!bad && is_sum(right) && right->nloc.end > right->nloc.start)
        bad = right;    /* `= (a + b)`: the whole right side in parentheses */
    if (!bad && t->where == W_LINEAR && is_sum(left) && left->nloc.end > left->nloc.start)
        bad = left;
    if (bad) {
        refuse(t, bad->loc, "a sum in parentheses as the first term of an equation's side is "
               "not supported yet (write it without them, or move it)");
        return NULL;
    }
    if (t->where == W_NONLINEAR && right->kind == NMODL_BINOP && right->op != OP_ADD &&
        right->op != OP_SUB && right->op != OP_MUL && right->op != OP_DIV &&
        right->op != OP_POW) {
        refuse(t, right->loc, "a comparison or logical operator on the right of a NONLINEAR "
               "equation is not supported (nocmodl pastes `-(left) + ` before its text)");
        return NULL;
    }
    return ast_make(t->a, AST_EQUATION, st->loc, NULL, 2, expr(t, left), expr(t, right));
}

/* LINEAR/NONLINEAR name [SOLVEFOR a, b] { }: circ's `linear name(a, b) { }` */
static struct ast *system_block(struct tr *t, const struct nmodl_node *sys)
{
    const struct nmodl_node *solvefor = nmodl_kid(sys, 0);
    t->where = sys->kind == NMODL_LINEAR ? W_LINEAR : W_NONLINEAR;
    struct ast *r = ast_make(t->a, sys->kind == NMODL_LINEAR ? AST_LINEAR : AST_NONLINEAR,
                             sys->loc, sys->str, 1, block(t, sys->kids[1], false));
    if (solvefor)
        ast_add(t->a, r, names(t, solvefor));
    r->nloc = sys->nloc.end > sys->nloc.start ? sys->nloc : sys->loc;
    return r;
}

/* The kind of the block named `name` (NMODL_DERIVATIVE, ...), or -1. */
static int block_kind(const struct tr *t, const char *name)
{
    for (unsigned i = 0; name && i < t->file->nkids; i++) {
        const struct nmodl_node *it = t->file->kids[i];
        if (it->str && strcmp(it->str, name) == 0 && it->kind != NMODL_FUNCTION &&
            it->kind != NMODL_PROCEDURE)
            return (int)it->kind;
    }
    return -1;
}

/* BREAKPOINT's SOLVEs: nocmodl runs them in order in nrn_state.  One may
 * be of any block (t->solve); the others must be of LINEAR or NONLINEAR
 * blocks (t->side), each solved before or after it in circ's derivative
 * block (add_side_solves), or one of a KINETIC block beside a DERIVATIVE
 * block's (t->kin_solve; then t->solve is the DERIVATIVE block's): circ's
 * mechanism has both blocks, in BREAKPOINT's order. */
static void collect_solves(struct tr *t, const struct nmodl_node *blk)
{
    unsigned n = 0;
    for (unsigned k = 0; k < blk->nkids; k++)
        n += blk->kids[k]->kind == NMODL_SOLVE;
    t->side = arena_alloc(t->a, (n + 1) * sizeof *t->side);
    t->side_before = arena_alloc(t->a, (n + 1) * sizeof *t->side_before);
    const struct nmodl_node *first_system = NULL;
    for (unsigned k = 0; k < blk->nkids; k++) {
        const struct nmodl_node *st = blk->kids[k];
        if (st->kind != NMODL_SOLVE)
            continue;
        if (n > 1 && system_of(t, st->str)) {
            if (!first_system)
                first_system = st;
            t->side[t->nside] = st;
            t->side_before[t->nside++] = !t->solve;
        } else if (t->solve) {
            int k1 = block_kind(t, t->solve->str), k2 = block_kind(t, st->str);
            if (!t->kin_solve && k1 == NMODL_DERIVATIVE && k2 == NMODL_KINETIC) {
                t->kin_solve = st;
            } else if (!t->kin_solve && k1 == NMODL_KINETIC && k2 == NMODL_DERIVATIVE) {
                t->kin_solve = t->solve;
                t->solve = st;
                t->kin_first = true;
            } else {
                refuse(t, st->loc, "a%s SOLVE is not supported yet (several are where all but "
                       "one are of LINEAR or NONLINEAR blocks, or one of a DERIVATIVE block "
                       "and one of a KINETIC block)", t->kin_solve ? " third" : " second");
            }
        } else {
            t->solve = st;
        }
    }
    if (!t->solve && first_system) {    /* only systems: the first is the main one */
        t->solve = first_system;
        for (unsigned k = 1; k < t->nside; k++) {
            t->side[k - 1] = t->side[k];
            t->side_before[k - 1] = false;
        }
        t->nside--;
    }
}

/* The SOLVEs of LINEAR and NONLINEAR blocks beside the main one (a
 * PROCEDURE's call or another system's solve, no equations), around body,
 * the statements of circ's derivative block: in nocmodl's order. */
static void add_side_solves(struct tr *t, struct ast *body)
{
    unsigned nbefore = 0;
    for (unsigned k = 0; k < t->nside; k++) {
        const struct nmodl_node *st = t->side[k];
        if (!system_method_ok(t, st, system_of(t, st->str)))
            continue;
        struct ast *solve = node(t, AST_SOLVE, st->loc, st->str);
        solve->nloc = st->loc;
        if (!t->side_before[k]) {
            ast_add(t->a, body, solve);
            continue;
        }
        ast_add(t->a, body, NULL);      /* room at the front, in order */
        memmove(body->kids + nbefore + 1, body->kids + nbefore,
                (body->nkids - 1 - nbefore) * sizeof *body->kids);
        body->kids[nbefore++] = solve;
    }
}

/* BREAKPOINT's other SOLVEs beside a DERIVATIVE or KINETIC block: nocmodl
 * 8.2.2 translates the file, but its C registers CVODE functions it never
 * writes, so NEURON cannot build it and there is nothing to be exact to. */
static bool side_solves_fit(struct tr *t, const char *beside)
{
    if (!t->nside)
        return true;
    refuse(t, t->side[0]->loc, "SOLVE %s beside %s is not supported (NEURON 8.2.2 cannot "
           "compile what nocmodl writes for it: _ode_map is never defined)", t->side[0]->str,
           beside);
    return false;
}

static struct ast *kinetic(struct tr *t, const struct nmodl_node *k)
{
    if (nmodl_kid(k, 0))
        refuse(t, k->kids[0]->loc, "a KINETIC block's SOLVEFOR list is not supported yet");
    const struct nmodl_node *body = k->kids[1];
    t->where = W_KINETIC;
    return ast_make(t->a, AST_KINETIC, k->loc, NULL, 1, block(t, body, false));
}

/* nocmodl numbers a scheme's states (after the conserved ones) in its
 * symbol table's order: by first character, then the most recently seen
 * name first; an array is one symbol, its elements together in index order.
 * circ numbers them in declaration order, so the STATE declarations are put
 * in that order. */
static void first_seen(const struct nmodl_node *n, const char *name, unsigned *at)
{
    if (!n)
        return;
    if ((n->kind == NMODL_NAME || n->kind == NMODL_VAR || n->kind == NMODL_PRIME) && n->str &&
        strcmp(n->str, name) == 0 && n->loc.start < *at)
        *at = n->loc.start;
    for (unsigned i = 0; i < n->nkids; i++)
        first_seen(n->kids[i], name, at);
}

static const struct nmodl_elem *elem_of(const struct tr *t, const char *name)
{
    for (unsigned i = 0; i < t->elems.n; i++)
        if (strcmp(t->elems.elem[i].name, name) == 0)
            return &t->elems.elem[i];
    return NULL;
}

/* Where the state (or its array: its first element seen) is first seen. */
static unsigned seen_at(const struct tr *t, const struct nmodl_node *file, const char *name)
{
    unsigned at = ~0u;
    const struct nmodl_elem *e = elem_of(t, name);
    if (!e) {
        first_seen(file, name, &at);
        return at;
    }
    for (unsigned i = 0; i < t->elems.n; i++)
        if (t->elems.elem[i].array == e->array)
            first_seen(file, t->elems.elem[i].name, &at);
    return at;
}

/* Does state a come before b in nocmodl's numbering? */
static bool numbered_before(const struct tr *t, const struct ast *a, unsigned ka,
                            const struct ast *b, unsigned kb)
{
    unsigned char ca = (unsigned char)a->str[0], cb = (unsigned char)b->str[0];
    if (ca != cb)
        return ca < cb;
    if (ka != kb)
        return ka > kb;
    const struct nmodl_elem *ea = elem_of(t, a->str), *eb = elem_of(t, b->str);
    return ea && eb && ea->index < eb->index;     /* one array's elements */
}

static void order_states(const struct tr *t, const struct nmodl_node *file, struct ast *mech)
{
    unsigned idx[256], n = 0;
    unsigned seen[256];
    for (unsigned i = 0; i < mech->nkids && n < 256; i++)
        if (mech->kids[i]->kind == AST_STATE) {
            seen[n] = seen_at(t, file, mech->kids[i]->str);
            idx[n++] = i;
        }
    struct ast *st[256];
    unsigned key[256];
    for (unsigned i = 0; i < n; i++) {
        st[i] = mech->kids[idx[i]];
        key[i] = seen[i];
    }
    for (unsigned i = 1; i < n; i++)        /* insertion sort: few states */
        for (unsigned j = i; j > 0; j--) {
            if (!numbered_before(t, st[j], key[j], st[j - 1], key[j - 1]))
                break;
            struct ast *x = st[j];
            st[j] = st[j - 1];
            st[j - 1] = x;
            unsigned y = key[j];
            key[j] = key[j - 1];
            key[j - 1] = y;
        }
    for (unsigned i = 0; i < n; i++)
        mech->kids[idx[i]] = st[i];
}

static struct ast *if_stmt(struct tr *t, const struct nmodl_node *st, bool tail)
{
    struct ast *cond = expr(t, st->kids[0]);
    struct ast *then = block(t, st->kids[1], tail);
    const struct nmodl_node *e = nmodl_kid(st, 2);
    struct ast *els = !e ? NULL : e->kind == NMODL_IF ? if_stmt(t, e, tail) : block(t, e, tail);
    return ast_make(t->a, AST_IF, st->loc, NULL, 3, cond, then, els);
}

/* Appends the translation of one statement; `tail`: it ends its FUNCTION's path. */
static void stmt(struct tr *t, const struct nmodl_node *st, struct ast *out, bool tail)
{
    struct ast *r = NULL;
    switch (st->kind) {
    case NMODL_ASSIGN:
        r = assign(t, st, tail);
        break;
    case NMODL_PROTECT:
        r = assign(t, st->kids[0], tail);
        break;
    case NMODL_LOCAL:
        locals(t, st, out);
        return;
    case NMODL_IF:
        r = if_stmt(t, st, tail);
        break;
    case NMODL_CALLSTMT:
        r = call_stmt(t, st->kids[0]);
        break;
    case NMODL_BLOCK:
        r = block(t, st, tail);
        break;
    case NMODL_WHILE: {
        /* NMODL's loop has no bound; circ's needs one: the largest, which a
           loop that ends in NEURON never reaches */
        struct ast *most = node(t, AST_NUM, st->loc, NULL);
        most->num = 1e9;
        r = ast_make(t->a, AST_WHILE, st->loc, NULL, 3, expr(t, st->kids[0]), most,
                     block(t, st->kids[1], false));
        break;
    }
    case NMODL_FOR_NETCONS: {
        /* FOR_NETCONS(w1, A1, ...): circ's `for each connection`, whose
           variables are the loop's (sema checks where and how many) */
        unsigned outer = t->nscope;
        struct ast *vars = args(t, st->kids[0], true);
        r = ast_make(t->a, AST_FOR_CONNS, st->loc, NULL, 2, vars, block(t, st->kids[1], false));
        t->nscope = outer;
        break;
    }
    case NMODL_WATCH:
        /* WATCH (a > b) f1, (c < d) f2: one watch(a > b, f1) per condition, in
           order (nocmodl's _watch1_cond, _watch2_cond...); sema checks where */
        for (unsigned i = 0; i < st->nkids; i++) {
            const struct nmodl_node *w = st->kids[i];
            struct ast *call = node(t, AST_CALL, w->loc, arena_intern(t->a, "watch", 5));
            ast_add(t->a, call, expr(t, w->kids[0]));
            ast_add(t->a, call, expr(t, w->kids[1]));
            ast_add(t->a, out, ast_make(t->a, AST_EXPRSTMT, w->loc, NULL, 1, call));
        }
        return;
    case NMODL_UNITSON:
    case NMODL_MUTEX:
        return;         /* unit checking and thread locks change no value */
    case NMODL_REACTION:
    case NMODL_CONSERVE:
    case NMODL_COMPARTMENT:
        if (t->where != W_KINETIC || (st->kind == NMODL_COMPARTMENT && st->str)) {
            not_yet(t, st);     /* (COMPARTMENT i, ... was unrolled: nmodl_unroll.c) */
            return;
        }
        r = st->kind == NMODL_REACTION ? reaction(t, st)
          : st->kind == NMODL_CONSERVE ? conserve(t, st) : compartment(t, st);
        break;
    case NMODL_LONGDIFUS:
        /* NEURON's ldifus.cpp solves it after every mechanism's step, a
           tree of the segments that have the mechanism; alone in its segment
           a state still becomes (s/dt)/(1/dt), which rounds it about one
           step in three: never a no-op to leave out */
        refuse(t, st->loc, "LONGITUDINAL_DIFFUSION is not supported: NEURON diffuses the "
               "states between the segments that have the mechanism after every step, and "
               "even in a lone segment it rounds them ((s/dt)/(1/dt)); leaving it out would "
               "give other numbers");
        return;
    case NMODL_SOLVE:
        r = system_of(t, st->str) ? solve_system(t, st) : steadystate(t, st);
        break;
    case NMODL_EQUATION:
        if (t->where != W_LINEAR && t->where != W_NONLINEAR) {
            not_yet(t, st);
            return;
        }
        r = equation(t, st);
        break;
    case NMODL_TABLE:
        if (t->where == W_PROCEDURE || t->where == W_FUNCTION)
            return;     /* moved into the header */
        not_yet(t, st);
        return;
    case NMODL_VERBATIM:
        if (t->where == W_PROCEDURE) {
            refuse(t, st->loc, "VERBATIM (C code) is not supported yet (a last one of a "
                   "PROCEDURE that is only `return 0;` is)");
            return;
        }
        not_yet(t, st);
        return;
    default:
        not_yet(t, st);
        return;
    }
    if (r)
        ast_add(t->a, out, r);
}

static struct ast *block(struct tr *t, const struct nmodl_node *blk, bool tail)
{
    struct ast *out = node(t, AST_BLOCK, blk ? blk->loc : LOC_NONE, NULL);
    unsigned outer = t->nscope;     /* a LOCAL is the block's */
    /* the last statement that does something ends the path */
    unsigned last = 0;
    for (unsigned i = 0; blk && i < blk->nkids; i++)
        if (blk->kids[i]->kind != NMODL_UNITSON && blk->kids[i]->kind != NMODL_MUTEX)
            last = i;
    for (unsigned i = 0; blk && i < blk->nkids; i++)
        stmt(t, blk->kids[i], out, tail && i == last);
    t->nscope = outer;
    return out;
}

/* ---- blocks --------------------------------------------------------------------- */

static struct ast *args(struct tr *t, const struct nmodl_node *list, bool keep_units)
{
    struct ast *out = node(t, AST_LIST, list ? list->loc : LOC_NONE, NULL);
    for (unsigned i = 0; list && i < list->nkids; i++) {
        const struct nmodl_node *a = list->kids[i];
        struct ast *arg = ast_make(t->a, AST_ARG, a->loc, enter_scope(t, a->str, "arg"), 1,
                                   keep_units ? unit(t, nmodl_kid(a, 0)) : NULL);
        arg->nloc = a->nloc.end > a->nloc.start ? a->nloc : a->loc;
        ast_add(t->a, out, arg);
    }
    return out;
}

static struct ast *names(struct tr *t, const struct nmodl_node *list)
{
    struct ast *out = node(t, AST_LIST, list->loc, NULL);
    for (unsigned i = 0; i < list->nkids; i++)
        ast_add(t->a, out, node(t, AST_NAME, list->kids[i]->loc, list->kids[i]->str));
    return out;
}

static const struct nmodl_node *find_table(const struct nmodl_node *body)
{
    for (unsigned i = 0; body && i < body->nkids; i++)
        if (body->kids[i]->kind == NMODL_TABLE)
            return body->kids[i];
    return NULL;
}

/* A FUNCTION's TABLE names nothing (it tabulates the result): an empty list. */
static struct ast *table(struct tr *t, const struct nmodl_node *tab)
{
    const struct nmodl_node *vars = nmodl_kid(tab, 0), *dep = nmodl_kid(tab, 1);
    if (t->where == W_PROCEDURE && (!vars || !vars->nkids)) {
        refuse(t, tab->loc, "a PROCEDURE's TABLE must name the variables it tabulates");
        return NULL;
    }
    struct ast *with = node(t, AST_NUM, tab->kids[4]->loc, NULL);
    with->num = tab->kids[4]->num;
    return ast_make(t->a, AST_TABLE, tab->loc, NULL, 5,
                    vars ? names(t, vars) : node(t, AST_LIST, tab->loc, NULL), expr(t, tab->kids[2]),
                    expr(t, tab->kids[3]), with, dep ? names(t, dep) : NULL);
}

/* Is n a VERBATIM block that is exactly `return 0;` (white space aside)? */
static bool is_verbatim_return0(const struct nmodl_node *n)
{
    if (n->kind != NMODL_VERBATIM || !n->str)
        return false;
    static const char want[] = "return0;";
    size_t k = 0;
    for (const char *p = n->str; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            continue;
        if (k == sizeof want - 1 || *p != want[k])
            return false;
        k++;
    }
    return k == sizeof want - 1;
}

/* A PROCEDURE's body without a last VERBATIM `return 0;` (old ModelDB files
 * end their states procedure so): nocmodl's C for a PROCEDURE ends in
 * `return 0; }` anyway, and a SOLVE's error check reads the same 0. */
static const struct nmodl_node *without_return0(struct tr *t, const struct nmodl_node *body)
{
    unsigned last = body ? body->nkids : 0;
    while (last > 0 && (body->kids[last - 1]->kind == NMODL_UNITSON ||
                        body->kids[last - 1]->kind == NMODL_MUTEX))
        last--;
    if (last == 0 || !is_verbatim_return0(body->kids[last - 1]))
        return body;
    struct nmodl_node *out = nmodl_new(t->a, NMODL_BLOCK, body->loc);
    for (unsigned i = 0; i < body->nkids; i++)
        if (i != last - 1)
            nmodl_add(t->a, out, body->kids[i]);
    return out;
}

static struct ast *function(struct tr *t, const struct nmodl_node *f)
{
    const struct nmodl_node *body = f->kind == NMODL_PROCEDURE ? without_return0(t, f->kids[2])
                                                                : f->kids[2];
    const struct nmodl_node *ftab = f->kind == NMODL_FUNCTION ? find_table(body) : NULL;
    if (ftab && nmodl_kid(ftab, 0)) {
        refuse(t, ftab->loc, "a FUNCTION's TABLE tabulates its result; one that also names "
               "variables is not supported yet");
        return NULL;
    }
    t->where = f->kind == NMODL_FUNCTION ? W_FUNCTION : W_PROCEDURE;
    t->function = f->kind == NMODL_FUNCTION ? f->str : NULL;
    t->routine = f;
    /* the table's bounds are read outside any call, before the arguments
       are in scope; the body sees the arguments */
    const struct nmodl_node *tab = f->kind == NMODL_FUNCTION ? ftab : find_table(body);
    struct ast *tab_out = tab ? table(t, tab) : NULL;
    t->tabled = tab != NULL;
    unsigned outer = t->nscope;
    struct ast *arg_list = args(t, f->kids[0], false);
    struct ast *lets = node(t, AST_BLOCK, body ? body->loc : f->loc, NULL);
    for (unsigned k = 0; k < t->nscratch; k++) {
        if (t->scratch_in[k] != f)
            continue;
        const struct nmodl_node *x = t->scratch[k];
        struct ast *zero = node(t, AST_NUM, x->loc, NULL);
        struct ast *let = ast_make(t->a, AST_LET, x->loc, x->str, 1, zero);
        let->nloc = x->loc;
        ast_add(t->a, lets, let);
        t->scope = arena_realloc(t->a, t->scope, t->nscope * sizeof *t->scope,
                                 (t->nscope + 1) * sizeof *t->scope);
        t->scope[t->nscope++] = (struct scoped){x->str, x->str};
    }
    struct ast *body_out = block(t, body, f->kind == NMODL_FUNCTION);
    if (lets->nkids) {
        for (unsigned k = 0; k < body_out->nkids; k++)
            ast_add(t->a, lets, body_out->kids[k]);
        body_out = lets;
    }
    t->nscope = outer;
    struct ast *out;
    if (f->kind == NMODL_FUNCTION) {
        out = ast_make(t->a, AST_FUNCTION, f->loc, f->str, 3, arg_list, NULL, body_out);
        if (tab_out)
            ast_add(t->a, out, tab_out);
    } else {
        out = ast_make(t->a, AST_PROCEDURE, f->loc, f->str, 3, arg_list, tab_out, body_out);
    }
    out->nloc = f->nloc.end > f->nloc.start ? f->nloc : f->loc;
    t->function = NULL;
    t->routine = NULL;
    t->tabled = false;
    return out;
}

/* METHOD derivimplicit: the block runs in order, each equation giving its
 * state's derivative (circ's `derivative implicit`) */
static struct ast *derivative_implicit(struct tr *t, const struct nmodl_node *d)
{
    t->where = W_DERIVATIVE;
    struct ast *r = ast_make(t->a, AST_DERIVATIVE, d->loc, arena_intern(t->a, "implicit", 8), 1,
                             block(t, d->kids[0], false));
    r->op = 1;
    return r;
}

static bool is_method(const struct tr *t, const char *method)
{
    const struct nmodl_node *m = t->solve ? nmodl_kid(t->solve, 0) : NULL;
    return m && strcmp(m->str, method) == 0;
}

static bool is_derivimplicit(const struct tr *t)
{
    return is_method(t, "derivimplicit") || t->cnexp_implicit;
}

/* METHOD cnexp as nocmodl translates it: where an equation's derivative
 * by its state cannot be taken (the state in a call or a divisor), the
 * block is derivimplicit's; where it has no a*s + b form (a product of
 * factors with the state) nocmodl writes a wrong update, refused here
 * (nmodl_linear.c). */
/* Whether some equation in n (at any depth: nocmodl records every `x' =`
 * of the block, inside an if too) has the linearity `want`; the first one's
 * equation and offending node into *eq and *at. */
static bool cnexp_find(const struct nmodl_node *n, enum nmodl_linearity want,
                       const struct nmodl_node **eq, const struct nmodl_node **at)
{
    if (!n)
        return false;
    if (n->kind == NMODL_ASSIGN && n->nkids > 1 && n->kids[0] &&
        n->kids[0]->kind == NMODL_PRIME) {
        if (nmodl_linearity(n->kids[1], n->kids[0]->str, at) != want)
            return false;
        *eq = n;
        return true;
    }
    for (unsigned i = 0; i < n->nkids; i++)
        if (cnexp_find(n->kids[i], want, eq, at))
            return true;
    return false;
}

static void check_cnexp(struct tr *t, const struct nmodl_node *d)
{
    if (!d || d->kind != NMODL_DERIVATIVE || !is_method(t, "cnexp"))
        return;
    const struct nmodl_node *body = d->kids[0], *eq = NULL, *at = NULL;
    if (cnexp_find(body, NMODL_LIN_NO_DERIVATIVE, &eq, &at))
        t->cnexp_implicit = true;
    else if (cnexp_find(body, NMODL_LIN_NO_SPLIT, &eq, &at))
        refuse(t, at->loc, "%s' is not linear in '%s' (a product of terms with '%s'): "
               "nocmodl's cnexp writes a wrong update for it; not supported (use METHOD "
               "derivimplicit)", eq->kids[0]->str, eq->kids[0]->str, eq->kids[0]->str);
}

static struct ast *derivative(struct tr *t, const struct nmodl_node *d)
{
    if (is_derivimplicit(t))
        return derivative_implicit(t, d);
    /* euler: the block, then s += dt*s'; runge: scopmath's RK4 step, then
       the block once more (circ's `derivative euler`, `derivative runge`) */
    if (is_method(t, "euler") || is_method(t, "runge")) {
        const char *method = is_method(t, "euler") ? "euler" : "runge";
        t->where = W_DERIVATIVE;
        struct ast *r = ast_make(t->a, AST_DERIVATIVE, d->loc, arena_intern(t->a, method, 5),
                                 1, block(t, d->kids[0], false));
        r->op = 1;
        return r;
    }
    /* cnexp: statements and equations in order, each equation's update in
       its place, as nocmodl rewrites it (circ's `derivative`) */
    t->where = W_DERIVATIVE;
    return ast_make(t->a, AST_DERIVATIVE, d->loc, NULL, 1, block(t, d->kids[0], false));
}

static struct ast *receive(struct tr *t, const struct nmodl_node *r)
{
    const struct nmodl_node *list = r->kids[0];
    if (t->kind == MECH_DENSITY) {
        refuse(t, r->loc, "NET_RECEIVE belongs to a POINT_PROCESS or an ARTIFICIAL_CELL");
        return NULL;
    }
    if (!list || list->nkids < 1) {
        refuse(t, r->loc, "NET_RECEIVE without arguments is not supported (the first is the "
               "weight)");
        return NULL;
    }
    /* its INITIAL (NEURON's _net_init, once per NetCon) apart from the rest */
    const struct nmodl_node *body = r->kids[1], *init = NULL;
    struct nmodl_node *rest = nmodl_new(t->a, NMODL_BLOCK, body ? body->loc : r->loc);
    for (unsigned i = 0; body && i < body->nkids; i++) {
        if (body->kids[i]->kind == NMODL_INITIAL && !init)
            init = body->kids[i];
        else
            nmodl_add(t->a, rest, body->kids[i]);
    }
    t->where = W_RECEIVE;
    unsigned outer = t->nscope;
    struct ast *a = args(t, list, true);
    struct ast *init_block = init ? block(t, init->kids[0], false) : NULL;
    struct ast *rest_out = block(t, rest, false);
    t->nscope = outer;
    struct ast *r_out = ast_make(t->a, AST_RECEIVE, r->loc, NULL, 2, a, rest_out);
    if (init_block)
        ast_add(t->a, r_out, init_block);
    return r_out;
}

/* BREAKPOINT: SOLVE, LOCALs and assignments, substituted into the currents. */
static void bp_block(struct tr *t, const struct nmodl_node *blk);
static bool is_local_of(const struct nmodl_node *body, const char *name);

static void flush_states(struct tr *t, struct loc loc);

static void copy_env(struct binding *to, const struct binding *from, unsigned n)
{
    if (n)      /* an empty environment may be NULL */
        memcpy(to, from, n * sizeof *to);
}

/* if/else in BREAKPOINT: each name a branch assigns becomes `c ? then : else`
 * (IR_SELECT: both sides are computed, the chosen one is the same number).
 * A name set on one path only, with no value before, keeps its last value
 * where the other is taken (find_kept): the `breakpoint` block sets its
 * assigned variable to `c ? then : itself` at each evaluation, in NEURON's
 * order (v + 0.001, then v).  `chained`: the if of an `else if`. */
static void bp_if(struct tr *t, const struct nmodl_node *st, bool chained)
{
    struct ast *cond = expr(t, st->kids[0]);
    unsigned n0 = t->nenv;
    struct binding *before = arena_alloc(t->a, (n0 + 1) * sizeof *before);
    copy_env(before, t->env, n0);
    bp_block(t, st->kids[1]);
    unsigned n1 = t->nenv;
    struct binding *then = arena_alloc(t->a, (n1 + 1) * sizeof *then);
    copy_env(then, t->env, n1);
    copy_env(t->env, before, n0);
    t->nenv = n0;
    const struct nmodl_node *e = nmodl_kid(st, 2);
    if (e && e->kind == NMODL_IF)
        bp_if(t, e, true);
    else if (e)
        bp_block(t, e);
    unsigned n2 = t->nenv;
    struct binding *els = arena_alloc(t->a, (n2 + 1) * sizeof *els);
    copy_env(els, t->env, n2);
    copy_env(t->env, before, n0);
    t->nenv = n0;
    /* every name either branch bound, once */
    for (unsigned i = 0; i < n1 + n2; i++) {
        const char *name = i < n1 ? then[i].name : els[i - n1].name;
        bool seen = false;
        for (unsigned k = 0; k < i && !seen; k++)
            seen = strcmp(k < n1 ? then[k].name : els[k - n1].name, name) == 0;
        if (seen)
            continue;
        struct ast *old = NULL, *x = NULL, *y = NULL;
        for (unsigned k = 0; k < n0; k++)
            if (strcmp(before[k].name, name) == 0)
                old = before[k].value;
        for (unsigned k = 0; k < n1; k++)
            if (strcmp(then[k].name, name) == 0)
                x = then[k].value;
        for (unsigned k = 0; k < n2; k++)
            if (strcmp(els[k].name, name) == 0)
                y = els[k].value;
        if (x == old && y == old)
            continue;
        if (x && y) {
            bind(t, name, ast_make(t->a, AST_COND, st->loc, NULL, 3, copy(t, cond), x, y));
            continue;
        }
        if (name_set_has(&t->bp_states, name)) {   /* a path that leaves it: as it was */
            bind(t, name, ast_make(t->a, AST_COND, st->loc, NULL, 3, copy(t, cond),
                                   x ? x : node(t, AST_NAME, st->loc, name),
                                   y ? y : node(t, AST_NAME, st->loc, name)));
            continue;
        }
        if (is_local_of(st->kids[1], name) || (e && e->kind != NMODL_IF && is_local_of(e, name)))
            continue;   /* a LOCAL of one branch */
        const char *as = kept(t, name);
        if (as && t->bp_depth == 1 && !chained) {
            struct ast *self = node(t, AST_NAME, st->loc, as);
            struct ast *value = ast_make(t->a, AST_COND, st->loc, NULL, 3, copy(t, cond),
                                         x ? x : self, y ? y : self);
            ast_add(t->a, t->bp_calls, ast_make(t->a, AST_ASSIGN, st->loc, as, 1, value));
            struct ast *now = node(t, AST_NAME, st->loc, as);
            bind(t, name, now);
            for (unsigned k = 0; k < t->nkept; k++)
                if (strcmp(t->kept[k], name) == 0)
                    t->kept_bound[k] = now;
            continue;
        }
        if (listed(t->one_path, t->none_path, name) || name_set_has(&t->shared_told, name))
            continue;   /* reported at the inner if, or as a GLOBAL */
        add_listed(t, &t->one_path, &t->none_path, name);
        bool per_instance = is_current(t, name) || !nmodl_is_global(t->file, name);
        refuse(t, st->loc, "'%s' is assigned on only one path of this if in BREAKPOINT, and "
               "has no value before it; %s", name,
               per_instance ? "it keeps its last value there, supported in an if of "
                              "BREAKPOINT's top level, not inside another if or an else if, "
                              "yet"
                            : "NEURON keeps its last value there, one for all instances (it "
                              "is not RANGE): not supported");
    }
}

static void bp_block(struct tr *t, const struct nmodl_node *blk)
{
    for (unsigned i = 0; blk && i < blk->nkids; i++) {
        const struct nmodl_node *st = blk->kids[i];
        switch (st->kind) {
        case NMODL_SOLVE:
        case NMODL_UNITSON:
            break;
        case NMODL_LOCAL:
            for (unsigned k = 0; k < st->nkids; k++)
                bind(t, st->kids[k]->str, NULL);
            break;
        case NMODL_ASSIGN:
            if (st->kids[0]->kind != NMODL_NAME) {
                refuse(t, st->kids[0]->loc, "only variables are assigned in BREAKPOINT");
                break;
            }
            t->bp_assigned = true;
            bind(t, st->kids[0]->str, number(t, st->kids[1]));
            if (t->bp_depth == 0)
                flush_states(t, st->loc);
            break;
        case NMODL_IF:
            t->bp_assigned = true;
            t->bp_depth++;
            bp_if(t, st, false);
            t->bp_depth--;
            if (t->bp_depth == 0)
                flush_states(t, st->loc);
            break;
        case NMODL_BLOCK:
            bp_block(t, st);
            break;
        case NMODL_CALLSTMT:
            /* at_time() only steers NEURON's variable-step integrator */
            if (at_time_call(t, st->kids[0]))
                break;
            if (strcmp(st->kids[0]->str, "printf") == 0) {
                call_stmt(t, st->kids[0]);      /* left out, said once per call */
                break;
            }
            /* the currents are expressions, so calls (run at each voltage NEURON
               evaluates BREAKPOINT at: circ's `breakpoint` block) must come first */
            if (t->bp_depth || t->bp_assigned) {
                refuse(t, st->loc, "a procedure call %s in BREAKPOINT is not supported yet "
                       "(calls before BREAKPOINT's assignments are)",
                       t->bp_depth ? "inside an if" : "after an assignment");
                break;
            } else {
                struct ast *call = call_stmt(t, st->kids[0]);
                if (call)
                    ast_add(t->a, t->bp_calls, call);
            }
            break;
        default:
            refuse(t, st->loc, "%s in BREAKPOINT is not supported yet (SOLVE, LOCAL, "
                   "assignments and if are)",
                   st->kind == NMODL_CALLSTMT ? "a procedure call" : construct(st));
            break;
        }
    }
}

static bool is_ion_name(const struct tr *t, const char *name);

/* The ASSIGNED declaration of x (not an array), or NULL. */
/* Does a name x occur in n (read or written, or as x')? */
static bool mentions(const struct nmodl_node *n, const char *x)
{
    if (!n)
        return false;
    if ((n->kind == NMODL_NAME || n->kind == NMODL_PRIME) && strcmp(n->str, x) == 0)
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (mentions(n->kids[i], x))
            return true;
    return false;
}

/* Is x assigned in n? */
static bool assigns(const struct nmodl_node *n, const char *x)
{
    if (!n)
        return false;
    if (n->kind == NMODL_ASSIGN && mentions(n->kids[0], x))
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (assigns(n->kids[i], x))
            return true;
    return false;
}

/* Is x declared a STATE, not an array? */
static bool scalar_state(const struct tr *t, const char *x)
{
    for (unsigned i = 0; i < t->file->nkids; i++) {
        const struct nmodl_node *it = t->file->kids[i];
        for (unsigned k = 0; it->kind == NMODL_STATE && k < it->nkids; k++)
            if (it->kids[k]->kind == NMODL_VAR && strcmp(it->kids[k]->str, x) == 0 &&
                !nmodl_kid(it->kids[k], 0))
                return true;
    }
    return false;
}

/* Does a block other than BREAKPOINT give x a value: an equation or scheme
 * that mentions it, or INITIAL, NET_RECEIVE, a PROCEDURE ... assigning it? */
static bool given_elsewhere(const struct tr *t, const char *x)
{
    for (unsigned i = 0; i < t->file->nkids; i++) {
        const struct nmodl_node *it = t->file->kids[i];
        switch (it->kind) {
        case NMODL_DERIVATIVE: case NMODL_KINETIC: case NMODL_LINEAR: case NMODL_NONLINEAR:
            if (mentions(it, x))
                return true;
            break;
        case NMODL_STATE: case NMODL_BREAKPOINT: case NMODL_FUNCTION_TABLE:
            break;
        default:
            if (assigns(it, x))
                return true;
        }
    }
    return false;
}

/* A STATE that only BREAKPOINT assigns (`STATE { m h g }`, `g = gbar*m*m*h`
 * in BREAKPOINT): no equation, scheme or other block gives it a value, so
 * nocmodl's integration never touches it and it is what an ASSIGNED would
 * be, the value of the last evaluation of the currents (its start, s0 = 0
 * at INITIAL, is never read: other blocks reading it are refused as for
 * any name BREAKPOINT computes). */
static bool breakpoint_state(const struct tr *t, const char *x)
{
    return name_set_has(&t->computed, x) && !is_ion_name(t, x) && scalar_state(t, x) &&
           !given_elsewhere(t, x);
}

/* A STATE that BREAKPOINT assigns and that has a value of its own: an
 * equation, a scheme, INITIAL or NET_RECEIVE gives it one, or it is an
 * ion's concentration the file reads and writes (`if (cai < 0) { cai = 0 }`
 * after SOLVE, `m = minf`, a synapse's `g` clamped at a ceiling).  nocmodl
 * runs BREAKPOINT's statements in nrn_cur (at v + 0.001, then at v, each
 * step and at finitialize) on the instance's own copy, which keeps what
 * they leave; an ion's concentration is read from the ion before and
 * written back after (`_ion_cai = cai`).  So each is assigned in the
 * `breakpoint` block, in BREAKPOINT's order (flush_states); in a mechanism
 * without currents, after the update in the derivative block (nocmodl's
 * nrn_state runs the statements after the SOLVE, whatever their place). */
static bool clamp_state(const struct tr *t, const char *x)
{
    return scalar_state(t, x) && (is_ion_name(t, x) || given_elsewhere(t, x));
}

/* Does value n read x, or call one of the file's FUNCTIONs (which may)? */
static bool value_reads(const struct tr *t, const struct ast *n, const char *x)
{
    if (!n)
        return false;
    if ((n->kind == AST_NAME && strcmp(n->str, x) == 0) ||
        (n->kind == AST_CALL && nmodl_find_callee(t->file, n->str)))
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (value_reads(t, n->kids[i], x))
            return true;
    return false;
}

/* After a statement at BREAKPOINT's top level: each STATE it assigned
 * (clamp_state) gets its value in the `breakpoint` block, where it stands,
 * and what follows reads the variable.  A value computed before, still to
 * be read by what follows, would read the new one: refused. */
static void flush_states(struct tr *t, struct loc loc)
{
    for (unsigned i = 0; i < t->nenv; i++) {
        const char *x = t->env[i].name;
        struct ast *value = t->env[i].value;
        if (!value || !name_set_has(&t->bp_states, x) ||
            (value->kind == AST_NAME && strcmp(value->str, x) == 0))
            continue;
        ast_add(t->a, t->bp_calls, ast_make(t->a, AST_ASSIGN, loc, x, 1, value));
        t->env[i].value = node(t, AST_NAME, loc, x);
        for (unsigned k = 0; k < t->nenv; k++)
            if (k != i && value_reads(t, t->env[k].value, x)) {
                refuse(t, loc, "state '%s' is assigned in BREAKPOINT after '%s', which reads "
                       "it, is computed there; not supported", x, t->env[k].name);
                break;
            }
    }
}

static const struct nmodl_node *assigned_decl(const struct tr *t, const char *x)
{
    const struct nmodl_node *file = t->file;
    bool state = breakpoint_state(t, x);
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *b = file->kids[i];
        bool kind = b->kind == NMODL_ASSIGNED || (state && b->kind == NMODL_STATE);
        for (unsigned k = 0; kind && k < b->nkids; k++)
            if (b->kids[k]->kind == NMODL_VAR && strcmp(b->kids[k]->str, x) == 0 &&
                !nmodl_kid(b->kids[k], 0))
                return b->kids[k];
    }
    return NULL;
}

/* What BREAKPOINT computes and the currents read (gna = gnabar*m*m*m*h),
 * folded into them: each declared ASSIGNED one also a value of the
 * mechanism, `let gna = ...`, its last assignment, so that it can be
 * recorded as NEURON records seg._ref_gna_x (the currents are unchanged).
 * One that calls a FUNCTION is a value too: whether it may be recorded
 * (the function is pure) is lowering's one purity analysis to say
 * (lower/pure.c), where `record` asks for it. */
static void breakpoint_values(struct tr *t, struct ast *mech)
{
    if (t->ncurrents == 0)
        return;     /* computed with the currents only: none here */
    for (unsigned i = 0; i < t->computed.n; i++) {
        const char *x = t->computed.v[i];
        const struct nmodl_node *decl = assigned_decl(t, x);
        struct binding *b = bound(t, x);
        if (!decl || !b || !b->value || is_builtin(x) || is_current(t, x) || kept(t, x) ||
            held(t, x) || is_ion_name(t, x))
            continue;
        struct ast *value = ast_make(t->a, AST_VALUE, decl->loc, x, 2, copy(t, b->value),
                                     unit(t, nmodl_kid(decl, 2)));
        value->nloc = decl->loc;
        ast_add(t->a, mech, value);
    }
}

/* Does a routine f calls, or f itself, assign anything but its own arguments,
 * LOCALs and result, or run C code? */
static bool writes_outside(const struct nmodl_node *f, const struct nmodl_node *n)
{
    if (!n)
        return false;
    if (n->kind == NMODL_VERBATIM)
        return true;
    if (n->kind == NMODL_ASSIGN && (n->kids[0]->kind != NMODL_NAME ||
                                    (!nmodl_declares(f, n->kids[0]->str) &&
                                     strcmp(n->kids[0]->str, f->str) != 0)))
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (writes_outside(f, n->kids[i]))
            return true;
    return false;
}

/* The first routine value e calls (at any depth) that writes outside itself:
 * evaluating e once more than NEURON does would change what it writes. */
static const char *impure_callee(struct tr *t, const struct ast *e)
{
    if (!e)
        return NULL;
    if (e->kind == AST_CALL && e->str) {
        const struct nmodl_node *f = nmodl_find_callee(t->file, e->str);
        if (f) {
            bool *in = arena_alloc(t->a, (t->file->nkids + 1) * sizeof *in);
            memset(in, 0, (t->file->nkids + 1) * sizeof *in);
            nmodl_callees(t->file, f->kids[2], in, 0);
            bool impure = writes_outside(f, f->kids[2]);
            for (unsigned i = 0; i < t->file->nkids && !impure; i++)
                impure = in[i] && writes_outside(t->file->kids[i], t->file->kids[i]->kids[2]);
            if (impure)
                return e->str;
        }
    }
    for (unsigned i = 0; i < e->nkids; i++) {
        const char *bad = impure_callee(t, e->kids[i]);
        if (bad)
            return bad;
    }
    return NULL;
}

static void breakpoint(struct tr *t, const struct nmodl_node *bp, struct ast *mech)
{
    t->where = W_BREAKPOINT;
    bool was_ok = t->ok;
    t->ok = true;
    t->bp_calls = node(t, AST_BLOCK, bp->kids[0]->loc, NULL);
    bp_block(t, bp->kids[0]);
    for (unsigned k = 0; k < t->nkept; k++) {
        const struct binding *b = bound(t, t->kept[k]);
        if (t->kept_read[k] && !t->kept_bound[k] && b && b->value) {
            /* its last value, for the other blocks; the currents read the value */
            const char *bad = impure_callee(t, b->value);
            if (bad)
                refuse(t, b->value->loc, "'%s' is computed in BREAKPOINT and read elsewhere; "
                       "its value calls '%s', which assigns variables (NEURON calls it "
                       "once per evaluation); not supported yet", t->kept[k], bad);
            ast_add(t->a, t->bp_calls, ast_make(t->a, AST_ASSIGN, b->value->loc,
                                                 t->kept_as[k], 1, copy(t, b->value)));
            continue;
        }
        if (t->kept_bound[k] && (!b || b->value != t->kept_bound[k]))
            refuse(t, t->kept_bound[k]->loc, "'%s' is assigned on one path of this if in "
                   "BREAKPOINT and again after it; not supported yet", t->kept[k]);
    }
    if (t->solved && t->solved->kind == NMODL_PROCEDURE) {
        /* SOLVE of a PROCEDURE: nocmodl calls it in nrn_state, where circ
           runs a derivative block; one without equations is just its call */
        struct ast *call = node(t, AST_CALL, t->solve->loc, t->solved->str);
        struct ast *body = node(t, AST_BLOCK, t->solve->loc, NULL);
        ast_add(t->a, body, ast_make(t->a, AST_EXPRSTMT, t->solve->loc, NULL, 1, call));
        add_side_solves(t, body);
        ast_add(t->a, mech, ast_make(t->a, AST_DERIVATIVE, t->solve->loc, NULL, 1, body));
    }
    if (t->solved && (t->solved->kind == NMODL_LINEAR || t->solved->kind == NMODL_NONLINEAR)) {
        /* nocmodl solves it in nrn_state, once a step: circ's derivative block */
        struct ast *solve = node(t, AST_SOLVE, t->solve->loc, t->solved->str);
        solve->nloc = t->solve->loc;
        struct ast *body = node(t, AST_BLOCK, t->solve->loc, NULL);
        ast_add(t->a, body, solve);
        add_side_solves(t, body);
        ast_add(t->a, mech, ast_make(t->a, AST_DERIVATIVE, t->solve->loc, NULL, 1, body));
    }
    if (t->bp_calls->nkids)
        ast_add(t->a, mech, ast_make(t->a, AST_BREAKPOINT, bp->loc, NULL, 1, t->bp_calls));
    for (unsigned i = 0; i < t->ncurrents; i++) {
        const struct nmodl_node *c = t->currents[i];
        struct binding *b = bound(t, c->str);
        struct ast *value = b ? b->value : NULL;
        if (!b && held(t, c->str))     /* as the procedure left it */
            value = node(t, AST_NAME, c->loc, held(t, c->str));
        if (!value && !t->ok)
            continue;   /* what stopped BREAKPOINT was reported */
        if (!value) {
            refuse(t, c->loc, "current '%s' is not assigned in BREAKPOINT or in a PROCEDURE "
                   "it calls", c->str);
            continue;
        }
        struct ast *cur = ast_make(t->a, AST_CURRENT, c->loc, c->str, 1, value);
        cur->nloc = c->loc;
        cur->op = t->electrode;
        ast_add(t->a, mech, cur);
    }
    breakpoint_values(t, mech);
    t->nenv = 0;
    t->ok = t->ok && was_ok;
}

/* ---- declarations --------------------------------------------------------------- */

/* Unit spellings equal but for blanks (`joule / degC`). */
static bool same_unit(const char *x, const char *y)
{
    for (;;) {
        while (*x == ' ' || *x == '\t')
            x++;
        while (*y == ' ' || *y == '\t')
            y++;
        if (*x != *y)
            return false;
        if (!*x)
            return true;
        x++;
        y++;
    }
}

/* `FARADAY = (faraday) (coulomb)`: a constant with the value nocmodl's
 * units database gives (NEURON 8.2's, not the legacy one: each value below
 * is the hex float nocmodl 8.2.2 writes into its C), or `F = 96485
 * (coul)`: the number as written. */
static void unit_factor(struct tr *t, const struct nmodl_node *f, struct ast *mech)
{
    static const struct { const char *from, *to; double value; } known[] = {
        {"faraday", "coulomb", 0x1.78e555060882cp+16},     /* 96485.3321233100141 */
        {"faraday", "coulombs", 0x1.78e555060882cp+16},
        {"faraday", "kilocoulombs", 0x1.81f0fae775425p+6}, /* 96.4853321233100161 */
        {"faraday", "kilocoulomb", 0x1.81f0fae775425p+6},
        {"faraday", "coul", 0x1.78e555060882cp+16},
        {"faraday", "kilocoul", 0x1.81f0fae775425p+6},
        {"faraday", "millicoulomb", 0x1.700ff507e44fbp+26},  /* 96485332.1233100146 */
        {"faraday", "10000 coulomb", 0x1.34c0c8b92a9b7p+3},  /* 9.64853321233100125 */
        {"faraday", "10000 coulombs", 0x1.34c0c8b92a9b7p+3},   /* (the NEURON book's) */
        {"faraday", "10000 coul", 0x1.34c0c8b92a9b7p+3},
        {"k-mole", "joule/degC", 0x1.0a1013e8990bep+3},    /* 8.3144626181532395 */
        {"k-mole", "joule/kelvin", 0x1.0a1013e8990bep+3},
        {"k-mole", "joule/K", 0x1.0a1013e8990bep+3},
        {"k-mole", "millijoule/degC", 0x1.03d3b37125759p+13}, /* 8314.46261815323851 */
        {"k-mole", "millijoule/kelvin", 0x1.03d3b37125759p+13},
        {"k-mole", "millijoule/K", 0x1.03d3b37125759p+13},
        {"k-mole", "mV-coulomb/degC", 0x1.03d3b37125759p+13},
        {"k-mole", "millivolt-coulomb/degC", 0x1.03d3b37125759p+13},
        {"mole k", "mV-coulomb/degC", 0x1.03d3b37125759p+13},  /* (Destexhe's) */
        {"mole k", "millivolt-coulomb/degC", 0x1.03d3b37125759p+13},
        {"mole k", "joule/degC", 0x1.0a1013e8990bep+3},
        {"e", "coulomb", 0x1.7a4da290c1653p-63},           /* 1.60217663399999989e-19 */
        {"e", "coulombs", 0x1.7a4da290c1653p-63},
        {"e", "coul", 0x1.7a4da290c1653p-63},
        {"e", "millicoulomb", 0x1.716fd0c15cdcdp-53},      /* 1.60217663399999988e-16 */
        {"k", "joule/degC", 0x1.0b0e6d55e647cp-76},        /* 1.38064900000000009e-23 */
        {"k", "joule/kelvin", 0x1.0b0e6d55e647cp-76},
        {"k", "joule/K", 0x1.0b0e6d55e647cp-76},
        {"k", "millijoule/degC", 0x1.04cc16c5e2e21p-66},   /* 1.38064900000000006e-20 */
        {"pi", "1", 0x1.921fb54442d18p+1},
    };
    const struct nmodl_node *a = nmodl_kid(f, 0), *b = nmodl_kid(f, 1);
    struct ast *value = NULL;
    if (f->op != 1 && a && a->kind == NMODL_NUM) {
        value = node(t, AST_NUM, a->loc, NULL);
        value->num = a->num;
    } else if (f->op != 1 && a && b && a->kind == NMODL_UNIT && b->kind == NMODL_UNIT) {
        for (size_t i = 0; i < sizeof known / sizeof *known; i++)
            if (same_unit(a->str, known[i].from) && same_unit(b->str, known[i].to)) {
                value = node(t, AST_NUM, f->loc, NULL);
                value->num = known[i].value;
            }
    }
    if (!value) {
        refuse(t, f->loc, "the unit factor %s is not supported yet ((faraday), (k-mole), (mole "
               "k), (e) and (k) in coulomb, joule/degC or mV-coulomb/degC units, (pi) (1) "
               "and numbers are)", f->str);
        return;
    }
    struct ast *d = ast_make(t->a, AST_CONSTANT, f->loc, f->str, 2, value, NULL);
    d->nloc = f->loc;
    ast_add(t->a, mech, d);
}

static void add_current(struct tr *t, const struct nmodl_node *name)
{
    t->currents = arena_realloc(t->a, t->currents, t->ncurrents * sizeof *t->currents,
                                (t->ncurrents + 1) * sizeof *t->currents);
    t->currents[t->ncurrents++] = name;
}

static void add_ion_name(struct tr *t, const struct nmodl_node *name)
{
    t->ion_names = arena_realloc(t->a, t->ion_names, t->nion_names * sizeof *t->ion_names,
                                 (t->nion_names + 1) * sizeof *t->ion_names);
    t->ion_names[t->nion_names++] = name->str;
}

/* USEION k READ ek WRITE ik VALENCE 1: circ's `useion k read ek write ik
 * valence 1`; a written current iX becomes a `current iX` in the order of
 * the NEURON block (nocmodl's order of summation), the ion's variables are
 * the section's, not declarations of the mechanism. */
static void useion(struct tr *t, const struct nmodl_node *u)
{
    if (nmodl_kid(u, 3))
        refuse(t, u->kids[3]->loc, "REPRESENTS after USEION is not supported yet");
    struct ast *out = ast_new(t->a, AST_USEION, u->loc);
    out->str = u->str;
    out->nloc = u->loc;
    static const char *const clause[] = {"read", "write"};
    for (int k = 0; k < 2; k++) {
        const struct nmodl_node *list = nmodl_kid(u, (unsigned)k);
        if (!list)
            continue;
        const char *word = arena_intern(t->a, clause[k], strlen(clause[k]));
        struct ast *prop = ast_make(t->a, AST_PROP, list->loc, word, 1, names(t, list));
        prop->nloc = list->loc;
        ast_add(t->a, out, prop);
        for (unsigned i = 0; i < list->nkids; i++) {
            add_ion_name(t, list->kids[i]);
            const char *n = list->kids[i]->str;
            if (k == 1 && n[0] == 'i' && strcmp(n + 1, u->str) == 0)
                add_current(t, list->kids[i]);
        }
    }
    const struct nmodl_node *z = nmodl_kid(u, 2);
    if (z) {
        struct ast *num = node(t, AST_NUM, z->loc, NULL);
        num->num = z->num;
        struct ast *prop = ast_make(t->a, AST_PROP, z->loc,
                                    arena_intern(t->a, "valence", 7), 1, num);
        prop->nloc = z->loc;
        ast_add(t->a, out, prop);
    }
    t->useions = arena_realloc(t->a, t->useions, t->nuseions * sizeof *t->useions,
                               (t->nuseions + 1) * sizeof *t->useions);
    t->useions[t->nuseions++] = out;
}

static bool is_ion_name(const struct tr *t, const char *name)
{
    for (unsigned i = 0; i < t->nion_names; i++)
        if (strcmp(t->ion_names[i], name) == 0)
            return true;
    return false;
}

static void neuron_block(struct tr *t, const struct nmodl_node *nb)
{
    for (unsigned i = 0; i < nb->nkids; i++) {
        const struct nmodl_node *it = nb->kids[i];
        switch (it->kind) {
        case NMODL_SUFFIX:
            t->suffix = it;
            t->kind = it->op == NMODL_POINT_PROCESS ? MECH_POINT
                    : it->op == NMODL_ARTIFICIAL_CELL ? MECH_ARTIFICIAL : MECH_DENSITY;
            break;
        case NMODL_USEION:
            useion(t, it);
            break;
        case NMODL_NONSPECIFIC:
        case NMODL_ELECTRODE:
            if (t->ncurrents && t->electrode != (it->kind == NMODL_ELECTRODE)) {
                refuse(t, it->loc, "NONSPECIFIC_CURRENT and ELECTRODE_CURRENT in one mechanism "
                       "are not supported yet");
                break;
            }
            t->electrode = it->kind == NMODL_ELECTRODE;
            for (unsigned k = 0; k < it->nkids; k++)
                add_current(t, it->kids[k]);
            break;
        case NMODL_RANGE:
            for (unsigned k = 0; k < it->nkids; k++) {
                t->range = arena_realloc(t->a, t->range, t->nrange * sizeof *t->range,
                                         (t->nrange + 1) * sizeof *t->range);
                t->range[t->nrange++] = it->kids[k];
            }
            break;
        case NMODL_GLOBAL:      /* what is not RANGE is GLOBAL anyway */
        case NMODL_THREADSAFE:
        case NMODL_REPRESENTS:
            break;
        default:
            not_yet(t, it);
            break;
        }
    }
}

static const struct nmodl_node *block_of(const struct nmodl_node *file, enum nmodl_kind kind);
static const struct nmodl_node *first_mention(const struct nmodl_node *n, const char *x);

static unsigned count_assignments(const struct nmodl_node *n, const char *x)
{
    if (!n || n->kind == NMODL_NEURON)
        return 0;
    unsigned k = n->kind == NMODL_ASSIGN && n->kids[0]->kind == NMODL_NAME &&
                 strcmp(n->kids[0]->str, x) == 0;
    for (unsigned i = 0; i < n->nkids; i++)
        k += count_assignments(n->kids[i], x);
    return k;
}

/* Does an INITIAL inside NET_RECEIVE (n) mention x? */
static bool receive_initial_reads(const struct nmodl_node *n, const char *x, bool inside)
{
    if (!n)
        return false;
    if (inside && n->kind == NMODL_INITIAL && first_mention(n, x))
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (receive_initial_reads(n->kids[i], x, inside || n->kind == NMODL_NET_RECEIVE))
            return true;
    return false;
}

/* A GLOBAL PARAMETER that INITIAL sets from run constants, as Mainen-style
 * files set `tadj = q10^((celsius - temp)/10)`: every instance writes the
 * same value before anything reads it (the last write wins, and each is the
 * same), so an assigned variable of each instance holds NEURON's value.
 * Only where that is certain: one assignment in the whole file, at
 * INITIAL's top level, of an expression of numbers, constants, GLOBAL
 * PARAMETERs, celsius and dt that does not read x, and no read of x in
 * INITIAL (or what it calls, tabled procedures included) before it, nor in
 * NET_RECEIVE's INITIAL (a connection's start, not ordered with it). */
static bool initial_global(const struct tr *t, const char *x)
{
    const struct nmodl_node *file = t->file, *init = block_of(file, NMODL_INITIAL);
    if (!init || count_assignments(file, x) != 1 || is_local_of(init->kids[0], x) ||
        receive_initial_reads(file, x, false))
        return false;
    const struct nmodl_node *value = NULL;
    for (unsigned i = 0; i < init->kids[0]->nkids && !value; i++) {
        const struct nmodl_node *st = init->kids[0]->kids[i];
        if (st->kind == NMODL_ASSIGN && st->kids[0]->kind == NMODL_NAME &&
            strcmp(st->kids[0]->str, x) == 0)
            value = st->kids[1];
    }
    if (!value || nmodl_not_run_constant(file, NULL, value) || first_mention(value, x))
        return false;
    for (unsigned i = 0; i < init->kids[0]->nkids; i++) {
        const struct nmodl_node *st = init->kids[0]->kids[i];
        for (unsigned k = 0; st->kind == NMODL_LOCAL && k < st->nkids; k++)
            if (first_mention(value, st->kids[k]->str))
                return false;   /* an INITIAL LOCAL named like a PARAMETER */
    }
    struct nmodl_setwalk w = {.x = x};
    nmodl_walk_sets(file, init->kids[0], &w);
    return w.set && !w.bad;
}

static void declare(struct tr *t, const struct nmodl_node *blk, struct ast *mech)
{
    /* a file-wide LOCAL (one C variable in nocmodl's output, shared by all
     * instances) becomes a per-instance assigned variable: the same values
     * wherever each instance sets it before reading it, as files do */
    enum ast_kind kind = blk->kind == NMODL_PARAMETER ? AST_PARAM
                       : blk->kind == NMODL_STATE ? AST_STATE
                       : blk->kind == NMODL_ASSIGNED || blk->kind == NMODL_LOCAL ? AST_ASSIGNED
                       : AST_CONSTANT;
    for (unsigned i = 0; i < blk->nkids; i++) {
        const struct nmodl_node *v = blk->kids[i];
        if (v->kind != NMODL_VAR)
            continue;
        if (is_builtin(v->str))
            continue;   /* NEURON's v, celsius ...: circ's built-ins */
        if (strcmp(v->str, "diam") == 0 && kind != AST_STATE && kind != AST_CONSTANT) {
            /* nocmodl makes it a pointer to the segment's diameter (a point
               process's: its node's), whatever value the file gives it:
               circ's built-in diam is the same number; reading 0 or the
               file's value would be wrong */
            if (t->kind == MECH_ARTIFICIAL)
                refuse(t, v->loc, "'diam' is NEURON's diameter of the segment, not a variable "
                       "of the mechanism; an artificial cell has no segment");
            continue;
        }
        bool scratch = false;
        for (unsigned k = 0; k < t->nscratch; k++)
            scratch = scratch || strcmp(t->scratch[k]->str, v->str) == 0;
        if (scratch && kind == AST_ASSIGNED)
            continue;   /* a LOCAL of its tabled PROCEDURE */
        const char *name = v->str;
        if (kind == AST_ASSIGNED && held(t, v->str))
            name = held(t, v->str);     /* what the procedure assigns, the current reads */
        else if (kind == AST_ASSIGNED && kept(t, v->str))
            name = kept(t, v->str);     /* BREAKPOINT's value, kept between evaluations */
        else if (is_ion_name(t, v->str) && kind != AST_STATE)
            continue;   /* the ion's, shared in the section (a written
                           concentration may be a STATE, as in circ) */
        else if (kind == AST_ASSIGNED && (is_current(t, v->str) || name_set_has(&t->computed, v->str)))
            continue;   /* becomes a `current`, or lives only inside it */
        else if (kind == AST_STATE && breakpoint_state(t, v->str))
            continue;   /* the same (breakpoint_values) */
        if (nmodl_kid(v, 0)) {
            refuse(t, v->loc, "array variables are not supported yet");
            continue;
        }
        enum ast_kind k = kind;
        if (kind == AST_PARAM && !is_range(t, v->str) && initial_global(t, v->str))
            k = AST_ASSIGNED;   /* INITIAL gives it its one value, in every instance */
        struct ast *value = NULL;
        if (k == AST_PARAM || k == AST_CONSTANT) {
            if (nmodl_kid(v, 1)) {
                value = expr(t, v->kids[1]);
            } else {
                value = node(t, AST_NUM, v->loc, NULL);     /* NEURON's default */
            }
        }
        if (k == AST_STATE && name_set_has(&t->computed, v->str))
            refuse(t, v->loc, "state '%s' is assigned in BREAKPOINT; not supported", v->str);
        struct ast *d = ast_make(t->a, k, v->loc, name, 2, value,
                                 k == AST_CONSTANT ? NULL : unit(t, nmodl_kid(v, 2)));
        d->nloc = v->nloc.end > v->nloc.start ? v->nloc : v->loc;
        if (k == AST_PARAM && !is_range(t, v->str))
            d->op = 1;  /* NEURON: a PARAMETER not RANGE is GLOBAL, one for all instances */
        ast_add(t->a, mech, d);
    }
}

static bool is_local_of(const struct nmodl_node *body, const char *name)
{
    for (unsigned i = 0; i < body->nkids; i++)
        if (body->kids[i]->kind == NMODL_LOCAL)
            for (unsigned k = 0; k < body->kids[i]->nkids; k++)
                if (strcmp(body->kids[i]->kids[k]->str, name) == 0)
                    return true;
    return false;
}

static void computed_in(struct tr *t, const struct nmodl_node *top,
                        const struct nmodl_node *blk)
{
    for (unsigned i = 0; blk && i < blk->nkids; i++) {
        const struct nmodl_node *st = blk->kids[i];
        if (st->kind == NMODL_ASSIGN && st->kids[0]->kind == NMODL_NAME &&
            !is_local_of(top, st->kids[0]->str) && !is_local_of(blk, st->kids[0]->str))
            name_set_add(t->a, clamp_state(t, st->kids[0]->str) ? &t->bp_states : &t->computed,
                         st->kids[0]->str);
        if (st->kind == NMODL_IF) {
            for (const struct nmodl_node *e = st; e; e = nmodl_kid(e, 2)) {
                computed_in(t, top, e->kind == NMODL_IF ? e->kids[1] : e);
                if (e->kind != NMODL_IF)
                    break;
            }
        }
        if (st->kind == NMODL_BLOCK)
            computed_in(t, top, st);
        if (st->kind == NMODL_WHILE)
            computed_in(t, top, st->kids[1]);
    }
}

static const struct nmodl_node *procedure_named(const struct nmodl_node *file, const char *name)
{
    for (unsigned i = 0; i < file->nkids; i++)
        if (file->kids[i]->kind == NMODL_PROCEDURE && strcmp(file->kids[i]->str, name) == 0)
            return file->kids[i];
    return NULL;
}

/* Marks the PROCEDUREs n calls, and those they call (reach[i]: file->kids[i]). */
static void reach_calls(const struct nmodl_node *file, const struct nmodl_node *n, bool *reach,
                        int depth)
{
    if (!n || depth > 32)   /* recursion: sema refuses it */
        return;
    if (n->kind == NMODL_CALL) {
        const struct nmodl_node *p = procedure_named(file, n->str);
        for (unsigned i = 0; p && i < file->nkids; i++)
            if (file->kids[i] == p && !reach[i]) {
                reach[i] = true;
                reach_calls(file, p->kids[2], reach, depth + 1);
            }
    }
    for (unsigned i = 0; i < n->nkids; i++)
        reach_calls(file, n->kids[i], reach, depth);
}

/* The currents assigned in PROCEDURE p (its arguments and LOCALs aside):
 * the first assignment's target of each. */
static void held_in(struct tr *t, const struct nmodl_node *p, const struct nmodl_node *n,
                    const struct nmodl_node ***targets, unsigned *ntargets)
{
    if (!n)
        return;
    if (n->kind == NMODL_ASSIGN && n->kids[0]->kind == NMODL_NAME) {
        const char *x = n->kids[0]->str;
        bool own = is_local_of(p->kids[2], x);
        for (unsigned k = 0; p->kids[0] && k < p->kids[0]->nkids; k++)
            own = own || strcmp(p->kids[0]->kids[k]->str, x) == 0;
        for (unsigned k = 0; k < *ntargets; k++)
            own = own || strcmp((*targets)[k]->str, x) == 0;
        if (!own && is_current(t, x)) {
            *targets = arena_realloc(t->a, *targets, *ntargets * sizeof **targets,
                                     (*ntargets + 1) * sizeof **targets);
            (*targets)[(*ntargets)++] = n->kids[0];
        }
    }
    for (unsigned i = 0; i < n->nkids; i++)
        held_in(t, p, n->kids[i], targets, ntargets);
}

static bool declared_assigned(const struct nmodl_node *file, const char *x);

/* The names n assigns (at any depth), added to list once. */
static void assigned_in(struct tr *t, const struct nmodl_node *n, const char ***list,
                        unsigned *count)
{
    if (!n)
        return;
    if (n->kind == NMODL_ASSIGN && n->kids[0]->kind == NMODL_NAME &&
        !listed(*list, *count, n->kids[0]->str))
        add_listed(t, list, count, n->kids[0]->str);
    for (unsigned i = 0; i < n->nkids; i++)
        assigned_in(t, n->kids[i], list, count);
}

/* A fresh name for a current x's value, held in an assigned variable:
 * X_value, or X_value2, ... where the file already has that name. */
static const char *value_name(struct tr *t, const char *x)
{
    for (unsigned j = 1;; j++) {
        char *fresh = j == 1 ? arena_printf(t->a, "%s_value", x)
                             : arena_printf(t->a, "%s_value%u", x, j);
        if (!listed(t->taken, t->ntaken, fresh)) {
            const char *as = arena_intern(t->a, fresh, strlen(fresh));
            add_listed(t, &t->taken, &t->ntaken, as);
            return as;
        }
    }
}

/* Keeps x (find_kept, find_read): in an assigned variable, its own name or
 * X_value for a current. */
static void add_kept(struct tr *t, const char *x, bool read)
{
    const char *as = is_current(t, x) ? value_name(t, x) : x;
    t->kept = arena_realloc(t->a, t->kept, t->nkept * sizeof *t->kept,
                            (t->nkept + 1) * sizeof *t->kept);
    t->kept_as = arena_realloc(t->a, t->kept_as, t->nkept * sizeof *t->kept_as,
                               (t->nkept + 1) * sizeof *t->kept_as);
    t->kept_bound = arena_realloc(t->a, t->kept_bound, t->nkept * sizeof *t->kept_bound,
                                  (t->nkept + 1) * sizeof *t->kept_bound);
    t->kept_read = arena_realloc(t->a, t->kept_read, t->nkept * sizeof *t->kept_read,
                                 (t->nkept + 1) * sizeof *t->kept_read);
    t->kept[t->nkept] = x;
    t->kept_as[t->nkept] = as;
    t->kept_read[t->nkept] = read;
    t->kept_bound[t->nkept++] = NULL;
}

/* A variable BREAKPOINT assigns on one path of an if (at its top level)
 * with no value before it, `if (gbar > 0) { ik = ... }`: NEURON's keeps
 * its last value where the path is not taken, the one of its previous
 * evaluation (at v + 0.001 in the same step, or at v in the step before;
 * 0, or what INITIAL set, at first).  Where NEURON keeps it per instance (a
 * current, RANGE, or an ASSIGNED under THREADSAFE), it is an assigned
 * variable: its own name, or X_value for a current (bp_if sets it). */
static void find_kept(struct tr *t, const struct nmodl_node *file, const struct nmodl_node *bp)
{
    const struct nmodl_node *blk = bp->kids[0];
    const char **before = NULL;
    unsigned nbefore = 0;
    for (unsigned i = 0; blk && i < blk->nkids; i++) {
        const struct nmodl_node *st = blk->kids[i];
        if (st->kind == NMODL_LOCAL)
            for (unsigned k = 0; k < st->nkids; k++)
                add_listed(t, &before, &nbefore, st->kids[k]->str);
        if (st->kind != NMODL_IF) {
            assigned_in(t, st, &before, &nbefore);
            continue;
        }
        const char **then = NULL, **els = NULL;
        unsigned nthen = 0, nels = 0;
        assigned_in(t, st->kids[1], &then, &nthen);
        assigned_in(t, nmodl_kid(st, 2), &els, &nels);
        for (unsigned k = 0; k < nthen + nels; k++) {
            const char *x = k < nthen ? then[k] : els[k - nthen];
            bool one_path = k < nthen ? !listed(els, nels, x) : !listed(then, nthen, x);
            const struct nmodl_node *e = nmodl_kid(st, 2);
            if (!one_path || listed(before, nbefore, x) || kept(t, x) || held(t, x) ||
                is_local_of(st->kids[1], x) || (e && e->kind != NMODL_IF && is_local_of(e, x)) ||
                !declared_assigned(file, x) ||
                (!is_current(t, x) && nmodl_is_global(file, x)))
                continue;
            add_kept(t, x, false);
        }
        for (unsigned k = 0; k < nthen + nels; k++)
            if (!listed(before, nbefore, k < nthen ? then[k] : els[k - nthen]))
                add_listed(t, &before, &nbefore, k < nthen ? then[k] : els[k - nthen]);
    }
}

/* Does n read x (an assignment's target is not a read)?  Not in an
 * assignment that assign() drops (to a current or a name BREAKPOINT computes,
 * not kept: Migliore's `ik = gka*(v - ek)` ending INITIAL). */
static bool reads(const struct tr *t, const struct nmodl_node *n, const char *x)
{
    if (!n)
        return false;
    if (n->kind == NMODL_NAME && strcmp(n->str, x) == 0)
        return true;
    bool target = n->kind == NMODL_ASSIGN && n->kids[0]->kind == NMODL_NAME;
    if (target && !kept(t, n->kids[0]->str) && !held(t, n->kids[0]->str) &&
        (is_current(t, n->kids[0]->str) || name_set_has(&t->computed, n->kids[0]->str)))
        return false;
    for (unsigned i = target; i < n->nkids; i++)
        if (reads(t, n->kids[i], x))
            return true;
    return false;
}

/* A name BREAKPOINT computes that another block reads (`cai' = -ica*k` in
 * DERIVATIVE, `dinit = drive` in INITIAL).  NEURON keeps it in _p: nrn_cur
 * evaluates BREAKPOINT at v + 0.001, then at v, and nrn_state, after it in
 * the same step, reads the value at v; INITIAL reads what was there before
 * (0 in a fresh process: nrn_init runs before finitialize's nrn_cur; a
 * second finitialize would read the last step's).  Where it is per instance
 * (a current, or an ASSIGNED not declared GLOBAL) it is kept as find_kept's
 * are: an assigned variable (X_value for a current) that the `breakpoint`
 * block sets to BREAKPOINT's last value of it, at each evaluation, after
 * what it kept on one path of an if; the currents still read the value
 * itself, and the other blocks read the variable.  A GLOBAL holds the last
 * instance's value (name_ref refuses it). */
static void find_read(struct tr *t, const struct nmodl_node *file, const struct nmodl_node *bp)
{
    t->bp_reach = arena_alloc(t->a, (file->nkids + 1) * sizeof *t->bp_reach);
    memset(t->bp_reach, 0, (file->nkids + 1) * sizeof *t->bp_reach);
    nmodl_callees(file, bp, t->bp_reach, 0);
    /* again until none is added: a kept name's assignment elsewhere is not dropped */
    for (unsigned before = ~0u; before != t->nkept;) {
        before = t->nkept;
        for (unsigned i = 0; i < t->computed.n; i++) {
            const char *x = t->computed.v[i];
            if (kept(t, x) || held(t, x) || is_builtin(x) ||
                !(is_current(t, x) || (declared_assigned(file, x) && !nmodl_is_global(file, x))))
                continue;
            bool read = false;
            for (unsigned k = 0; k < file->nkids && !read; k++) {
                const struct nmodl_node *b = file->kids[k];
                switch (b->kind) {
                case NMODL_INITIAL: case NMODL_DERIVATIVE: case NMODL_KINETIC:
                case NMODL_LINEAR: case NMODL_NONLINEAR: case NMODL_NET_RECEIVE:
                    read = reads(t, b, x);
                    break;
                case NMODL_PROCEDURE: case NMODL_FUNCTION:
                    read = !nmodl_declares(b, x) && reads(t, b->kids[2], x);
                    break;
                default:
                    break;
                }
            }
            if (read)
                add_kept(t, x, true);
        }
    }
}

/* A current a PROCEDURE called from BREAKPOINT assigns (NEURON runs the
 * call with the rest of BREAKPOINT, at v + 0.001 and at v) is held in an
 * assigned variable X_value, which the procedure sets and the `current`
 * reads: the same number at each voltage. */
static void find_held(struct tr *t, const struct nmodl_node *file, const struct nmodl_node *bp)
{
    bool *reach = arena_alloc(t->a, (file->nkids + 1) * sizeof *reach);
    memset(reach, 0, (file->nkids + 1) * sizeof *reach);
    for (unsigned i = 0; i < bp->kids[0]->nkids; i++)
        if (bp->kids[0]->kids[i]->kind == NMODL_CALLSTMT)
            reach_calls(file, bp->kids[0]->kids[i], reach, 0);
    for (unsigned i = 0; i < file->nkids; i++) {
        if (!reach[i])
            continue;
        const struct nmodl_node **targets = NULL;
        unsigned n = 0;
        held_in(t, file->kids[i], file->kids[i]->kids[2], &targets, &n);
        for (unsigned k = 0; k < n; k++) {
            const char *name = targets[k]->str;
            if (held(t, name))
                continue;
            if (name_set_has(&t->computed, name)) {
                /* the procedure would read BREAKPOINT's value of the last call */
                refuse(t, targets[k]->loc, "current '%s' is assigned both in BREAKPOINT and "
                       "in PROCEDURE '%s' it calls; not supported yet", name,
                       file->kids[i]->str);
                continue;
            }
            const char *as = value_name(t, name);
            t->held = arena_realloc(t->a, t->held, t->nheld * sizeof *t->held,
                                    (t->nheld + 1) * sizeof *t->held);
            t->held_as = arena_realloc(t->a, t->held_as, t->nheld * sizeof *t->held_as,
                                       (t->nheld + 1) * sizeof *t->held_as);
            t->held[t->nheld] = name;
            t->held_as[t->nheld++] = as;
        }
    }
}

/* Does a NAME (or VAR, PRIME) x occur in n, outside `skip`, the NEURON block
 * and x's own declaration? */
static bool used_outside(const struct nmodl_node *n, const char *x,
                         const struct nmodl_node *skip)
{
    if (!n || n == skip || n->kind == NMODL_NEURON)
        return false;
    if ((n->kind == NMODL_ASSIGNED || n->kind == NMODL_LOCAL) && !n->str) {
        for (unsigned i = 0; i < n->nkids; i++)
            if (!(n->kids[i]->kind == NMODL_VAR && strcmp(n->kids[i]->str, x) == 0) &&
                used_outside(n->kids[i], x, skip))
                return true;
        return false;
    }
    if ((n->kind == NMODL_NAME || n->kind == NMODL_VAR || n->kind == NMODL_PRIME ||
         n->kind == NMODL_CALL) && n->str && strcmp(n->str, x) == 0)
        return true;
    for (unsigned i = 0; i < n->nkids; i++)
        if (used_outside(n->kids[i], x, skip))
            return true;
    return false;
}

/* The target of the first assignment of x in n, at any depth, or NULL. */
static const struct nmodl_node *assignment_of(const struct nmodl_node *n, const char *x)
{
    if (!n)
        return NULL;
    if (n->kind == NMODL_ASSIGN && n->kids[0]->kind == NMODL_NAME && strcmp(n->kids[0]->str, x) == 0)
        return n->kids[0];
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct nmodl_node *r = assignment_of(n->kids[i], x);
        if (r)
            return r;
    }
    return NULL;
}

/* The first NAME x in n, or NULL. */
static const struct nmodl_node *first_mention(const struct nmodl_node *n, const char *x)
{
    if (!n || n->kind == NMODL_NEURON)
        return NULL;
    if (n->kind == NMODL_NAME && strcmp(n->str, x) == 0)
        return n;
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct nmodl_node *r = first_mention(n->kids[i], x);
        if (r)
            return r;
    }
    return NULL;
}

/* The target of the first assignment of x among body's statements, or NULL. */
static const struct nmodl_node *assignment_at_top(const struct nmodl_node *body, const char *x)
{
    for (unsigned i = 0; body && i < body->nkids; i++) {
        const struct nmodl_node *st = body->kids[i];
        if (st->kind == NMODL_ASSIGN && st->kids[0]->kind == NMODL_NAME &&
            strcmp(st->kids[0]->str, x) == 0)
            return st->kids[0];
    }
    return NULL;
}

static bool declared_assigned(const struct nmodl_node *file, const char *x)
{
    if (is_builtin(x))
        return false;   /* NEURON's v, ...: circ's own */
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *b = file->kids[i];
        if (b->kind == NMODL_ASSIGNED || (b->kind == NMODL_LOCAL && !b->str))
            for (unsigned k = 0; k < b->nkids; k++)
                if (b->kids[k]->kind == NMODL_VAR && strcmp(b->kids[k]->str, x) == 0 &&
                    !nmodl_kid(b->kids[k], 0))
                    return true;
    }
    return false;
}

static bool listed_in(const struct nmodl_node *list, const char *x)
{
    for (unsigned a = 0; list && a < list->nkids; a++)
        if (list->kids[a]->str && strcmp(list->kids[a]->str, x) == 0)
            return true;
    return false;
}

/* An untabulated assignment of the tabled PROCEDURE p's chain (p and what
 * it calls): x is assigned in f (the node `at`). */
struct untabled {
    const char *x;
    const struct nmodl_node *at, *f;
    unsigned count;         /* assignments of x in the chain */
};

static void untabled_in(struct tr *t, const struct nmodl_node *vars,
                        const struct nmodl_node *f, const struct nmodl_node *n,
                        struct untabled **list, unsigned *n_list)
{
    if (!n)
        return;
    if (n->kind == NMODL_ASSIGN && n->kids[0]->kind == NMODL_NAME) {
        const char *x = n->kids[0]->str;
        if (declared_assigned(t->file, x) && !nmodl_declares(f, x) && !listed_in(vars, x) &&
            !is_current(t, x) && !name_set_has(&t->computed, x) &&
            !(f->kind == NMODL_FUNCTION && strcmp(f->str, x) == 0)) {
            unsigned k = 0;
            while (k < *n_list && strcmp((*list)[k].x, x) != 0)
                k++;
            if (k == *n_list) {
                *list = arena_realloc(t->a, *list, k * sizeof **list, (k + 1) * sizeof **list);
                (*list)[k] = (struct untabled){x, n->kids[0], f, 0};
                (*n_list)++;
            }
            (*list)[k].count++;
        }
    }
    for (unsigned i = 0; i < n->nkids; i++)
        untabled_in(t, vars, f, n->kids[i], list, n_list);
}

/* Does x occur in the file outside the functions marked in `chain` (the
 * NEURON block and its declaration aside)? */
static bool mentioned_outside(const struct nmodl_node *file, const bool *chain, const char *x)
{
    for (unsigned i = 0; i < file->nkids; i++)
        if (!chain[i] && used_outside(file->kids[i], x, NULL))
            return true;
    return false;
}

static const struct nmodl_node *block_of(const struct nmodl_node *file, enum nmodl_kind kind)
{
    for (unsigned i = 0; i < file->nkids; i++)
        if (file->kids[i]->kind == kind)
            return file->kids[i];
    return NULL;
}

/* A GLOBAL such as Mainen's `tadj = q10^((celsius - temp)/10)`, read in
 * BREAKPOINT: NEURON leaves in it the value of the table's last point,
 * and the value reads only run constants, so every instance sees it once
 * the table is built (before INITIAL), or once INITIAL has called the
 * procedure with the table off.  circ gives each instance that value at
 * the start of INITIAL.  Refused (false, reported) where NEURON's value
 * could be another one. */
static bool derived_global(struct tr *t, const struct untabled *u, const struct nmodl_node *p)
{
    const struct nmodl_node *file = t->file;
    const char *where = u->f == p ? arena_printf(t->a, "in PROCEDURE '%s',", p->str)
                      : arena_printf(t->a, "in %s '%s', which '%s' calls,",
                                     u->f->kind == NMODL_FUNCTION ? "FUNCTION" : "PROCEDURE",
                                     u->f->str, p->str);
    if (!nmodl_is_global(file, u->x)) {
        /* NEURON writes the first instance's while it builds the table; where
           each block that reads it sets it first (BPG's km.mod: DERIVATIVE
           calls rates() before reading ntau), with the table on or off, no
           computation reads that write (a recording at t = 0 could show it) */
        const struct nmodl_node *r = NULL;
        bool *chain = arena_alloc(t->a, (file->nkids + 1) * sizeof *chain);
        memset(chain, 0, (file->nkids + 1) * sizeof *chain);
        nmodl_callees(file, p->kids[2], chain, 0);
        for (unsigned i = 0; i < file->nkids && !r; i++) {
            const struct nmodl_node *it = file->kids[i];
            if (it == p || chain[i] || !used_outside(it, u->x, NULL))
                continue;
            if (it->kind != NMODL_INITIAL && it->kind != NMODL_DERIVATIVE) {
                r = first_mention(it, u->x);
                break;
            }
            struct nmodl_setwalk w = {.x = u->x, .table_on = true};
            nmodl_walk_sets(file, it->kids[0], &w);
            r = w.bad;
        }
        if (!r)
            return true;
        refuse(t, r->loc, "'%s' is assigned %s whose TABLE does not list it, and read here, "
               "not set first: NEURON writes it into one instance only, while it builds the "
               "table; not supported (list it in the TABLE)", u->x, where);
        return false;
    }
    const struct nmodl_node *value = NULL;
    for (unsigned i = 0; i < u->f->kids[2]->nkids && !value; i++) {
        const struct nmodl_node *st = u->f->kids[2]->kids[i];
        if (st->kind == NMODL_ASSIGN && st->kids[0] == u->at)
            value = st->kids[1];
    }
    const struct nmodl_node *r = value ? nmodl_not_run_constant(file, u->f, value) : NULL;
    if (!value || u->count != 1 || r) {
        refuse(t, (r ? r : u->at)->loc, "GLOBAL '%s' is assigned %s whose TABLE does not list "
               "it, and read elsewhere: NEURON leaves in it the value of the table's last "
               "point; supported where it is set once, outside any if, from parameters, "
               "constants, celsius and dt only", u->x, where);
        return false;
    }
    /* elsewhere only INITIAL may set it, to the same value */
    const struct nmodl_node *init = block_of(file, NMODL_INITIAL);
    bool *chain = arena_alloc(t->a, (file->nkids + 1) * sizeof *chain);
    memset(chain, 0, (file->nkids + 1) * sizeof *chain);
    nmodl_callees(file, p->kids[2], chain, 0);
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *it = file->kids[i];
        if (it == p || chain[i])
            continue;
        const struct nmodl_node *other = it->kind == NMODL_INITIAL ? NULL
                                                                  : assignment_of(it, u->x);
        for (unsigned k = 0; it->kind == NMODL_INITIAL && !other && k < it->kids[0]->nkids; k++) {
            const struct nmodl_node *st = it->kids[0]->kids[k];
            if (!(st->kind == NMODL_ASSIGN && st->kids[0]->kind == NMODL_NAME &&
                  strcmp(st->kids[0]->str, u->x) == 0 && nmodl_same_expr(st->kids[1], value)))
                other = assignment_of(st, u->x);
        }
        if (other) {
            refuse(t, other->loc, "'%s' is assigned here and %s whose TABLE does not list "
                   "it; supported where only INITIAL sets it elsewhere, to the same value",
                   u->x, where);
            return false;
        }
    }
    /* with the table off NEURON sets it only when the procedure runs */
    struct nmodl_setwalk w = {.x = u->x};
    if (init)
        nmodl_walk_sets(file, init->kids[0], &w);
    if (!init || w.bad || !w.set) {
        refuse(t, w.bad ? w.bad->loc : init ? init->loc : u->at->loc, "'%s' is read before "
               "INITIAL sets it or calls '%s', which sets it: with its table off NEURON would "
               "read it unset; not supported", u->x, p->str);
        return false;
    }
    for (unsigned k = 0; k < t->nderived; k++)
        if (strcmp(t->derived[k], u->x) == 0)
            return true;
    t->derived = arena_realloc(t->a, t->derived, t->nderived * sizeof *t->derived,
                               (t->nderived + 1) * sizeof *t->derived);
    t->derived_value = arena_realloc(t->a, t->derived_value,
                                     t->nderived * sizeof *t->derived_value,
                                     (t->nderived + 1) * sizeof *t->derived_value);
    t->derived[t->nderived] = u->x;
    t->derived_value[t->nderived++] = value;
    return true;
}

/* What a PROCEDURE with a TABLE (p), and what it calls, assigns without
 * the TABLE listing it (Mainen-style `tadj`, `a`, `b`, `mtau` before
 * `mexp = ...`).  NEURON runs the chain only while it builds the table
 * (on one instance) and when the table is off:
 *  - assigned at p's top level and mentioned nowhere else: p's LOCAL;
 *  - mentioned only in the chain, set there before it is read: the
 *    mechanism's assigned variable (circ's table build gives it a scratch
 *    value, as it does each assigned variable, and writes no instance);
 *  - read elsewhere: derived_global, or refused.
 * A read before the chain sets it is refused: it would read another
 * instance's value. */
static void find_scratch(struct tr *t, const struct nmodl_node *file)
{
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *p = file->kids[i];
        if (p->kind != NMODL_PROCEDURE)
            continue;
        const struct nmodl_node *tab = find_table(p->kids[2]);
        if (!tab)
            continue;
        const struct nmodl_node *vars = nmodl_kid(tab, 0);
        bool *chain = arena_alloc(t->a, (file->nkids + 1) * sizeof *chain);
        memset(chain, 0, (file->nkids + 1) * sizeof *chain);
        nmodl_callees(file, p->kids[2], chain, 0);
        chain[i] = true;
        struct untabled *list = NULL;
        unsigned n = 0;
        for (unsigned k = 0; k < file->nkids; k++)
            if (chain[k])
                untabled_in(t, vars, file->kids[k], file->kids[k]->kids[2], &list, &n);
        for (unsigned k = 0; k < n; k++) {
            const struct untabled *u = &list[k];
            name_set_add(t->a, &t->untabled, u->x);
            bool known = false;
            for (unsigned a = 0; a < t->nscratch; a++)
                known = known || strcmp(t->scratch[a]->str, u->x) == 0;
            if (known)
                continue;
            struct nmodl_setwalk w = {.x = u->x};
            nmodl_walk_sets(file, p->kids[2], &w);
            if (w.bad) {
                refuse(t, w.bad->loc, "'%s' is %s in PROCEDURE '%s' (or what it calls), whose "
                       "TABLE does not list it: NEURON would %s another instance's value; not "
                       "supported (list it in the TABLE)", u->x,
                       w.bad_assign ? "assigned on only one path of an if, or only in a loop,"
                                    : "read before it is set",
                       p->str, w.bad_assign ? "keep" : "read");
                continue;
            }
            if (u->f == p && assignment_at_top(p->kids[2], u->x) &&
                !used_outside(file, u->x, p)) {
                t->scratch = arena_realloc(t->a, t->scratch, t->nscratch * sizeof *t->scratch,
                                           (t->nscratch + 1) * sizeof *t->scratch);
                t->scratch_in = arena_realloc(t->a, t->scratch_in,
                                              t->nscratch * sizeof *t->scratch_in,
                                              (t->nscratch + 1) * sizeof *t->scratch_in);
                t->scratch[t->nscratch] = assignment_at_top(p->kids[2], u->x);
                t->scratch_in[t->nscratch++] = p;
                continue;
            }
            if (mentioned_outside(file, chain, u->x))
                derived_global(t, u, p);
        }
    }
}

/* Whether x is an argument of a NET_RECEIVE (its own name there). */
static bool receive_arg(const struct nmodl_node *recv, const char *x)
{
    const struct nmodl_node *args = nmodl_kid(recv, 0);
    for (unsigned i = 0; args && i < args->nkids; i++)
        if (strcmp(args->kids[i]->str, x) == 0)
            return true;
    return false;
}

/* The first assignment of x in n whose value is not `value` (or, with value
 * NULL, the first one), into *first; false when one assigns something other
 * than a run constant (f: the PROCEDURE or FUNCTION n is in, or NULL). */
static bool same_constant_sets(const struct nmodl_node *file, const struct nmodl_node *f,
                               const struct nmodl_node *n, const char *x,
                               const struct nmodl_node **value)
{
    if (!n)
        return true;
    if (n->kind == NMODL_ASSIGN && n->kids[0]->kind == NMODL_NAME && strcmp(n->kids[0]->str, x) == 0) {
        if (nmodl_not_run_constant(file, f, n->kids[1]))
            return false;
        if (*value && !nmodl_same_expr(*value, n->kids[1]))
            return false;
        *value = n->kids[1];
    }
    for (unsigned i = 0; i < n->nkids; i++)
        if (!same_constant_sets(file, f, n->kids[i], x, value))
            return false;
    return true;
}

/* A GLOBAL every assignment of which gives it the same value of parameters,
 * constants, celsius and dt (Mainen's tadj = q10^((celsius - temp)/10)),
 * and which INITIAL sets before reading it: from INITIAL on, NEURON's one
 * variable and each instance's copy hold that value. */
static bool run_constant_global(const struct nmodl_node *file, const char *x)
{
    const struct nmodl_node *value = NULL, *init = NULL;
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *it = file->kids[i];
        bool fn = it->kind == NMODL_PROCEDURE || it->kind == NMODL_FUNCTION;
        if (!same_constant_sets(file, fn ? it : NULL, it, x, &value))
            return false;
        if (it->kind == NMODL_INITIAL)
            init = it;
    }
    struct nmodl_setwalk w = {.x = x};
    if (init)
        nmodl_walk_sets(file, init->kids[0], &w);
    return value && init && w.set && !w.bad;
}

/* The PROCEDURE BREAKPOINT's SOLVE names (a SOLVE without METHOD): nocmodl
 * calls it in nrn_state, once a step, apart from the current's evaluation;
 * NULL if it names another kind of block. */
static const struct nmodl_node *solved_procedure(const struct tr *t,
                                                 const struct nmodl_node *file)
{
    const struct nmodl_node *f = t->solve ? nmodl_find_callee(file, t->solve->str) : NULL;
    return f && f->kind == NMODL_PROCEDURE ? f : NULL;
}

/* Where NEURON enters the code of the file, each run from nothing: the
 * body of item `it` that it runs as one entry point for x, or NULL (not an
 * entry point, or one that has its own x). */
static const struct nmodl_node *entry_body(const struct nmodl_node *it,
                                           const struct nmodl_node *solved_proc, const char *x)
{
    const struct nmodl_node *body;
    switch (it->kind) {
    case NMODL_INITIAL: case NMODL_BREAKPOINT: case NMODL_DERIVATIVE:
        body = it->kids[0];
        break;
    case NMODL_KINETIC: case NMODL_LINEAR: case NMODL_NONLINEAR:
        body = nmodl_kid(it, 1);
        break;
    case NMODL_NET_RECEIVE:
        body = receive_arg(it, x) ? NULL : nmodl_kid(it, 1);
        break;
    case NMODL_PROCEDURE:     /* BREAKPOINT's SOLVE of it: nrn_state calls it */
        return it == solved_proc && !nmodl_declares(it, x) ? it->kids[2] : NULL;
    default:
        return NULL;
    }
    return body && !is_local_of(body, x) ? body : NULL;
}

/* A GLOBAL of NEURON's temperature cache (nmodl_cache.c): -1 where it
 * needs no more checks (the cache's stamp; a value from INITIAL on; or
 * refused here: a value that may differ between instances), 1 where each
 * entry point must pass a cache before reading it, 0: not the cache's. */
static int temperature_cache(struct tr *t, const struct nmodl_node *file, const char *x)
{
    if (nmodl_cache_stamp(file, x))
        return -1;      /* only compared and stamped: each instance's copy does */
    const struct nmodl_node *bad = NULL;
    if (!nmodl_cached(file, x, &bad))
        return 0;
    if (bad) {
        refuse(t, bad->loc, "GLOBAL '%s' keeps a value for the temperature (NEURON's cache "
               "`if (s != celsius) { ... s = celsius }`), but %s%s%s may differ between "
               "instances or calls: NEURON keeps the one computed first for all; not supported",
               x, bad->kind == NMODL_NAME ? "'" : "this value", bad->kind == NMODL_NAME ?
               bad->str : "", bad->kind == NMODL_NAME ? "'" : "");
        name_set_add(t->a, &t->shared_told, x);
        return -1;
    }
    struct nmodl_setwalk w = {.x = x, .cache = true};
    for (unsigned i = 0; i < file->nkids; i++)
        if (file->kids[i]->kind == NMODL_INITIAL)
            nmodl_walk_sets(file, file->kids[i]->kids[0], &w);
    return w.set && !w.bad ? -1 : 1;   /* INITIAL passes a cache before reading it */
}

/* An ASSIGNED that is one variable for all instances in NEURON (GLOBAL), or
 * a LOCAL declared outside every block (one C variable in nocmodl's output
 * too), is each instance's in circ.
 * Where every block that reads it sets it first, on every path (hh's minf,
 * set by rates() before the state update reads it), that is the same
 * arithmetic.  Where a block reads it before setting it, it carries a value
 * from another instance or an earlier call through NEURON's one copy (a
 * spike counter, an artificial cell's last event time): refused, since circ
 * would give each instance its own.  The blocks are NEURON's entry points,
 * each followed into what it calls: INITIAL, BREAKPOINT (its current), the
 * state updates, NET_RECEIVE, and the PROCEDURE a SOLVE without METHOD
 * runs (a counter there carries from instance to instance and step to
 * step as well). */
static void refuse_shared_state(struct tr *t, const struct nmodl_node *file)
{
    const struct nmodl_node *solved_proc = solved_procedure(t, file);
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *blk = file->kids[i];
        if (blk->kind != NMODL_ASSIGNED && blk->kind != NMODL_LOCAL)
            continue;
        bool local = blk->kind == NMODL_LOCAL;    /* at the top level: the file's */
        for (unsigned k = 0; k < blk->nkids; k++) {
            const char *x = blk->kids[k]->str;
            if (blk->kids[k]->kind != NMODL_VAR || is_builtin(x) ||
                !(local || nmodl_is_global(file, x)) || is_current(t, x) || is_ion_name(t, x))
                continue;
            if (name_set_has(&t->untabled, x) || !assignment_of(file, x) ||
                run_constant_global(file, x))
                continue;   /* find_scratch's (one value for the run, a table's own, or
                               refused), never assigned (hoc's one value, a constant), or
                               one value for the run from INITIAL on */
            int cache = local ? 0 : temperature_cache(t, file, x);
            if (cache < 0)
                continue;
            for (unsigned e = 0; e < file->nkids; e++) {
                const struct nmodl_node *it = file->kids[e];
                const struct nmodl_node *body = entry_body(it, solved_proc, x);
                struct nmodl_setwalk w = {.x = x, .cache = cache, .reads_only = local};
                if (body)
                    nmodl_walk_sets(file, body, &w);
                if (!w.bad)
                    continue;
                refuse(t, w.bad->loc, "%s '%s' is one variable shared by all instances in "
                       "NEURON, and this block %s: NEURON would carry another instance's value, "
                       "or an earlier call's, into it; circ gives each instance its own, so this "
                       "is not supported (%s if each instance should keep its own)",
                       local ? "the file's LOCAL" : "GLOBAL", x,
                       w.bad_assign ? "sets it on one path only" : "reads it before setting it",
                       local ? "make it an ASSIGNED declared RANGE" : "declare it RANGE");
                if (it == solved_proc)
                    diag_note(t->d, t->solve->loc, "BREAKPOINT's SOLVE runs '%s' once a step "
                              "for each instance, one instance after another", it->str);
                name_set_add(t->a, &t->shared_told, x);
                break;
            }
        }
    }
}

/* The names an argument or LOCAL may shadow: what the mechanism declares
 * (NEURON's own v, t, ... aside: circ's built-ins may be shadowed), its
 * ions' variables, currents, FUNCTIONs, PROCEDUREs and usetable. */
static void collect_members(struct tr *t, const struct nmodl_node *file)
{
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *it = file->kids[i];
        switch (it->kind) {
        case NMODL_PARAMETER: case NMODL_STATE: case NMODL_ASSIGNED: case NMODL_CONSTANT:
        case NMODL_LOCAL: case NMODL_UNITS:
            for (unsigned k = 0; k < it->nkids; k++)
                if ((it->kids[k]->kind == NMODL_VAR || it->kids[k]->kind == NMODL_FACTOR) &&
                    !is_builtin(it->kids[k]->str))
                    add_listed(t, &t->members, &t->nmembers, it->kids[k]->str);
            break;
        case NMODL_FUNCTION: case NMODL_PROCEDURE:
            add_listed(t, &t->members, &t->nmembers, it->str);
            if (find_table(it->kids[2]))
                add_listed(t, &t->members, &t->nmembers, arena_intern(t->a, "usetable", 8));
            break;
        default:
            break;
        }
    }
    for (unsigned i = 0; i < t->nion_names; i++)
        add_listed(t, &t->members, &t->nmembers, t->ion_names[i]);
    for (unsigned i = 0; i < t->ncurrents; i++)
        add_listed(t, &t->members, &t->nmembers, t->currents[i]->str);
}

/* The block SOLVE s names, checking the method. */
static const struct nmodl_node *solved(struct tr *t, const struct nmodl_node *file,
                                       const struct nmodl_node *s)
{
    if (!s)
        return NULL;
    const struct nmodl_node *target = NULL;
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *it = file->kids[i];
        if ((it->kind == NMODL_DERIVATIVE || it->kind == NMODL_KINETIC ||
             it->kind == NMODL_LINEAR || it->kind == NMODL_NONLINEAR ||
             it->kind == NMODL_PROCEDURE) && it->str && strcmp(it->str, s->str) == 0)
            target = it;
    }
    if (!target) {
        refuse(t, s->loc, "SOLVE names '%s', which is not a block of this file", s->str);
        return NULL;
    }
    const struct nmodl_node *method = nmodl_kid(s, 0);
    if (target->kind == NMODL_KINETIC) {
        if (s->op != NMODL_METHOD || !method || strcmp(method->str, "sparse") != 0) {
            refuse(t, method ? method->loc : s->loc, "SOLVE %s: a KINETIC block is supported "
                   "with METHOD sparse only, yet", s->str);
            return NULL;
        }
        return target;
    }
    if (target->kind == NMODL_PROCEDURE) {
        /* nocmodl calls it in nrn_state, once a step (not at INITIAL); a
           METHOD would be "can't be used with Block" there, but for
           after_cvode and cvode_t, which change only what CVODE does (with
           the fixed step, cvode_t's "if (!cvode_active_)" is true) */
        bool cvode_only = s->op == NMODL_METHOD && method &&
                          (strcmp(method->str, "after_cvode") == 0 ||
                           strcmp(method->str, "cvode_t") == 0);
        if (s->op != NMODL_SOLVE_PLAIN && !cvode_only) {
            refuse(t, method ? method->loc : s->loc, "SOLVE %s: a PROCEDURE is solved by "
                   "calling it once a step, without METHOD (but after_cvode or cvode_t) or "
                   "STEADYSTATE", s->str);
            return NULL;
        }
        if (target->kids[0] && target->kids[0]->nkids) {
            refuse(t, s->loc, "SOLVE %s: a PROCEDURE that SOLVE calls takes no arguments",
                   s->str);
            return NULL;
        }
        return target;
    }
    if (target->kind == NMODL_LINEAR || target->kind == NMODL_NONLINEAR)
        return system_method_ok(t, s, target) ? target : NULL;
    if (target->kind != NMODL_DERIVATIVE) {
        refuse(t, s->loc, "SOLVE %s: %s blocks are not supported yet", s->str,
               construct(target));
        return NULL;
    }
    if (s->op != NMODL_METHOD || !method) {
        refuse(t, s->loc, "SOLVE %s without METHOD cnexp or derivimplicit is not supported "
               "yet", s->str);
        return NULL;
    }
    if (strcmp(method->str, "cnexp") != 0 && strcmp(method->str, "derivimplicit") != 0 &&
        strcmp(method->str, "euler") != 0 && strcmp(method->str, "runge") != 0) {
        refuse(t, method->loc, "METHOD %s is not supported yet (cnexp, derivimplicit, euler "
               "and runge are)", method->str);
        return NULL;
    }
    return target;
}

/* INITIAL's translation `out` of `in`, after the run-constant GLOBALs a
 * tabled PROCEDURE sets (derived_global), unless `in` starts with the same
 * assignment (Mainen's later files set tadj so). */
static struct ast *derived_first(struct tr *t, const struct nmodl_node *in, struct ast *out)
{
    struct ast *blk = node(t, AST_BLOCK, out->loc, NULL);
    for (unsigned k = 0; k < t->nderived; k++) {
        const struct nmodl_node *first = in->nkids ? in->kids[0] : NULL;
        if (first && first->kind == NMODL_ASSIGN && first->kids[0]->kind == NMODL_NAME &&
            strcmp(first->kids[0]->str, t->derived[k]) == 0 &&
            nmodl_same_expr(first->kids[1], t->derived_value[k]))
            continue;
        const struct nmodl_node *e = t->derived_value[k];
        ast_add(t->a, blk, ast_make(t->a, AST_ASSIGN, e->loc, t->derived[k], 1, expr(t, e)));
    }
    if (!blk->nkids)
        return out;
    for (unsigned k = 0; k < out->nkids; k++)
        ast_add(t->a, blk, out->kids[k]);
    return blk;
}

/* nocmodl's initmodel sets each STATE to its START value (its s0 global,
 * 0 without START) before INITIAL's statements; a concentration the
 * mechanism writes starts from the ion's value instead.  circ's states start
 * at 0: the START values, as assignments ahead of `out` (a new block when the
 * file has no INITIAL: out NULL). */
static struct ast *start_values(struct tr *t, const struct nmodl_node *file, struct ast *out,
                                struct loc at)
{
    struct ast *blk = node(t, AST_BLOCK, out ? out->loc : at, NULL);
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *b = file->kids[i];
        for (unsigned k = 0; b->kind == NMODL_STATE && k < b->nkids; k++) {
            const struct nmodl_node *v = b->kids[k], *start = nmodl_kid(v, 1);
            if (v->kind == NMODL_VAR && start && !is_ion_name(t, v->str) && !is_builtin(v->str))
                ast_add(t->a, blk, ast_make(t->a, AST_ASSIGN, start->loc, v->str, 1,
                                            expr(t, start)));
        }
    }
    if (!blk->nkids)
        return out;
    for (unsigned k = 0; out && k < out->nkids; k++)
        ast_add(t->a, blk, out->kids[k]);
    return blk;
}

static bool has_solve(const struct nmodl_node *bp)
{
    for (unsigned k = 0; k < bp->kids[0]->nkids; k++)
        if (bp->kids[0]->kids[k]->kind == NMODL_SOLVE)
            return true;
    return false;
}

/* The first assignment in n of a STATE BREAKPOINT assigns (clamp_state). */
static const struct nmodl_node *first_state_assign(const struct tr *t, const struct nmodl_node *n)
{
    if (!n)
        return NULL;
    if (n->kind == NMODL_ASSIGN && n->kids[0]->kind == NMODL_NAME &&
        name_set_has(&t->bp_states, n->kids[0]->str))
        return n;
    for (unsigned i = 0; i < n->nkids; i++) {
        const struct nmodl_node *a = first_state_assign(t, n->kids[i]);
        if (a)
            return a;
    }
    return NULL;
}

/* A mechanism without currents whose BREAKPOINT assigns a STATE: nocmodl
 * runs BREAKPOINT's statements in nrn_state, after the SOLVE wherever it
 * stands, and before it writes a concentration back to the ion.  The end of
 * circ's cnexp `derivative` block is that place; euler's, runge's and
 * derivimplicit's blocks are not (their statements are the integration's),
 * nor is a kinetic one's. */
static bool after_solve_fits(struct tr *t, const struct nmodl_node *bp)
{
    const struct nmodl_node *at = first_state_assign(t, bp->kids[0]);
    const char *why = t->kind != MECH_DENSITY ? "a POINT_PROCESS or ARTIFICIAL_CELL"
        : !t->solved || t->solved->kind != NMODL_DERIVATIVE ? "SOLVE of a KINETIC or other block"
        : !is_method(t, "cnexp") || t->cnexp_implicit ? "a METHOD other than cnexp"
        : t->kin_solved || t->nside ? "more than one SOLVE"
        : t->computed.n ? "other assignments in BREAKPOINT"
        : NULL;
    if (why && at)
        refuse(t, at->loc, "state '%s' is assigned in BREAKPOINT of a mechanism without "
               "currents, which nocmodl runs after the SOLVE in nrn_state; with %s, not "
               "supported (after a DERIVATIVE block's SOLVE ... METHOD cnexp it is)",
               at->kids[0]->str, why);
    return !why;
}

/* ... and so BREAKPOINT's statements (but the SOLVE) end the derivative block. */
static void statements_after_solve(struct tr *t, const struct nmodl_node *bp, struct ast *deriv)
{
    t->where = W_DERIVATIVE;
    unsigned outer = t->nscope;
    for (unsigned i = 0; i < bp->kids[0]->nkids; i++)
        if (bp->kids[0]->kids[i]->kind != NMODL_SOLVE)
            stmt(t, bp->kids[0]->kids[i], deriv->kids[0], false);
    t->nscope = outer;
}

struct ast *nmodl_to_circ(struct arena *arena, struct diag_sink *diag,
                          const struct nmodl_node *file)
{
    struct tr t = {.a = arena, .d = diag, .ok = true, .kind = MECH_DENSITY};
    struct ast *prog = ast_new(arena, AST_PROGRAM, file->loc);
    file = nmodl_unroll(arena, diag, file, &t.elems);     /* x[k] is x_k from here on */
    if (!t.elems.ok)
        return prog;    /* what was not unrolled would be refused again below */
    t.file = file;
    const struct nmodl_node *bp = NULL;
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *it = file->kids[i];
        if (it->kind == NMODL_NEURON)
            neuron_block(&t, it);
        if (it->kind == NMODL_BREAKPOINT) {
            bp = it;
            collect_solves(&t, it->kids[0]);
        }
    }
    collect_members(&t, file);
    take_names(&t, file);
    if (!t.suffix) {
        refuse(&t, file->loc, "this .mod file has no SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL "
               "in its NEURON block");
        return prog;
    }
    /* a density mechanism without currents: nocmodl runs BREAKPOINT in
       nrn_state, once a step after the voltage update (distr.mod's peak v) */
    bool bp_in_state = bp && t.kind == MECH_DENSITY && t.ncurrents == 0 && !has_solve(bp);
    if (bp && !bp_in_state) {
        /* names BREAKPOINT computes (its LOCALs aside) live only in the currents */
        computed_in(&t, bp->kids[0], bp->kids[0]);
        find_held(&t, file, bp);
        find_kept(&t, file, bp);
        find_read(&t, file, bp);
    }
    /* BREAKPOINT assigns a STATE, without currents to compute */
    bool bp_after_solve = bp && !bp_in_state && t.ncurrents == 0 && t.bp_states.n;
    find_scratch(&t, file);
    refuse_shared_state(&t, file);
    if (t.kind == MECH_ARTIFICIAL && t.ncurrents)
        refuse(&t, t.currents[0]->loc, "an ARTIFICIAL_CELL has no membrane current");

    struct ast *mech = ast_new(arena, AST_MECH, file->loc);
    mech->str = t.suffix->str;
    mech->nloc = t.suffix->nloc.end > t.suffix->nloc.start ? t.suffix->nloc : t.suffix->loc;
    mech->op = t.kind;
    mech->num = 1;      /* NMODL-sourced: arithmetic as written, no unit conversions */
    for (unsigned i = 0; i < t.nuseions; i++)
        ast_add(arena, mech, t.useions[i]);
    const struct nmodl_node *deriv = solved(&t, file, t.solve);
    t.solved = deriv;
    t.kin_solved = solved(&t, file, t.kin_solve);
    check_cnexp(&t, deriv);
    if (bp_after_solve && !after_solve_fits(&t, bp))
        bp_after_solve = false;     /* refused */
    /* a DERIVATIVE and a KINETIC block: the first in the file is held when
       BREAKPOINT solves it second, and added after the other */
    struct ast *held_block = NULL;
    bool pair_seen = false;

    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *it = file->kids[i];
        switch (it->kind) {
        case NMODL_PARAMETER:
        case NMODL_STATE:
        case NMODL_ASSIGNED:
        case NMODL_CONSTANT:
        case NMODL_LOCAL:
            declare(&t, it, mech);
            break;
        case NMODL_UNITS:
            for (unsigned k = 0; k < it->nkids; k++)
                if (it->kids[k]->kind == NMODL_FACTOR)
                    unit_factor(&t, it->kids[k], mech);
            break;
        default:
            break;
        }
    }
    for (unsigned i = 0; i < t.nheld + t.nkept; i++) {     /* a current not declared ASSIGNED */
        const char *as = i < t.nheld ? t.held_as[i] : t.kept_as[i - t.nheld];
        bool declared = false;
        for (unsigned k = 0; k < mech->nkids; k++)
            declared = declared || (mech->kids[k]->kind == AST_ASSIGNED &&
                                    strcmp(mech->kids[k]->str, as) == 0);
        if (!declared)
            ast_add(arena, mech, ast_make(arena, AST_ASSIGNED, mech->loc, as, 2, NULL, NULL));
    }
    for (unsigned i = 0; i < file->nkids; i++) {
        const struct nmodl_node *it = file->kids[i];
        struct ast *r = NULL;
        switch (it->kind) {
        case NMODL_FILE: case NMODL_TITLE: case NMODL_UNITSON: case NMODL_NEURON:
        case NMODL_UNITS: case NMODL_PARAMETER: case NMODL_STATE: case NMODL_ASSIGNED:
        case NMODL_CONSTANT: case NMODL_INDEPENDENT:
            break;
        case NMODL_FUNCTION:
        case NMODL_PROCEDURE:
            r = function(&t, it);
            break;
        case NMODL_INITIAL:
            t.where = W_INITIAL;
            r = ast_make(arena, AST_INITIAL, it->loc, NULL, 1,
                         start_values(&t, file, derived_first(&t, it->kids[0],
                                                             block(&t, it->kids[0], false)),
                                      it->loc));
            break;
        case NMODL_DERIVATIVE:
            if (it == deriv)
                r = derivative(&t, it);
            if (r && bp_after_solve)
                statements_after_solve(&t, bp, r);
            if (r)
                side_solves_fit(&t, "a DERIVATIVE block");
            if (r && t.kin_solved && t.kin_first && !pair_seen)
                held_block = r;     /* the KINETIC block, later in the file, runs first */
            pair_seen = pair_seen || r;
            break;      /* a block no SOLVE names is never run */
        case NMODL_KINETIC:
            if ((it == deriv || it == t.kin_solved) && side_solves_fit(&t, "a KINETIC block"))
                r = kinetic(&t, it);
            if (r && t.kin_solved && !t.kin_first && !pair_seen)
                held_block = r;
            pair_seen = pair_seen || r;
            break;
        case NMODL_LINEAR:
        case NMODL_NONLINEAR:
            r = system_block(&t, it);
            break;
        case NMODL_NET_RECEIVE:
            r = receive(&t, it);
            break;
        case NMODL_BREAKPOINT:
            if (bp_in_state) {
                t.where = W_DERIVATIVE;
                r = ast_make(arena, AST_DERIVATIVE, it->loc, NULL, 1,
                             block(&t, it->kids[0], false));
            } else if (!bp_after_solve) {
                breakpoint(&t, it, mech);
            }
            break;
        case NMODL_LOCAL:
            break;      /* declared with the ASSIGNED */
        default:
            not_yet(&t, it);
            break;
        }
        if (r && r == held_block)
            continue;
        if (r)
            ast_add(arena, mech, r);
        if (r && held_block && (it->kind == NMODL_DERIVATIVE || it->kind == NMODL_KINETIC)) {
            ast_add(arena, mech, held_block);   /* the two in BREAKPOINT's order */
            held_block = NULL;
        }
    }
    if (!block_of(file, NMODL_INITIAL)) {   /* START values without an INITIAL block */
        t.where = W_INITIAL;
        struct ast *starts = start_values(&t, file, NULL, mech->loc);
        if (starts)
            ast_add(arena, mech, ast_make(arena, AST_INITIAL, mech->loc, NULL, 1, starts));
    }
    /* a NONLINEAR block's unknowns are numbered in nocmodl's symbol order too */
    bool nonlinear = false;
    for (unsigned i = 0; i < file->nkids; i++)
        nonlinear = nonlinear || file->kids[i]->kind == NMODL_NONLINEAR;
    if ((deriv && (deriv->kind == NMODL_KINETIC || is_derivimplicit(&t))) || t.kin_solved ||
        nonlinear)
        order_states(&t, file, mech);
    if (t.ok)
        ast_add(arena, prog, mech);
    return prog;
}
