/* fmt.c - `circ fmt`: one canonical layout of a .circ file.
 *
 * The layout works on the tokens as written, not on the tree: every token
 * keeps its text (numbers as the user wrote them, units as written, names),
 * every comment stays where it was, and only the blanks between tokens
 * change.  Lines break where the user broke them (runs of blank lines become
 * one), indentation follows the braces (4 spaces; a line continuing an open
 * parenthesis or an operator gets 4 more), and the spaces within a line
 * follow one rule per pair of tokens.  Since newlines are never removed, a
 * number can never meet a following word and become a quantity; the result
 * is re-read and must give the same tokens and comments, or nothing is
 * written. */
#include "lang.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "parse.h"

#define INDENT 4

struct buf {
    char *s;
    size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void spaces(struct buf *b, int n)
{
    for (int i = 0; i < n; i++)
        put(b, " ", 1);
}

/* ---- tokens as text -------------------------------------------------------------- */

struct src {
    const char *text;
    const struct token *t;
    size_t n;
};

static bool is(const struct src *s, size_t i, const char *text)
{
    size_t len = s->t[i].end - s->t[i].start;
    return strlen(text) == len && memcmp(s->text + s->t[i].start, text, len) == 0;
}

static bool is_keyword(const struct src *s, size_t i)
{
    if (s->t[i].cls != TOKEN_WORD)
        return false;
    char w[64];
    size_t len = s->t[i].end - s->t[i].start;
    if (len >= sizeof w)
        return false;
    memcpy(w, s->text + s->t[i].start, len);
    w[len] = '\0';
    return parse_is_keyword(w);
}

/* Is token i the clause word `valence` of a `useion` line (`valence -1`:
 * a plain name, but no operand)? */
static bool useion_valence(const struct src *s, size_t i)
{
    if (!is(s, i, "valence"))
        return false;
    for (size_t j = i; j-- > 0;) {
        if (memchr(s->text + s->t[j].end, '\n', s->t[j + 1].start - s->t[j].end))
            return false;
        if (is(s, j, "useion"))
            return true;
        if (s->t[j].cls == TOKEN_PUNCT && !is(s, j, ","))
            return false;
    }
    return false;
}

/* Does token i end an operand (so a '-' after it subtracts)? */
static bool ends_operand(const struct src *s, size_t i)
{
    switch (s->t[i].cls) {
    case TOKEN_NUMBER: case TOKEN_QUANTITY: case TOKEN_STRING:
        return true;
    case TOKEN_WORD:
        if (useion_valence(s, i))
            return false;
        return !is_keyword(s, i) || is(s, i, "true") || is(s, i, "false") || is(s, i, "all");
    case TOKEN_PUNCT:
        return is(s, i, ")") || is(s, i, "]") || is(s, i, "}");
    }
    return false;
}

/* A quantity as "<number> <unit>": one blank between, the unit as written. */
static void put_token(struct buf *b, const struct src *s, size_t i)
{
    const struct token *t = &s->t[i];
    if (t->cls != TOKEN_QUANTITY) {
        put(b, s->text + t->start, t->end - t->start);
        return;
    }
    size_t num = t->start;
    while (num < t->unit && s->text[num] != ' ' && s->text[num] != '\t')
        num++;
    put(b, s->text + t->start, num - t->start);
    put(b, " ", 1);
    put(b, s->text + t->unit, t->end - t->unit);
}

/* Words that never start a statement: a line starting with one continues
 * the one before ("    via exc { weight = ... }"). */
static bool continuing_word(const struct src *s, size_t i)
{
    static const char *const words[] = {"via", "at", "of", "where", "in", "to", "from",
                                        "with", "every", "depend", "table"};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (is(s, i, words[k]))
            return true;
    return false;
}

/* ---- the blanks between two tokens on one line -------------------------------------- */

struct state {
    int depth;              /* open braces */
    int parens;             /* open ( and [ */
    int ternary;            /* '?' waiting for its ':' at this paren level */
    bool unary;             /* the last token was a unary operator */
    bool in_unit;           /* after a name's ':' ("gbar: S/cm2"), until '=', ',' ... */
    bool tilde;             /* after a '~' (a reaction or an equation), until its end */
    bool reaction;          /* in a kinetic reaction ("~ C <-> O (kf, kb)") past its arrow;
                               not an equation's ("~ a*exp(x) = 1": calls) */
};

static bool binary_op(const struct src *s, size_t i)
{
    static const char *const ops[] = {"=", "==", "!=", "<", ">", "<=", ">=", "&&", "||", "+",
                                      "-", "*", "/", "^", "->", "..", "?"};
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++)
        if (is(s, i, ops[k]))
            return true;
    return false;
}

