/* lsp.c - `circ lsp`: a Language Server (LSP 3.17) over stdin/stdout.
 *
 * Each open document is checked by the front end on every change, exactly
 * as `circ check` would check it (imports resolved from its folder); the
 * diagnostics are published with their notes, and the checked tree answers
 * hover (a quantity's unit, what a name is: its unit, default, mechanism
 * and the comment above its declaration), go to definition, completion
 * (keywords, the model's names, a mechanism's variables after "hh.", after
 * a number the units that fit: lsp_units.c) and formatting (circ fmt).
 * Positions: LSP counts UTF-16 code units; circ's text is ASCII but for µ
 * and Ω in units, each one unit, so code points are counted. */
#define _GNU_SOURCE     /* asprintf, open_memstream */
#include "lang.h"

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "arena.h"
#include "ast.h"
#include "circ_print.h"
#include "diag.h"
#include "front.h"
#include "lsp_int.h"
#include "parse.h"
#include "sema.h"
#include "units.h"

struct doc {
    char *uri, *path, *text;
    size_t len;
    struct front *front;    /* the last check of text */
};

struct server {
    FILE *in, *out;
    struct doc *docs;
    int ndocs;
    bool shutdown;
};

/* ---- transport: Content-Length framed JSON-RPC ---------------------------------------- */

static struct json_object *read_message(FILE *in)
{
    char line[1024];
    long length = -1;
    while (fgets(line, sizeof line, in)) {
        if (strcmp(line, "\r\n") == 0 || strcmp(line, "\n") == 0) {
            if (length < 0)
                continue;
            char *body = malloc((size_t)length + 1);
            if (!body || fread(body, 1, (size_t)length, in) != (size_t)length) {
                free(body);
                return NULL;
            }
            body[length] = '\0';
            struct json_object *msg = json_tokener_parse(body);
            free(body);
            return msg ? msg : json_object_new_object();    /* unparsable: ignored */
        }
        if (strncasecmp(line, "Content-Length:", 15) == 0)
            length = strtol(line + 15, NULL, 10);
    }
    return NULL;
}

