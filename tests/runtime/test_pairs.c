/* test_pairs.c - connection properties that depend on the pair of cells
 * (distance, either cell's position): the connections drawn, threads, the
 * serialized model, and what a bad delay does. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "sema_int.h"
#include "../slurp.h"

#define MODEL SRCDIR "/tests/runtime/cases/distance_rules.circ"

static void open_path(struct engine *e, const char *path)
{
    struct front_options fo = {.stop_after = PASS_ALL};
    struct cg_options co = {.exact = false, .opt_level = 2};
    cr_assert(engine_open(e, path, &fo, &co), "%s", diag_text(e->front->diag));
}

static void open_model(struct engine *e)
{
    open_path(e, MODEL);
}

/* The model with its rule-1 delay replaced by `delay`, in a temporary file
 * (path: a mkstemps template ending in ".circ"). */
static void with_delay(const char *delay, char *path)
{
    static const char old[] = "delay = 0.5 ms + dist_3d / (300 um) * 1 ms";
    int fd = mkstemps(path, 5);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    char *text = slurp(MODEL, NULL);
    cr_assert(text);
    char *at = strstr(text, old);
    cr_assert(at);
    fwrite(text, 1, (size_t)(at - text), f);
    fputs(delay, f);
    fputs(at + strlen(old), f);
    fclose(f);
    free(text);
}

static double dist(const double *pos, int a, int b)
{
    double dx = pos[3 * a] - pos[3 * b], dy = pos[3 * a + 1] - pos[3 * b + 1],
           dz = pos[3 * a + 2] - pos[3 * b + 2];
    return sqrt(dx * dx + dy * dy + dz * dz);
}

/* Rule 1 connects a -> b exactly where dist_3d < 150 um. */
Test(pairs, probability_of_distance, .timeout = 120)
{
    struct engine e;
    open_model(&e);
    struct crt_result r;
    cr_assert(crt_run_flags(e.model, 0, CRT_RUN_CONNECTIONS, &r), "%s", r.error);
    bool *made = calloc(80 * 80, sizeof *made);
    int n = 0;
    for (long k = 0; k < r.nrule_connections; k++)
        if (r.conn_rule[k] == 0) {
            made[r.conn_pre[k] * 80 + r.conn_post[k]] = true;
            n++;
        }
    int want = 0;
    for (int pre = 0; pre < 40; pre++)
        for (int post = 40; post < 80; post++) {
            bool near = dist(r.pos, pre, post) < 150;
            want += near;
            cr_assert_eq(made[pre * 80 + post], near, "%d -> %d at %g um", pre, post,
                         dist(r.pos, pre, post));
        }
    cr_assert(n == want && n > 50 && n < 1500, "%d connections", n);
    free(made);
    crt_result_free(&r);
    engine_close(&e);
}

static void run_threads(struct engine *e, int threads, struct crt_result *r)
{
    e->model->threads = threads;
    cr_assert(crt_run(e->model, 0, r), "%s", r->error);
}

static void same(const struct crt_result *a, const struct crt_result *b)
{
    cr_assert_eq(a->nspikes, b->nspikes);
    cr_assert(a->nspikes > 100);
    for (long i = 0; i < a->nspikes; i++)
        cr_assert(a->spike_t[i] == b->spike_t[i] && a->spike_gid[i] == b->spike_gid[i]);
    for (int j = 0; j < a->ntraces; j++)
        cr_assert(memcmp(a->trace[j], b->trace[j], (size_t)a->ntimes * sizeof(double)) == 0);
}

/* Delays that depend on distance (down to 0.5 ms, then below a step): the
 * interval is taken from the delays drawn, or the run goes on one thread. */
