/* ir.c - printing the model IR (--emit=ir) and evaluating constant IR. */
#include "ir.h"
#include "lower.h"

#include <math.h>
#include <string.h>

static const char *const op_names[] = {
    [IR_CONST] = "const", [IR_VAR] = "var", [IR_NEG] = "neg", [IR_ADD] = "+", [IR_SUB] = "-",
    [IR_MUL] = "*", [IR_DIV] = "/", [IR_POW] = "^", [IR_LT] = "<", [IR_LE] = "<=",
    [IR_GT] = ">", [IR_GE] = ">=", [IR_EQ] = "==", [IR_NE] = "!=", [IR_AND] = "and",
    [IR_OR] = "or", [IR_NOT] = "not", [IR_SELECT] = "select", [IR_MATH] = "math",
    [IR_CALL] = "call", [IR_RAND] = "rand",
};
static const char *const math_names[] = {
    "exp", "log", "log10", "sqrt", "fabs", "floor", "sin", "cos", "tanh", "pow", "min", "max",
    "tan", "sinh", "cosh", "asin", "acos", "atan", "atan2", "ceil", "fmod",
};
static const char *const rand_names[] = {"erand", "urand", "normrand", "train_size",
                                         "train_time"};

static void print_expr(FILE *out, const struct ir_mech *m, const struct ir_expr *e)
{
    switch (e->op) {
    case IR_CONST:
        fprintf(out, "%.17g", e->value);
        return;
    case IR_VAR:
        fprintf(out, "%s", m->vars[e->var].name);
        return;
    case IR_MATH:
        fprintf(out, "(%s", math_names[e->aux]);
        break;
    case IR_CALL:
        fprintf(out, "(%s", m->funcs[e->aux].name);
        break;
    case IR_RAND:
        fprintf(out, "(%s", rand_names[e->aux]);
        break;
    default:
        fprintf(out, "(%s", op_names[e->op]);
        break;
    }
    for (unsigned i = 0; i < e->nargs; i++) {
        fputc(' ', out);
        print_expr(out, m, e->args[i]);
    }
    fputc(')', out);
}

static void print_block(FILE *out, const struct ir_mech *m, const struct ir_block *b, int depth)
{
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        fprintf(out, "%*s", depth * 2, "");
        switch (s->kind) {
        case IRS_ASSIGN:
            fprintf(out, "%s = ", m->vars[s->var].name);
            print_expr(out, m, s->e);
            break;
        case IRS_CNEXP:
            fprintf(out, "cnexp %s a=", m->vars[s->var].name);
            print_expr(out, m, s->e);
            fputs(" b=", out);
            print_expr(out, m, s->e2);
            break;
        case IRS_LOOP:
            fputs("do\n", out);
            print_block(out, m, &s->then, depth + 1);
            fprintf(out, "%*swhile ", depth * 2, "");
            print_expr(out, m, s->e);
            break;
        case IRS_IF:
            fputs("if ", out);
            print_expr(out, m, s->e);
            fputc('\n', out);
            print_block(out, m, &s->then, depth + 1);
            if (s->els.n) {
                fprintf(out, "%*selse\n", depth * 2, "");
                print_block(out, m, &s->els, depth + 1);
            }
            continue;
        case IRS_WHILE:
            fputs("while ", out);
            print_expr(out, m, s->e);
            fprintf(out, " at most %d\n", s->aux);
            print_block(out, m, &s->then, depth + 1);
            continue;
        case IRS_FOR_CONNS:
            fputs("for each connection", out);
            for (unsigned k = 0; k < s->nargs; k++) {
                fputc(' ', out);
                print_expr(out, m, s->args[k]);
            }
            fputc('\n', out);
            print_block(out, m, &s->then, depth + 1);
            continue;
        case IRS_MOVE:
            fputs("move ", out);
            print_expr(out, m, s->e);
            break;
        case IRS_CALL:
            fprintf(out, "call %s", m->funcs[s->aux].name);
            for (unsigned k = 0; k < s->nargs; k++) {
                fputc(' ', out);
                print_expr(out, m, s->args[k]);
            }
            break;
        case IRS_SEND:
            fputs("send ", out);
            print_expr(out, m, s->e);
            fputc(' ', out);
            print_expr(out, m, s->e2);
            break;
        case IRS_EMIT:
            fputs("emit", out);
            break;
        case IRS_WATCH:
            fprintf(out, "watch %d ", s->aux);
            print_expr(out, m, s->e);
            fputc(' ', out);
            print_expr(out, m, s->e2);
            break;
        case IRS_RETURN:
            fputs("return ", out);
            print_expr(out, m, s->e);
            break;
        }
        fputc('\n', out);
    }
}

