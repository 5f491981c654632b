/* fit.c - `circ fit`: a `fit`'s values chosen by GSL's Nelder-Mead
 * (gsl_multimin_fminimizer_nmsimplex2) so that its targets are met.
 *
 * The model is compiled once.  Each evaluation checks and lowers the model
 * again with `--set PATH=VALUE` for every line (as a `circ build` program
 * does for --set, aot_main.c) and binds the compiled code to it: only what
 * an experiment may set can vary, so the code is the same (checked: cell
 * types' fingerprint and entry points).  Every run has the same seed
 * (common random numbers), so the objective is a deterministic function of
 * the values, whatever the threads.
 *
 * The simplex moves in u, unbounded: value = lo + (hi - lo) / (1 + e^-u)
 * keeps every value inside its bounds; it starts at the bounds' middle
 * (u = 0) with steps of 1 in u.  The objective is the sum over targets of
 * ((measure - target) / scale)^2, scale the target's tolerance, or |target|
 * without one (1 in its unit for a target of 0).  It stops after `budget`
 * runs, when every target is within its tolerance, or when the simplex has
 * shrunk below 1e-4 in u (converged).
 */
#include "fit.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

#include "engine.h"
#include "ir.h"
#include "layout.h"
#include "lower.h"
#include "lower_net.h"
#include "plan.h"
#include "rt_files.h"

#define FIT_CONVERGED 1e-4     /* simplex size in u */
#define FIT_FAILED 1e300       /* the objective of a failed run, for the simplex */
#define FIT_CALLS_PER_RUN 20   /* the objective's calls per run of the budget, at most */

struct fit_run {
    const char *file;
    const struct front_options *fo;
    const struct cg_options *co;
    const struct crt_run_options *run;
    const struct sema_fit *fit;
    const struct engine *engine;    /* the model compiled once */
    struct fit_trace *trace;
    bool stop, code_changed, circling;
    unsigned calls;             /* of the objective, points already run included */
    int status;                 /* exit status of a failure that ends the fit */
};

static double value_of(const struct sema_fit *f, unsigned v, double u)
{
    return f->lo[v] + (f->hi[v] - f->lo[v]) / (1 + exp(-u));
}

void fit_value_text(const struct fit_trace *t, unsigned i, unsigned v, char *buf, size_t size)
{
    snprintf(buf, size, "%.15g%s", t->x[i * t->fit->nvary + v], t->fit->units[v]);
}

/* The model lowered again with the --set lines and these values, bound to
 * the compiled code; NULL after messages.  It lives in *fp's arena. */
static struct crt_model *relower(struct fit_run *r, const double *x, struct front **fp)
{
    const struct sema_fit *f = r->fit;
    char *overrides = NULL;     /* after the command line's, which the engine keeps */
    for (unsigned v = 0; x && v < f->nvary; v++) {
        char line[512];
        snprintf(line, sizeof line, "%s=%.15g%s", f->paths[v], x[v], f->units[v]);
        front_add_override(&overrides, line);
    }
    bool changed = false;
    struct crt_model *m = r->code_changed ? NULL
                                          : engine_relower(r->engine, overrides, fp, &changed);
    r->code_changed |= changed;
    if (r->code_changed)
        fprintf(stderr, "circ fit: these values change the compiled code of a cell type; a fit "
                "varies only what an experiment sets\n");
    if (*fp && diag_errors((*fp)->diag))    /* its warnings: circ fit's compilation showed them */
        fputs(diag_text((*fp)->diag), stderr);
    free(overrides);
    return m;
}

static int experiment_index(const struct crt_model *m, const struct sema_fit *f)
{
    const char *name = f->experiment ? f->experiment->str : "default";
    for (int e = 0; e < m->nexperiments; e++)
        if (m->experiments[e].sweep < 0 && strcmp(m->experiments[e].name, name) == 0)
            return e;
    return -1;
}

