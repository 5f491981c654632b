/* test_examples.c - the shipped examples check cleanly, and damaged copies of
 * examples/microcircuit.circ (truncated, unit-swapped, misspelled, random
 * bytes) give located errors, never a crash. */
#include <criterion/criterion.h>

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static char *read_example(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/examples/%s", SRCDIR, name);
    char *text = front_read_file(path, len);
    cr_assert_not_null(text, "cannot read %s", path);
    return text;
}

static void expect_clean_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/examples/%s", SRCDIR, name);
    struct front *f = front_create(NULL);
    cr_expect(front_check_file(f, path), "%s", diag_of(f));
    cr_expect_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    cr_expect_eq(diag_warnings(f->diag), 0, "%s", diag_of(f));
    cr_expect_str_eq(diag_of(f), "");
    front_destroy(f);
}

Test(examples, microcircuit_is_clean)
{
    expect_clean_file("microcircuit.circ");
}

Test(examples, single_cell_is_clean)
{
    expect_clean_file("single_cell.circ");
}

Test(examples, microcircuit_scaled_is_clean)
{
    expect_clean_file("microcircuit_scaled.circ");
}

Test(examples, microcircuit_is_clean_with_werror)
{
    struct front_options opt = {.werror = true, .stop_after = PASS_ALL};
    struct front *f = front_create(&opt);
    cr_expect(front_check_file(f, SRCDIR "/examples/microcircuit.circ"), "%s", diag_of(f));
    front_destroy(f);
}

Test(examples, microcircuit_has_what_it_promises)
{
    struct front *f = front_create(NULL);
    front_check_file(f, SRCDIR "/examples/microcircuit.circ");
    struct ast *prog = f->programs[f->main_program];
    int counts[AST_KIND_COUNT] = {0};
    for (unsigned i = 0; i < prog->nkids; i++)
        counts[prog->kids[i]->kind]++;
    cr_expect_eq(counts[AST_CELL], 2);
    cr_expect_eq(counts[AST_POPULATION], 4);
    cr_expect_eq(counts[AST_CONNECT], 4);
    cr_expect_eq(counts[AST_EXPERIMENT], 3);
    cr_expect_eq(counts[AST_SIMULATION], 1);
    cr_expect_geq(counts[AST_EXPECT], 5);
    front_destroy(f);
}

/* ---- damaged copies ----------------------------------------------------------------- */

struct outcome {
    unsigned errors;
    bool located;           /* every error line is "file:line:col: error:" */
    bool any_located;
    char *text;
};

static regex_t located_re;

static struct outcome check_bytes(const char *text, size_t len)
{
    struct front *f = front_create(NULL);
    front_check_text(f, "mutant.circ", text, len);
    struct outcome o = {.errors = diag_errors(f->diag), .located = true};
    o.text = strdup(diag_text(f->diag));
    front_destroy(f);
    for (char *line = o.text; *line; ) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        char save = line[n];
        line[n] = '\0';
        if (strstr(line, ": error: ") && !strstr(line, "circ: error: ")) {
            bool ok = regexec(&located_re, line, 0, NULL, 0) == 0;
            o.located &= ok;
            o.any_located |= ok;
        } else if (strncmp(line, "circ: error: ", 13) == 0) {
            o.located = false;
        }
        line[n] = save;
        line += n + (save ? 1 : 0);
    }
    return o;
}

static void expect_located_error(const char *what, const char *text, size_t len)
{
    struct outcome o = check_bytes(text, len);
    cr_expect_gt(o.errors, 0, "%s: no error", what);
    cr_expect(o.any_located && o.located, "%s: unlocated error in:\n%s", what, o.text);
    free(o.text);
}

static void setup(void)
{
    cr_assert_eq(regcomp(&located_re, "^mutant\\.circ:[0-9]+:[0-9]+: error: ", REG_EXTENDED), 0);
}

static void teardown(void)
{
    regfree(&located_re);
}

/* Brace depth at the end of text[0, n), outside comments and strings. */
static int open_braces(const char *text, size_t n)
{
    int depth = 0;
    bool comment = false, string = false;
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (comment) {
            comment = c != '\n';
        } else if (string) {
            string = c != '"' && c != '\n';
        } else if (c == '#') {
            comment = true;
        } else if (c == '"') {
            string = true;
        } else if (c == '{') {
            depth++;
        } else if (c == '}') {
            depth--;
        }
    }
    return depth;
}

/* Is byte i in a comment or a string (on its line)? */
static bool in_comment_or_string(const char *text, size_t i)
{
    size_t ls = i;
    while (ls > 0 && text[ls - 1] != '\n')
        ls--;
    bool string = false;
    for (size_t k = ls; k < i; k++) {
        if (!string && text[k] == '#')
            return true;
        if (text[k] == '"')
            string = !string;
    }
    return string;
}