static const char *const var_kinds[] = {"param", "global", "state", "assigned", "const",
                                        "local", "builtin", "ion"};
static const char *const ion_fields[IRF_COUNT] = {"e", "ci", "co", "i"};   /* ORDER ION_FIELDS */

static void print_mech(FILE *out, const struct ir_mech *m)
{
    static const char *const kinds[] = {"density", "point", "artificial"};
    fprintf(out, "mechanism %s %s order=%d slots=%u\n", kinds[m->kind], m->name, m->order,
            m->nslots);
    for (unsigned i = 0; i < m->nvars; i++) {
        const struct ir_var *v = &m->vars[i];
        fprintf(out, "  var %s %s", var_kinds[v->kind], v->name);
        if (v->slot >= 0)
            fprintf(out, " slot=%d", v->slot);
        if (v->kind == IRV_PARAM || v->kind == IRV_GLOBAL || v->kind == IRV_CONST)
            fprintf(out, " init=%.17g", v->init);
        if (v->ion >= 0)
            fprintf(out, " ion=%d.%s", v->ion, ion_fields[v->ion_field]);
        fputc('\n', out);
    }
    for (unsigned i = 0; i < m->nfuncs; i++) {
        const struct ir_func *f = &m->funcs[i];
        fprintf(out, "  %s %s(", f->has_result ? "function" : "procedure", f->name);
        for (unsigned k = 0; k < f->nargs; k++)
            fprintf(out, "%s%s", k ? ", " : "", m->vars[f->args[k]].name);
        fputc(')', out);
        if (f->table && f->table->from_e) {
            fprintf(out, " table[%d intervals, ", f->table->intervals);
            print_expr(out, m, f->table->from_e);
            fputs(" .. ", out);
            print_expr(out, m, f->table->to_e);
            fputc(']', out);
        } else if (f->table) {
            fprintf(out, " table[%d intervals, %.17g .. %.17g]", f->table->intervals,
                    f->table->from, f->table->to);
        }
        if (f->table) {
            for (unsigned k = 0; k < f->table->nvars && !f->table->result; k++)
                fprintf(out, " %s", m->vars[f->table->vars[k]].name);
            if (f->table->result)
                fputs(" (result)", out);
            for (unsigned k = 0; k < f->table->nparams; k++)
                fprintf(out, " %s=%s", m->vars[f->table->params[k]].name,
                        m->vars[f->table->param_globals[k]].name);
        }
        fputc('\n', out);
        print_block(out, m, &f->body, 2);
    }
    const struct { const char *name; const struct ir_block *b; } blocks[] = {
        {"initial", &m->initial}, {"derivative", &m->derivative}, {"receive", &m->receive},
        {"breakpoint", &m->breakpoint}, {"receive initial", &m->receive_init},
    };
    for (int i = 0; i < 5; i++)
        if (blocks[i].b->n) {
            fprintf(out, "  %s\n", blocks[i].name);
            print_block(out, m, blocks[i].b, 2);
        }
    for (unsigned i = 0; i < m->ncurrents; i++) {
        fprintf(out, "  %scurrent ", m->electrode ? "electrode " : "");
        print_expr(out, m, m->currents[i]);
        fputc('\n', out);
    }
    for (unsigned i = 0; i < m->nprobes; i++) {   /* recorded values; the others are inlined */
        fprintf(out, "  probe %s = ", m->vars[m->probe_var[i]].name);
        print_expr(out, m, m->probes[i]);
        fputc('\n', out);
    }
    for (unsigned i = 0; i < m->nsetters; i++) {
        fprintf(out, "  setter %s\n", m->setters[i].name);
        print_block(out, m, &m->setters[i].body, 2);
    }
}

/* A value per segment (v[g * stride]): one number when uniform, else a list. */
static void print_per_segment(FILE *out, const double *v, int nseg, unsigned stride)
{
    bool uniform = true;
    for (int g = 1; g < nseg; g++)
        uniform &= v[(unsigned)g * stride] == v[0];
    if (uniform) {
        fprintf(out, "%.17g", v[0]);
        return;
    }
    for (int g = 0; g < nseg; g++)
        fprintf(out, "%s%.17g", g ? "," : "[", v[(unsigned)g * stride]);
    fputc(']', out);
}

