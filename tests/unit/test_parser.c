/* test_parser.c - grammar/circ.y: AST shapes, precedence, recovery, messages. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Compact S-expression of an expression: (op a b), names and numbers bare. */
static void sx(FILE *out, const struct ast *n)
{
    if (!n) {
        fputs("-", out);
        return;
    }
    switch (n->kind) {
    case AST_NAME: fputs(n->str, out); return;
    case AST_NUM:
        fprintf(out, "%g", n->num);
        if (n->str)
            fprintf(out, "[%s]", n->str);
        return;
    case AST_STR: fprintf(out, "\"%s\"", n->str); return;
    case AST_BOOL: fputs(n->num ? "true" : "false", out); return;
    case AST_BINOP:
    case AST_UNOP: fprintf(out, "(%s", ast_op_name(n->op)); break;
    case AST_CALL:
    case AST_MEMBER:
    case AST_INDEX: fprintf(out, "(%s %s", ast_kind_name(n->kind), n->str); break;
    default: fprintf(out, "(%s", ast_kind_name(n->kind)); break;
    }
    for (unsigned i = 0; i < n->nkids; i++) {
        fputc(' ', out);
        sx(out, n->kids[i]);
    }
    fputc(')', out);
}

/* Parses `measure m = <text>` and returns the expression's S-expression. */
static char *expr_sx(const char *text)
{
    char src[512];
    snprintf(src, sizeof src, "measure m = %s\n", text);
    struct front *f = front_create(NULL);
    struct ast *prog = parse_src(f, src);
    cr_assert_eq(diag_errors(f->diag), 0, "%s: %s", text, diag_of(f));
    cr_assert_eq(prog->nkids, 1);
    char *buf;
    size_t size;
    FILE *out = open_memstream(&buf, &size);
    sx(out, prog->kids[0]->kids[1]);
    fclose(out);
    front_destroy(f);
    return buf;
}

static void expect_expr(const char *text, const char *want)
{
    char *got = expr_sx(text);
    cr_expect_str_eq(got, want, "%s", text);
    free(got);
}

Test(parser, unary_minus_binds_looser_than_power)
{
    expect_expr("-x^2", "(neg (^ x 2))");
    expect_expr("(-x)^2", "(^ (neg x) 2)");
    expect_expr("-x*y", "(* (neg x) y)");
}

Test(parser, power_is_right_associative)
{
    expect_expr("2^3^2", "(^ 2 (^ 3 2))");
}

Test(parser, arithmetic_is_left_associative_with_usual_precedence)
{
    expect_expr("1 - 2 - 3", "(- (- 1 2) 3)");
    expect_expr("a + b * c / d", "(+ a (/ (* b c) d))");
    expect_expr("a / b / c", "(/ (/ a b) c)");
}

Test(parser, comparisons_and_logic)
{
    expect_expr("1 + 2 * 3 > 4 and not c", "(and (> (+ 1 (* 2 3)) 4) (not c))");
    expect_expr("a or b and c", "(or a (and b c))");
    expect_expr("!a && b || c", "(or (and (not a) b) c)");
    expect_expr("a == b", "(== a b)");
    expect_expr("a <= b", "(<= a b)");
}

Test(parser, conditional_expression)
{
    expect_expr("a > 0 ? b : c + 1", "(cond (> a 0) b (+ c 1))");
    expect_expr("p ? a : q ? b : c", "(cond p a (cond q b c))");
}

Test(parser, ranges_bind_looser_than_arithmetic)
{
    expect_expr("a .. b", "(range a b)");
    expect_expr("0.2 .. 0.5 + 0.1", "(range 0.2 (+ 0.5 0.1))");
    expect_expr("0 um .. 100 um", "(range 0[um] 100[um])");
}

Test(parser, brackets_make_lists_and_half_open_intervals)
{
    expect_expr("[200 ms, 400 ms)", "(interval 200[ms] 400[ms])");
    expect_expr("[a, b]", "(list a b)");
    expect_expr("[a]", "(list a)");
    expect_expr("[]", "(list)");
    expect_expr("[a, b, c, d]", "(list a b c d)");
}