/* The targets' measures of experiment e's run into y (NAN where undefined). */
static void measures(const struct crt_model *m, const struct sema_fit *f, int e,
                     struct crt_result *res, double *y)
{
    struct crt_result **results = calloc((size_t)m->nexperiments, sizeof *results);
    results[e] = res;
    struct crt_analysis a;
    crt_analyse(m, results, &a);
    crt_analysis_say(m, &a, stderr);
    for (unsigned t = 0; t < f->ntargets; t++) {
        y[t] = NAN;
        if (f->is_measure[t]) {
            for (int k = 0; k < m->nmeasures; k++)
                if (strcmp(m->measures[k].name, f->targets[t]) == 0)
                    y[t] = a.values[(size_t)e * (size_t)m->nmeasures + (size_t)k];
        } else {
            for (int p = 0; p < m->npops; p++)
                if (strcmp(m->pops[p].name, f->targets[t]) == 0)
                    y[t] = crt_pop_rate(m, res, p);
        }
    }
    crt_analysis_free(m, &a);
    free(results);
}

static double scale_of(const struct sema_fit *f, unsigned t)
{
    if (!isnan(f->tol[t]))
        return f->tol[t];
    return f->target[t] != 0 ? fabs(f->target[t]) : 1;
}

static bool all_met(const struct sema_fit *f, const double *y)
{
    for (unsigned t = 0; t < f->ntargets; t++)
        if (isnan(f->tol[t]) || !(fabs(y[t] - f->target[t]) <= f->tol[t]))
            return false;
    return true;
}

static void progress(const struct fit_trace *t, unsigned i)
{
    const struct sema_fit *f = t->fit;
    fprintf(stderr, "fit %s: %u/%u", f->decl->str, i + 1, f->budget);
    for (unsigned v = 0; v < f->nvary; v++) {
        char buf[64];
        fit_value_text(t, i, v, buf, sizeof buf);
        fprintf(stderr, " %s=%s", f->paths[v], buf);
    }
    fputs(" |", stderr);
    for (unsigned k = 0; k < f->ntargets; k++)
        fprintf(stderr, " %s %.4g%s%s (%.4g)", f->targets[k], t->y[i * f->ntargets + k],
                *f->target_units[k] ? " " : "", f->target_units[k], f->target[k]);
    fprintf(stderr, " | objective %.4g, best %.4g\n", t->objective[i], t->objective[t->best]);
}

/* One evaluation: the run at u, recorded; the objective. */
static double evaluate(const gsl_vector *u, void *arg)
{
    struct fit_run *r = arg;
    struct fit_trace *t = r->trace;
    const struct sema_fit *f = r->fit;
    if (r->stop || t->n >= f->budget) {
        r->stop = true;
        return t->n ? t->objective[t->best] : FIT_FAILED;
    }
    unsigned i = t->n;
    double *x = &t->x[i * f->nvary], *y = &t->y[i * f->ntargets];
    for (unsigned v = 0; v < f->nvary; v++) {    /* as written in best.set: 15 digits */
        char buf[40];
        snprintf(buf, sizeof buf, "%.15g", value_of(f, v, gsl_vector_get(u, v)));
        x[v] = strtod(buf, NULL);
    }
    /* the simplex may come back to a point: one run; pressed against a
     * bound (values equal to 15 digits) it may only come back */
    if (++r->calls > FIT_CALLS_PER_RUN * f->budget) {
        r->stop = r->circling = true;
        return t->objective[t->best];
    }
    for (unsigned j = 0; j < i; j++)
        if (memcmp(&t->x[j * f->nvary], x, f->nvary * sizeof *x) == 0)
            return t->objective[j];
    struct front *front = NULL;
    struct crt_model *m = relower(r, x, &front);
    double objective = FIT_FAILED;
    for (unsigned k = 0; k < f->ntargets; k++)
        y[k] = NAN;
    if (!m) {
        r->stop = true;
        r->status = 1;
        front_destroy(front);
        return objective;
    }
    int e = experiment_index(m, f);
    struct crt_result res;
    memset(&res, 0, sizeof res);
    if (e < 0 || crt_prepare_run(m, r->run, 1) != 0) {     /* said why */
        r->stop = true;
        r->status = 2;
    } else if (crt_run_on(m, e, CRT_RUN_QUIET, m->threads, &res)) {
        measures(m, f, e, &res, y);
        objective = 0;
        for (unsigned k = 0; k < f->ntargets; k++) {
            double d = (y[k] - f->target[k]) / scale_of(f, k);
            objective += d * d;
        }
        if (isnan(objective))
            objective = FIT_FAILED;
        crt_result_free(&res);
    } else {
        fprintf(stderr, "circ fit: the run failed: %s\n", res.error);
        crt_result_free(&res);
    }
    front_destroy(front);
    t->objective[i] = objective;
    t->n++;
    if (objective < t->objective[t->best])
        t->best = i;
    progress(t, i);
    if (objective < FIT_FAILED && all_met(f, y))
        r->stop = true;
    return objective;
}