static void print_type(FILE *out, const struct ir_model *model, const struct ir_celltype *t)
{
    fprintf(out, "celltype %s nodes=%u spike_node=%d threshold=%.17g", t->name, t->nnodes,
            t->spike_node, t->threshold);
    if (t->spike_mech >= 0)     /* spikes_from */
        fprintf(out, " spikes_from=%s", model->mechs[t->spike_mech].name);
    fputc('\n', out);
    for (unsigned i = 0; i < t->nsections; i++) {
        const struct ir_section *s = &t->sections[i];
        fprintf(out, "  section %s nseg=%d L=%.17g ", s->name, s->nseg, s->L);
        if (s->npt3d) {     /* the geometry is the points' (and diam unused) */
            fprintf(out, "pt3d=%d", s->npt3d);
        } else {
            fprintf(out, "diam=");
            print_per_segment(out, s->seg_diam, s->nseg, 1);
        }
        fprintf(out, " Ra=%.17g cm=", s->Ra);
        print_per_segment(out, s->seg_cm, s->nseg, 1);
        fprintf(out, " first_node=%d", s->first_node);
        if (s->parent >= 0)
            fprintf(out, " parent=%s(%.17g)", t->sections[s->parent].name, s->parent_x);
        fputc('\n', out);
        for (unsigned k = 0; k < s->ninserts; k++) {
            const struct ir_mech *m = &model->mechs[s->inserts[k].mech];
            fprintf(out, "    insert %s", m->name);
            for (unsigned v = 0; v < m->nvars; v++)
                if (m->vars[v].kind == IRV_PARAM) {
                    fprintf(out, " %s=", m->vars[v].name);
                    print_per_segment(out, &s->inserts[k].params[v], s->nseg, m->nvars);
                }
            fputc('\n', out);
        }
        for (unsigned k = 0; k < s->nions; k++) {
            const struct ir_ion_use *u = &s->ions[k];
            fprintf(out, "    ion %s style=0%o", model->ions[u->ion].name, (unsigned)u->style);
            for (int f = 0; f < IRF_I; f++)
                fprintf(out, " %s=%.17g%s", ion_fields[f], u->value[f], u->dynamic[f] ? "*" : "");
            fprintf(out, "%s\n", u->dynamic[IRF_I] ? " i*" : "");
        }
    }
    for (unsigned i = 0; i < t->nnodes; i++) {
        const struct ir_node *n = &t->nodes[i];
        fprintf(out, "  node %u parent=%d section=%s seg=%d area=%.17g a=%.17g b=%.17g\n", i,
                n->parent, n->section >= 0 ? t->sections[n->section].name : "-", n->seg,
                n->area, n->a, n->b);
    }
}

void ir_print(FILE *out, const struct ir_model *m)
{
    for (unsigned i = 0; i < m->nmechs; i++)
        print_mech(out, &m->mechs[i]);
    for (unsigned i = 0; i < m->ntypes; i++)
        print_type(out, m, &m->types[i]);
}

bool ir_ion_var(const char *ion, const char *name, int *field)
{
    size_t n = strlen(ion), len = strlen(name);
    if (len != n + 1)
        return false;
    /* ORDER ION_FIELDS: eX, Xi, Xo, iX */
    if (name[0] == 'e' && strcmp(name + 1, ion) == 0)
        *field = IRF_E;
    else if (strncmp(name, ion, n) == 0 && name[n] == 'i')
        *field = IRF_CI;
    else if (strncmp(name, ion, n) == 0 && name[n] == 'o')
        *field = IRF_CO;
    else if (name[0] == 'i' && strcmp(name + 1, ion) == 0)
        *field = IRF_I;
    else
        return false;
    return true;
}

const struct ir_ion_use *ir_section_ion(const struct ir_section *s, int ion)
{
    for (unsigned i = 0; i < s->nions; i++)
        if (s->ions[i].ion == ion)
            return &s->ions[i];
    return NULL;
}

bool ir_block_writes(const struct ir_block *b, int var)
{
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        if ((s->kind == IRS_ASSIGN || s->kind == IRS_CNEXP) && s->var == var)
            return true;
        if (ir_block_writes(&s->then, var) || ir_block_writes(&s->els, var))
            return true;
    }
    return false;
}

int ir_builtin_var(const struct ir_mech *m, int b)
{
    for (unsigned k = 0; k < m->nvars; k++)
        if (m->vars[k].kind == IRV_BUILTIN && m->vars[k].builtin == b)
            return (int)k;
    return -1;
}

bool ir_density_writes_v(const struct ir_mech *m)
{
    int v = m->kind == IRK_DENSITY ? ir_builtin_var(m, IRB_V) : -1;
    for (unsigned f = 0; v >= 0 && f < m->nfuncs; f++)
        if (ir_block_writes(&m->funcs[f].body, v))
            return true;
    return false;
}

/* ---- constant evaluation ---------------------------------------------------------- */

