/* rt_summary.c - summary.json, built with json-c: provenance, network counts,
 * and per experiment the population rates, measures and expectations. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "crt_model.h"
#include "rt_mpi.h"
#include "rt_files.h"
#include "rt_outdir.h"

static json_object *number(double x)
{
    return isfinite(x) ? json_object_new_double(x) : json_object_new_null();   /* NaN: null */
}

static json_object *provenance(const struct crt_model *m)
{
    json_object *p = json_object_new_object();
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_object_object_add(p, "circ_version", json_object_new_string(m->circ_version ? m->circ_version : ""));
    json_object_object_add(p, "model", json_object_new_string(m->name ? m->name : ""));
    json_object_object_add(p, "source_sha256", json_object_new_string(m->source_sha256 ? m->source_sha256 : ""));
    json_object_object_add(p, "seed", json_object_new_int64(m->seed));
    json_object_object_add(p, "overrides", json_object_new_string(m->overrides ? m->overrides : ""));
    json_object_object_add(p, "mode", json_object_new_string(m->exact ? "exact" : "default"));
    json_object_object_add(p, "rng", json_object_new_string(m->rng == CRT_RNG_NETPYNE ? "netpyne" : "circ"));
    json_object_object_add(p, "threads", json_object_new_int(m->threads > 0 ? m->threads : 1));
    json_object_object_add(p, "ranks", json_object_new_int(rt_mpi_size()));     /* MPI */
    json_object_object_add(p, "host", json_object_new_string(host));
    json_object_object_add(p, "date", json_object_new_string(date));
    json_object_object_add(p, "dt_ms", json_object_new_double(m->dt));
    json_object_object_add(p, "duration_ms", json_object_new_double(m->tstop));
    return p;
}

/* every other file of the run, so a reader can check what it has */
static json_object *file_list(const struct rt_file_list *files)
{
    json_object *list = json_object_new_array();
    for (int i = 0; files && i < files->n; i++) {
        json_object *f = json_object_new_object();
        json_object_object_add(f, "path", json_object_new_string(files->files[i].path));
        json_object_object_add(f, "bytes", json_object_new_int64(files->files[i].bytes));
        json_object_object_add(f, "sha256", json_object_new_string(files->files[i].sha256));
        json_object_array_add(list, f);
    }
    return list;
}

static bool write_json(const char *path, json_object *root, char *err, size_t errsize);

static json_object *experiment(const struct crt_model *m, int e, const struct crt_result *r,
                               const struct crt_analysis *a)
{
    json_object *x = json_object_new_object();
    const char *desc = m->experiments[e].description;
    json_object_object_add(x, "description", desc ? json_object_new_string(desc) : NULL);
    json_object_object_add(x, "spikes", json_object_new_int64(r->nspikes));
    json_object_object_add(x, "connections", json_object_new_int64(r->nconnections));
    json_object *contacts = json_object_new_array();
    for (int k = 0; k < m->nrules; k++)
        json_object_array_add(contacts, json_object_new_int64(r->rule_contacts[k]));
    json_object_object_add(x, "contacts_per_rule", contacts);
    json_object *rates = json_object_new_object();
    for (int p = 0; p < m->npops; p++)
        json_object_object_add(rates, m->pops[p].name, number(crt_pop_rate(m, r, p)));
    json_object_object_add(x, "rates", rates);
    json_object *measures = json_object_new_object(), *evidence = json_object_new_object();
    json_object *vcells = json_object_new_object();
    for (int k = 0; a && k < m->nmeasures; k++) {
        const struct crt_measure *ms = &m->measures[k];
        if (ms->experiment >= 0 && ms->experiment != e)
            continue;
        size_t i = (size_t)e * (size_t)m->nmeasures + (size_t)k;
        json_object_object_add(measures, ms->name, a->verdicts[i]
                               ? json_object_new_string(a->verdicts[i]) : number(a->values[i]));
        if (a->evidence[i])
            json_object_object_add(evidence, ms->name, json_object_new_string(a->evidence[i]));
        if (a->cells && a->cells[i] >= 0)    /* how many cells a voltage measure judged */
            json_object_object_add(vcells, ms->name, json_object_new_int(a->cells[i]));
    }
    json_object_object_add(x, "measures", measures);
    json_object_object_add(x, "evidence", evidence);
    json_object_object_add(x, "voltage_cells", vcells);
    json_object *units = json_object_new_object();
    for (int k = 0; k < m->nmeasures; k++)
        if (m->measures[k].experiment < 0 || m->measures[k].experiment == e)
            json_object_object_add(units, m->measures[k].name,
                                   json_object_new_string(m->measures[k].unit));
    json_object_object_add(x, "measure_units", units);
    return x;
}