/* Blanks between token a and the next one, b, on the same line. */
static int gap(const struct src *s, size_t a, size_t b, const struct state *st, bool colon_ternary)
{
    if (st->unary)
        return 0;
    if (st->in_unit && (is(s, a, "*") || is(s, a, "/") || is(s, a, "^") || is(s, b, "*") ||
                        is(s, b, "/") || is(s, b, "^")))
        return 0;       /* a unit as units are written: S/cm2, mM*cm2/mA/ms */
    if (is(s, b, ")") || is(s, b, "]") || is(s, b, ",") || is(s, b, ";") || is(s, b, "."))
        return 0;
    if (is(s, a, "(") || is(s, a, "[") || is(s, a, "."))
        return 0;
    if (is(s, b, ":"))
        return colon_ternary ? 1 : 0;
    if (is(s, b, "(") && is(s, a, "receive"))    /* receive(w: uS), as a procedure */
        return 0;
    if (is(s, b, "(") && a >= 2 && is(s, a, "connection") && is(s, a - 1, "each") &&
        is(s, a - 2, "for"))
        return 1;       /* "for each connection (w1, A1)": a loop's variables, not a call */
    if (is(s, b, "(") && st->reaction && st->parens == 0)
        return 1;       /* "O (kf, kb)": a reaction's rates, not a call of O */
    if (is(s, b, "(") || is(s, b, "["))      /* a call, a section, an index */
        return ends_operand(s, a) && !is(s, a, "}") &&
               (s->t[a].cls == TOKEN_WORD || is(s, a, ")") || is(s, a, "]")) ? 0 : 1;
    return 1;
}

/* ---- comments and line breaks between tokens ------------------------------------------- */

/* What lies between two tokens: comments, and the newlines around them. */
struct between {
    int newlines_before;    /* before the first comment, or in all if none */
    int ncomments;
    struct comment {
        const char *text;
        size_t len;
        int blanks_before;  /* on its line, after the token before it */
        int newlines_after;
        bool own_line;      /* a newline (or the file's start) comes before it */
    } c[64];
    bool overflow;
};

static void scan_gap(const char *p, const char *end, bool at_start, struct between *g)
{
    memset(g, 0, sizeof *g);
    int newlines = 0, blanks = 0;
    bool seen_newline = at_start;
    while (p < end) {
        if (*p == '\n') {
            newlines++;
            blanks = 0;
            seen_newline = true;
            p++;
        } else if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v') {
            blanks++;
            p++;
        } else {
            const char *q = p;
            if (*p == '/' && p + 1 < end && p[1] == '*') {
                const char *close = strstr(p + 2, "*/");
                q = close && close + 2 <= end ? close + 2 : end;
            } else {
                while (q < end && *q != '\n')
                    q++;
            }
            if (g->ncomments == (int)(sizeof g->c / sizeof *g->c)) {
                g->overflow = true;
                return;
            }
            if (g->ncomments == 0)
                g->newlines_before = newlines;
            else
                g->c[g->ncomments - 1].newlines_after = newlines;
            g->c[g->ncomments++] = (struct comment){p, (size_t)(q - p), blanks, 0, seen_newline};
            newlines = 0;
            blanks = 0;
            seen_newline = false;
            p = q;
        }
    }
    if (g->ncomments == 0)
        g->newlines_before = newlines;
    else
        g->c[g->ncomments - 1].newlines_after = newlines;
}

struct layout {
    struct buf out;
    bool line_open;         /* something is on the current line */
    int blank_pending;      /* a blank line before the next line (0 or 1) */
};

static void end_line(struct layout *l)
{
    if (l->line_open) {
        while (l->out.len > 0 && l->out.s[l->out.len - 1] == ' ')
            l->out.len--;
        put(&l->out, "\n", 1);
    }
    l->line_open = false;
}