bool ir_eval(const struct ir_mech *m, const struct ir_expr *e, const double *vals, double *out)
{
    double a[3] = {0, 0, 0};
    if (e->op == IR_CONST) {
        *out = e->value;
        return true;
    }
    if (e->op == IR_VAR) {
        const struct ir_var *v = &m->vars[e->var];
        if (v->kind == IRV_CONST) {
            *out = v->init;
            return true;
        }
        if (v->kind == IRV_BUILTIN || isnan(vals[e->var]))
            return false;
        *out = vals[e->var];
        return true;
    }
    if (e->op == IR_CALL || e->op == IR_RAND || e->nargs > 3)
        return false;
    for (unsigned i = 0; i < e->nargs; i++)
        if (!ir_eval(m, e->args[i], vals, &a[i]))
            return false;
    switch (e->op) {
    case IR_NEG: *out = -a[0]; break;
    case IR_ADD: *out = a[0] + a[1]; break;
    case IR_SUB: *out = a[0] - a[1]; break;
    case IR_MUL: *out = a[0] * a[1]; break;
    case IR_DIV: *out = a[0] / a[1]; break;
    case IR_POW: *out = pow(a[0], a[1]); break;
    case IR_LT: *out = a[0] < a[1]; break;
    case IR_LE: *out = a[0] <= a[1]; break;
    case IR_GT: *out = a[0] > a[1]; break;
    case IR_GE: *out = a[0] >= a[1]; break;
    case IR_EQ: *out = a[0] == a[1]; break;
    case IR_NE: *out = a[0] != a[1]; break;
    case IR_AND: *out = a[0] != 0 && a[1] != 0; break;
    case IR_OR: *out = a[0] != 0 || a[1] != 0; break;
    case IR_NOT: *out = a[0] == 0; break;
    case IR_SELECT: *out = a[0] != 0 ? a[1] : a[2]; break;
    case IR_MATH:
        if (e->aux < 0 || e->aux >= CRT_NMATHS)
            return false;
        *out = crt_math_value(e->aux, a[0], crt_math_nargs(e->aux) == 2 ? a[1] : 0);
        break;
    default:
        return false;
    }
    return true;
}

bool ir_exec(const struct ir_mech *m, const struct ir_block *b, double *vals)
{
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_stmt *s = b->stmts[i];
        double x;
        switch (s->kind) {
        case IRS_ASSIGN:
            if (!ir_eval(m, s->e, vals, &x))
                return false;
            vals[s->var] = x;
            break;
        case IRS_IF:
            if (!ir_eval(m, s->e, vals, &x))
                return false;
            if (!ir_exec(m, x != 0 ? &s->then : &s->els, vals))
                return false;
            break;
        case IRS_WHILE:
            for (int k = 0; k < s->aux; k++) {
                if (!ir_eval(m, s->e, vals, &x))
                    return false;
                if (x == 0)
                    break;
                if (!ir_exec(m, &s->then, vals))
                    return false;
            }
            break;
        default:
            return false;
        }
    }
    return true;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

uint64_t ir_celltypes_fingerprint(const struct ir_model *m)
{
    uint64_t h = 1469598103934665603ull;
    for (unsigned t = 0; t < m->ntypes; t++) {
        const struct ir_celltype *ct = &m->types[t];
        h = fnv(h, &ct->nsections, sizeof ct->nsections);
        for (unsigned k = 0; k < ct->nsections; k++) {
            const struct ir_section *s = &ct->sections[k];
            double geo[6] = {s->nseg, s->L, s->diam, s->Ra, s->cm, s->parent_x};
            h = fnv(h, geo, sizeof geo);
            h = fnv(h, &s->parent, sizeof s->parent);
            h = fnv(h, s->seg_diam, (size_t)s->nseg * sizeof *s->seg_diam);
            h = fnv(h, s->seg_cm, (size_t)s->nseg * sizeof *s->seg_cm);
            for (unsigned i = 0; i < s->ninserts; i++) {
                const struct ir_insert *in = &s->inserts[i];
                h = fnv(h, &in->mech, sizeof in->mech);
                h = fnv(h, in->params, (size_t)s->nseg * m->mechs[in->mech].nvars * sizeof *in->params);
            }
            for (unsigned i = 0; i < s->nions; i++) {
                const struct ir_ion_use *u = &s->ions[i];
                int iv[2] = {u->ion, u->style};
                h = fnv(h, iv, sizeof iv);
                h = fnv(h, u->value, sizeof u->value);
                h = fnv(h, u->dynamic, sizeof u->dynamic);
            }
        }
        for (unsigned k = 0; k < ct->nnodes; k++) {
            const struct ir_node *n = &ct->nodes[k];
            double v[4] = {n->area, n->a, n->b, n->cm};
            h = fnv(h, v, sizeof v);
            h = fnv(h, &n->parent, sizeof n->parent);
        }
        double th = ct->threshold;
        h = fnv(h, &th, sizeof th);
        h = fnv(h, &ct->spike_node, sizeof ct->spike_node);
        h = fnv(h, &ct->spike_mech, sizeof ct->spike_mech);
    }
    return h;
}