Test(parser, calls_members_and_literals)
{
    expect_expr("rate(Exc, [1 ms, 2 ms), control)", "(call rate Exc (interval 1[ms] 2[ms]) control)");
    expect_expr("f()", "(call f)");
    expect_expr("pre.x + post.ynorm", "(+ (member x pre) (member ynorm post))");
    expect_expr("\"s\" == true", "(== \"s\" true)");
    expect_expr("all", "(all)");
}

Test(parser, mechanism_declarations)
{
    struct front *f = front_create(NULL);
    struct ast *p = parse_src(f, "point Syn {\n"
                                 "  parameter tau = 2 ms, e: mV = 0 mV\n"
                                 "  state A: uS\n"
                                 "  assigned g: uS, i: nA\n"
                                 "  constant k = 3\n"
                                 "  function f(x: mV, y): mV { return x }\n"
                                 "  procedure rates(v: mV) table a, b from -100 mV to 100 mV with 200 depend celsius { }\n"
                                 "  initial { A = 0 uS }\n"
                                 "  derivative { A' = -A / tau }\n"
                                 "  current i = g * (v - e)\n"
                                 "  electrode_current j = 1 nA\n"
                                 "  receive(w: uS) { A = A + w }\n"
                                 "  setter r: Hz { tau = 1 / r }\n"
                                 "}\n");
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    cr_assert_eq(p->kind, AST_PROGRAM);
    cr_assert_eq(p->nkids, 1);
    struct ast *m = p->kids[0];
    cr_assert_eq(m->kind, AST_MECH);
    cr_assert_eq(m->op, MECH_POINT);
    cr_assert_str_eq(m->str, "Syn");
    static const enum ast_kind want[] = {
        AST_PARAM, AST_PARAM, AST_STATE, AST_ASSIGNED, AST_ASSIGNED, AST_CONSTANT, AST_FUNCTION,
        AST_PROCEDURE, AST_INITIAL, AST_DERIVATIVE, AST_CURRENT, AST_CURRENT, AST_RECEIVE,
        AST_SETTER,
    };
    cr_assert_eq(m->nkids, sizeof want / sizeof *want);
    for (unsigned i = 0; i < m->nkids; i++)
        cr_expect_eq(m->kids[i]->kind, want[i], "item %u is a %s", i,
                     ast_kind_name(m->kids[i]->kind));
    struct ast *e = m->kids[1];
    cr_assert_str_eq(e->str, "e");
    cr_assert_str_eq(e->kids[1]->str, "mV");           /* annotation */
    cr_assert_str_eq(e->kids[0]->str, "mV");           /* default's unit */
    cr_assert_null(m->kids[2]->kids[0]);               /* state: no value */
    struct ast *fn = m->kids[6];
    cr_assert_eq(fn->kids[0]->nkids, 2);                /* two args */
    cr_assert_null(fn->kids[0]->kids[1]->kids[0]);     /* y has no unit */
    cr_assert_str_eq(fn->kids[1]->str, "mV");
    struct ast *tab = m->kids[7]->kids[1];
    cr_assert_eq(tab->kind, AST_TABLE);
    cr_assert_eq(tab->kids[0]->nkids, 2);
    cr_assert_eq(tab->kids[4]->nkids, 1);
    cr_assert_eq(m->kids[10]->op, 0);                  /* membrane current */
    cr_assert_eq(m->kids[11]->op, 1);                  /* electrode current */
    struct ast *deriv = m->kids[9]->kids[0]->kids[0];
    cr_assert_eq(deriv->kind, AST_DERIV);
    cr_assert_str_eq(deriv->str, "A");
    front_destroy(f);
}

/* linear/nonlinear blocks, their equations and `solve`; a reaction's left
 * side is read as an expression and taken apart into its reactants */
