/* test_pure.c - compiler/lower/pure.c: which functions of a mechanism are
 * pure (a recorded value may call them), and why the others are not. */
#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"
#include "lower.h"

/* Is function fn of mechanism `mech` of src pure?  *why gets the reason. */
static bool pure(const char *src, const char *mech, const char *fn, struct ir_effect *why,
                 char *what, size_t n)
{
    struct front *f = check_src(src);
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    struct ir_model *ir = lower_model(f->sema);
    cr_assert(ir, "%s", diag_of(f));
    int k = lower_mech_index(ir, mech);
    cr_assert(k >= 0, "no mechanism %s", mech);
    const struct ir_mech *m = &ir->mechs[k];
    int fi = -1;
    for (unsigned i = 0; i < m->nfuncs; i++)
        if (strcmp(m->funcs[i].name, fn) == 0)
            fi = (int)i;
    cr_assert(fi >= 0, "no function %s", fn);
    bool yes = ir_func_pure(m, fi, why);
    /* the names the reason refers to, "called/func/var", before the IR goes */
    snprintf(what, n, "%s/%s/%s", why->called >= 0 ? m->funcs[why->called].name : "-",
             why->func >= 0 ? m->funcs[why->func].name : "-",
             why->var >= 0 ? m->vars[why->var].name : "-");
    front_destroy(f);
    return yes;
}

#define MECH(body)                                                                        \
    "density d {\n parameter g = 0.001 S/cm2\n assigned n\n state s\n" body               \
    "\n current i = g * (v + 65 mV)\n initial { n = 0\n s = 0 }\n}\n"

Test(pure, reads_and_locals)
{
    struct ir_effect why;
    char what[128];
    /* locals, an argument assigned, an if, reads of the mechanism's variables */
    cr_assert(pure(MECH(" function f(x: S/cm2): S/cm2 {\n let y = 2 * x\n x = y / 2\n"
                        " if (x > g) { x = g }\n return x * s + n * 0 S/cm2 }"),
                   "d", "f", &why, what, sizeof what));
    cr_assert_eq(why.kind, IRE_NONE);
    /* calling a pure function, and a pure procedure */
    cr_assert(pure(MECH(" function f(x: S/cm2): S/cm2 { return x }\n"
                        " procedure p(x: S/cm2) { let y = x }\n"
                        " function h(x: S/cm2): S/cm2 {\n p(x)\n return f(x) }"),
                   "d", "h", &why, what, sizeof what));
}

Test(pure, nmdax_mgblock)
{
    /* a FUNCTION with a TABLE that depends on a GLOBAL: tables are built
       before the run, a call only reads one */
    struct ir_effect why;
    char what[128];
    cr_assert(pure("import \"" SRCDIR "/tests/neuron/mod/nmdax.mod\"\n", "NMDAx", "mgblock",
                   &why, what, sizeof what));
}

Test(pure, effects)
{
    struct ir_effect why;
    char what[128];
    cr_assert_not(pure(MECH(" function f(x: S/cm2): S/cm2 {\n n = n + 1\n return x }"),
                       "d", "f", &why, what, sizeof what));
    cr_assert_eq(why.kind, IRE_WRITE);
    cr_assert_str_eq(what, "f/f/n");
    /* through a procedure that writes a state */
    cr_assert_not(pure(MECH(" procedure p() { s = 1 }\n"
                            " function f(x: S/cm2): S/cm2 {\n p()\n return x }"),
                       "d", "f", &why, what, sizeof what));
    cr_assert_eq(why.kind, IRE_WRITE);
    cr_assert_str_eq(what, "f/p/s");
    /* a draw, in a function a function calls */
    cr_assert_not(pure(MECH(" function r(): 1 { return urand() }\n"
                            " function f(x: S/cm2): S/cm2 { return x * r() }"),
                       "d", "f", &why, what, sizeof what));
    cr_assert_eq(why.kind, IRE_DRAW);
    cr_assert_str_eq(what, "f/r/-");
    /* v is the mechanism's (kshift.mod's procedures shift it) */
    cr_assert_not(pure("import \"" SRCDIR "/tests/neuron/mod/kshift.mod\"\n", "kshift", "shift",
                       &why, what, sizeof what));
    cr_assert_str_eq(what, "shift/shift/v");
}

/* What lowering refuses as recursion, and events, built by hand: a cycle
 * is impure (nothing proves it ends); send, emit, move, watch are effects. */
Test(pure, cycles_and_events)
{
    struct ir_var vars[] = {{.name = "x", .kind = IRV_LOCAL, .slot = -1, .ion = -1}};
    struct ir_expr x = {.op = IR_VAR, .var = 0};
    struct ir_expr *onearg[] = {&x};
    struct ir_expr call_b = {.op = IR_CALL, .aux = 1, .nargs = 1, .args = onearg};
    struct ir_expr call_a = {.op = IR_CALL, .aux = 0, .nargs = 1, .args = onearg};
    struct ir_stmt ret_b = {.kind = IRS_RETURN, .e = &call_b};
    struct ir_stmt ret_a = {.kind = IRS_RETURN, .e = &call_a};
    struct ir_stmt *body_a[] = {&ret_b}, *body_b[] = {&ret_a};
    struct ir_stmt send = {.kind = IRS_SEND, .e = &x, .e2 = &x};
    struct ir_stmt *body_c[] = {&send};
    struct ir_func funcs[] = {
        {.name = "a", .has_result = true, .body = {body_a, 1}},
        {.name = "b", .has_result = true, .body = {body_b, 1}},
        {.name = "c", .body = {body_c, 1}},
    };
    struct ir_mech m = {.name = "m", .vars = vars, .nvars = 1, .funcs = funcs, .nfuncs = 3};
    struct ir_effect why;
    cr_assert_not(ir_func_pure(&m, 0, &why));
    cr_assert_eq(why.kind, IRE_CYCLE);
    cr_assert_eq(why.called, 0);
    cr_assert_eq(why.func, 0, "a is reached again from itself");
    cr_assert_not(ir_expr_pure(&m, &call_b, &why));
    cr_assert_eq(why.kind, IRE_CYCLE);
    cr_assert_eq(why.called, 1);
    cr_assert_not(ir_func_pure(&m, 2, &why));
    cr_assert_eq(why.kind, IRE_EVENT);
    cr_assert_eq(why.stmt, IRS_SEND);
    /* an expression's own draw, and a spike train read (not a draw) */
    struct ir_expr draw = {.op = IR_RAND, .aux = IRR_URAND};
    cr_assert_not(ir_expr_pure(&m, &draw, &why));
    cr_assert_eq(why.kind, IRE_DRAW);
    cr_assert_eq(why.called, -1);
    struct ir_expr train = {.op = IR_RAND, .aux = IRR_TRAIN_SIZE};
    cr_assert(ir_expr_pure(&m, &train, NULL));
}
