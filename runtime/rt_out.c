/* rt_out.c - CSV outputs, each written whole or not at all (temporary file,
 * then rename). Numbers are printed with 17 significant digits, so a value
 * read back is the value computed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crt_model.h"
#include "rt_files.h"
#include "rt_fmt.h"

bool rt_make_dirs(const char *path, mode_t mode)
{
    char buf[8192];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, mode) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    return mkdir(buf, mode) == 0 || errno == EEXIST;
}

FILE *rt_open_tmp(const char *path, char *tmp, size_t size, char *err, size_t errsize)
{
    snprintf(tmp, size, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        snprintf(err, errsize, "cannot write '%s': %s", tmp, strerror(errno));
    return f;
}

bool rt_rename_tmp(const char *tmp, const char *path, char *err, size_t errsize)
{
    if (rename(tmp, path) != 0) {
        snprintf(err, errsize, "cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
        remove(tmp);
        return false;
    }
    return true;
}

bool rt_close_and_rename(FILE *f, const char *tmp, const char *path, char *err, size_t errsize)
{
    bool ok = !ferror(f);
    if (fclose(f) != 0)
        ok = false;
    if (!ok) {
        snprintf(err, errsize, "cannot write '%s': %s", tmp, strerror(errno));
        remove(tmp);
        return false;
    }
    return rt_rename_tmp(tmp, path, err, errsize);
}

bool rt_spike_rows(FILE *f, const double *t, const int *gid, long n, const char *listed)
{
    char num[RT_FMT_SIZE];
    for (long i = 0; i < n; i++) {
        if (listed && !listed[gid[i]])
            continue;       /* `record spikes of ...` left this cell out */
        fwrite(num, 1, (size_t)rt_fmt_g17(t[i], num), f);
        fprintf(f, ",%d\n", gid[i]);
    }
    return !ferror(f);
}

bool crt_write_spikes(const char *path, const struct crt_result *r, char *err, size_t errsize)
{
    char tmp[4096];
    FILE *f = rt_open_tmp(path, tmp, sizeof tmp, err, errsize);
    if (!f)
        return false;
    fputs("spkt,spkid\n", f);
    rt_spike_rows(f, r->spike_t, r->spike_gid, r->nspikes, r->spike_listed);
    return rt_close_and_rename(f, tmp, path, err, errsize);
}

bool crt_write_stim_spikes(const char *path, const struct crt_model *m, const struct crt_result *r,
                           char *err, size_t errsize)
{
    char tmp[4096];
    FILE *f = rt_open_tmp(path, tmp, sizeof tmp, err, errsize);
    if (!f)
        return false;
    fputs("spkt,stimulus,gid\n", f);
    char num[RT_FMT_SIZE];
    for (long i = 0; i < r->nstim_spikes; i++) {
        fwrite(num, 1, (size_t)rt_fmt_g17(r->stim_spike_t[i], num), f);
        fprintf(f, ",%s,%d\n", m->spike_stims[r->stim_spike_stim[i]], r->stim_spike_gid[i]);
    }
    return rt_close_and_rename(f, tmp, path, err, errsize);
}

bool crt_write_connections(const char *path, const struct crt_result *r, char *err, size_t errsize)
{
    char tmp[4096];
    FILE *f = rt_open_tmp(path, tmp, sizeof tmp, err, errsize);
    if (!f)
        return false;
    fputs("pre,post,rule,weight,delay\n", f);
    char num[RT_FMT_SIZE];
    for (long i = 0; i < r->nrule_connections; i++) {
        fprintf(f, "%d,%d,%d,", r->conn_pre[i], r->conn_post[i], r->conn_rule[i]);
        fwrite(num, 1, (size_t)rt_fmt_g17(r->conn_weight[i], num), f);
        fputc(',', f);
        fwrite(num, 1, (size_t)rt_fmt_g17(r->conn_delay[i], num), f);
        fputc('\n', f);
    }
    return rt_close_and_rename(f, tmp, path, err, errsize);
}

bool crt_write_cells(const char *path, const struct crt_model *m, const struct crt_result *r,
                     char *err, size_t errsize)
{
    char tmp[4096];
    FILE *f = rt_open_tmp(path, tmp, sizeof tmp, err, errsize);
    if (!f)
        return false;
    fputs("gid,population,x,y,z\n", f);
    for (int p = 0; p < m->npops; p++)
        for (int k = 0; k < m->pops[p].count; k++) {
            int gid = m->pops[p].first_gid + k;
            fprintf(f, "%d,%s", gid, m->pops[p].name);
            for (int a = 0; a < 3; a++) {
                char num[RT_FMT_SIZE];
                fputc(',', f);
                fwrite(num, 1, (size_t)rt_fmt_g17(r->pos[3 * gid + a], num), f);
            }
            fputc('\n', f);
        }
    return rt_close_and_rename(f, tmp, path, err, errsize);
}