Test(parser, equations_solve_and_reactions)
{
    struct front *f = front_create(NULL);
    struct ast *p = parse_src(f, "density k {\n"
                                 "  state x, y, B, CaB, ca\n"
                                 "  initial { solve eqs }\n"
                                 "  derivative { solve pool }\n"
                                 "  linear eqs { let q = 2; ~ -a * x + y / b = q - 1; ~ x = y }\n"
                                 "  nonlinear pool { ~ x * x = y + 1 }\n"
                                 "  kinetic { ~ 2 ca + B <-> CaB (kf, kb); ~ ca << (f); ~ B -> (k) }\n"
                                 "}\n");
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    struct ast *m = p->kids[0];
    cr_assert_eq(m->nkids, 10, "%u items", m->nkids);      /* five states, five blocks */
    cr_assert_eq(m->kids[5]->kids[0]->kids[0]->kind, AST_SOLVE);
    cr_assert_str_eq(m->kids[5]->kids[0]->kids[0]->str, "eqs");
    struct ast *lin = m->kids[7];
    cr_assert_eq(lin->kind, AST_LINEAR);
    cr_assert_str_eq(lin->str, "eqs");
    struct ast *eq = lin->kids[0]->kids[1];
    cr_assert_eq(eq->kind, AST_EQUATION);
    char *buf;
    size_t size;
    FILE *out = open_memstream(&buf, &size);
    sx(out, eq->kids[0]);
    fputc('=', out);
    sx(out, eq->kids[1]);
    fclose(out);
    cr_expect_str_eq(buf, "(+ (* (neg a) x) (/ y b))=(- q 1)");
    free(buf);
    cr_assert_eq(m->kids[8]->kind, AST_NONLINEAR);
    struct ast *r = m->kids[9]->kids[0]->kids[0];
    cr_assert_eq(r->kind, AST_REACTION);
    cr_assert_eq(r->kids[0]->nkids, 2);
    cr_expect_str_eq(r->kids[0]->kids[0]->str, "ca");
    cr_expect_eq(r->kids[0]->kids[0]->num, 2);
    cr_expect_str_eq(r->kids[0]->kids[1]->str, "B");
    cr_expect_eq(r->kids[0]->kids[1]->num, 1);
    cr_expect_eq(m->kids[9]->kids[0]->kids[1]->op, 1);     /* << */
    cr_expect_eq(m->kids[9]->kids[0]->kids[2]->op, 2);     /* -> */
    front_destroy(f);
}

Test(parser, unit_annotations_keep_their_spelling)
{
    struct front *f = front_create(NULL);
    struct ast *p = parse_src(f, "density d { parameter a: S/cm2, b: ms^-1, c: mm^2, k: 1, r: ohm*cm }");
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    const char *want[] = {"S/cm2", "ms^-1", "mm^2", "1", "ohm*cm"};
    for (int i = 0; i < 5; i++)
        cr_expect_str_eq(p->kids[0]->kids[i]->kids[1]->str, want[i]);
    front_destroy(f);
}

/* "x = d where cond": the condition is the PARAM's third kid (SETTER's too) */
Test(parser, parameter_where_conditions)
{
    struct front *f = front_create(NULL);
    struct ast *p = parse_src(f, "artificial A {\n"
                                 "  parameter t = 1 ms where t > 0 ms, n where n >= 0 and n <= 9, e = 2\n"
                                 "  setter r: Hz where r > 0 Hz { t = 1 / r }\n"
                                 "}\n");
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    struct ast *m = p->kids[0];
    cr_assert_eq(m->nkids, 4);
    cr_assert_eq(m->kids[0]->nkids, 3);
    cr_assert_eq(m->kids[0]->kids[2]->kind, AST_BINOP);
    cr_assert_eq(m->kids[0]->kids[2]->op, OP_GT);
    cr_assert_null(m->kids[1]->kids[0]);                /* n: no default */
    cr_assert_eq(m->kids[1]->kids[2]->op, OP_AND);
    cr_assert_eq(m->kids[2]->nkids, 2);                 /* e: no condition */
    cr_assert_eq(m->kids[3]->kind, AST_SETTER);
    cr_assert_eq(m->kids[3]->kids[1]->kind, AST_BLOCK);
    cr_assert_eq(m->kids[3]->kids[2]->op, OP_GT);
    front_destroy(f);
}

Test(parser, if_else_if_chain)
{
    struct front *f = front_create(NULL);
    struct ast *p = parse_src(f, "density d { initial { if a { x = 1 } else if b { x = 2 } else { x = 3 } } }");
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    struct ast *st = p->kids[0]->kids[0]->kids[0]->kids[0];
    cr_assert_eq(st->kind, AST_IF);
    cr_assert_eq(st->nkids, 3);
    cr_assert_eq(st->kids[2]->kind, AST_IF);
    cr_assert_eq(st->kids[2]->kids[2]->kind, AST_BLOCK);
    front_destroy(f);
}

