/* pyexpr.c - NetPyNE's string functions as circ expressions.
 *
 * NetPyNE lets a connection's probability, weight and delay be a Python
 * expression of the pair ("0.3 * exp(-dist_3D / 200)"), evaluated with
 * distances and positions as plain numbers in um.  circ's distances carry
 * their unit, so each is written divided by 1 um, and the whole expression
 * is then given the property's unit by the caller.  Names of netParams'
 * own numbers (propVelocity, ...) are replaced by their values.  Anything
 * else (random draws such as uniform(), Python's `if ... else`, unknown
 * names) is refused with a message: the caller keeps the property out and
 * says so, rather than guess.
 */
#include "read.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->size)
        n = o->size > o->len + 1 ? o->size - o->len - 1 : 0;
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

/* NetPyNE's pair variables -> circ's, in um made dimensionless (or plain) */
static const char *pair_name(const char *id, size_t n)
{
    static const char *const map[][2] = {
        {"dist_3D", "(dist_3d / 1 um)"}, {"dist_2D", "(dist_2d / 1 um)"},
        {"dist_x", "(dist_x / 1 um)"}, {"dist_y", "(dist_y / 1 um)"}, {"dist_z", "(dist_z / 1 um)"},
        {"pre_x", "(pre.x / 1 um)"}, {"pre_y", "(pre.y / 1 um)"}, {"pre_z", "(pre.z / 1 um)"},
        {"post_x", "(post.x / 1 um)"}, {"post_y", "(post.y / 1 um)"}, {"post_z", "(post.z / 1 um)"},
        {"pre_xnorm", "pre.xnorm"}, {"pre_ynorm", "pre.ynorm"}, {"pre_znorm", "pre.znorm"},
        {"post_xnorm", "post.xnorm"}, {"post_ynorm", "post.ynorm"}, {"post_znorm", "post.znorm"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strlen(map[i][0]) == n && strncmp(map[i][0], id, n) == 0)
            return map[i][1];
    return NULL;
}

static bool math_function(const char *id, size_t n)
{
    static const char *const fns[] = {"exp", "log", "log10", "sqrt", "sin", "cos", "tanh",
                                      "pow", "min", "max", "abs", "fabs", "floor"};
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
        if (strlen(fns[i]) == n && strncmp(fns[i], id, n) == 0)
            return true;
    return false;
}

bool read_pyexpr(const char *src, const struct read_number *names, int nnames, char *out,
                 size_t size, char *why, size_t whysize)
{
    struct out o = {out, size, 0};
    out[0] = '\0';
    int depth = 0;
    for (const char *p = src; *p;) {
        if (isspace((unsigned char)*p)) {
            p++;
            continue;
        }
        if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
            const char *q = p;
            while (isalnum((unsigned char)*q) || *q == '.' ||
                   ((*q == '+' || *q == '-') && (q[-1] == 'e' || q[-1] == 'E')))
                q++;
            put(&o, p, (size_t)(q - p));
            p = q;
            continue;
        }
        if (isalpha((unsigned char)*p) || *p == '_') {
            const char *q = p;
            while (isalnum((unsigned char)*q) || *q == '_' || *q == '.')
                q++;
            size_t n = (size_t)(q - p);
            const char *id = p;
            if (n > 5 && strncmp(id, "math.", 5) == 0) {   /* math.exp -> exp */
                id += 5;
                n -= 5;
            } else if (n > 3 && strncmp(id, "np.", 3) == 0) {
                id += 3;
                n -= 3;
            }
            const char *pair = pair_name(id, n);
            bool named = false;
            if (pair) {
                puts_(&o, pair);
            } else if (math_function(id, n)) {
                if (n == 3 && strncmp(id, "abs", 3) == 0)
                    puts_(&o, "fabs");
                else
                    put(&o, id, n);
            } else if ((n == 3 && strncmp(id, "and", 3) == 0) || (n == 2 && strncmp(id, "or", 2) == 0) ||
                       (n == 3 && strncmp(id, "not", 3) == 0)) {
                put(&o, " ", 1);
                put(&o, id, n);
                put(&o, " ", 1);
            } else {
                for (int k = 0; k < nnames && !named; k++)
                    if (strlen(names[k].name) == n && strncmp(names[k].name, id, n) == 0) {
                        char num[40];
                        snprintf(num, sizeof num, "%.17g", names[k].value);
                        puts_(&o, num);
                        named = true;
                    }
                if (!named) {
                    snprintf(why, whysize, "'%.*s' %s", (int)n, id,
                             (n == 7 && strncmp(id, "uniform", 7) == 0) || strncmp(id, "gauss", 5) == 0 ||
                             strncmp(id, "normal", 6) == 0 || strncmp(id, "rand", 4) == 0
                             ? "draws a random number per connection, which circ's connection "
                               "properties do not"
                             : "is not a name circ knows here (distances, pre_/post_ positions, "
                               "math functions and netParams' numbers are)");
                    return false;
                }
            }
            p = q;
            continue;
        }
        if (p[0] == '*' && p[1] == '*') {
            puts_(&o, " ^ ");
            p += 2;
            continue;
        }
        if (strchr("<>=!", p[0]) && p[1] == '=') {
            put(&o, " ", 1);
            put(&o, p, 2);
            put(&o, " ", 1);
            p += 2;
            continue;
        }
        if (strchr("+-*/<>(),", *p)) {
            depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
            /* a sign (after an operator, '(' or ',', or first) stays on its operand */
            char prev = o.len ? o.buf[o.len - 1] : '(';
            size_t back = o.len;
            while (prev == ' ' && back > 1)
                prev = o.buf[--back - 1];
            bool sign = (*p == '-' || *p == '+') && (o.len == 0 || strchr("(,+-*/<>=^", prev));
            if (sign) {
                put(&o, p, 1);
            } else if (strchr("+-*/<>", *p)) {
                put(&o, " ", 1);
                put(&o, p, 1);
                put(&o, " ", 1);
            } else {
                put(&o, p, 1);
                if (*p == ',')
                    put(&o, " ", 1);
            }
            p++;
            continue;
        }
        snprintf(why, whysize, "'%c' is not part of the Python arithmetic circ translates", *p);
        return false;
    }
    if (depth != 0) {
        snprintf(why, whysize, "unbalanced parentheses");
        return false;
    }
    if (o.len + 1 >= o.size) {
        snprintf(why, whysize, "too long");
        return false;
    }
    return true;
}
