/* test_stream.c - traces.csv streamed while the run goes: the same bytes as
 * written whole from a kept result, on any number of threads; the traces
 * no figure draws are not kept, and the memory estimated for them does not
 * grow with the duration. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "../slurp.h"

static void open_model(struct engine *e, const char *model)
{
    struct cg_options co = {.exact = false, .opt_level = 2};
    struct front_options fo = {.stop_after = PASS_ALL};
    cr_assert(engine_open(e, model, &fo, &co), "%s", diag_text(e->front->diag));
}

static double traces_bytes(const struct crt_model *m, int flags)
{
    struct crt_memory mem = crt_run_memory(m, 0, flags);
    return mem.run[CRT_MEM_TRACES] + mem.kept[CRT_MEM_TRACES];
}

/* izhi_net records 4 traces and draws none: streamed, 100 ms and 10 s
 * need the same memory for them; kept whole, 100 times more. */
Test(stream, trace_memory_does_not_grow_with_duration, .timeout = 120)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/izhi_net.circ");
    e.model->tstop = 1000;      /* 40000 steps: past the ring */
    double short_run = traces_bytes(e.model, CRT_RUN_STREAM);
    double whole_short = traces_bytes(e.model, 0);
    e.model->tstop = 100000;
    double long_run = traces_bytes(e.model, CRT_RUN_STREAM);
    double whole_long = traces_bytes(e.model, 0);
    cr_assert_eq(short_run, long_run, "streamed: %g bytes for 1 s, %g for 100 s", short_run,
                 long_run);
    cr_assert_gt(whole_long, 90 * whole_short);
    /* 4 rings and the time vector's, the `record spikes` byte per cell */
    cr_assert_eq(long_run, 5.0 * CRT_STREAM_RING * sizeof(double) + e.model->ncells);
    engine_close(&e);
}

/* A run of 20000 steps on 1, 2 and 3 threads, traces.csv streamed: the
 * bytes crt_write_traces writes from a run that kept every sample, and
 * the streamed run keeps none of them. */
Test(stream, streamed_traces_are_the_whole_file, .timeout = 300)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/izhi_net.circ");
    e.model->tstop = 500;
    char dir[] = "/tmp/circ-stream-XXXXXX", whole[300], streamed[300];
    cr_assert(mkdtemp(dir));
    snprintf(whole, sizeof whole, "%s/whole.csv", dir);
    struct crt_result r;
    char err[512];
    cr_assert(crt_run_on(e.model, 0, 0, 1, &r), "%s", r.error);
    cr_assert_not(r.traces_streamed);
    cr_assert(crt_write_traces(whole, &r, err, sizeof err), "%s", err);
    long ntimes = r.ntimes;
    crt_result_free(&r);
    for (int threads = 1; threads <= 3; threads++) {
        snprintf(streamed, sizeof streamed, "%s/streamed%d.csv", dir, threads);
        cr_assert(crt_run_streamed(e.model, 0, CRT_RUN_STREAM, threads, streamed, &r), "%s",
                  r.error);
        cr_assert(r.traces_streamed);
        cr_assert_eq(r.ntimes, ntimes);
        cr_assert_null(r.t, "no figure draws a trace: no time vector kept");
        for (int i = 0; i < r.ntraces; i++)
            cr_assert_null(r.trace[i], "trace %d kept", i);
        crt_result_free(&r);
        cr_assert(same_bytes(whole, streamed), "%d threads: %s and %s differ", threads, whole,
                  streamed);
        remove(streamed);
    }
    remove(whole);
    cr_assert_eq(rmdir(dir), 0);
    engine_close(&e);
}

/* A traces.csv that cannot be written fails the run with a message. */
Test(stream, unwritable_traces_fail_the_run, .timeout = 120)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/izhi_net.circ");
    struct crt_result r;
    cr_assert_not(crt_run_streamed(e.model, 0, CRT_RUN_STREAM, 1,
                                   "/nonexistent-dir/traces.csv", &r));
    cr_assert(strstr(r.error, "cannot write '/nonexistent-dir/traces.csv.tmp'"), "%s", r.error);
    crt_result_free(&r);
    engine_close(&e);
}

/* Spikes leave memory as the run goes: a run into a directory writes
 * spikes.csv and spikes.h5 there as it goes, byte for byte what
 * crt_write_spikes and crt_write_sonata_spikes write from a run's result,
 * on 1, 2 and 3 threads; the result's spikes are the
 * spill mapped back (the same arrays), and what the run held at once is a
 * small part of them (it does not grow with the duration). */
