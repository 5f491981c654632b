/* fit.h - `circ fit`: parameter values chosen by a derivative-free
 * optimizer (GSL's Nelder-Mead) so that a run's measures meet targets. */
#ifndef CIRC_FIT_H
#define CIRC_FIT_H

#include <stdbool.h>
#include <stdio.h>

#include "cg.h"
#include "crt_model.h"
#include "front.h"
#include "sema.h"

/* One fit's evaluations, in order: x[i * nvary + v] in the line's unit,
 * y[i * ntargets + t] in the target's (NAN where the run failed),
 * objective[i] (+inf for a failed run). */
struct fit_trace {
    const struct sema_fit *fit;
    const char *file, *model, *experiment;
    long long seed;
    unsigned n, best;
    double *x, *y, *objective;
    const char *stopped;        /* why the optimizer stopped, for the report */
    bool met;                   /* the best point meets every target's tolerance */
};

/* circ fit FILE [-e FIT]: the fit named by run->experiments[0] (the only
 * fit if none is named) with run's seed, threads and output directory
 * (<out>/<fit>/).  Returns an exit status: 0 the best point meets every
 * tolerance (or there are none), 1 model errors or a tolerance missed,
 * 2 usage or I/O errors. */
int fit_main(const char *file, const struct front_options *fo, const struct cg_options *co,
             const struct crt_run_options *run);

/* fit_out.c: <dir>/fit.csv, best.set and report.html (which links
 * best/report.html, the best point's run); false with a message in err. */
bool fit_write_csv(const char *dir, const struct fit_trace *t, char *err, size_t errsize);
bool fit_write_set(const char *dir, const struct fit_trace *t, char *err, size_t errsize);
bool fit_write_report(const char *dir, const struct fit_trace *t, char *err, size_t errsize);
/* The value of line v shown as --set takes it: "31.25Hz" (15 digits). */
void fit_value_text(const struct fit_trace *t, unsigned i, unsigned v, char *buf, size_t size);

#endif
