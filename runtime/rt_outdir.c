/* rt_outdir.c - a run's output directory: staged, swapped in whole, removed
 * on a signal (see rt_outdir.h), and the list of its files with SHA-256. */
#define _GNU_SOURCE                 /* renameat2, flock */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>
#include <openssl/evp.h>

#include "crt_model.h"
#include "rt_jobs.h"
#include "rt_outdir.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

enum stage { STAGING, COMMITTED };

/* Sent by rt_outdir_close to end the watcher (pthread_cancel in sigwait
 * trips ASan's sigaltstack interceptor); blocked like the others. */
#define STOP_SIGNAL (SIGRTMIN + 1)

struct rt_outdir {
    char target[PATH_MAX];          /* <out>, absolute where it could be resolved */
    char parent[PATH_MAX];          /* its directory */
    char staging[PATH_MAX];         /* where the run writes; after a swap, the old run */
    enum stage stage;
    bool simulating;                /* rt_outdir_simulating (under lock) */
    int received;                   /* SIGINTs and SIGTERMs this process took */
    pthread_mutex_t lock;           /* stage and the staging tree against the watcher */
    pthread_t watcher;
    sigset_t watched, saved_mask;
};

/* --- removing a tree ---------------------------------------------------------------- */

static void remove_tree_at(int dirfd, const char *name)
{
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        unlinkat(dirfd, name, 0);
        return;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            remove_tree_at(fd, e->d_name);
    closedir(d);
    unlinkat(dirfd, name, AT_REMOVEDIR);
}

/* Removes path and everything under it.  A writer on another thread may
 * still create a file while we walk, so try again a few times. */
static bool remove_tree(const char *path)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        remove_tree_at(AT_FDCWD, path);
        struct stat st;
        if (lstat(path, &st) != 0 && errno == ENOENT)
            return true;
    }
    return false;
}

/* --- signals -------------------------------------------------------------------------- */

static bool start_watching(struct rt_outdir *d, char *err, size_t errsize);

static void *watch(void *arg)
{
    struct rt_outdir *d = arg;
    int sig = 0;
    for (;;) {
        if (sigwait(&d->watched, &sig) != 0 || sig == STOP_SIGNAL)
            return NULL;            /* rt_outdir_close */
        pthread_mutex_lock(&d->lock);
        /* the first SIGINT or SIGTERM while it simulates: the run stops at
         * its next interval and keeps what it wrote (a second one, or one
         * at any other time, ends it here).  One that comes after another
         * rank's made every rank stop (rt_sim.c's exchange) is still this
         * process's first: a batch system signals every rank at once, and
         * this one may learn of the stop from another before its own
         * arrives, even after the simulation ended */
        bool stopping = atomic_load(&rt_stop_signal) != 0;
        if (sig == SIGHUP || ++d->received > 1 || !(d->simulating || stopping))
            break;
        int none = 0;
        atomic_compare_exchange_strong(&rt_stop_signal, &none, sig);
        pthread_mutex_unlock(&d->lock);
    }
    /* the lock is never released: the process ends here */
    if (d->stage == STAGING)
        remove_tree(d->staging);
    char msg[PATH_MAX + 128];
    int n = snprintf(msg, sizeof msg, "%s: interrupted by %s%s%s\n", crt_program, strsignal(sig),
                     !d->target[0] ? "" : "; ",
                     !d->target[0] ? "" : d->stage == STAGING ? "the unfinished run's files were removed"
                                                              : "the run's files were complete");
    if (n > 0 && write(STDERR_FILENO, msg, (size_t)n) < 0)
        n = 0;
    _exit(128 + sig);
}

/* --- is <out> ours to replace? ----------------------------------------------------- */

static bool list_files(const char *dir, bool hash, int threads, struct rt_file_list *out,
                       char *err, size_t errsize);

/* Is every file under dir "summary.json" or in `listed` (summary.json's
 * files)?  Sets the first that is not into bad. */
static bool all_listed(const char *dir, json_object *listed, char *bad, size_t badsize)
{
    struct rt_file_list l;
    char err[256];
    if (!list_files(dir, false, 1, &l, err, sizeof err)) {
        snprintf(bad, badsize, "%s", err);
        return false;
    }
    bool ok = true;
    for (int i = 0; ok && i < l.n; i++) {
        const char *sub = l.files[i].path;
        bool known = strcmp(sub, "summary.json") == 0;
        for (size_t k = 0; !known && k < json_object_array_length(listed); k++) {
            json_object *f = json_object_array_get_idx(listed, k), *p;
            known = json_object_object_get_ex(f, "path", &p) &&
                    strcmp(json_object_get_string(p), sub) == 0;
        }
        if (!known) {
            snprintf(bad, badsize, "%s", sub);
            ok = false;
        }
    }
    rt_file_list_free(&l);
    return ok;
}