static void start_line(struct layout *l, int indent)
{
    if (l->blank_pending && l->out.len > 0)
        put(&l->out, "\n", 1);
    l->blank_pending = 0;
    spaces(&l->out, indent);
    l->line_open = true;
}

/* A comment's text; a block comment's later lines as written. */
static void put_comment(struct layout *l, const struct comment *c)
{
    put(&l->out, c->text, c->len);
    bool block = c->len >= 2 && c->text[0] == '/' && c->text[1] == '*';
    if (!block)
        end_line(l);
}

/* ---- the layout ---------------------------------------------------------------------- */

/* For each '{', whether its block spans lines as written: such a block gets
 * its contents on lines of their own, its '}' alone at the start of one.
 * tall[i] for a '{' at i, and for its '}'. */
static bool *tall_blocks(const struct src *s)
{
    bool *tall = xcalloc(s->n + 1, sizeof *tall);
    size_t *open = xcalloc(s->n + 1, sizeof *open), nopen = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (i > 0 && nopen > 0 && memchr(s->text + s->t[i - 1].end, '\n',
                                         s->t[i].start - s->t[i - 1].end))
            tall[open[nopen - 1]] = true;
        if (is(s, i, "{")) {
            open[nopen++] = i;
        } else if (is(s, i, "}") && nopen > 0) {
            size_t o = open[--nopen];
            tall[i] = tall[o];
            if (tall[o] && nopen > 0)
                tall[open[nopen - 1]] = true;
        }
    }
    free(open);
    return tall;
}

static char *layout(const struct src *s, size_t srclen, size_t *outlen, char *err,
                    size_t errsize)
{
    bool *tall = tall_blocks(s);
    struct layout l = {{NULL, 0, 0}, false, 0};
    struct state st = {0};
    int ternary_at[256];        /* paren level of each open '?' */
    int nternary = 0;
    bool continues = false;     /* the last token leaves its statement open */
    for (size_t i = 0; i <= s->n; i++) {
        unsigned from = i == 0 ? 0 : s->t[i - 1].end, to = i < s->n ? s->t[i].start
                                                                      : (unsigned)srclen;
        struct between g;
        scan_gap(s->text + from, s->text + to, i == 0, &g);
        if (g.overflow) {
            snprintf(err, errsize, "more than 64 comments between two tokens");
            free(tall);
            free(l.out.s);
            return NULL;
        }
        bool closes = i < s->n && is(s, i, "}");
        /* a line continues a statement inside parentheses, after an
         * operator, or when it starts with one ("-> Inh_PV at ...") */
        bool leads = i < s->n && i > 0 &&
                     ((binary_op(s, i) && ends_operand(s, i - 1)) || continuing_word(s, i));
        int indent = INDENT * (st.depth - (closes ? 1 : 0)) +
                     (st.parens > 0 || continues || leads ? INDENT : 0);
        int newlines = g.newlines_before;
        for (int k = 0; k < g.ncomments; k++) {
            const struct comment *c = &g.c[k];
            if (!c->own_line && l.line_open) {
                spaces(&l.out, c->blanks_before > 0 ? c->blanks_before : 1);
            } else {
                end_line(&l);
                if (newlines >= 2 && !(k == 0 && i > 0 && is(s, i - 1, "{")))
                    l.blank_pending = 1;
                start_line(&l, INDENT * st.depth + (st.parens > 0 ? INDENT : 0));
            }
            put_comment(&l, c);
            newlines = c->newlines_after;
        }
        if (i == s->n)
            break;
        if (i < s->n && ((i > 0 && is(s, i - 1, "{") && tall[i - 1]) || (closes && tall[i])))
            newlines = newlines > 0 ? newlines : 1;
        if (newlines > 0)
            st.in_unit = false;
        if ((newlines > 0 && st.parens == 0 && !continues) || is(s, i, ";") || closes)
            st.reaction = st.tilde = false;
        if (newlines > 0 || !l.line_open) {
            end_line(&l);
            if (newlines >= 2 && !(g.ncomments == 0 && i > 0 && is(s, i - 1, "{")) && !closes)
                l.blank_pending = 1;
            start_line(&l, indent);
        } else if (i > 0) {
            bool colon_ternary = is(s, i, ":") && nternary > 0 &&
                                 ternary_at[nternary - 1] == st.parens;
            spaces(&l.out, gap(s, i - 1, i, &st, colon_ternary));
        }
        /* a ':' closing a '?' is spaced like the '?' */
        bool colon_closes = is(s, i, ":") && nternary > 0 &&
                            ternary_at[nternary - 1] == st.parens;
        if (colon_closes)
            nternary--;
        bool unary = (is(s, i, "-") || is(s, i, "+") || is(s, i, "!")) &&
                     (i == 0 || !ends_operand(s, i - 1));
        put_token(&l.out, s, i);
        if (is(s, i, "{"))
            st.depth++;
        else if (closes && st.depth > 0)
            st.depth--;
        else if (is(s, i, "(") || is(s, i, "["))
            st.parens++;
        else if ((is(s, i, ")") || is(s, i, "]")) && st.parens > 0)
            st.parens--;
        else if (is(s, i, "?") && nternary < 256)
            ternary_at[nternary++] = st.parens;
        st.unary = unary;
        if (is(s, i, "~"))
            st.tilde = true;
        if (st.tilde && (is(s, i, "<->") || is(s, i, "<<") || is(s, i, "->")))
            st.reaction = true;
        if (is(s, i, ":"))
            st.in_unit = !colon_closes;
        else if (is(s, i, "=") || is(s, i, ",") || is(s, i, ")") || is(s, i, "{") ||
                 is(s, i, "}") || is(s, i, ";") || is_keyword(s, i))
            st.in_unit = false;
        continues = unary || (binary_op(s, i) && !is(s, i, "..")) || is(s, i, ",");
        if (is(s, i, "{") || is(s, i, "}") || is(s, i, ";"))
            continues = false;
    }
    end_line(&l);
    free(tall);
    if (!l.out.s)
        put(&l.out, "", 0);
    *outlen = l.out.len;
    return l.out.s;
}