Test(pairs, delays_of_distance_and_threads, .timeout = 120)
{
    for (int v = 0; v < 2; v++) {
        char path[] = "/tmp/circ-pairs-XXXXXX.circ";
        struct engine e;
        if (v == 0) {
            open_model(&e);
        } else {
            with_delay("delay = 0.001 ms + dist_3d / (300000 um) * 1 ms", path);
            open_path(&e, path);
            remove(path);
        }
        struct crt_result r1, r2, r3;
        run_threads(&e, 1, &r1);
        run_threads(&e, 2, &r2);
        run_threads(&e, 3, &r3);
        same(&r1, &r2);
        same(&r1, &r3);
        crt_result_free(&r1);
        crt_result_free(&r2);
        crt_result_free(&r3);
        engine_close(&e);
    }
}

/* Serialized with the model (programs from circ build), and checked when
 * read back: code that would leave its stack is refused. */
Test(pairs, serialized_and_checked, .timeout = 120)
{
    struct engine e;
    open_model(&e);
    unsigned char *buf;
    size_t n = crt_model_serialize(e.model, &buf);
    struct crt_model *back = crt_model_deserialize(buf, n);
    cr_assert(back);
    for (int k = 0; k < 2; k++) {
        const struct crt_pair_expr *a = &e.model->rules[0].weight_expr, *b = &back->rules[0].weight_expr;
        if (k == 1) {
            a = &e.model->rules[1].prob_expr;
            b = &back->rules[1].prob_expr;
        }
        cr_assert(a->n > 0 && a->n == b->n);
        cr_assert(memcmp(a->ops, b->ops, (size_t)a->n * sizeof *a->ops) == 0);
    }
    crt_model_free(back);
    free(buf);
    struct crt_pair_op bad1[] = {{CRT_PX_ADD, 0, 0}};
    struct crt_pair_op bad2[] = {{CRT_PX_CONST, 0, 1}, {CRT_PX_CONST, 0, 2}};
    struct crt_pair_op bad3[] = {{CRT_PX_VAR, 99, 0}};
    struct crt_pair_op good[] = {{CRT_PX_VAR, CRT_VAR_DIST_3D, 0}, {CRT_PX_CONST, 0, 2},
                                 {CRT_PX_MATH, CRT_MATH_POW, 0}};
    cr_assert_not(crt_pair_valid(&(struct crt_pair_expr){1, bad1}));
    cr_assert_not(crt_pair_valid(&(struct crt_pair_expr){2, bad2}));
    cr_assert_not(crt_pair_valid(&(struct crt_pair_expr){1, bad3}));
    cr_assert(crt_pair_valid(&(struct crt_pair_expr){3, good}));
    engine_close(&e);
}

/* libm's value of each math built-in, written here apart from
 * runtime/crt_math.h's list: min and max as codegen's select. */
static double libm_value(const char *f, double a, double b)
{
    static const struct { const char *name; double (*one)(double); } ones[] = {
        {"exp", exp}, {"log", log}, {"log10", log10}, {"sqrt", sqrt}, {"fabs", fabs},
        {"abs", fabs}, {"floor", floor}, {"ceil", ceil}, {"sin", sin}, {"cos", cos},
        {"tan", tan}, {"tanh", tanh}, {"sinh", sinh}, {"cosh", cosh}, {"asin", asin},
        {"acos", acos}, {"atan", atan}};
    static const struct { const char *name; double (*two)(double, double); } twos[] = {
        {"pow", pow}, {"atan2", atan2}, {"fmod", fmod}};
    for (size_t i = 0; i < sizeof ones / sizeof *ones; i++)
        if (strcmp(f, ones[i].name) == 0)
            return ones[i].one(a);
    for (size_t i = 0; i < sizeof twos / sizeof *twos; i++)
        if (strcmp(f, twos[i].name) == 0)
            return twos[i].two(a, b);
    if (strcmp(f, "min") == 0)
        return a < b ? a : b;
    cr_assert_str_eq(f, "max", "no value in this test for the built-in %s()", f);
    return a < b ? b : a;
}

/* Every math built-in the checker accepts is computed per pair at build
 * time too (they were once listed apart, and e.g. cosh() in a connection
 * property was refused by the engine), as libm computes it. */
