/* units.c - unit spellings to (dimension, scale), and their names. */
#include "units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct units_dim UNITS_NONE = {{0}};

/*                  L   T   M   I  Th   N */
#define D(l, t, m, i, th, n) {{l, t, m, i, th, n}}

static const struct base_unit {
    const char *name;
    struct units_dim dim;
    double scale;
    bool prefixable;
} base_units[] = {
    {"m",    D( 1, 0, 0, 0, 0, 0), 1, true},
    {"s",    D( 0, 1, 0, 0, 0, 0), 1, true},
    {"g",    D( 0, 0, 1, 0, 0, 0), 1e-3, true},
    {"A",    D( 0, 0, 0, 1, 0, 0), 1, true},
    {"K",    D( 0, 0, 0, 0, 1, 0), 1, false},
    {"degC", D( 0, 0, 0, 0, 1, 0), 1, false},   /* temperatures are Celsius values */
    {"mol",  D( 0, 0, 0, 0, 0, 1), 1, true},
    {"V",    D( 2,-3, 1,-1, 0, 0), 1, true},
    {"S",    D(-2, 3,-1, 2, 0, 0), 1, true},
    {"mho",  D(-2, 3,-1, 2, 0, 0), 1, true},
    {"ohm",  D( 2,-3, 1,-2, 0, 0), 1, true},
    {"\xCE\xA9", D( 2,-3, 1,-2, 0, 0), 1, true},  /* Ω */
    {"F",    D(-2, 4,-1, 2, 0, 0), 1, true},
    {"C",    D( 0, 1, 0, 1, 0, 0), 1, true},
    {"Hz",   D( 0,-1, 0, 0, 0, 0), 1, true},
    {"J",    D( 2,-2, 1, 0, 0, 0), 1, true},
    {"W",    D( 2,-3, 1, 0, 0, 0), 1, true},
    {"L",    D( 3, 0, 0, 0, 0, 0), 1e-3, true},
    {"l",    D( 3, 0, 0, 0, 0, 0), 1e-3, true},
    {"M",    D(-3, 0, 0, 0, 0, 1), 1e3, true},  /* molar */
    {"min",  D( 0, 1, 0, 0, 0, 0), 60, false},
    {"h",    D( 0, 1, 0, 0, 0, 0), 3600, false},
    {"percent", D(0, 0, 0, 0, 0, 0), 1e-2, false},
};

static const struct prefix {
    const char *name;
    double scale;
} prefixes[] = {
    {"f", 1e-15}, {"p", 1e-12}, {"n", 1e-9}, {"u", 1e-6}, {"\xC2\xB5", 1e-6}, {"\xCE\xBC", 1e-6},
    {"m", 1e-3}, {"c", 1e-2}, {"d", 1e-1}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9},
};

static bool lookup_base(const char *s, size_t n, struct units_val *out, bool allow_prefix)
{
    for (size_t i = 0; i < sizeof base_units / sizeof *base_units; i++) {
        const struct base_unit *b = &base_units[i];
        if (strlen(b->name) == n && memcmp(b->name, s, n) == 0) {
            out->dim = b->dim;
            out->scale = b->scale;
            return true;
        }
    }
    if (!allow_prefix)
        return false;
    for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes; p++) {
        size_t pl = strlen(prefixes[p].name);
        if (pl >= n || memcmp(prefixes[p].name, s, pl) != 0)
            continue;
        struct units_val base;
        for (size_t i = 0; i < sizeof base_units / sizeof *base_units; i++) {
            const struct base_unit *b = &base_units[i];
            if (b->prefixable && strlen(b->name) == n - pl && memcmp(b->name, s + pl, n - pl) == 0) {
                base.dim = b->dim;
                base.scale = b->scale;
                out->dim = base.dim;
                out->scale = base.scale * prefixes[p].scale;
                return true;
            }
        }
    }
    return false;
}

/* One atom: name, optional trailing digits (power), optional ^[-]N. */
static bool parse_atom(const char *s, size_t n, struct units_val *out)
{
    if (n == 1 && s[0] == '1') {
        out->dim = UNITS_NONE;
        out->scale = 1;
        return true;
    }
    size_t name_end = n;
    int power = 1;
    const char *caret = memchr(s, '^', n);
    if (caret) {
        name_end = (size_t)(caret - s);
        const char *e = caret + 1;
        size_t elen = n - name_end - 1;
        bool neg = elen > 0 && *e == '-';
        if (neg) {
            e++;
            elen--;
        }
        if (elen == 0 || elen > 2)
            return false;
        int v = 0;
        for (size_t i = 0; i < elen; i++) {
            if (e[i] < '0' || e[i] > '9')
                return false;
            v = v * 10 + (e[i] - '0');
        }
        power = neg ? -v : v;
    } else {
        size_t d = name_end;
        while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
            d--;
        if (d < name_end && d > 0) {
            if (name_end - d > 1)
                return false;
            power = s[d] - '0';
            name_end = d;
        }
    }
    if (name_end == 0 || power == 0)
        return false;
    struct units_val b;
    if (!lookup_base(s, name_end, &b, true))
        return false;
    if (power != 1 && units_dim_eq(b.dim, base_units[5].dim))
        return false;   /* degC^2 is meaningless */
    out->dim = units_dim_pow(b.dim, power);
    out->scale = pow(b.scale, power);
    return true;
}