static const struct sema_fit *find_fit(const struct sema *s, const struct crt_run_options *run,
                                       const char *file)
{
    if (run->nexperiments > 1) {
        fprintf(stderr, "circ fit: one fit at a time (-e FIT)\n");
        return NULL;
    }
    const char *name = run->nexperiments ? run->experiments[0] : NULL;
    for (unsigned i = 0; i < s->nfits; i++)
        if (!name || strcmp(s->fits[i].decl->str, name) == 0) {
            if (!name && s->nfits > 1) {
                fprintf(stderr, "circ fit: %s has %u fits; choose one with -e:", file, s->nfits);
                for (unsigned k = 0; k < s->nfits; k++)
                    fprintf(stderr, " %s", s->fits[k].decl->str);
                fputc('\n', stderr);
                return NULL;
            }
            return &s->fits[i];
        }
    if (name)
        fprintf(stderr, "circ fit: %s has no fit '%s'\n", file, name);
    else
        fprintf(stderr, "circ fit: %s has no fit (fit NAME { vary ...; target ... })\n", file);
    return NULL;
}

/* The best point's run (<dir>/best/) and the fit's files; an exit status. */
static int outputs(struct fit_run *r, const char *dir)
{
    struct fit_trace *t = r->trace;
    const struct sema_fit *f = r->fit;
    struct front *front = NULL;
    struct crt_model *m = relower(r, &t->x[t->best * f->nvary], &front);
    int rc = 1;
    if (m) {
        size_t n = strlen(dir) + 6;
        char *best = malloc(n);
        snprintf(best, n, "%s/best", dir);
        const char *names[1] = {f->experiment ? f->experiment->str : "default"};
        struct crt_run_options o = *r->run;
        o.outdir = best;
        o.experiments = names;
        o.nexperiments = 1;
        rc = crt_main(m, &o);
        free(best);
    }
    front_destroy(front);
    char err[512];
    if (rc != 2 && !(fit_write_csv(dir, t, err, sizeof err) &&
                     fit_write_set(dir, t, err, sizeof err) &&
                     fit_write_report(dir, t, err, sizeof err))) {
        fprintf(stderr, "circ fit: %s\n", err);
        rc = 2;
    }
    return rc;
}