Test(pairs, every_math_builtin_in_a_delay, .timeout = 300)
{
    int tried = 0;
    for (int i = 0; i < sema_nbuiltins; i++) {
        const struct builtin *b = &sema_builtins[i];
        if (!b->is_func || !(b->where & CTXB_MATH))
            continue;
        char delay[200], path[] = "/tmp/circ-pairs-XXXXXX.circ";
        snprintf(delay, sizeof delay, "delay = 0.5 ms + 0.01 ms * %s(dist_3d / (1000000 um)%s)",
                 b->name, b->nargs == 2 ? ", 0.7" : "");
        with_delay(delay, path);
        struct engine e;
        open_path(&e, path);
        remove(path);
        e.model->tstop = 5;
        struct crt_result r;
        cr_assert(crt_run_flags(e.model, 0, CRT_RUN_CONNECTIONS, &r), "%s: %s", b->name, r.error);
        long checked = 0;
        for (long k = 0; k < r.nrule_connections; k++) {
            if (r.conn_rule[k] != 0)
                continue;
            double x = dist(r.pos, r.conn_pre[k], r.conn_post[k]) / 1000000;
            double want = 0.5 + 0.01 * libm_value(b->name, x, 0.7);
            cr_assert_eq(r.conn_delay[k], want, "%s: delay %.17g, libm's %.17g", b->name,
                         r.conn_delay[k], want);
            checked++;
        }
        cr_assert_gt(checked, 10, "%s: %ld connections", b->name, checked);
        crt_result_free(&r);
        engine_close(&e);
        tried++;
    }
    cr_assert_geq(tried, 21, "%d math built-ins", tried);
}

/* A delay expression that goes negative stops the run with the pair. */
Test(pairs, negative_delay_fails_the_run, .timeout = 120)
{
    char path[] = "/tmp/circ-pairs-XXXXXX.circ";
    with_delay("delay = 1 ms - dist_3d / (100 um) * 1 ms", path);
    struct engine e;
    open_path(&e, path);
    struct crt_result r;
    cr_assert_not(crt_run(e.model, 0, &r));
    cr_assert(strstr(r.error, "connection rule 1 gives cells") &&
              strstr(r.error, "delays must be finite and not negative"), "%s", r.error);
    crt_result_free(&r);
    engine_close(&e);
    remove(path);
}

/* `where`: the rule connects exactly the pairs whose cells meet both
 * conditions, only driven cells of a fire, the recorded cells are b's
 * first three; another seed places (and so selects) anew. */
Test(pairs, where_selectors, .timeout = 120)
{
    struct engine e;
    open_path(&e, SRCDIR "/tests/runtime/cases/where_selectors.circ");
    for (int seed = 3; seed <= 4; seed++) {
        e.model->seed = (uint32_t)seed;
        struct crt_result r;
        cr_assert(crt_run_flags(e.model, 0, CRT_RUN_CONNECTIONS, &r), "%s", r.error);
        int n = 0, want = 0;
        for (long k = 0; k < r.nrule_connections; k++) {
            int pre = r.conn_pre[k], post = r.conn_post[k];
            cr_assert(r.pos[3 * pre + 1] < 150 && r.pos[3 * post + 1] / 300 > 0.75,
                      "%d -> %d", pre, post);
            n++;
        }
        for (int pre = 0; pre < 40; pre++)
            for (int post = 40; post < 80; post++)
                want += r.pos[3 * pre + 1] < 150 && r.pos[3 * post + 1] / 300 > 0.75;
        cr_assert(n == want && n > 0, "%d connections, %d pairs qualify", n, want);
        for (long i = 0; i < r.nspikes; i++)
            cr_assert(r.spike_gid[i] >= 40 || r.pos[3 * r.spike_gid[i]] > 150,
                      "undriven cell %d fired", r.spike_gid[i]);
        cr_assert_eq(r.ntraces, 3);
        for (int j = 0; j < 3; j++)
            cr_assert_eq(r.trace_gid[j], 40 + j);
        crt_result_free(&r);
    }
    /* the rule's pre and the stimulus's targets select the same cells
     * (population a): one shared list of candidates, which the conditions
     * narrowed into lists of their own without changing it */
    const struct crt_gids *pre = &e.model->rules[0].pre;
    const struct crt_gids *tgt = &e.model->experiments[0].stims[0].target;
    cr_assert_eq(pre->cand_gid, tgt->cand_gid);
    cr_assert(pre->gid != pre->cand_gid && tgt->gid != tgt->cand_gid && pre->gid != tgt->gid);
    cr_assert_eq(pre->cand_n, 40);
    for (int i = 0; i < 40; i++)
        cr_assert_eq(pre->cand_gid[i], i);
    cr_assert(pre->n > 0 && pre->n < 40 && tgt->n > 0 && tgt->n < 40, "%d, %d", pre->n, tgt->n);
    /* NetPyNE's draws are keyed by a hash of the cell lists: refused */
    e.model->rng = CRT_RNG_NETPYNE;
    struct crt_result r;
    cr_assert_not(crt_run(e.model, 0, &r));
    cr_assert(strstr(r.error, "--rng netpyne cannot draw connection rule 1"), "%s", r.error);
    crt_result_free(&r);
    engine_close(&e);
}