static bool is_empty_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return false;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n == 0;
}

/* A missing or empty <out> may be replaced, and so may a circ run all of
 * whose files its summary.json lists (runs before that list existed: any
 * circ run). */
static bool replaceable(const char *out, char *err, size_t errsize)
{
    struct stat st;
    if (stat(out, &st) != 0)
        return errno == ENOENT ? true
               : (snprintf(err, errsize, "cannot use '%s': %s", out, strerror(errno)), false);
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errsize, "'%s' exists and is not a directory", out);
        return false;
    }
    if (is_empty_dir(out))
        return true;
    char summary[PATH_MAX + 16];
    snprintf(summary, sizeof summary, "%s/summary.json", out);
    json_object *root = json_object_from_file(summary), *prov, *ver, *files;
    bool ours = root && json_object_object_get_ex(root, "provenance", &prov) &&
                json_object_object_get_ex(prov, "circ_version", &ver);
    char bad[PATH_MAX] = "";
    bool ok = ours;
    if (ours && json_object_object_get_ex(root, "files", &files) &&
        json_object_is_type(files, json_type_array))
        ok = all_listed(out, files, bad, sizeof bad);
    json_object_put(root);
    if (!ours)
        snprintf(err, errsize, "'%s' exists and does not hold a circ run (no summary.json from "
                 "circ); a run replaces its output directory as a whole: choose another -o, "
                 "or remove it", out);
    else if (!ok)
        snprintf(err, errsize, "'%s' holds a file circ did not write ('%s'); a run replaces its "
                 "output directory as a whole: move that file, or choose another -o", out, bad);
    return ok;
}

/* --- paths ---------------------------------------------------------------------------- */

static bool make_dirs(const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    return mkdir(buf, 0777) == 0 || errno == EEXIST;
}

/* Resolves <out> (through a symbolic link, ".", "..") into target and parent. */
static bool resolve(struct rt_outdir *d, const char *out, char *err, size_t errsize)
{
    char given[PATH_MAX];
    size_t len = strlen(out);
    if (len == 0 || len >= sizeof given - 1) {
        snprintf(err, errsize, "output directory name '%s' is empty or too long", out);
        return false;
    }
    snprintf(given, sizeof given, "%s", out);
    while (len > 1 && given[len - 1] == '/')
        given[--len] = '\0';
    char *slash = strrchr(given, '/');
    const char *base = slash ? slash + 1 : given;
    char parent[PATH_MAX];
    if (!slash)
        snprintf(parent, sizeof parent, ".");
    else if (slash == given)
        snprintf(parent, sizeof parent, "/");
    else
        snprintf(parent, sizeof parent, "%.*s", (int)(slash - given), given);
    if (!make_dirs(parent)) {
        snprintf(err, errsize, "cannot create '%s': %s", parent, strerror(errno));
        return false;
    }
    char real[PATH_MAX];
    if (realpath(given, real)) {           /* exists: follow links, "." and ".." */
        snprintf(d->target, sizeof d->target, "%s", real);
    } else if (realpath(parent, real) && strcmp(base, ".") != 0 && strcmp(base, "..") != 0) {
        int n = snprintf(d->target, sizeof d->target, "%s/%s", strcmp(real, "/") ? real : "", base);
        if (n < 0 || (size_t)n >= sizeof d->target) {
            snprintf(err, errsize, "output directory name '%s' is too long", out);
            return false;
        }
    } else {
        snprintf(err, errsize, "cannot use '%s': %s", out, strerror(errno));
        return false;
    }
    if (strcmp(d->target, "/") == 0) {
        snprintf(err, errsize, "cannot use '/' as the output directory");
        return false;
    }
    char *s = strrchr(d->target, '/');
    snprintf(d->parent, sizeof d->parent, "%.*s", s == d->target ? 1 : (int)(s - d->target),
             d->target);
    return true;
}

/* Removes staging directories of this <out> left by processes that no
 * longer exist (killed with SIGKILL, or the machine stopped). */