Test(parser, cell_structure)
{
    struct front *f = front_create(NULL);
    struct ast *p = parse_src(f, "cell PYR {\n"
                                 "  section soma { L = 18.8 um; insert hh { gnabar = 0.12 S/cm2 } }\n"
                                 "  section dend { insert pas }\n"
                                 "  attach dend(0) to soma(1)\n"
                                 "  sectionlist dends = dend, soma\n"
                                 "  threshold = 10 mV\n"
                                 "}\n");
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    struct ast *c = p->kids[0];
    cr_assert_eq(c->kind, AST_CELL);
    cr_assert_str_eq(c->str, "PYR");
    cr_assert_eq(c->nkids, 5);
    struct ast *soma = c->kids[0];
    cr_assert_eq(soma->kind, AST_SECTION);
    cr_assert_eq(soma->nkids, 2);
    cr_assert_eq(soma->kids[0]->kind, AST_PROP);
    cr_assert_eq(soma->kids[1]->kind, AST_INSERT);
    cr_assert_str_eq(soma->kids[1]->str, "hh");
    cr_assert_eq(soma->kids[1]->nkids, 1);
    cr_assert_eq(c->kids[1]->kids[0]->nkids, 0);       /* insert pas: no props */
    struct ast *att = c->kids[2];
    cr_assert_eq(att->kind, AST_ATTACH);
    cr_assert_str_eq(att->kids[0]->str, "dend");
    cr_assert_str_eq(att->kids[1]->str, "soma");
    cr_assert_eq(c->kids[3]->kind, AST_SECLIST);
    cr_assert_eq(c->kids[3]->nkids, 2);
    cr_assert_eq(c->kids[4]->kind, AST_PROP);
    /* the name's own location: "PYR" at bytes 5..8 */
    cr_assert_eq(c->nloc.start, 5);
    cr_assert_eq(c->nloc.end, 8);
    front_destroy(f);
}

Test(parser, network_items)
{
    struct front *f = front_create(NULL);
    struct ast *p = parse_src(f,
        "population E of PYR { count = 4 }\n"
        "group G = E + I\n"
        "synapse exc = Exp2Syn { tau1 = 0.1 ms }\n"
        "connect E[0, 1 .. 3] + G where x > 1 um -> all at dend(0.5) via exc { weight = 1 uS }\n"
        "stimulus s = IClamp { amp = 1 nA } -> E at soma(0.5)\n"
        "stimulus b = NetStim { } -> all via exc { weight = 1 uS }\n"
        "simulation { dt = 0.025 ms; record v of E[0] at soma(0.5); record spikes }\n"
        "experiment x { description = \"d\"; remove b; set b.rate = 1 Hz }\n"
        "window w = [1 ms, 2 ms)\n"
        "expect m > 1 in x\n"
        "figure r = raster { bin = 5 ms }\n");
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    cr_assert_eq(p->nkids, 11);
    struct ast *pop = p->kids[0];
    cr_assert_eq(pop->kind, AST_POPULATION);
    cr_assert_str_eq(pop->kids[0]->str, "PYR");
    cr_assert_eq(pop->kids[1]->kind, AST_LIST);
    struct ast *g = p->kids[1];
    cr_assert_eq(g->kind, AST_GROUP);
    cr_assert_eq(g->nkids, 2);
    struct ast *cn = p->kids[3];
    cr_assert_eq(cn->kind, AST_CONNECT);
    cr_assert_eq(cn->nkids, 5);
    struct ast *pre = cn->kids[0];
    cr_assert_eq(pre->kind, AST_SELECTOR);
    cr_assert_eq(pre->kids[0]->nkids, 2);
    cr_assert_eq(pre->kids[0]->kids[0]->kind, AST_INDEX);
    cr_assert_eq(pre->kids[0]->kids[0]->kids[1]->kind, AST_RANGE);
    cr_assert_not_null(pre->kids[1]);                  /* where */
    cr_assert_eq(cn->kids[1]->kids[0]->kids[0]->kind, AST_ALL);
    cr_assert_str_eq(cn->kids[2]->str, "dend");
    cr_assert_str_eq(cn->kids[3]->str, "exc");
    struct ast *s = p->kids[4];
    cr_assert_eq(s->kind, AST_STIMULUS);
    cr_assert_eq(s->nkids, 6);
    cr_assert_null(s->kids[4]);                        /* no via */
    cr_assert_null(s->kids[5]);
    struct ast *b = p->kids[5];
    cr_assert_null(b->kids[3]);                        /* no location */
    cr_assert_str_eq(b->kids[4]->str, "exc");
    struct ast *sim = p->kids[6];
    cr_assert_eq(sim->kind, AST_SIMULATION);
    cr_assert_eq(sim->nkids, 3);
    cr_assert_eq(sim->kids[1]->kind, AST_RECORD);
    cr_assert_null(sim->kids[2]->kids[0]);             /* record spikes */
    struct ast *x = p->kids[7];
    cr_assert_eq(x->kind, AST_EXPERIMENT);
    cr_assert_eq(x->kids[1]->kind, AST_REMOVE);
    cr_assert_eq(x->kids[2]->kind, AST_SET);
    cr_assert_eq(x->kids[2]->kids[0]->kind, AST_MEMBER);
    cr_assert_eq(p->kids[8]->kids[0]->kind, AST_INTERVAL);
    struct ast *ex = p->kids[9];
    cr_assert_eq(ex->kind, AST_EXPECT);
    cr_assert_str_eq(ex->kids[0]->str, "x");
    cr_assert_eq(p->kids[10]->kind, AST_FIGURE);
    front_destroy(f);
}