/* convergence and divergence: each target takes exactly `convergence`
 * distinct sources (itself excluded), each source makes exactly
 * `divergence`; every source is drawn about equally often (a chi-square
 * against uniform well inside its tail); 1 and 3 threads make the same
 * connections. */
Test(pairs, fixed_degree_rules, .timeout = 120)
{
    struct engine e;
    open_path(&e, SRCDIR "/tests/runtime/cases/fixed_degree_rules.circ");
    struct crt_result r[2];
    for (int t = 0; t < 2; t++) {
        e.model->threads = t ? 3 : 1;
        cr_assert(crt_run_flags(e.model, 0, CRT_RUN_CONNECTIONS, &r[t]), "%s", r[t].error);
    }
    cr_assert_eq(r[0].nrule_connections, 200 * 30 + 300 * 12);
    cr_assert_eq(r[1].nrule_connections, r[0].nrule_connections);
    static unsigned char pair[2][500 * 500];
    int indeg[500] = {0}, outdeg[500] = {0}, used[500] = {0};
    for (long k = 0; k < r[0].nrule_connections; k++) {
        int pre = r[0].conn_pre[k], post = r[0].conn_post[k], rule = r[0].conn_rule[k];
        cr_assert_neq(pre, post, "a cell connected to itself");
        cr_assert_eq(pair[rule][pre * 500 + post]++, 0, "pair %d -> %d repeats", pre, post);
        if (rule == 0) {
            indeg[post]++;
            used[pre]++;
        } else {
            outdeg[pre]++;
        }
        cr_assert(r[1].conn_pre[k] == pre && r[1].conn_post[k] == post &&
                  r[1].conn_rule[k] == rule, "3 threads made another connection %ld", k);
    }
    for (int g = 300; g < 500; g++)
        cr_assert_eq(indeg[g], 30, "cell %d has %d inputs", g, indeg[g]);
    for (int g = 0; g < 300; g++)
        cr_assert_eq(outdeg[g], 12, "cell %d has %d outputs", g, outdeg[g]);
    /* A cell of A is drawn by each of 200 targets with p = 30/499, a cell
     * of B by 199 others: chi-square with ~499 degrees of freedom */
    double chi2 = 0;
    for (int g = 0; g < 500; g++) {
        double expect = (g < 300 ? 200.0 : 199.0) * 30.0 / 499.0;
        chi2 += (used[g] - expect) * (used[g] - expect) / expect;
    }
    cr_assert(chi2 > 380 && chi2 < 640, "chi-square %.1f for 499 sources", chi2);
    crt_result_free(&r[0]);
    crt_result_free(&r[1]);
    engine_close(&e);
}