bool crt_write_summary(const char *path, const struct crt_model *m,
                       struct crt_result *const *results, const struct crt_analysis *a,
                       const struct rt_file_list *files, char *err, size_t errsize)
{
    json_object *root = json_object_new_object();
    json_object_object_add(root, "provenance", provenance(m));
    json_object *net = json_object_new_object();
    json_object_object_add(net, "cells", json_object_new_int(m->ncells));
    json_object *pops = json_object_new_object();
    for (int p = 0; p < m->npops; p++)
        json_object_object_add(pops, m->pops[p].name, json_object_new_int(m->pops[p].count));
    json_object_object_add(net, "populations", pops);
    json_object_object_add(net, "rules", json_object_new_int(m->nrules));
    json_object_object_add(root, "network", net);
    json_object *exps = json_object_new_object();
    for (int e = 0; e < m->nexperiments; e++)
        if (results[e])
            json_object_object_add(exps, m->experiments[e].name, experiment(m, e, results[e], a));
    json_object_object_add(root, "experiments", exps);
    /* each sweep: what it varies; its points are experiments "<sweep>/<point>" above */
    json_object *sweeps = json_object_new_object();
    for (int w = 0; w < m->nsweeps; w++) {
        const struct crt_sweep *sw = &m->sweeps[w];
        json_object *x = json_object_new_object(), *vary = json_object_new_array();
        json_object_object_add(x, "experiment", sw->experiment
                               ? json_object_new_string(sw->experiment) : NULL);
        for (int v = 0; v < sw->nvary; v++) {
            json_object *line = json_object_new_object(), *values = json_object_new_array();
            json_object_object_add(line, "path", json_object_new_string(sw->paths[v]));
            json_object_object_add(line, "unit", json_object_new_string(sw->units[v]));
            json_object_object_add(line, "log", json_object_new_boolean(sw->log[v]));
            /* line v's own values: the grid's first points along it */
            int stride = 1;
            for (int u = v + 1; u < sw->nvary; u++)
                stride *= sw->counts[u];
            for (int k = 0; k < sw->counts[v]; k++)
                json_object_array_add(values, number(sw->values[(size_t)k * (size_t)stride *
                                                                (size_t)sw->nvary + (size_t)v]));
            json_object_object_add(line, "values", values);
            json_object_array_add(vary, line);
        }
        json_object_object_add(x, "vary", vary);
        json_object_object_add(x, "points", json_object_new_int(sw->npoints));
        json_object_object_add(sweeps, sw->name, x);
    }
    json_object_object_add(root, "sweeps", sweeps);
    json_object *expects = json_object_new_array();
    for (int k = 0; k < m->nexpects; k++) {
        json_object *x = json_object_new_object();
        json_object_object_add(x, "expectation", json_object_new_string(m->expects[k].text));
        json_object *held = json_object_new_object(), *unknown = json_object_new_object();
        for (int e = 0; a && e < m->nexperiments; e++) {
            size_t i = (size_t)e * (size_t)m->nexpects + (size_t)k;
            if (a->outcome[i] >= 0)
                json_object_object_add(held, m->experiments[e].name,
                                       json_object_new_boolean(a->outcome[i]));
            else if (a->absent[i] >= 0)
                json_object_object_add(unknown, m->experiments[e].name,
                                       json_object_new_string(m->experiments[a->absent[i]].name));
        }
        json_object_object_add(x, "held", held);
        /* experiment -> the experiment it reads that was not run (-e); only when there is one */
        if (json_object_object_length(unknown) > 0)
            json_object_object_add(x, "not_evaluated", unknown);
        else
            json_object_put(unknown);
        json_object_array_add(expects, x);
    }
    json_object_object_add(root, "expectations", expects);
    json_object_object_add(root, "expectations_failed", json_object_new_int(a ? a->failed : 0));
    json_object_object_add(root, "files", file_list(files));
    return write_json(path, root, err, errsize);
}

/* A stopped run's summary.json: what stopped it, what became of each
 * experiment and the time it reached, and its files (each whole up to that
 * time); no rates or measures.  "experiment" and "t_reached_ms" are the
 * first stopped experiment's (null and the duration when every one had
 * finished), as before experiments ran side by side. */
bool crt_write_incomplete_summary(const char *path, const struct crt_model *m, int sig,
                                  const struct crt_exp_outcome *outcomes,
                                  const struct rt_file_list *files, char *err, size_t errsize)
{
    static const char *const state_names[] = {
        [CRT_EXP_NOT_STARTED] = "not_started", [CRT_EXP_FINISHED] = "finished",
        [CRT_EXP_STOPPED] = "stopped", [CRT_EXP_FAILED] = "failed",
    };
    json_object *root = json_object_new_object();
    json_object_object_add(root, "provenance", provenance(m));
    json_object_object_add(root, "complete", json_object_new_boolean(0));
    json_object_object_add(root, "stopped_by", json_object_new_string(sig == SIGINT ? "SIGINT"
                                                                                    : "SIGTERM"));
    int first = -1;
    json_object *exps = json_object_new_object();
    for (int e = 0; e < m->nexperiments; e++) {
        const struct crt_exp_outcome *x = &outcomes[e];
        if (x->state == CRT_EXP_UNSELECTED)
            continue;
        if (x->state == CRT_EXP_STOPPED && first < 0)
            first = e;
        json_object *o = json_object_new_object();
        json_object_object_add(o, "state", json_object_new_string(state_names[x->state]));
        json_object_object_add(o, "t_reached_ms", x->state == CRT_EXP_FAILED
                               ? NULL : json_object_new_double(x->t_reached));
        json_object_object_add(exps, m->experiments[e].name, o);
    }
    json_object_object_add(root, "experiment", first >= 0
                           ? json_object_new_string(m->experiments[first].name) : NULL);
    json_object_object_add(root, "t_reached_ms", json_object_new_double(
                               first >= 0 ? outcomes[first].t_reached : m->tstop));
    json_object_object_add(root, "experiments", exps);
    json_object_object_add(root, "files", file_list(files));
    return write_json(path, root, err, errsize);
}

/* summary.json, whole or not at all; consumes root. */
static bool write_json(const char *path, json_object *root, char *err, size_t errsize)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    bool ok = json_object_to_file_ext(tmp, root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE) == 0;
    json_object_put(root);
    if (!ok) {
        snprintf(err, errsize, "cannot write '%s'", tmp);
        remove(tmp);
        return false;
    }
    return rt_rename_tmp(tmp, path, err, errsize);
}