int fit_main(const char *file, const struct front_options *fo, const struct cg_options *co,
             const struct crt_run_options *run)
{
    /* parameters read at run time in --exact too (as a program's code):
     * each evaluation's values then need no new code, with the same bits */
    struct cg_options runtime = *co;
    runtime.all_params_runtime = true;
    struct engine eng;
    if (!engine_open(&eng, file, fo, &runtime)) {
        fputs(diag_text(eng.front->diag), stderr);
        engine_close(&eng);
        return 1;
    }
    fputs(diag_text(eng.front->diag), stderr);    /* warnings */
    diag_clear_text(eng.front->diag);
    const struct sema_fit *f = find_fit(eng.front->sema, run, file);
    if (!f) {
        engine_close(&eng);
        return 2;
    }
    struct crt_run_options o = *run;
    o.experiments = NULL;
    o.nexperiments = 0;
    struct fit_trace t = {.fit = f, .file = file, .model = eng.model->name,
                          .experiment = f->experiment ? f->experiment->str : "default",
                          .seed = run->seed >= 0 ? run->seed : (long long)eng.model->seed};
    t.x = calloc((size_t)f->budget * f->nvary, sizeof *t.x);
    t.y = calloc((size_t)f->budget * f->ntargets, sizeof *t.y);
    t.objective = calloc(f->budget, sizeof *t.objective);
    struct fit_run r = {.file = file, .fo = fo, .co = co, .run = &o, .fit = f,
                        .engine = &eng, .trace = &t};
    struct front *base = NULL;
    bool ok = relower(&r, NULL, &base) != NULL;     /* the model as compiled relowers */
    front_destroy(base);
    gsl_set_error_handler_off();
    const gsl_multimin_fminimizer_type *type = gsl_multimin_fminimizer_nmsimplex2;
    gsl_multimin_fminimizer *nm = gsl_multimin_fminimizer_alloc(type, f->nvary);
    gsl_vector *u = gsl_vector_calloc(f->nvary), *step = gsl_vector_alloc(f->nvary);
    gsl_vector_set_all(step, 1.0);
    gsl_multimin_function fn = {.f = evaluate, .n = f->nvary, .params = &r};
    t.stopped = "the budget was spent";
    if (ok && gsl_multimin_fminimizer_set(nm, &fn, u, step) == GSL_SUCCESS) {
        while (!r.stop) {
            if (gsl_multimin_fminimizer_iterate(nm) != GSL_SUCCESS) {
                t.stopped = "the simplex could not improve";
                break;
            }
            if (gsl_multimin_fminimizer_size(nm) < FIT_CONVERGED) {
                t.stopped = "the simplex converged";
                break;
            }
        }
    }
    gsl_multimin_fminimizer_free(nm);
    gsl_vector_free(u);
    gsl_vector_free(step);
    int rc = ok ? r.status : 1;
    if (r.circling)
        t.stopped = "the simplex only came back to values already run";
    if (t.n > 0 && all_met(f, &t.y[t.best * f->ntargets]))
        t.stopped = "every target was met";
    t.met = t.n > 0 && t.objective[t.best] < FIT_FAILED;
    for (unsigned k = 0; t.met && k < f->ntargets; k++)
        t.met = isnan(f->tol[k]) ||
                fabs(t.y[t.best * f->ntargets + k] - f->target[k]) <= f->tol[k];
    if (rc == 0 && t.n > 0) {
        const char *out = run->outdir;
        char *def = NULL;
        if (!out) {
            size_t n = strlen(eng.model->name) + 10;
            out = def = malloc(n);
            snprintf(def, n, "circ-out/%s", eng.model->name);
        }
        size_t n = strlen(out) + strlen(f->decl->str) + 2, len = strlen(out);
        while (len > 1 && out[len - 1] == '/')
            len--;      /* -o out/ names out/rates, not out//rates */
        char *dir = malloc(n);
        snprintf(dir, n, "%.*s/%s", (int)len, out, f->decl->str);
        if (rt_make_dirs(dir, 0777)) {
            rc = outputs(&r, dir);
        } else {
            fprintf(stderr, "circ fit: cannot create '%s': %s\n", dir, strerror(errno));
            rc = 2;
        }
        if (rc == 0) {
            fprintf(stderr, "fit %s: best of %u runs (%s), objective %.4g:", f->decl->str, t.n,
                    t.stopped, t.objective[t.best]);
            for (unsigned v = 0; v < f->nvary; v++) {
                char buf[64];
                fit_value_text(&t, t.best, v, buf, sizeof buf);
                fprintf(stderr, " %s=%s", f->paths[v], buf);
            }
            fprintf(stderr, "\nfit %s: wrote %s/fit.csv, best.set, report.html and best/\n",
                    f->decl->str, dir);
            if (!t.met) {
                fprintf(stderr, "fit %s: the best point misses a target's tolerance\n",
                        f->decl->str);
                rc = 1;
            }
        }
        free(dir);
        free(def);
    }
    free(t.x);
    free(t.y);
    free(t.objective);
    engine_close(&eng);
    return rc;
}