bool units_parse(const char *spelling, struct units_val *out, const char **bad, size_t *badlen)
{
    struct units_val acc = {UNITS_NONE, 1.0};
    const char *p = spelling;
    char op = '*';
    for (;;) {
        size_t n = strcspn(p, "*/");
        struct units_val atom;
        if (n == 0 || !parse_atom(p, n, &atom)) {
            if (bad) {
                *bad = p;
                *badlen = n;
            }
            return false;
        }
        acc = op == '*' ? units_mul(acc, atom) : units_div(acc, atom);
        if (p[n] == '\0')
            break;
        op = p[n];
        p += n + 1;
    }
    *out = acc;
    return true;
}

struct units_val units_must(const char *spelling)
{
    struct units_val v;
    if (!units_parse(spelling, &v, NULL, NULL)) {
        fprintf(stderr, "circ: internal error: bad built-in unit '%s'\n", spelling);
        abort();
    }
    return v;
}

bool units_dim_eq(struct units_dim a, struct units_dim b)
{
    return memcmp(a.e, b.e, sizeof a.e) == 0;
}

bool units_dimensionless(struct units_dim a)
{
    return units_dim_eq(a, UNITS_NONE);
}

struct units_dim units_dim_mul(struct units_dim a, struct units_dim b)
{
    for (int i = 0; i < DIM_COUNT; i++)
        a.e[i] = (signed char)(a.e[i] + b.e[i]);
    return a;
}

struct units_dim units_dim_div(struct units_dim a, struct units_dim b)
{
    for (int i = 0; i < DIM_COUNT; i++)
        a.e[i] = (signed char)(a.e[i] - b.e[i]);
    return a;
}

struct units_dim units_dim_pow(struct units_dim a, int n)
{
    for (int i = 0; i < DIM_COUNT; i++)
        a.e[i] = (signed char)(a.e[i] * n);
    return a;
}

struct units_val units_mul(struct units_val a, struct units_val b)
{
    return (struct units_val){units_dim_mul(a.dim, b.dim), a.scale * b.scale};
}

struct units_val units_div(struct units_val a, struct units_val b)
{
    return (struct units_val){units_dim_div(a.dim, b.dim), a.scale / b.scale};
}

double units_factor(struct units_val from, struct units_val to)
{
    if (from.scale == to.scale)
        return 1.0;
    double r = from.scale / to.scale;
    /* scales are products of prefixes, each rounded: a ratio within
       rounding of a power of ten is that power (cm/s * mC/cm3 is mA/cm2
       exactly, not 0.99999999999999978 of it) */
    if (r > 0 && isfinite(r)) {
        char buf[16];
        snprintf(buf, sizeof buf, "1e%d", (int)lround(log10(r)));
        double p = strtod(buf, NULL);
        if (fabs(r - p) <= 1e-12 * p)
            return p;
    }
    return r;
}

/* Named dimensions with NEURON's unit for each; order matters only for speed. */
static const struct named_dim {
    const char *name;
    const char *unit;
} named_dims[] = {
    {"a voltage", "mV"},
    {"a time", "ms"},
    {"a length", "um"},
    {"an area", "um2"},
    {"a volume", "um3"},
    {"a current", "nA"},
    {"a conductance", "uS"},
    {"a current density", "mA/cm2"},
    {"a conductance density", "S/cm2"},
    {"a capacitance density", "uF/cm2"},
    {"a capacitance", "nF"},
    {"a resistivity", "ohm*cm"},
    {"a resistance", "Mohm"},
    {"a frequency", "Hz"},
    {"a temperature", "degC"},
    {"a concentration", "mM"},
    {"a charge", "nC"},
    {"a density of cells", "mm^-3"},
    {"a rate per voltage", "kHz/mV"},
    {"a voltage rate", "mV/ms"},
    {"a dimensionless number", "1"},
};

static const struct named_dim *find_named(struct units_dim d)
{
    for (size_t i = 0; i < sizeof named_dims / sizeof *named_dims; i++)
        if (units_dim_eq(units_must(named_dims[i].unit).dim, d))
            return &named_dims[i];
    return NULL;
}

const char *units_dim_name(struct units_dim d)
{
    const struct named_dim *nd = find_named(d);
    return nd ? nd->name : NULL;
}

const char *units_dim_unit(struct units_dim d, char *buf, size_t size)
{
    const struct named_dim *nd = find_named(d);
    if (nd) {
        snprintf(buf, size, "%s", nd->unit);
        return buf;
    }
    static const char *const si[] = {"m", "s", "kg", "A", "K", "mol"};
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < DIM_COUNT; i++) {
        if (!d.e[i] || len >= size)
            continue;
        len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "*" : "", si[i]);
        if (d.e[i] != 1 && len < size)
            len += (size_t)snprintf(buf + len, size - len, "^%d", d.e[i]);
    }
    return buf;
}

const char *units_describe(struct units_dim d, char *buf, size_t size)
{
    char unit[64];
    const struct named_dim *nd = find_named(d);
    if (nd && units_dimensionless(d))
        snprintf(buf, size, "%s", nd->name);
    else if (nd)
        snprintf(buf, size, "%s (%s)", nd->name, nd->unit);
    else
        snprintf(buf, size, "a quantity in %s", units_dim_unit(d, unit, sizeof unit));
    return buf;
}

double units_kelvin_to_celsius(double t)
{
    double c = t - 273.15;
    return fabs(c) < 1e6 ? round(c * 1e9) / 1e9 : c;
}