static void remove_stale(const struct rt_outdir *d)
{
    const char *base = strrchr(d->target, '/') + 1;
    char prefix[PATH_MAX];
    int np = snprintf(prefix, sizeof prefix, ".%s.circ-run-", base);
    DIR *dir = opendir(d->parent);
    if (!dir || np <= 0)
        return;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (strncmp(e->d_name, prefix, (size_t)np) != 0)
            continue;
        long pid = strtol(e->d_name + np, NULL, 10);
        if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
            char path[PATH_MAX * 2];
            snprintf(path, sizeof path, "%s/%s", d->parent, e->d_name);
            remove_tree(path);
        }
    }
    closedir(dir);
}

/* --- the run's directory ------------------------------------------------------------ */

struct rt_outdir *rt_outdir_open(const char *out, char *err, size_t errsize)
{
    struct rt_outdir *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    if (!resolve(d, out, err, errsize) || !replaceable(d->target, err, errsize)) {
        free(d);
        return NULL;
    }
    remove_stale(d);
    int n = snprintf(d->staging, sizeof d->staging, "%s/.%s.circ-run-%ld-XXXXXX", d->parent,
                     strrchr(d->target, '/') + 1, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof d->staging) {
        snprintf(err, errsize, "output directory name '%s' is too long", out);
        free(d);
        return NULL;
    }
    if (!mkdtemp(d->staging)) {
        snprintf(err, errsize, "cannot create a directory in '%s': %s", d->parent,
                 strerror(errno));
        free(d);
        return NULL;
    }
    mode_t mask = umask(0);                /* mkdtemp made it 0700; a run's is 0777 & ~umask */
    umask(mask);
    chmod(d->staging, 0777 & ~mask);
    if (!start_watching(d, err, errsize)) {
        remove_tree(d->staging);
        free(d);
        return NULL;
    }
    return d;
}

struct rt_outdir *rt_outdir_watch_only(char *err, size_t errsize)
{
    struct rt_outdir *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    d->stage = COMMITTED;                  /* nothing of its own to remove */
    if (!start_watching(d, err, errsize)) {
        free(d);
        return NULL;
    }
    return d;
}

/* Blocks the watched signals in this thread before any worker thread
 * exists, so they inherit the mask and only the watcher receives them. */
static bool start_watching(struct rt_outdir *d, char *err, size_t errsize)
{
    pthread_mutex_init(&d->lock, NULL);
    rt_stop_signals(&d->watched);
    sigaddset(&d->watched, STOP_SIGNAL);
    pthread_sigmask(SIG_BLOCK, &d->watched, &d->saved_mask);
    if (pthread_create(&d->watcher, NULL, watch, d) != 0) {
        pthread_sigmask(SIG_SETMASK, &d->saved_mask, NULL);
        pthread_mutex_destroy(&d->lock);
        snprintf(err, errsize, "cannot start a thread: %s", strerror(errno));
        return false;
    }
    return true;
}

void rt_stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

const char *rt_outdir_staging(const struct rt_outdir *d)
{
    return d->staging;
}

/* Puts staging in the place of target: one exchange where the file system
 * has it, else two renames (target is missing for a moment).  Afterwards
 * staging names the previous run, or nothing. */
static bool swap_in(struct rt_outdir *d, char *err, size_t errsize)
{
    for (int attempt = 0; attempt < 3; attempt++) {
        if (rename(d->staging, d->target) == 0) {
            d->staging[0] = '\0';
            return true;
        }
        if (errno != EEXIST && errno != ENOTEMPTY && errno != EISDIR)
            break;
        if (!replaceable(d->target, err, errsize))
            return false;
        if (renameat2(AT_FDCWD, d->staging, AT_FDCWD, d->target, RENAME_EXCHANGE) == 0)
            return true;
        if (errno == EINVAL || errno == ENOSYS) {
            char old[PATH_MAX + 8];
            snprintf(old, sizeof old, "%s.old", d->staging);
            if (strlen(old) < sizeof d->staging && rename(d->target, old) == 0 &&
                rename(d->staging, d->target) == 0) {
                memcpy(d->staging, old, strlen(old) + 1);
                return true;
            }
        }
        if (errno != ENOENT)               /* target vanished meanwhile: try again */
            break;
    }
    snprintf(err, errsize, "cannot move the run into '%s': %s", d->target, strerror(errno));
    return false;
}