Test(parser, semicolons_and_newlines_separate_items)
{
    struct front *f = front_create(NULL);
    struct ast *p = parse_src(f, ";;network { size_x = 1 um;; size_y = 2 um\n size_z = 3 um };");
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    cr_assert_eq(p->nkids, 1);
    cr_assert_eq(p->kids[0]->kind, AST_NETWORK);
    cr_assert_eq(p->kids[0]->nkids, 3);
    front_destroy(f);
}

Test(parser, empty_input_is_an_empty_program)
{
    struct front *f = front_create(NULL);
    struct ast *p = parse_src(f, "");
    cr_assert_eq(p->kind, AST_PROGRAM);
    cr_assert_eq(p->nkids, 0);
    cr_assert_eq(diag_errors(f->diag), 0);
    front_destroy(f);
}

Test(parser, syntax_error_names_the_unexpected_and_expected_tokens)
{
    struct front *f = front_create(NULL);
    parse_src(f, "population P of PYR { count 2 }\n");
    cr_assert_str_eq(diag_of(f),
                     "test.circ:1:29: error: syntax error: unexpected number '2', expected '='\n"
                     "population P of PYR { count 2 }\n"
                     "                            ^\n");
    front_destroy(f);
}

Test(parser, keyword_where_a_name_is_expected)
{
    struct front *f = front_create(NULL);
    parse_src(f, "population in of PYR { count = 2 }\n");
    cr_assert(strstr(diag_of(f), "error: syntax error: unexpected 'in', expected identifier\n"),
              "%s", diag_of(f));
    front_destroy(f);
}

Test(parser, missing_brace_notes_where_it_was_opened)
{
    struct front *f = front_create(NULL);
    parse_src(f, "cell A {\n  section s { L = 1 um }\n\nnetwork { }\n");
    const char *t = diag_of(f);
    cr_assert(strstr(t, "test.circ:4:1: error: syntax error: unexpected 'network'"), "%s", t);
    cr_assert(strstr(t, "test.circ:1:8: note: unclosed '{' opened here\n"), "%s", t);
    front_destroy(f);
}

Test(parser, recovery_keeps_the_items_between_errors)
{
    struct front *f = front_create(NULL);
    struct ast *p = parse_src(f, "population A of C { count 1 }\n"
                                 "population B of C { count = 2 }\n"
                                 "window w [1 ms, 2 ms)\n"
                                 "group G = B\n");
    cr_assert_eq(diag_errors(f->diag), 2, "%s", diag_of(f));
    int pops = 0, groups = 0;
    for (unsigned i = 0; i < p->nkids; i++) {
        pops += p->kids[i]->kind == AST_POPULATION;
        groups += p->kids[i]->kind == AST_GROUP;
    }
    cr_assert_geq(pops, 1);
    cr_assert_eq(groups, 1);
    front_destroy(f);
}

