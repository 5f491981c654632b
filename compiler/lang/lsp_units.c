/* lsp_units.c - which units `circ lsp` offers after a number.
 *
 * After `diam = 2 ` or `gnabar = 0.12 mS/` the editor asks for completion
 * of a unit.  The property before `=` says which dimension fits: a
 * mechanism's parameter (in `insert hh { ... }`, `ExpSyn { ... }` or as
 * `hh.gnabar`) has the unit its declaration gives, a block's property the
 * unit of its schema (sema_property_unit).  The offer is every common
 * spelling and every unit the loaded programs write, of that dimension
 * when it is known, that starts with what is typed so far.
 */
#include "lsp_int.h"

#include <stdbool.h>
#include <string.h>

#include "ast.h"
#include "sema.h"
#include "units.h"

/* The units neuroscientists write most, offered even before a model
 * uses them. */
static const char *const common_units[] = {
    "mV", "V", "uV", "ms", "s", "us", "min", "um", "mm", "cm", "m", "nA", "pA", "uA", "mA",
    "mA/cm2", "uA/cm2", "nS", "uS", "pS", "mS", "S/cm2", "mS/cm2", "uS/cm2", "pS/um2",
    "uF/cm2", "ohm*cm", "Mohm", "Gohm", "ohm", "Hz", "kHz", "mM", "uM", "nM", "degC",
    "mm^-3", "1/ms", "/ms", "1/s", "um2", "pF", "nF", "mol", "percent",
};

static bool name_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Characters of a unit spelling being typed: "mS/cm2", "ohm*cm", "mm^-3", µ, Ω. */
static bool unit_char(char c)
{
    return name_char(c) || c == '/' || c == '*' || c == '^' || c == '-' || (c & 0x80);
}

static bool number_char(char c)
{
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E';
}

/* The identifier ending just before end (after spaces); its start in *b. */
static bool word_before(const char *text, unsigned end, unsigned *b, unsigned *e)
{
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        end--;
    unsigned s = end;
    while (s > 0 && name_char(text[s - 1]))
        s--;
    *b = s;
    *e = end;
    return s < end;
}

/* The name before the `{` that opens the block around offset at: the
 * mechanism of `insert hh {` or `synapse x = ExpSyn {`. */
static bool enclosing_block(const char *text, unsigned at, unsigned *b, unsigned *e)
{
    int depth = 0;
    for (unsigned i = at; i > 0; i--) {
        char c = text[i - 1];
        if (c == '}')
            depth++;
        else if (c == '{' && depth-- == 0)
            return word_before(text, i - 1, b, e);
    }
    return false;
}

/* The unit declared for parameter (or state) name of the mechanism called
 * mech in any loaded program, or NULL. */
static const char *mech_param_unit(const struct front *f, const char *mech, size_t mlen,
                                   const char *name, size_t nlen)
{
    for (int p = 0; f && p < f->nprograms; p++)
        for (unsigned i = 0; i < f->programs[p]->nkids; i++) {
            const struct ast *m = f->programs[p]->kids[i];
            if (!m || m->kind != AST_MECH || strlen(m->str) != mlen || strncmp(m->str, mech, mlen))
                continue;
            for (unsigned k = 0; k < m->nkids; k++) {
                const struct ast *d = m->kids[k];
                if (d && (d->kind == AST_PARAM || d->kind == AST_STATE) && d->str &&
                    strlen(d->str) == nlen && !strncmp(d->str, name, nlen))
                    return d->nkids > 1 && d->kids[1] && d->kids[1]->str ? d->kids[1]->str : NULL;
            }
        }
    return NULL;
}