static void send_msg(struct server *s, struct json_object *msg)
{
    json_object_object_add(msg, "jsonrpc", json_object_new_string("2.0"));
    const char *body = json_object_to_json_string_ext(msg, JSON_C_TO_STRING_PLAIN);
    fprintf(s->out, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
    fflush(s->out);
    json_object_put(msg);
}

static void reply(struct server *s, struct json_object *id, struct json_object *result)
{
    struct json_object *msg = json_object_new_object();
    json_object_object_add(msg, "id", json_object_get(id));
    json_object_object_add(msg, "result", result);
    send_msg(s, msg);
}

static void reply_error(struct server *s, struct json_object *id, int code, const char *text)
{
    struct json_object *msg = json_object_new_object(), *err = json_object_new_object();
    json_object_object_add(err, "code", json_object_new_int(code));
    json_object_object_add(err, "message", json_object_new_string(text));
    json_object_object_add(msg, "id", json_object_get(id));
    json_object_object_add(msg, "error", err);
    send_msg(s, msg);
}

static struct json_object *member(struct json_object *o, const char *key)
{
    struct json_object *v = NULL;
    return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static const char *member_str(struct json_object *o, const char *key)
{
    struct json_object *v = member(o, key);
    return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* ---- positions ------------------------------------------------------------------------ */

static bool continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

static unsigned offset_of(const char *text, size_t len, int line, int character)
{
    size_t i = 0;
    for (int l = 0; l < line && i < len; i++)
        if (text[i] == '\n')
            l++;
    for (int c = 0; i < len && text[i] != '\n' && c < character; i++)
        if (!continuation(text[i + 1 < len ? i + 1 : i]) || i + 1 >= len)
            c++;
    while (i < len && continuation(text[i]))
        i++;
    return (unsigned)i;
}

static struct json_object *position(const struct diag_sink *d, int file, unsigned offset)
{
    unsigned line, col;
    diag_line_col(d, file, offset, &line, &col);
    struct json_object *p = json_object_new_object();
    json_object_object_add(p, "line", json_object_new_int(line > 0 ? (int)line - 1 : 0));
    json_object_object_add(p, "character", json_object_new_int(col > 0 ? (int)col - 1 : 0));
    return p;
}

static struct json_object *range(const struct diag_sink *d, struct loc loc)
{
    struct json_object *r = json_object_new_object();
    json_object_object_add(r, "start", position(d, loc.file, loc.start));
    json_object_object_add(r, "end", position(d, loc.file, loc.end > loc.start ? loc.end
                                                                               : loc.start));
    return r;
}

/* ---- documents and their diagnostics ----------------------------------------------------- */

static char *path_of(const char *uri)
{
    const char *p = strncmp(uri, "file://", 7) == 0 ? uri + 7 : uri;
    char *out = xmalloc(strlen(p) + 1);
    size_t k = 0;
    for (; *p; p++) {      /* %XX escapes */
        if (p[0] == '%' && p[1] && p[2]) {
            char hex[3] = {p[1], p[2], 0};
            out[k++] = (char)strtol(hex, NULL, 16);
            p += 2;
        } else {
            out[k++] = *p;
        }
    }
    out[k] = '\0';
    return out;
}

static struct doc *find_doc(struct server *s, const char *uri)
{
    for (int i = 0; uri && i < s->ndocs; i++)
        if (strcmp(s->docs[i].uri, uri) == 0)
            return &s->docs[i];
    return NULL;
}

static int main_file(const struct doc *d)
{
    const struct front *f = d->front;
    return f && f->main_program >= 0 ? f->program_file[f->main_program] : -1;
}

/* Checks the document and publishes what the check said: its own
 * diagnostics where they are, those of files it imports on the first
 * line, each with its notes as related information. */
static void check(struct server *s, struct doc *d)
{
    if (d->front)
        front_destroy(d->front);
    struct front_options fo = {.stop_after = PASS_ALL};
    d->front = front_create(&fo);
    front_check_text(d->front, d->path, d->text, d->len);
    const struct diag_sink *dg = d->front->diag;
    int file = main_file(d);
    struct json_object *list = json_object_new_array();
    struct json_object *last = NULL;
    for (size_t i = 0; i < diag_count(dg); i++) {
        const struct diag_item *it = diag_item(dg, i);
        bool here = it->loc.file == file;
        if (it->level == DIAG_NOTE && last) {
            struct json_object *rel = member(last, "relatedInformation");
            if (!rel) {
                rel = json_object_new_array();
                json_object_object_add(last, "relatedInformation", rel);
            }
            const struct srcfile *src = diag_file(dg, it->loc.file);
            struct json_object *info = json_object_new_object(), *where = json_object_new_object();
            char *uri = NULL;
            if (src && asprintf(&uri, "file://%s", src->path) < 0)
                uri = NULL;
            json_object_object_add(where, "uri", json_object_new_string(
                here || !uri ? d->uri : uri));
            json_object_object_add(where, "range", src ? range(dg, it->loc)
                                                       : range(dg, (struct loc){file, 0, 0}));
            json_object_object_add(info, "location", where);
            json_object_object_add(info, "message", json_object_new_string(it->message));
            json_object_array_add(rel, info);
            free(uri);
            continue;
        }
        if (it->level == DIAG_NOTE)
            continue;
        struct json_object *x = json_object_new_object();
        const struct srcfile *src = diag_file(dg, it->loc.file);
        char msg[1400];
        if (here || !src)
            snprintf(msg, sizeof msg, "%s", it->message);
        else
            snprintf(msg, sizeof msg, "%s (in %s)", it->message, src->path);
        json_object_object_add(x, "range", range(dg, here ? it->loc : (struct loc){file, 0, 0}));
        json_object_object_add(x, "severity", json_object_new_int(it->level == DIAG_ERROR ? 1 : 2));
        json_object_object_add(x, "source", json_object_new_string("circ"));
        json_object_object_add(x, "message", json_object_new_string(msg));
        json_object_array_add(list, x);
        last = x;
    }
    struct json_object *params = json_object_new_object(), *msg = json_object_new_object();
    json_object_object_add(params, "uri", json_object_new_string(d->uri));
    json_object_object_add(params, "diagnostics", list);
    json_object_object_add(msg, "method", json_object_new_string("textDocument/publishDiagnostics"));
    json_object_object_add(msg, "params", params);
    send_msg(s, msg);
}

static void set_text(struct server *s, const char *uri, const char *text)
{
    struct doc *d = find_doc(s, uri);
    if (!d) {
        s->docs = xrealloc(s->docs, (size_t)(s->ndocs + 1) * sizeof *s->docs);
        d = &s->docs[s->ndocs++];
        *d = (struct doc){xstrdup(uri), path_of(uri), NULL, 0, NULL};
    }
    free(d->text);
    d->text = xstrdup(text);
    d->len = strlen(text);
    check(s, d);
}

static void free_doc(struct server *s, struct doc *d)
{
    if (d->front)
        front_destroy(d->front);
    free(d->uri);
    free(d->path);
    free(d->text);
    *d = s->docs[--s->ndocs];
}

static void close_doc(struct server *s, const char *uri)
{
    struct doc *d = find_doc(s, uri);
    if (!d)
        return;
    struct json_object *params = json_object_new_object(), *msg = json_object_new_object();
    json_object_object_add(params, "uri", json_object_new_string(uri));
    json_object_object_add(params, "diagnostics", json_object_new_array());
    json_object_object_add(msg, "method", json_object_new_string("textDocument/publishDiagnostics"));
    json_object_object_add(msg, "params", params);
    send_msg(s, msg);
    free_doc(s, d);
}

/* ---- what is under the cursor -------------------------------------------------------------- */

/* The innermost node of n's subtree in `file` whose range holds offset. */
static struct ast *node_at(struct ast *n, int file, unsigned offset)
{
    if (!n)
        return NULL;
    for (unsigned i = 0; i < n->nkids; i++) {
        struct ast *k = node_at(n->kids[i], file, offset);
        if (k)
            return k;
    }
    bool holds = n->loc.file == file && n->loc.start <= offset && offset < n->loc.end;
    bool name = n->nloc.end > n->nloc.start && n->nloc.file == file && n->nloc.start <= offset &&
                offset < n->nloc.end;
    return (holds && n->kind != AST_PROGRAM) || name ? n : NULL;
}

static struct ast *at_cursor(struct doc *d, struct json_object *params)
{
    struct json_object *pos = member(params, "position");
    if (!d || !d->front || !pos || main_file(d) < 0)
        return NULL;
    unsigned off = offset_of(d->text, d->len, json_object_get_int(member(pos, "line")),
                             json_object_get_int(member(pos, "character")));
    return node_at(d->front->programs[d->front->main_program], main_file(d), off);
}

static const char *kind_word(const struct sym *y)
{
    static const char *const words[SYM_KIND_COUNT] = {
        [SYM_MECH] = "mechanism", [SYM_CELL] = "cell type", [SYM_POPULATION] = "population",
        [SYM_GROUP] = "group", [SYM_SYNAPSE] = "synapse", [SYM_STIMULUS] = "stimulus",
        [SYM_EXPERIMENT] = "experiment", [SYM_SWEEP] = "sweep", [SYM_FIT] = "fit", [SYM_WINDOW] = "window", [SYM_MEASURE] = "measure",
        [SYM_FIGURE] = "figure", [SYM_MODEL_PARAM] = "model parameter",
        [SYM_SECTION] = "section", [SYM_SECLIST] = "section list", [SYM_PARAM] = "parameter",
        [SYM_STATE] = "state", [SYM_ASSIGNED] = "assigned variable",
        [SYM_CONSTANT] = "constant", [SYM_FUNCTION] = "function",
        [SYM_PROCEDURE] = "procedure", [SYM_SETTER] = "setter", [SYM_ARG] = "argument",
        [SYM_LOCAL] = "local", [SYM_BUILTIN_VAR] = "built-in variable",
        [SYM_BUILTIN_FUNC] = "built-in function", [SYM_ION] = "ion variable",
    };
    return y->kind < SYM_KIND_COUNT && words[y->kind] ? words[y->kind] : "name";
}

/* The '#' comment lines right above a declaration, as one paragraph. */
static void doc_comment(FILE *out, const struct front *f, const struct ast *decl)
{
    const struct srcfile *src = decl ? diag_file(f->diag, decl->loc.file) : NULL;
    if (!src)
        return;
    unsigned end = decl->loc.start;
    while (end > 0 && src->text[end - 1] != '\n')
        end--;
    unsigned start = end;
    while (start > 0) {
        unsigned ls = start - 1;
        while (ls > 0 && src->text[ls - 1] != '\n')
            ls--;
        unsigned p = ls;
        while (p < start && (src->text[p] == ' ' || src->text[p] == '\t'))
            p++;
        if (p >= start || src->text[p] != '#')
            break;
        start = ls;
    }
    if (start == end)
        return;
    fputs("\n\n", out);
    for (unsigned i = start; i < end; i++) {
        if (src->text[i] == '#') {
            i++;
            if (i < end && src->text[i] == ' ')
                i++;
        }
        while (i < end && src->text[i] != '\n')
            fputc(src->text[i++], out);
        fputc(i + 1 < end ? ' ' : '\n', out);
    }
}

static char *hover_text(const struct front *f, const struct ast *n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        return NULL;
    char buf[128];
    const struct sym *y = n->sym;
    if (!y && n->str && f->sema && n->kind != AST_NUM && n->kind != AST_STR)
        y = sema_lookup(f->sema->global, n->str);      /* a declaration's own name */
    if (n->kind == AST_NUM && n->str) {
        struct units_val u;
        const char *bad;
        size_t badlen;
        const char *dim = units_parse(n->str, &u, &bad, &badlen) ? units_dim_name(u.dim) : NULL;
        circ_print_number(buf, sizeof buf, n->num);
        fprintf(out, "`%s %s`%s%s", buf, n->str, dim ? ": " : "", dim ? dim : "");
    } else if (y) {
        fprintf(out, "**%s** `%s`", kind_word(y), y->name);
        if (y->owner)
            fprintf(out, " of %s `%s`", kind_word(y->owner), y->owner->name);
        const struct ast *decl = y->decl;
        const struct ast *unit = decl && (decl->kind == AST_PARAM || decl->kind == AST_STATE ||
                                          decl->kind == AST_ASSIGNED) && decl->nkids > 1
                                     ? decl->kids[1] : NULL;
        if (unit && unit->str)
            fprintf(out, "\n\nunit: `%s`", unit->str);
        else if (y->has_unit && units_dim_unit(y->unit.dim, buf, sizeof buf) && *buf)
            fprintf(out, "\n\nunit: `%s`", buf);
        if (decl && (decl->kind == AST_PARAM || decl->kind == AST_CONSTANT) && decl->kids[0]) {
            fputs(decl->kind == AST_PARAM ? "\n\ndefault: `" : "\n\nvalue: `", out);
            circ_print_expr(out, decl->kids[0]);
            fputc('`', out);
        }
        if (y->kind == SYM_MODEL_PARAM && y->has_value) {
            circ_print_number(buf, sizeof buf, y->value);
            fprintf(out, "\n\nvalue in this run: `%s`", buf);
        }
        doc_comment(out, f, decl);
    }
    fclose(out);
    if (len == 0) {
        free(text);
        return NULL;
    }
    return text;
}

static struct json_object *hover(struct doc *d, struct json_object *params)
{
    struct ast *n = at_cursor(d, params);
    char *text = n ? hover_text(d->front, n) : NULL;
    if (!text)
        return NULL;
    struct json_object *h = json_object_new_object(), *c = json_object_new_object();
    json_object_object_add(c, "kind", json_object_new_string("markdown"));
    json_object_object_add(c, "value", json_object_new_string(text));
    json_object_object_add(h, "contents", c);
    json_object_object_add(h, "range", range(d->front->diag, n->loc));
    free(text);
    return h;
}

static struct json_object *definition(struct doc *d, struct json_object *params)
{
    struct ast *n = at_cursor(d, params);
    const struct ast *decl = n && n->sym ? n->sym->decl : NULL;
    if (!decl)
        return NULL;
    const struct srcfile *src = diag_file(d->front->diag, decl->loc.file);
    if (!src)
        return NULL;
    bool same = decl->loc.file == main_file(d);
    if (!same && access(src->path, R_OK) != 0)
        return NULL;        /* the embedded standard library has no file to open */
    char *uri = NULL;
    if (!same && asprintf(&uri, "file://%s", src->path) < 0)
        return NULL;
    struct json_object *loc = json_object_new_object();
    json_object_object_add(loc, "uri", json_object_new_string(same ? d->uri : uri));
    struct loc at = decl->nloc.end > decl->nloc.start ? decl->nloc : decl->loc;
    json_object_object_add(loc, "range", range(d->front->diag, at));
    free(uri);
    return loc;
}

/* ---- completion --------------------------------------------------------------------------- */

static void item(struct json_object *list, const char *label, int kind, const char *detail)
{
    struct json_object *x = json_object_new_object();
    json_object_object_add(x, "label", json_object_new_string(label));
    json_object_object_add(x, "kind", json_object_new_int(kind));
    if (detail)
        json_object_object_add(x, "detail", json_object_new_string(detail));
    json_object_array_add(list, x);
}

/* The mechanism called name in any loaded program, or NULL. */
static const struct ast *find_mech(const struct front *f, const char *name, size_t len)
{
    for (int p = 0; p < f->nprograms; p++)
        for (unsigned i = 0; i < f->programs[p]->nkids; i++) {
            const struct ast *k = f->programs[p]->kids[i];
            if (k && k->kind == AST_MECH && strlen(k->str) == len && !strncmp(k->str, name, len))
                return k;
        }
    return NULL;
}

static bool name_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static void add_unit(void *list, const char *unit, const char *dimension)
{
    item(list, unit, 11, dimension ? dimension : "unit");     /* 11: Unit */
}

static struct json_object *completion(struct doc *d, struct json_object *params)
{
    struct json_object *list = json_object_new_array();
    struct json_object *pos = member(params, "position");
    if (!d || !pos)
        return list;
    unsigned off = offset_of(d->text, d->len, json_object_get_int(member(pos, "line")),
                             json_object_get_int(member(pos, "character")));
    if (lsp_units_at(d->front, d->text, off, add_unit, list) >= 0)
        return list;        /* after a number: units only */
    unsigned w = off;
    while (w > 0 && name_char(d->text[w - 1]))
        w--;
    if (w > 0 && d->text[w - 1] == '.' && d->front) {      /* hh.| : the mechanism's names */
        unsigned e = w - 1, b = e;
        while (b > 0 && name_char(d->text[b - 1]))
            b--;
        const struct ast *m = find_mech(d->front, d->text + b, e - b);
        for (unsigned i = 0; m && i < m->nkids; i++) {
            const struct ast *k = m->kids[i];
            if (k && (k->kind == AST_PARAM || k->kind == AST_STATE || k->kind == AST_ASSIGNED))
                item(list, k->str, 6, k->kind == AST_PARAM ? "parameter"
                                      : k->kind == AST_STATE ? "state" : "assigned");
        }
        return list;
    }
    for (size_t i = 0; parse_keyword(i); i++)
        item(list, parse_keyword(i), 14, "keyword");
    static const char *const kinds[AST_KIND_COUNT] = {
        [AST_MECH] = "mechanism", [AST_CELL] = "cell type", [AST_POPULATION] = "population",
        [AST_GROUP] = "group", [AST_SYNAPSE] = "synapse", [AST_STIMULUS] = "stimulus",
        [AST_EXPERIMENT] = "experiment", [AST_WINDOW] = "window", [AST_MEASURE] = "measure",
        [AST_FIGURE] = "figure", [AST_PARAM] = "model parameter",
    };
    for (int p = 0; d->front && p < d->front->nprograms; p++)
        for (unsigned i = 0; i < d->front->programs[p]->nkids; i++) {
            const struct ast *k = d->front->programs[p]->kids[i];
            if (k && k->str && kinds[k->kind])
                item(list, k->str, k->kind == AST_MECH ? 7 : 6, kinds[k->kind]);
        }
    return list;
}

/* The document in circ fmt's layout: one edit replacing all of it, none
 * when it is in the layout already, an error when it does not parse. */
static void formatting(struct server *s, struct json_object *id, struct doc *d)
{
    char err[1024] = "";
    size_t outlen = 0;
    char *out = d ? fmt_source(d->path, d->text, d->len, &outlen, err, sizeof err) : NULL;
    if (!out) {
        reply_error(s, id, -32803, d ? err : "document not open");    /* RequestFailed */
        return;
    }
    struct json_object *edits = json_object_new_array();
    if (outlen != d->len || memcmp(out, d->text, outlen) != 0) {
        int lines = 0;
        for (size_t i = 0; i < d->len; i++)
            lines += d->text[i] == '\n';
        struct json_object *r = json_object_new_object(), *a = json_object_new_object(),
                           *b = json_object_new_object(), *edit = json_object_new_object();
        json_object_object_add(a, "line", json_object_new_int(0));
        json_object_object_add(a, "character", json_object_new_int(0));
        json_object_object_add(b, "line", json_object_new_int(lines + 1));   /* past the end */
        json_object_object_add(b, "character", json_object_new_int(0));
        json_object_object_add(r, "start", a);
        json_object_object_add(r, "end", b);
        json_object_object_add(edit, "range", r);
        json_object_object_add(edit, "newText", json_object_new_string_len(out, (int)outlen));
        json_object_array_add(edits, edit);
    }
    free(out);
    reply(s, id, edits);
}

/* ---- the loop ----------------------------------------------------------------------------- */

static struct json_object *capabilities(void)
{
    struct json_object *caps = json_object_new_object(), *comp = json_object_new_object();
    struct json_object *trig = json_object_new_array();
    json_object_array_add(trig, json_object_new_string("."));
    json_object_object_add(comp, "triggerCharacters", trig);
    json_object_object_add(caps, "textDocumentSync", json_object_new_int(1));  /* full text */
    json_object_object_add(caps, "hoverProvider", json_object_new_boolean(1));
    json_object_object_add(caps, "definitionProvider", json_object_new_boolean(1));
    json_object_object_add(caps, "completionProvider", comp);
    json_object_object_add(caps, "documentFormattingProvider", json_object_new_boolean(1));
    struct json_object *result = json_object_new_object(), *info = json_object_new_object();
    json_object_object_add(info, "name", json_object_new_string("circ"));
    json_object_object_add(result, "capabilities", caps);
    json_object_object_add(result, "serverInfo", info);
    return result;
}

/* Handles one message; false once `exit` came. */
static bool handle(struct server *s, struct json_object *msg, int *status)
{
    const char *method = member_str(msg, "method");
    struct json_object *id = member(msg, "id"), *params = member(msg, "params");
    struct json_object *td = member(params, "textDocument");
    const char *uri = member_str(td, "uri");
    if (!method) {
        return true;        /* a response to us, or nonsense: nothing to do */
    } else if (!strcmp(method, "exit")) {
        *status = s->shutdown ? 0 : 1;
        return false;
    } else if (!strcmp(method, "initialize")) {
        reply(s, id, capabilities());
    } else if (!strcmp(method, "shutdown")) {
        s->shutdown = true;
        reply(s, id, NULL);
    } else if (!strcmp(method, "textDocument/didOpen") && uri && member_str(td, "text")) {
        set_text(s, uri, member_str(td, "text"));
    } else if (!strcmp(method, "textDocument/didChange") && uri) {
        struct json_object *changes = member(params, "contentChanges");
        size_t n = changes ? json_object_array_length(changes) : 0;
        const char *text = n ? member_str(json_object_array_get_idx(changes, n - 1), "text") : NULL;
        if (text)
            set_text(s, uri, text);
    } else if (!strcmp(method, "textDocument/didClose") && uri) {
        close_doc(s, uri);
    } else if (!strcmp(method, "textDocument/hover") && id) {
        reply(s, id, hover(find_doc(s, uri), params));
    } else if (!strcmp(method, "textDocument/definition") && id) {
        reply(s, id, definition(find_doc(s, uri), params));
    } else if (!strcmp(method, "textDocument/completion") && id) {
        reply(s, id, completion(find_doc(s, uri), params));
    } else if (!strcmp(method, "textDocument/formatting") && id) {
        formatting(s, id, find_doc(s, uri));
    } else if (id) {
        reply_error(s, id, -32601, "method not handled by circ lsp");
    }
    return true;
}

int lsp_main(FILE *in, FILE *out)
{
    struct server s = {.in = in, .out = out};
    int status = 1;         /* the input ended without `exit` */
    for (struct json_object *msg; (msg = read_message(in));) {
        bool more = handle(&s, msg, &status);
        json_object_put(msg);
        if (!more)
            break;
    }
    while (s.ndocs > 0)
        free_doc(&s, &s.docs[0]);
    free(s.docs);
    return status;
}