/* A run that completes into <out> ends an "<out>.incomplete" an earlier
 * run left when it was stopped: that one is older than <out> now, and a
 * reader finding it would take the new run for a stopped one.  Under the
 * lock it is moved aside into stale (named like a staging directory, so
 * remove_stale finds it if we die before the caller removes it); one
 * holding a file circ did not write stays, said. */
static void set_aside_incomplete(const struct rt_outdir *d, char *stale, size_t size)
{
    char inc[PATH_MAX + 16], why[PATH_MAX + 256];
    struct stat st;
    stale[0] = '\0';
    snprintf(inc, sizeof inc, "%s.incomplete", d->target);
    if (lstat(inc, &st) != 0)
        return;
    if (!replaceable(inc, why, sizeof why)) {
        fprintf(stderr, "%s: warning: '%s', the partial output of an earlier stopped run, is "
                "left as it was, though this run completed: %s\n", crt_program, inc, why);
        return;
    }
    snprintf(stale, size, "%s/.%s.circ-run-%ld-incomplete", d->parent,
             strrchr(d->target, '/') + 1, (long)getpid());
    if (rename(inc, stale) != 0) {
        fprintf(stderr, "%s: warning: cannot remove '%s', the partial output of an earlier "
                "stopped run: %s\n", crt_program, inc, strerror(errno));
        stale[0] = '\0';
        return;
    }
    fprintf(stderr, "%s: removed '%s', the partial output of an earlier stopped run\n",
            crt_program, inc);
}

bool rt_outdir_commit(struct rt_outdir *d, char *err, size_t errsize)
{
    char stale[PATH_MAX + 64] = "";
    int pfd = open(d->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (pfd >= 0)
        flock(pfd, LOCK_EX);               /* concurrent runs swap one at a time */
    pthread_mutex_lock(&d->lock);
    bool ok = swap_in(d, err, errsize);
    if (ok) {
        d->stage = COMMITTED;
        set_aside_incomplete(d, stale, sizeof stale);
    }
    pthread_mutex_unlock(&d->lock);
    if (pfd >= 0)
        close(pfd);                        /* releases the lock */
    if (ok && d->staging[0])
        remove_tree(d->staging);           /* the previous run */
    if (stale[0])
        remove_tree(stale);
    return ok;
}

void rt_outdir_simulating(struct rt_outdir *d, bool on)
{
    pthread_mutex_lock(&d->lock);
    d->simulating = on;
    pthread_mutex_unlock(&d->lock);
}

bool rt_outdir_keep_incomplete(struct rt_outdir *d, char *where, size_t wsize, char *err,
                               size_t errsize)
{
    char inc[PATH_MAX + 16];
    snprintf(inc, sizeof inc, "%s.incomplete", d->target);
    snprintf(where, wsize, "%s", inc);
    int pfd = open(d->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (pfd >= 0)
        flock(pfd, LOCK_EX);               /* as a commit: one at a time */
    pthread_mutex_lock(&d->lock);
    bool ok = replaceable(inc, err, errsize);
    struct stat st;
    if (ok && lstat(inc, &st) == 0 && !remove_tree(inc)) {
        snprintf(err, errsize, "cannot remove the older '%s'", inc);
        ok = false;
    }
    if (ok && rename(d->staging, inc) != 0) {
        snprintf(err, errsize, "cannot move the stopped run to '%s': %s", inc, strerror(errno));
        ok = false;
    }
    if (ok)
        d->stage = COMMITTED;              /* not removed on close */
    pthread_mutex_unlock(&d->lock);
    if (pfd >= 0)
        close(pfd);
    return ok;
}

void rt_outdir_close(struct rt_outdir *d)
{
    if (!d)
        return;
    pthread_kill(d->watcher, STOP_SIGNAL);
    pthread_join(d->watcher, NULL);
    if (d->stage == STAGING && d->staging[0])
        remove_tree(d->staging);
    pthread_sigmask(SIG_SETMASK, &d->saved_mask, NULL);
    pthread_mutex_destroy(&d->lock);
    free(d);
}

/* --- the list of a run's files ------------------------------------------------------ */

static bool hash_file(const char *path, struct rt_file_entry *f, char *err, size_t errsize)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        snprintf(err, errsize, "cannot read '%s': %s", path, strerror(errno));
        return false;
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    unsigned char buf[1 << 16];
    size_t n;
    f->bytes = 0;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        ok = EVP_DigestUpdate(ctx, buf, n);
        f->bytes += (long long)n;
    }
    ok = ok && !ferror(in);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen) && mdlen == 32;
    for (unsigned i = 0; ok && i < 32; i++)
        snprintf(f->sha256 + 2 * i, 3, "%02x", md[i]);
    EVP_MD_CTX_free(ctx);
    fclose(in);
    if (!ok)
        snprintf(err, errsize, "cannot read '%s'", path);
    return ok;
}