/* The unit the property written before `=` (which ends at end) expects. */
static const char *expected_unit(const struct front *f, const char *text, unsigned end)
{
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        end--;
    if (end == 0 || text[end - 1] != '=')
        return NULL;
    unsigned b, e;
    if (!word_before(text, end - 1, &b, &e))
        return NULL;
    char key[64];
    size_t klen = e - b < sizeof key ? e - b : sizeof key - 1;
    memcpy(key, text + b, klen);
    key[klen] = '\0';
    if (b > 0 && text[b - 1] == '.') {                  /* set hh.gnabar = */
        unsigned mb, me;
        if (word_before(text, b - 1, &mb, &me))
            return mech_param_unit(f, text + mb, me - mb, key, klen);
        return NULL;
    }
    unsigned mb, me;
    if (enclosing_block(text, b, &mb, &me)) {
        const char *u = mech_param_unit(f, text + mb, me - mb, key, klen);
        if (u)
            return u;
    }
    return sema_property_unit(key);
}

/* Adds candidate unit spelling u if it parses, has the dimension wanted
 * (when known), starts with the prefix typed and was not offered yet. */
static void offer(const char *u, const struct units_dim *want, const char *prefix, size_t plen,
                  const char **seen, int *nseen, int maxseen, lsp_unit_fn add, void *ctx)
{
    struct units_val v;
    const char *bad;
    size_t badlen;
    if (!u || strncmp(u, prefix, plen) != 0 || !units_parse(u, &v, &bad, &badlen))
        return;
    if (want && !units_dim_eq(v.dim, *want))
        return;
    for (int i = 0; i < *nseen; i++)
        if (!strcmp(seen[i], u))
            return;
    if (*nseen < maxseen)
        seen[(*nseen)++] = u;
    add(ctx, u, units_dim_name(v.dim));
}

/* Every unit spelling written in the tree under n. */
static void offer_tree(const struct ast *n, const struct units_dim *want, const char *prefix,
                       size_t plen, const char **seen, int *nseen, int maxseen, lsp_unit_fn add,
                       void *ctx)
{
    if (!n)
        return;
    if ((n->kind == AST_NUM || n->kind == AST_UNIT) && n->str)
        offer(n->str, want, prefix, plen, seen, nseen, maxseen, add, ctx);
    for (unsigned i = 0; i < n->nkids; i++)
        offer_tree(n->kids[i], want, prefix, plen, seen, nseen, maxseen, add, ctx);
}

int lsp_units_at(const struct front *f, const char *text, unsigned off, lsp_unit_fn add,
                 void *ctx)
{
    unsigned u0 = off;
    while (u0 > 0 && unit_char(text[u0 - 1]))
        u0--;
    /* a number, then a space, then the unit typed so far */
    unsigned n1 = u0;
    while (n1 > 0 && (text[n1 - 1] == ' ' || text[n1 - 1] == '\t'))
        n1--;
    if (n1 == u0 || n1 == 0 || !(text[n1 - 1] >= '0' && text[n1 - 1] <= '9'))
        return -1;
    unsigned n0 = n1;
    while (n0 > 0 && (number_char(text[n0 - 1]) ||
                      ((text[n0 - 1] == '-' || text[n0 - 1] == '+') && n0 > 1 &&
                       (text[n0 - 2] == 'e' || text[n0 - 2] == 'E'))))
        n0--;
    if (n0 > 0 && name_char(text[n0 - 1]))
        return -1;      /* the end of a name such as x2, not a number */
    while (n0 > 0 && text[n0 - 1] == '-')
        n0--;
    const char *unit = expected_unit(f, text, n0);
    struct units_val want;
    const char *bad;
    size_t badlen;
    bool known = unit && units_parse(unit, &want, &bad, &badlen);
    if (known && units_dimensionless(want.dim))
        return 0;       /* a count or a probability: no unit to offer */
    const char *seen[256];
    int nseen = 0;
    const char *prefix = text + u0;
    size_t plen = off - u0;
    const struct units_dim *w = known ? &want.dim : NULL;
    int before = nseen;
    if (known)
        offer(unit, w, prefix, plen, seen, &nseen, 256, add, ctx);
    for (size_t i = 0; i < sizeof common_units / sizeof *common_units; i++)
        offer(common_units[i], w, prefix, plen, seen, &nseen, 256, add, ctx);
    for (int p = 0; f && p < f->nprograms; p++)
        offer_tree(f->programs[p], w, prefix, plen, seen, &nseen, 256, add, ctx);
    return nseen - before;
}