/* ---- checking the result ---------------------------------------------------------------- */

/* The tokens and comments of a and b are the same, text for text (a
 * quantity's number and unit apart from the blanks between them). */
static bool same_tokens(const struct src *a, const struct src *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        struct buf x = {0}, y = {0};
        put_token(&x, a, i);
        put_token(&y, b, i);
        bool same = a->t[i].cls == b->t[i].cls && strcmp(x.s, y.s) == 0;
        free(x.s);
        free(y.s);
        if (!same)
            return false;
    }
    for (size_t i = 0; i <= a->n; i++) {
        struct between ga, gb;
        scan_gap(a->text + (i ? a->t[i - 1].end : 0),
                 a->text + (i < a->n ? a->t[i].start : strlen(a->text)), i == 0, &ga);
        scan_gap(b->text + (i ? b->t[i - 1].end : 0),
                 b->text + (i < b->n ? b->t[i].start : strlen(b->text)), i == 0, &gb);
        if (ga.ncomments != gb.ncomments)
            return false;
        for (int k = 0; k < ga.ncomments; k++)
            if (ga.c[k].len != gb.c[k].len || memcmp(ga.c[k].text, gb.c[k].text, ga.c[k].len))
                return false;
    }
    return true;
}

char *fmt_source(const char *path, const char *text, size_t len, size_t *outlen, char *err,
                 size_t errsize)
{
    struct arena *a = arena_create();
    struct diag_sink *d = diag_create();
    int file = diag_add_file(d, path, text, len);
    struct ast *prog = parse_file(a, d, file);
    (void)prog;
    char *out = NULL;
    if (diag_errors(d) > 0) {
        snprintf(err, errsize, "%s", diag_text(d));
    } else {
        struct token *t;
        size_t n = parse_tokens(a, d, file, &t);
        struct src s = {diag_file(d, file)->text, t, n};
        out = layout(&s, len, outlen, err, errsize);
        if (out) {
            /* read back: the same tokens and comments, or a bug to report */
            int again = diag_add_file(d, path, out, *outlen);
            struct token *t2;
            size_t n2 = parse_tokens(a, d, again, &t2);
            struct src s2 = {diag_file(d, again)->text, t2, n2};
            if (diag_errors(d) > 0 || !same_tokens(&s, &s2)) {
                snprintf(err, errsize, "%s: the layout changed what the file says (a bug in "
                         "circ fmt; the file is left as it is)", path);
                free(out);
                out = NULL;
            }
        }
    }
    diag_destroy(d);
    arena_destroy(a);
    return out;
}