Test(examples, truncated_microcircuit, .init = setup, .fini = teardown)
{
    size_t len;
    char *text = read_example("microcircuit.circ", &len);
    int with_errors = 0, cuts = 0;
    for (size_t cut = 97; cut < len; cut += 97) {
        struct outcome o = check_bytes(text, cut);
        cuts++;
        cr_expect(o.located, "cut at %zu: unlocated error in:\n%s", cut, o.text);
        if (open_braces(text, cut) > 0)
            cr_expect_gt(o.errors, 0, "cut at %zu inside braces: no error", cut);
        with_errors += o.errors > 0;
        free(o.text);
    }
    cr_expect_gt(with_errors, cuts / 3, "only %d of %d truncations have errors", with_errors, cuts);
    free(text);
}

static char *replace_all(const char *text, size_t len, const char *from, const char *to,
                         size_t *outlen)
{
    size_t fl = strlen(from), tl = strlen(to);
    char *out = malloc(len * (tl > fl ? tl : 1) + 1), *o = out;
    for (size_t i = 0; i < len; ) {
        if (i + fl <= len && memcmp(text + i, from, fl) == 0) {
            memcpy(o, to, tl);
            o += tl;
            i += fl;
        } else {
            *o++ = text[i++];
        }
    }
    *outlen = (size_t)(o - out);
    return out;
}

Test(examples, units_swapped_in_microcircuit, .init = setup, .fini = teardown)
{
    size_t len, n;
    char *text = read_example("microcircuit.circ", &len);
    static const char *const swaps[][2] = {
        {"mV", "ms"}, {" ms", " mV"}, {"uS", "nA"}, {"S/cm2", "S/cm"}, {"um", "ms"}, {"Hz", "ms"},
    };
    for (size_t k = 0; k < sizeof swaps / sizeof *swaps; k++) {
        char *m = replace_all(text, len, swaps[k][0], swaps[k][1], &n);
        char what[64];
        snprintf(what, sizeof what, "'%s' -> '%s'", swaps[k][0], swaps[k][1]);
        expect_located_error(what, m, n);
        free(m);
    }
    free(text);
}

Test(examples, names_misspelled_in_microcircuit, .init = setup, .fini = teardown)
{
    size_t len;
    char *text = read_example("microcircuit.circ", &len);
    static const char *const words[] = {
        "Exc_L23", "Inh_PV", "PYR", "soma", "dend", "exc", "inh", "baseline", "pv_silencing",
        "probability", "weight", "gnabar", "NetStim", "rate(", "SOM_targets",
    };
    int tried = 0;
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        size_t wl = strlen(words[w]);
        for (const char *p = text; (p = strstr(p, words[w])); p += wl) {
            size_t at = (size_t)(p - text);
            bool word_start = at == 0 || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
                                           (p[-1] >= 'A' && p[-1] <= 'Z'));
            char next = p[wl];
            bool word_end = words[w][wl - 1] == '(' ||
                            !(next == '_' || (next >= 'a' && next <= 'z') ||
                              (next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9'));
            if (!word_start || !word_end || in_comment_or_string(text, at))
                continue;
            char *m = malloc(len + 1);
            memcpy(m, text, len);
            m[at] = m[at] == 'q' ? 'z' : 'q';   /* "Exc_L23" -> "qxc_L23" */
            char what[96];
            snprintf(what, sizeof what, "'%s' misspelled at byte %zu", words[w], at);
            expect_located_error(what, m, len);
            free(m);
            tried++;
        }
    }
    cr_expect_gt(tried, 50, "only %d misspellings", tried);
    free(text);
}

/* A small deterministic generator (xorshift), so failures reproduce. */
static unsigned long long rng_state = 88172645463325252ULL;

static unsigned long long next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

Test(examples, stray_bytes_in_microcircuit, .init = setup, .fini = teardown)
{
    size_t len;
    char *text = read_example("microcircuit.circ", &len);
    static const char stray[] = "@$`~%&|\\";
    for (int k = 0; k < 60; k++) {
        size_t at;
        do
            at = (size_t)(next_random() % len);
        while (in_comment_or_string(text, at));
        char *m = malloc(len + 1);
        memcpy(m, text, at);
        m[at] = stray[next_random() % (sizeof stray - 1)];
        memcpy(m + at + 1, text + at, len - at);
        char what[64];
        snprintf(what, sizeof what, "'%c' inserted at byte %zu", m[at], at);
        expect_located_error(what, m, len + 1);
        free(m);
    }
    free(text);
}

Test(examples, random_bytes_in_microcircuit, .init = setup, .fini = teardown)
{
    size_t len;
    char *text = read_example("microcircuit.circ", &len);
    for (int k = 0; k < 150; k++) {
        char *m = malloc(len);
        memcpy(m, text, len);
        int changes = 1 + (int)(next_random() % 8);
        for (int c = 0; c < changes; c++)
            m[next_random() % len] = (char)(next_random() & 0xff);
        struct outcome o = check_bytes(m, len);
        cr_expect(o.located, "mutant %d: unlocated error in:\n%s", k, o.text);
        free(o.text);
        free(m);
    }
    free(text);
}