Test(stream, streamed_spikes_are_the_whole_file, .timeout = 300)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/izhi_net.circ");
    e.model->tstop = 5000;
    char dir[] = "/tmp/circ-spikes-XXXXXX", whole[300], streamed[300], whole5[300], h5[300];
    cr_assert(mkdtemp(dir));
    snprintf(whole, sizeof whole, "%s/whole.csv", dir);
    snprintf(streamed, sizeof streamed, "%s/spikes.csv", dir);
    snprintf(whole5, sizeof whole5, "%s/whole.h5", dir);
    snprintf(h5, sizeof h5, "%s/spikes.h5", dir);
    struct crt_result r, w;
    char err[512];
    cr_assert(crt_run_on(e.model, 0, 0, 1, &w), "%s", w.error);
    cr_assert_not(w.spikes_streamed);
    cr_assert(crt_write_spikes(whole, &w, err, sizeof err), "%s", err);
    cr_assert(crt_write_sonata_spikes(whole5, e.model, &w, err, sizeof err), "%s", err);
    cr_assert_gt(w.nspikes, 4000, "%ld spikes", w.nspikes);
    for (int threads = 1; threads <= 3; threads++) {
        cr_assert(crt_run_into(e.model, 0, CRT_RUN_SONATA_SPIKES, threads, dir, &r), "%s",
                  r.error);
        cr_assert(r.spikes_streamed && r.spikes_mapped);
        cr_assert_eq(r.nspikes, w.nspikes);
        cr_assert(memcmp(r.spike_t, w.spike_t, (size_t)r.nspikes * sizeof *r.spike_t) == 0);
        cr_assert(memcmp(r.spike_gid, w.spike_gid, (size_t)r.nspikes * sizeof *r.spike_gid) == 0);
        cr_assert_lt(r.spikes_peak_held, r.nspikes / 20, "%d threads: %ld of %ld spikes held",
                     threads, r.spikes_peak_held, r.nspikes);
        crt_result_free(&r);
        cr_assert(same_bytes(whole, streamed), "%d threads: %s and %s differ", threads, whole,
                  streamed);
        cr_assert(same_bytes(whole5, h5), "%d threads: %s and %s differ", threads, whole5, h5);
        remove(streamed);
        remove(h5);
        char traces[320];
        snprintf(traces, sizeof traces, "%s/traces.csv", dir);
        remove(traces);
    }
    crt_result_free(&w);
    remove(whole);
    remove(whole5);
    cr_assert_eq(rmdir(dir), 0, "the spill is not left in %s", dir);
    engine_close(&e);
}

/* The recorded stimuli's spikes leave memory too: a run into a directory
 * writes stimulus_spikes.csv as it goes, byte for byte what
 * crt_write_stim_spikes writes from a run that kept them whole (a run
 * without a directory), on 1, 2 and 3 threads, holding a small part of
 * them at once. */
Test(stream, streamed_stimulus_spikes_are_the_whole_file, .timeout = 300)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/stim_spikes.circ");
    char dir[] = "/tmp/circ-stim-spikes-XXXXXX", whole[300], streamed[300];
    cr_assert(mkdtemp(dir));
    snprintf(whole, sizeof whole, "%s/whole.csv", dir);
    snprintf(streamed, sizeof streamed, "%s/stimulus_spikes.csv", dir);
    struct crt_result r, w;
    char err[512];
    cr_assert(crt_run_on(e.model, 0, 0, 1, &w), "%s", w.error);
    cr_assert_not(w.stim_spikes_streamed);
    cr_assert_gt(w.nstim_spikes, 40000, "%ld stimulus spikes", w.nstim_spikes);
    for (long i = 1; i < w.nstim_spikes; i++)
        cr_assert(w.stim_spike_t[i - 1] <= w.stim_spike_t[i], "kept out of order at %ld", i);
    cr_assert(crt_write_stim_spikes(whole, e.model, &w, err, sizeof err), "%s", err);
    for (int threads = 1; threads <= 3; threads++) {
        cr_assert(crt_run_into(e.model, 0, 0, threads, dir, &r), "%s", r.error);
        cr_assert(r.stim_spikes_streamed);
        cr_assert_eq(r.nstim_spikes, 0, "streamed: none kept");
        cr_assert_lt(r.stim_spikes_peak_held, w.nstim_spikes / 20,
                     "%d threads: %ld of %ld held", threads, r.stim_spikes_peak_held,
                     w.nstim_spikes);
        crt_result_free(&r);
        cr_assert(same_bytes(whole, streamed), "%d threads: %s and %s differ", threads, whole,
                  streamed);
        remove(streamed);
        char other[320];
        snprintf(other, sizeof other, "%s/spikes.csv", dir);
        remove(other);
    }
    crt_result_free(&w);
    remove(whole);
    cr_assert_eq(rmdir(dir), 0, "nothing else is left in %s", dir);
    engine_close(&e);
}

/* A stimulus_spikes.csv that cannot be written fails the run with a
 * message, and no part of it is left. */
Test(stream, unwritable_stimulus_spikes_fail_the_run, .timeout = 120)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/stim_spikes.circ");
    char dir[] = "/tmp/circ-stim-spikes-XXXXXX", path[300];
    cr_assert(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/stimulus_spikes.csv.tmp", dir);
    cr_assert_eq(mkdir(path, 0777), 0);     /* in the way of its temporary file */
    struct crt_result r;
    cr_assert_not(crt_run_into(e.model, 0, 0, 1, dir, &r));
    cr_assert(strstr(r.error, "stimulus_spikes.csv.tmp"), "%s", r.error);
    crt_result_free(&r);
    cr_assert_eq(rmdir(path), 0);
    cr_assert_eq(rmdir(dir), 0, "nothing else is left in %s", dir);
    engine_close(&e);
}

/* A run without a directory spills its spikes to $TMPDIR, or into memory
 * where that cannot be written: it runs all the same. */
Test(stream, spill_without_a_writable_tmpdir, .timeout = 120)
{
    struct engine e;
    open_model(&e, SRCDIR "/tests/runtime/cases/izhi_net.circ");
    struct crt_result a, b;
    cr_assert(crt_run_on(e.model, 0, 0, 1, &a), "%s", a.error);
    setenv("TMPDIR", "/nonexistent-circ-tmpdir", 1);
    cr_assert(crt_run_on(e.model, 0, 0, 2, &b), "%s", b.error);
    cr_assert(a.spikes_mapped && b.spikes_mapped && a.nspikes == b.nspikes && a.nspikes > 0);
    cr_assert(memcmp(a.spike_t, b.spike_t, (size_t)a.nspikes * sizeof *a.spike_t) == 0);
    cr_assert(memcmp(a.spike_gid, b.spike_gid, (size_t)a.nspikes * sizeof *a.spike_gid) == 0);
    crt_result_free(&a);
    crt_result_free(&b);
    engine_close(&e);
}