/* ---- circ fmt [--check] FILE... ----------------------------------------------------------- */

/* The text of path ("-": standard input), malloc'd; NULL with errno. */
static char *slurp(const char *path, size_t *len)
{
    bool in = strcmp(path, "-") == 0;
    FILE *f = in ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        put(&b, chunk, n);
    bool bad = ferror(f);
    if (!in)
        fclose(f);
    if (bad) {
        free(b.s);
        return NULL;
    }
    if (!b.s)
        put(&b, "", 0);
    *len = b.len;
    return b.s;
}

static bool write_all(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(text, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* `diff -u` of the file and its layout, labelled as git labels them. */
static void show_diff(const char *path, const char *formatted, size_t len)
{
    char tmp[] = "/tmp/circ-fmt-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0)
        return;
    close(fd);
    if (write_all(tmp, formatted, len)) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            char a[4200], b[4200];
            snprintf(a, sizeof a, "--label=%s", path);
            snprintf(b, sizeof b, "--label=%s (circ fmt)", path);
            execlp("diff", "diff", "-u", a, b, path, tmp, (char *)NULL);
            _exit(127);
        }
        int status;
        if (pid > 0)
            waitpid(pid, &status, 0);
    }
    unlink(tmp);
}

/* Rewrites path with its layout: a new file beside it, renamed over it. */
static bool replace(const char *path, const char *text, size_t len)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.circ-fmt-%ld", path, (long)getpid());
    if (!write_all(tmp, text, len) || rename(tmp, path) != 0) {
        unlink(tmp);
        return false;
    }
    return true;
}

int fmt_main(int argc, char **argv)
{
    bool check = false, to_stdout = false;
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--check") == 0)
            check = true;
        else if (strcmp(argv[i], "--stdout") == 0)
            to_stdout = true;
        else if (argv[i][0] == '-' && argv[i][1]) {
            nfiles = -1;
            break;
        } else
            nfiles++;
    }
    if (nfiles <= 0 || (check && to_stdout)) {
        fprintf(stderr, "usage: circ fmt [--check | --stdout] FILE.circ...\n"
                        "  rewrites each file in circ's one layout; --check changes nothing,\n"
                        "  shows what would change and exits 1 if any file would; --stdout\n"
                        "  prints the layout instead of writing it; FILE - is standard input\n"
                        "  (printed, as with --stdout: editors' filters)\n");
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        const char *path = argv[i];
        if (path[0] == '-' && path[1])
            continue;
        bool from_stdin = strcmp(path, "-") == 0;
        size_t len, outlen;
        char *text = slurp(path, &len);
        if (!text) {
            fprintf(stderr, "circ fmt: cannot read '%s': %s\n", path, strerror(errno));
            rc = 2;
            continue;
        }
        char err[8192];
        char *out = fmt_source(from_stdin ? "<stdin>" : path, text, len, &outlen, err,
                               sizeof err);
        if (!out) {
            fprintf(stderr, "%s%s", err, err[0] && err[strlen(err) - 1] == '\n' ? "" : "\n");
            rc = 2;
        } else if (from_stdin && check) {
            if (outlen != len || memcmp(out, text, len) != 0) {
                fprintf(stderr, "circ fmt: <stdin> is not in the layout\n");
                rc = rc ? rc : 1;
            }
        } else if (to_stdout || from_stdin) {
            fwrite(out, 1, outlen, stdout);
        } else if (outlen != len || memcmp(out, text, len) != 0) {
            if (check) {
                show_diff(path, out, outlen);
                rc = rc ? rc : 1;
            } else if (!replace(path, out, outlen)) {
                fprintf(stderr, "circ fmt: cannot write '%s': %s\n", path, strerror(errno));
                rc = 2;
            }
        }
        free(out);
        free(text);
    }
    return rc;
}