Test(parser, locations_of_nodes)
{
    struct front *f = front_create(NULL);
    const char *src = "window w = [1 ms, 20 ms)";
    struct ast *p = parse_src(f, src);
    struct ast *iv = p->kids[0]->kids[0];
    cr_assert_eq(iv->loc.start, 11);
    cr_assert_eq(iv->loc.end, strlen(src));
    struct ast *hi = iv->kids[1];
    cr_assert_eq(hi->loc.start, 18);                   /* "20 ms" */
    cr_assert_eq(hi->loc.end, 23);
    cr_assert_eq(p->kids[0]->nloc.start, 7);           /* "w" */
    front_destroy(f);
}

Test(parser, expression_depth_limit)
{
    char src[1200] = "measure m = ";
    size_t n = strlen(src);
    for (int i = 0; i < 600; i++)
        src[n++] = '-';
    strcpy(src + n, "1\n");
    struct front *f = front_create(NULL);
    parse_src(f, src);
    cr_assert_eq(diag_errors(f->diag), 1, "%s", diag_of(f));
    cr_assert(strstr(diag_of(f), "error: expression nested more than 500 levels deep"));
    front_destroy(f);
}

Test(parser, parser_stack_limit)
{
    size_t depth = 20000;
    char *src = malloc(depth + 32);
    strcpy(src, "measure m = ");
    size_t n = strlen(src);
    memset(src + n, '(', depth);
    strcpy(src + n + depth, "1");
    struct front *f = front_create(NULL);
    parse_src(f, src);
    cr_assert_geq(diag_errors(f->diag), 1);
    cr_assert(strstr(diag_of(f), "error: nested too deeply for the parser"), "%s", diag_of(f));
    front_destroy(f);
    free(src);
}

/* Regression: a comment inside braces overwrites the
 * remembered position of the first '{' (circ.l stores the comment start in
 * open_brace[0]), so the note points at the comment. */
Test(parser, brace_note_ignores_comments)
{
    struct front *f = front_create(NULL);
    parse_src(f, "cell A {\n  /* note */\n  section s { }\n");
    cr_assert(strstr(diag_of(f), "test.circ:1:8: note: unclosed '{' opened here\n"), "%s",
              diag_of(f));
    front_destroy(f);
}

/* `network from PATH { map ... }`: map lines as MAP nodes (op: node 0,
 * edge 1), the key a string or number, an edge line's location kept. */
Test(parser, network_from_map_lines)
{
    struct front *f = front_create(NULL);
    struct ast *prog = parse_src(f, "network from \"c/circuit_config.json\" {\n"
                                    "    map node type \"pyr\" to PYR; map node type 7 to INH\n"
                                    "    map edge type 0 to exc at dend(0.5)\n}\n");
    cr_assert_eq(diag_errors(f->diag), 0, "%s", diag_of(f));
    cr_assert_eq(prog->nkids, 1);
    struct ast *n = prog->kids[0];
    cr_assert_eq(n->kind, AST_NETWORK_FROM);
    cr_expect_str_eq(n->str, "c/circuit_config.json");
    cr_assert_eq(n->nkids, 3);
    cr_expect_eq(n->kids[0]->op, 0);
    cr_expect_str_eq(n->kids[0]->kids[0]->str, "pyr");
    cr_expect_str_eq(n->kids[0]->kids[1]->str, "PYR");
    cr_expect_eq(n->kids[1]->kids[0]->kind, AST_NUM);
    cr_expect_eq(n->kids[1]->kids[0]->num, 7);
    cr_expect_eq(n->kids[2]->op, 1);
    cr_expect_str_eq(n->kids[2]->kids[1]->str, "exc");
    cr_assert(ast_kid(n->kids[2], 2));
    cr_expect_str_eq(n->kids[2]->kids[2]->str, "dend");
    front_destroy(f);
}