/* Every file under dir/rel into l (only regular files if regular_only),
 * with its size. */
static bool collect(const char *dir, const char *rel, bool regular_only, struct rt_file_list *l,
                    int *cap, char *err, size_t errsize)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel);
    DIR *d = opendir(path);
    if (!d) {
        snprintf(err, errsize, "cannot list '%s': %s", path, strerror(errno));
        return false;
    }
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char sub[PATH_MAX], full[PATH_MAX * 2];
        snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(full, sizeof full, "%s/%s", dir, sub);
        struct stat st;
        if (lstat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            ok = collect(dir, sub, regular_only, l, cap, err, errsize);
            continue;
        }
        if (!S_ISREG(st.st_mode) && regular_only)
            continue;       /* a run writes regular files; listing, anything counts */
        if (l->n == *cap) {
            *cap = *cap ? 2 * *cap : 32;
            void *p = realloc(l->files, (size_t)*cap * sizeof *l->files);
            if (!p) {
                snprintf(err, errsize, "out of memory listing '%s'", dir);
                ok = false;
                break;
            }
            l->files = p;
        }
        struct rt_file_entry *f = &l->files[l->n];
        f->path = strdup(sub);
        if (!f->path) {
            snprintf(err, errsize, "out of memory listing '%s'", dir);
            ok = false;
            break;
        }
        l->n++;
        f->bytes = (long long)st.st_size;
        f->sha256[0] = '\0';
    }
    closedir(d);
    return ok;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const struct rt_file_entry *)a)->path, ((const struct rt_file_entry *)b)->path);
}

/* A file's SHA-256, as an output job (rt_jobs.h). */
struct hash_job {
    const char *dir;
    struct rt_file_entry *file;
};

static int larger_first(const void *a, const void *b)
{
    long long x = ((const struct hash_job *)a)->file->bytes,
              y = ((const struct hash_job *)b)->file->bytes;
    int c = (x < y) - (x > y);
    return c ? c : strcmp(((const struct hash_job *)a)->file->path,
                          ((const struct hash_job *)b)->file->path);
}

static bool run_hash(void *arg, char *err, size_t errsize)
{
    struct hash_job *h = arg;
    char full[PATH_MAX * 2];
    snprintf(full, sizeof full, "%s/%s", h->dir, h->file->path);
    return hash_file(full, h->file, err, errsize);
}

/* Every file under dir, sorted by path; with hash, only regular files, each
 * with its SHA-256, hashed on `threads` threads (most of a run's bytes are
 * a few large traces.csv files: in parallel, while they are still cached). */
static bool list_files(const char *dir, bool hash, int threads, struct rt_file_list *out,
                       char *err, size_t errsize)
{
    *out = (struct rt_file_list){0};
    int cap = 0;
    bool ok = collect(dir, "", hash, out, &cap, err, errsize);
    if (ok && out->n > 1)
        qsort(out->files, (size_t)out->n, sizeof *out->files, by_path);
    if (ok && hash && out->n > 0) {
        struct rt_job *jobs = calloc((size_t)out->n, sizeof *jobs);
        struct hash_job *h = calloc((size_t)out->n, sizeof *h);
        ok = jobs && h;
        if (!ok)
            snprintf(err, errsize, "out of memory listing '%s'", dir);
        for (int i = 0; ok && i < out->n; i++)
            h[i] = (struct hash_job){dir, &out->files[i]};
        if (ok)         /* largest first: no thread is left with a big file at the end */
            qsort(h, (size_t)out->n, sizeof *h, larger_first);
        for (int i = 0; ok && i < out->n; i++)
            jobs[i] = (struct rt_job){.run = run_hash, .arg = &h[i]};
        ok = ok && rt_run_jobs(jobs, out->n, threads, err, errsize);
        free(jobs);
        free(h);
    }
    if (!ok)
        rt_file_list_free(out);
    return ok;
}

bool rt_list_files(const char *dir, int threads, struct rt_file_list *out, char *err,
                   size_t errsize)
{
    return list_files(dir, true, threads, out, err, errsize);
}

void rt_file_list_free(struct rt_file_list *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->files[i].path);
    free(l->files);
    *l = (struct rt_file_list){0};
}
