/* circ.y - the .circ grammar.
 *
 * Actions only build raw AST nodes (ast_make with the rule's location); names,
 * units and defaults are assigned later by the semantic passes.  Statements
 * in a list need no separator (an expression can never be followed by an
 * identifier or keyword), and ';' may separate them.  Error rules at item and
 * statement level let one run report many errors.  %expect 0: fix conflicts
 * with precedence, never by raising the count.
 */
%code requires {
#include "diag.h"
#include "ast.h"
struct lex_state;
}

%code provides {
int circ_yylex(CIRC_YYSTYPE *lval, CIRC_YYLTYPE *lloc, void *scanner);
const char *circ_token_name(int token);
}

%code {
#include <stdio.h>
#include <string.h>
#include "lex_state.h"

#define A (st->arena)
#define N(kind, loc, str, ...) ast_make(A, AST_##kind, (loc), (str), __VA_ARGS__)
#define LEAF(kind, loc, str) ast_make(A, AST_##kind, (loc), (str), 0)
#define YYLLOC_DEFAULT(Cur, Rhs, K)                                    \
    do {                                                               \
        if (K) {                                                       \
            (Cur).file = YYRHSLOC(Rhs, 1).file;                        \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                      \
            (Cur).end = YYRHSLOC(Rhs, K).end;                          \
        } else {                                                       \
            (Cur).file = YYRHSLOC(Rhs, 0).file;                        \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;            \
        }                                                              \
    } while (0)

static void circ_yyerror(YYLTYPE *loc, void *scanner, struct lex_state *st, const char *msg);
static struct ast *binop(struct lex_state *st, int op, struct ast *l, struct ast *r);
/* Is s a plain name (a unit spelling may hold '*', '/', '^' or 'µ')? */
static bool is_ident(const char *s)
{
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_' ||
              (p > s && *p >= '0' && *p <= '9')))
            return false;
    return *s != '\0';
}

static struct ast *deep(struct lex_state *st, struct ast *n);
static struct ast *with_op(struct ast *n, int op);
static bool is_ident(const char *s);
static struct ast *named(struct ast *n, struct loc name);
static struct ast *receive(struct lex_state *st, struct loc loc, struct ast *args,
                           struct ast *body);
static struct ast *decls(struct ast *list, enum ast_kind kind);
static const char *indexed(struct lex_state *st, const char *name, double index);
static struct ast *reactants_of(struct lex_state *st, struct ast *e);
}

%define api.pure full
%define api.prefix {circ_yy}
%define parse.error custom
%define parse.lac full
%locations
%define api.location.type {struct loc}
%expect 0
%lex-param {void *scanner}
%parse-param {void *scanner} {struct lex_state *st}

%union {
    struct ast *node;
    const char *str;
    double num;
    struct { double value; const char *unit; } quantity;
}

%token <str> IDENT "identifier" PRIMED "primed name" STRING "string"
%token <num> NUMBER "number"
%token <quantity> QUANTITY "quantity"
%token ARROW "->" REACT2 "<->" FLUXIN "<<" DOTDOT ".." EQ "==" NE "!=" LE "<=" GE ">=" AND "and" OR "or" NOT "not"
%token ALL "all" ARTIFICIAL "artificial" ASSIGNED "assigned" AT "at" ATTACH "attach"
%token CELL "cell" CONNECT "connect" CONSTANT "constant" CURRENT "current"
%token DENSITY "density" DEPEND "depend" DERIVATIVE "derivative"
%token ELECTRODE_CURRENT "electrode_current" ELSE "else" EXPECT "expect"
%token EXPERIMENT "experiment" FALSE "false" FIGURE "figure" FROM "from"
%token FUNCTION "function" GLOBAL "global" GROUP "group" IF "if" IMPORT "import" IN "in"
%token INIT "initial" INSERT "insert" LET "let" MEASURE "measure"
%token NETWORK "network" OF "of" PARAMETER "parameter" POINT "point"
%token POPULATION "population" PROCEDURE "procedure" RECEIVE "receive"
%token RECORD "record" REMOVE "remove" RETURN "return" SECTION "section"
%token SECTIONLIST "sectionlist" SET "set" SETTER "setter" SHARED "shared" SIMULATION "simulation"
%token FIT "fit" TARGET "target" BUDGET "budget"
%token STATE "state" STIMULUS "stimulus" SWEEP "sweep" SYNAPSE "synapse" TABLE "table" TO "to"
%token TRUE "true" VARY "vary" VIA "via" WHERE "where" WINDOW "window" WITH "with" EVERY "every"
%token USEION "useion" BREAKPOINT "breakpoint" KINETIC "kinetic" CONSERVE "conserve" COMPARTMENT "compartment" STEADYSTATE "steadystate" WHILE "while" FOR "for"
%token LINEAR "linear" NONLINEAR "nonlinear" SOLVE "solve"

%type <node> program items item mechanism mech_items mech_item decl_list decl
%type <node> unit_annot unit_opt unit_expr unit_atom args_decl arg_list arg table_opt
%type <node> name_list depend_opt block stmts stmt else_opt reactants reactant
%type <node> cell_items cell_item section_items section_item location at_opt
%type <node> props_block props_opt props prop selector sel_terms sel_atom where_opt
%type <node> stimulus via_opt sim_items sim_item of_opt every_opt exp_items exp_item
%type <node> map_items map_item map_key sweep_items vary fit_items fit_item
%type <node> in_opt path expr primary call args arg_exprs exprs bracket ion_clauses ion_clause
%type <num> mech_kind

%right '?' ':'
%left OR
%left AND
%precedence NOT
%nonassoc EQ NE '<' LE '>' GE
%nonassoc DOTDOT
%left '+' '-'
%left '*' '/'
%precedence UMINUS
%right '^'

%%

program:
    items                       { st->root = $1; $$ = $1; }
  ;

items:
    %empty                      { $$ = ast_new(A, AST_PROGRAM, @$); }
  | items item                  { $$ = $1;
                                  if ($2 && $2->kind == AST_LIST)  /* model parameters */
                                      for (unsigned i = 0; i < $2->nkids; i++) ast_add(A, $$, $2->kids[i]);
                                  else if ($2) ast_add(A, $$, $2); }
  | items ';'                   { $$ = $1; }
  ;

item:
    IMPORT STRING               { $$ = LEAF(IMPORT, @$, $2); }
  | mechanism
  | PARAMETER decl_list         { $$ = decls($2, AST_PARAM); }   /* model parameters */
  | CELL IDENT '{' cell_items '}'
                                { $$ = $4; $$->str = $2; $$->nloc = @2; $$->loc = @$; }
  | NETWORK props_block         { $$ = $2; $$->kind = AST_NETWORK; $$->loc = @$; }
  | NETWORK FROM STRING '{' map_items '}'
                                { $$ = $5; $$->str = $3; $$->nloc = @3; $$->loc = @$; }
  | POPULATION IDENT OF IDENT props_opt
                                { $$ = named(N(POPULATION, @$, $2, 2, LEAF(NAME, @4, $4), $5), @2); }
  | GROUP IDENT '=' sel_terms   { $$ = $4; $$->kind = AST_GROUP; $$->str = $2; $$->nloc = @2; $$->loc = @$; }
  | SYNAPSE IDENT '=' IDENT props_opt
                                { $$ = named(N(SYNAPSE, @$, $2, 2, LEAF(NAME, @4, $4), $5), @2); }
  | SHARED SYNAPSE IDENT '=' IDENT props_opt
                                { $$ = named(N(SYNAPSE, @$, $3, 2, LEAF(NAME, @5, $5), $6), @3);
                                  $$->op = 1; }
  | CONNECT selector ARROW selector at_opt VIA IDENT props_block
                                { $$ = N(CONNECT, @$, NULL, 5, $2, $4, $5, LEAF(NAME, @7, $7), $8); }
  | CONNECT selector ARROW selector at_opt props_block
                                { $$ = N(CONNECT, @$, NULL, 5, $2, $4, $5, NULL, $6); }
  | stimulus
  | SIMULATION '{' sim_items '}'
                                { $$ = $3; $$->loc = @$; }
  | EXPERIMENT IDENT '{' exp_items '}'
                                { $$ = $4; $$->str = $2; $$->nloc = @2; $$->loc = @$; }
  | SET path '=' expr           { $$ = N(SET, @$, NULL, 2, $2, $4); }
  | SWEEP IDENT in_opt '{' sweep_items '}'
                                { $$ = $5; $$->kids[0] = $3; $$->str = $2; $$->nloc = @2; $$->loc = @$; }
  | FIT IDENT in_opt '{' fit_items '}'
                                { $$ = $5; $$->kids[0] = $3; $$->str = $2; $$->nloc = @2; $$->loc = @$; }
  | WINDOW IDENT '=' expr       { $$ = named(N(WINDOW, @$, $2, 1, $4), @2); }
  | MEASURE IDENT in_opt '=' expr
                                { $$ = named(N(MEASURE, @$, $2, 2, $3, $5), @2); }
  | EXPECT expr in_opt          { $$ = N(EXPECT, @$, NULL, 2, $3, $2); }
  | FIGURE IDENT '=' IDENT props_opt
                                { $$ = named(N(FIGURE, @$, $2, 2, LEAF(NAME, @4, $4), $5), @2); }
  | error                       { $$ = NULL; }
  ;

in_opt:
    %empty                      { $$ = NULL; }
  | IN IDENT                    { $$ = LEAF(NAME, @2, $2); }
  ;

path:
    IDENT                       { $$ = LEAF(NAME, @$, $1); }
  | SIMULATION '.' IDENT        { $$ = N(MEMBER, @$, $3, 1, LEAF(NAME, @1, arena_intern(A, "simulation", 10))); }
  | path '.' IDENT              { $$ = N(MEMBER, @$, $3, 1, $1); }
  ;

/* ---- mechanisms ---- */

mechanism:
    mech_kind IDENT '{' mech_items '}'
                                { $$ = $4; $$->kind = AST_MECH; $$->op = (int)$1;
                                  $$->str = $2; $$->nloc = @2; $$->loc = @$; }
    /* `density hhk nmodl { }`: translated from (or written as) NMODL, whose
       arithmetic takes numbers as written, without unit conversions */
  | mech_kind IDENT IDENT '{' mech_items '}'
                                { $$ = $5; $$->kind = AST_MECH; $$->op = (int)$1;
                                  $$->str = $2; $$->nloc = @2; $$->loc = @$; $$->num = 1;
                                  if (strcmp($3, "nmodl") != 0) {
                                      st->syntax_errors++;
                                      diag_error(st->diag, @3, "expected '{' or 'nmodl' after "
                                                 "the mechanism's name, got '%s'", $3);
                                  } }
  ;

mech_kind:
    DENSITY                     { $$ = MECH_DENSITY; }
  | POINT                       { $$ = MECH_POINT; }
  | ARTIFICIAL                  { $$ = MECH_ARTIFICIAL; }
  ;

mech_items:
    %empty                      { $$ = ast_new(A, AST_MECH, @$); }
  | mech_items mech_item        { $$ = $1;
                                  if ($2 && $2->kind == AST_LIST)  /* declarations */
                                      for (unsigned i = 0; i < $2->nkids; i++) ast_add(A, $$, $2->kids[i]);
                                  else if ($2) ast_add(A, $$, $2); }
  | mech_items ';'              { $$ = $1; }
  ;

mech_item:
    PARAMETER decl_list         { $$ = decls($2, AST_PARAM); }
    /* `global q10 = 3`: one value for every instance (NMODL's GLOBAL),
       changed only with `set mech.q10 = ...` */
  | GLOBAL decl_list            { $$ = decls($2, AST_PARAM);
                                  for (unsigned i = 0; i < $$->nkids; i++) $$->kids[i]->op = 1; }
  | STATE decl_list             { $$ = decls($2, AST_STATE); }
  | ASSIGNED decl_list          { $$ = decls($2, AST_ASSIGNED); }
  | CONSTANT decl_list          { $$ = decls($2, AST_CONSTANT); }
  | FUNCTION IDENT args_decl unit_opt block
                                { $$ = named(N(FUNCTION, @$, $2, 3, $3, $4, $5), @2); }
    /* a tabulated function: NMODL's FUNCTION with TABLE (its result tabulated) */
  | FUNCTION IDENT args_decl unit_opt TABLE FROM expr TO expr WITH expr depend_opt block
                                { struct ast *tab = N(TABLE, loc_span(@5, @12), NULL, 5,
                                                      ast_new(A, AST_LIST, @5), $7, $9, $11, $12);
                                  $$ = named(N(FUNCTION, @$, $2, 4, $3, $4, $13, tab), @2); }
  | PROCEDURE IDENT args_decl table_opt block
                                { $$ = named(N(PROCEDURE, @$, $2, 3, $3, $4, $5), @2); }
  | INIT block                  { $$ = N(INITIAL, @$, NULL, 1, $2); }
  | DERIVATIVE block            { $$ = N(DERIVATIVE, @$, NULL, 1, $2); }
    /* `derivative implicit { }`: NEURON's METHOD derivimplicit (sema checks the word) */
  | DERIVATIVE IDENT block      { $$ = with_op(named(N(DERIVATIVE, @$, $2, 1, $3), @2), 1); }
  | KINETIC block               { $$ = N(KINETIC, @$, NULL, 1, $2); }
    /* `linear gates { ~ a*x + y = 1 ... }`: NMODL's LINEAR and NONLINEAR, run by `solve gates` */
  | LINEAR IDENT block          { $$ = named(N(LINEAR, @$, $2, 1, $3), @2); }
  | NONLINEAR IDENT block       { $$ = named(N(NONLINEAR, @$, $2, 1, $3), @2); }
    /* `linear bound(CaB) { }`: its unknowns, other states read as values (SOLVEFOR) */
  | LINEAR IDENT '(' name_list ')' block
                                { $$ = named(N(LINEAR, @$, $2, 2, $6, $4), @2); }
  | NONLINEAR IDENT '(' name_list ')' block
                                { $$ = named(N(NONLINEAR, @$, $2, 2, $6, $4), @2); }
  | BREAKPOINT block            { $$ = N(BREAKPOINT, @$, NULL, 1, $2); }
  | CURRENT IDENT '=' expr      { $$ = named(N(CURRENT, @$, $2, 1, $4), @2); }
    /* `let gna: S/cm2 = gnabar * m * m * m * h`: a named value the currents
       read (recordable, like NEURON's RANGE gna that BREAKPOINT computes) */
  | LET IDENT unit_opt '=' expr { $$ = named(N(VALUE, @$, $2, 2, $5, $3), @2); }
  | ELECTRODE_CURRENT IDENT '=' expr
                                { $$ = with_op(named(N(CURRENT, @$, $2, 1, $4), @2), 1); }
  | RECEIVE args_decl block     { $$ = receive(st, @$, $2, $3); }
  | USEION IDENT ion_clauses    { $$ = $3; $$->kind = AST_USEION; $$->str = $2; $$->nloc = @2; $$->loc = @$; }
  | SETTER IDENT unit_opt block { $$ = named(N(SETTER, @$, $2, 2, $3, $4), @2); }
  | SETTER IDENT unit_opt WHERE expr block
                                { $$ = named(N(SETTER, @$, $2, 3, $3, $6, $5), @2); }
  | error                       { $$ = NULL; }
  ;

/* "read ek, ki write ik valence 1": the clause words are plain names (sema
 * checks them), so `read` and `write` stay usable as names elsewhere */
ion_clauses:
    ion_clause                  { $$ = N(LIST, @$, NULL, 1, $1); }
  | ion_clauses ion_clause      { $$ = ast_add(A, $1, $2); $$->loc = @$; }
  ;

ion_clause:
    IDENT name_list             { $$ = named(N(PROP, @$, $1, 1, $2), @1); }
  | IDENT NUMBER                { $$ = named(N(PROP, @$, $1, 1, N(NUM, @2, NULL, 0)), @1); $$->kids[0]->num = $2; }
  | IDENT '-' NUMBER            { $$ = named(N(PROP, @$, $1, 1, N(NUM, loc_span(@2, @3), NULL, 0)), @1);
                                  $$->kids[0]->num = -$3; }
  ;

/* "a = 1 mV, b: mV, c": a LIST of PARAM nodes that decls() retags */
decl_list:
    decl                        { $$ = N(LIST, @$, NULL, 1, $1); }
  | decl_list ',' decl          { $$ = ast_add(A, $1, $3); }
  ;

/* "tau = 0.1 ms where tau > 0 ms": the values a parameter accepts */
decl:
    IDENT unit_opt              { $$ = named(N(PARAM, @$, $1, 2, NULL, $2), @1); }
  | IDENT unit_opt '=' expr     { $$ = named(N(PARAM, @$, $1, 2, $4, $2), @1); }
  | IDENT unit_opt WHERE expr   { $$ = named(N(PARAM, @$, $1, 3, NULL, $2, $4), @1); }
  | IDENT unit_opt '=' expr WHERE expr
                                { $$ = named(N(PARAM, @$, $1, 3, $4, $2, $6), @1); }
  ;

unit_opt:
    %empty                      { $$ = NULL; }
  | ':' unit_annot              { $$ = $2; }
  ;

/* A unit written alone, e.g. "mV", "S/cm2", "ms^-1", "1": its spelling is kept. */
unit_annot:
    unit_expr                   { $$ = $1; $$->loc = @$; }
  ;

unit_expr:
    unit_atom
  | unit_expr '*' unit_atom     { $$ = LEAF(UNIT, @$, arena_printf(A, "%s*%s", $1->str, $3->str)); }
  | unit_expr '/' unit_atom     { $$ = LEAF(UNIT, @$, arena_printf(A, "%s/%s", $1->str, $3->str)); }
  ;

unit_atom:
    IDENT                       { $$ = LEAF(UNIT, @$, $1); }
  | IDENT '^' NUMBER            { $$ = LEAF(UNIT, @$, arena_printf(A, "%s^%g", $1, $3)); }
  | IDENT '^' '-' NUMBER        { $$ = LEAF(UNIT, @$, arena_printf(A, "%s^-%g", $1, $4)); }
  | NUMBER                      { $$ = LEAF(UNIT, @$, arena_printf(A, "%g", $1)); }
  ;

args_decl:
    '(' ')'                     { $$ = ast_new(A, AST_LIST, @$); }
  | '(' arg_list ')'            { $$ = $2; $$->loc = @$; }
  ;

arg_list:
    arg                         { $$ = N(LIST, @$, NULL, 1, $1); }
  | arg_list ',' arg            { $$ = ast_add(A, $1, $3); }
  ;

arg:
    IDENT unit_opt              { $$ = named(N(ARG, @$, $1, 1, $2), @1); }
  ;

table_opt:
    %empty                      { $$ = NULL; }
  | TABLE name_list FROM expr TO expr WITH expr depend_opt
                                { $$ = N(TABLE, @$, NULL, 5, $2, $4, $6, $8, $9); }
  ;

depend_opt:
    %empty                      { $$ = NULL; }
  | DEPEND name_list            { $$ = $2; }
  ;

name_list:
    IDENT                       { $$ = N(LIST, @$, NULL, 1, LEAF(NAME, @1, $1)); }
  | name_list ',' IDENT         { $$ = ast_add(A, $1, LEAF(NAME, @3, $3)); $$->loc = @$; }
  ;

block:
    '{' stmts '}'               { $$ = $2; $$->loc = @$; }
  ;

stmts:
    %empty                      { $$ = ast_new(A, AST_BLOCK, @$); }
  | stmts stmt                  { $$ = $2 ? ast_add(A, $1, $2) : $1; }
  | stmts ';'                   { $$ = $1; }
  ;

stmt:
    IDENT '=' expr              { $$ = N(ASSIGN, @$, $1, 1, $3); }
  | LET IDENT '=' expr          { $$ = named(N(LET, @$, $2, 1, $4), @2); }
  | PRIMED '=' expr             { $$ = N(DERIV, @$, $1, 1, $3); }
  | IF expr block else_opt      { $$ = N(IF, @$, NULL, 3, $2, $3, $4); }
    /* receive's `initial { }` (NEURON's NET_RECEIVE INITIAL); sema refuses it elsewhere */
  | INIT block                  { $$ = N(INITIAL, @$, NULL, 1, $2); }
  | RETURN expr                 { $$ = N(RETURN, @$, NULL, 1, $2); }
    /* `while c at most 100 { ... }`: a loop with a bound on its iterations,
       so that generated code always ends (sema checks the bound) */
  | WHILE expr AT IDENT NUMBER block
                                { struct ast *most = LEAF(NUM, @5, NULL);
                                  most->num = $5;
                                  $$ = N(WHILE, @$, NULL, 3, $2, most, $6);
                                  if (strcmp($4, "most") != 0)
                                      diag_error(st->diag, @4, "expected 'at most N' (a bound on "
                                                 "the loop's iterations) after the condition of "
                                                 "'while'"); }
    /* `for each connection (w, A, tp) { ... }` in receive: every connection onto
       the instance, its weight and state (NEURON's FOR_NETCONS) */
  | FOR IDENT IDENT args_decl block
                                { $$ = N(FOR_CONNS, @$, NULL, 2, $4, $5);
                                  if (strcmp($2, "each") != 0 || strcmp($3, "connection") != 0)
                                      diag_error(st->diag, loc_span(@2, @3), "expected 'each "
                                                 "connection' after 'for' (the only loop over "
                                                 "things: a receive's connections)"); }
  | call                        { $$ = N(EXPRSTMT, @$, NULL, 1, $1); }
    /* kinetic schemes (NMODL's KINETIC): `~ C + 2 ca <-> O (kf, kb)`, `~ ca << (f)`;
       the left side is read as an expression, as an equation's is, then
       taken apart into reactants (one token of lookahead cannot tell them) */
  | '~' expr REACT2 reactants '(' expr ',' expr ')'
                                { $$ = N(REACTION, @$, NULL, 4, reactants_of(st, $2), $4, $6, $8); }
  | '~' expr FLUXIN '(' expr ')'
                                { $$ = with_op(N(REACTION, @$, NULL, 4, reactants_of(st, $2), NULL,
                                                 $5, NULL), 1); }
  | '~' expr ARROW '(' expr ')'
                                { $$ = with_op(N(REACTION, @$, NULL, 4, reactants_of(st, $2),
                                                 ast_new(A, AST_LIST, @3), $5, NULL), 2); }
    /* an equation of a linear or nonlinear block: `~ a*x + y = 1` */
  | '~' expr '=' expr           { $$ = N(EQUATION, @$, NULL, 2, $2, $4); }
  | SOLVE IDENT                 { $$ = named(N(SOLVE, @$, $2, 0), @2); }
  | CONSERVE reactants '=' expr { $$ = N(CONSERVE, @$, NULL, 2, $2, $4); }
  | COMPARTMENT expr '{' name_list '}'
                                { $$ = N(COMPARTMENT, @$, NULL, 2, $2, $4); }
  | STEADYSTATE                 { $$ = N(STEADYSTATE, @$, NULL, 0); }
  | error                       { $$ = NULL; }
  ;

reactants:
    reactant                    { $$ = N(LIST, @$, NULL, 1, $1); }
  | reactants '+' reactant      { $$ = ast_add(A, $1, $3); $$->loc = @$; }
  ;

/* a state, or a whole number of it: `2 ca` (read by the lexer as a quantity) */
reactant:
    IDENT                       { $$ = LEAF(NAME, @$, $1); $$->num = 1; }
  | QUANTITY                    { $$ = LEAF(NAME, @$, $1.unit); $$->num = $1.value;
                                  if (!($1.value >= 1 && $1.value <= 100) ||
                                      $1.value != (double)(int)$1.value || !is_ident($1.unit))
                                      diag_error(st->diag, @$, "a reactant is a state name, or a "
                                                 "whole number from 1 to 100 and a state name"); }
  ;

else_opt:
    %empty                      { $$ = NULL; }
  | ELSE block                  { $$ = $2; }
  | ELSE IF expr block else_opt { $$ = N(IF, loc_span(@2, @5), NULL, 3, $3, $4, $5); }
  ;

/* ---- cells ---- */

cell_items:
    %empty                      { $$ = ast_new(A, AST_CELL, @$); }
  | cell_items cell_item        { $$ = $2 ? ast_add(A, $1, $2) : $1; }
  | cell_items ';'              { $$ = $1; }
  ;

cell_item:
    SECTION IDENT '{' section_items '}'
                                { $$ = $4; $$->str = $2; $$->nloc = @2; $$->loc = @$; }
  | ATTACH location TO location { $$ = N(ATTACH, @$, NULL, 2, $2, $4); }
  | SECTION IDENT '[' NUMBER ']' '{' section_items '}'
                                { $$ = $7; $$->str = indexed(st, $2, $4); $$->nloc = loc_span(@2, @5); $$->loc = @$; }
  | SECTION ALL '{' section_items '}'
                                { $$ = $4; $$->str = arena_intern(A, "all", 3); $$->nloc = @2; $$->loc = @$; }
  | SECTIONLIST IDENT '=' name_list
                                { $$ = $4; $$->kind = AST_SECLIST; $$->str = $2; $$->nloc = @2; $$->loc = @$; }
  | IDENT STRING                { $$ = N(PROP, @$, $1, 1, LEAF(STR, @2, $2)); }
  | prop
  | error                       { $$ = NULL; }
  ;

section_items:
    %empty                      { $$ = ast_new(A, AST_SECTION, @$); }
  | section_items section_item  { $$ = $2 ? ast_add(A, $1, $2) : $1; }
  | section_items ';'           { $$ = $1; }
  ;

section_item:
    prop
  | INSERT IDENT props_opt      { $$ = $3; $$->kind = AST_INSERT; $$->str = $2; $$->nloc = @2; $$->loc = @$; }
  | error                       { $$ = NULL; }
  ;

location:
    IDENT '(' expr ')'          { $$ = N(LOCATION, @$, $1, 1, $3); }
  | IDENT                       { $$ = N(LOCATION, @$, $1, 1, NULL); }
  | IDENT '[' NUMBER ']' '(' expr ')'
                                { $$ = N(LOCATION, @$, indexed(st, $1, $3), 1, $6); }
  | IDENT '[' NUMBER ']'        { $$ = N(LOCATION, @$, indexed(st, $1, $3), 1, NULL); }
  ;

at_opt:
    %empty                      { $$ = NULL; }
  | AT location                 { $$ = $2; }
  ;

/* ---- property blocks ---- */

props_block:
    '{' props '}'               { $$ = $2; $$->loc = @$; }
  ;

props_opt:
    %empty                      { $$ = ast_new(A, AST_LIST, @$); }
  | props_block
  ;

props:
    %empty                      { $$ = ast_new(A, AST_LIST, @$); }
  | props prop                  { $$ = ast_add(A, $1, $2); }
  | props ';'                   { $$ = $1; }
  | props error                 { $$ = $1; }
  ;

prop:
    IDENT '=' expr              { $$ = N(PROP, @$, $1, 1, $3); }
  | DENSITY '=' expr            { $$ = N(PROP, @$, arena_intern(A, "density", 7), 1, $3); }
  ;

/* ---- network ---- */

/* `map node type "pyr" to PYR`, `map node type "lgn" to NetStim { ... }`,
   `map edge type 0 to exc at dend(0.5)`, `inputs from "simulation_config.json"`
   (its spike inputs), `spikes from "lgn_spikes.h5"` (a spike file):
   map, node/edge and type are plain words here, not keywords */
map_items:
    %empty                      { $$ = ast_new(A, AST_NETWORK_FROM, @$); }
  | map_items map_item          { $$ = $2 ? ast_add(A, $1, $2) : $1; }
  | map_items ';'               { $$ = $1; }
  ;

map_item:
    IDENT IDENT IDENT map_key TO IDENT at_opt props_opt
                                { $$ = N(MAP, @$, NULL, 4, $4, LEAF(NAME, @6, $6), $7, $8);
                                  $$->op = strcmp($2, "edge") == 0;
                                  if (strcmp($1, "map") != 0 || strcmp($3, "type") != 0 ||
                                      (strcmp($2, "node") != 0 && strcmp($2, "edge") != 0)) {
                                      st->syntax_errors++;
                                      diag_error(st->diag, @1, "expected 'map node type ID to "
                                                 "CELL' or 'map edge type ID to SYNAPSE'");
                                  } }
  | IDENT FROM STRING            { $$ = N(MAP, @$, NULL, 1, LEAF(STR, @3, $3));
                                  $$->op = strcmp($1, "inputs") == 0 ? 2 : 3;
                                  if (strcmp($1, "inputs") != 0 && strcmp($1, "spikes") != 0) {
                                      st->syntax_errors++;
                                      diag_error(st->diag, @1, "expected 'inputs from "
                                                 "\"simulation_config.json\"' or 'spikes from "
                                                 "\"FILE\"'");
                                      $$ = NULL;
                                  } }
  | error                       { $$ = NULL; }
  ;

map_key:
    STRING                      { $$ = LEAF(STR, @$, $1); }
  | NUMBER                      { $$ = LEAF(NUM, @$, NULL); $$->num = $1; }
  ;

selector:
    sel_terms where_opt         { $$ = N(SELECTOR, @$, NULL, 2, $1, $2); }
  ;

sel_terms:
    sel_atom                    { $$ = N(LIST, @$, NULL, 1, $1); }
  | sel_terms '+' sel_atom      { $$ = ast_add(A, $1, $3); $$->loc = @$; }
  ;

sel_atom:
    IDENT                       { $$ = LEAF(NAME, @$, $1); }
  | IDENT '[' exprs ']'         { $$ = $3; $$->kind = AST_INDEX; $$->str = $1; $$->loc = @$; }
  | ALL                         { $$ = LEAF(ALL, @$, NULL); }
  ;

where_opt:
    %empty                      { $$ = NULL; }
  | WHERE expr                  { $$ = $2; }
  ;

stimulus:
    STIMULUS IDENT '=' IDENT props_opt ARROW selector at_opt via_opt
                                { $$ = named(N(STIMULUS, @$, $2, 6, LEAF(NAME, @4, $4), $5, $7, $8,
                                         ast_kid($9, 0), ast_kid($9, 1)), @2); }
  ;

via_opt:
    %empty                      { $$ = NULL; }
  | VIA IDENT props_opt         { $$ = N(LIST, @$, NULL, 2, LEAF(NAME, @2, $2), $3); }
  | props_block                 { $$ = N(LIST, @$, NULL, 2, NULL, $1); }
  ;

sim_items:
    %empty                      { $$ = ast_new(A, AST_SIMULATION, @$); }
  | sim_items sim_item          { $$ = $2 ? ast_add(A, $1, $2) : $1; }
  | sim_items ';'               { $$ = $1; }
  ;

sim_item:
    prop
  | RECORD IDENT of_opt at_opt every_opt
                                { $$ = named(N(RECORD, @$, $2, 4, $3, $4, NULL, $5), @2); }
  | RECORD IDENT '.' IDENT of_opt at_opt every_opt
                                { $$ = named(N(RECORD, @$, $4, 4, $5, $6, LEAF(NAME, @2, $2), $7), @4); }
  | error                       { $$ = NULL; }
  ;

every_opt:
    %empty                      { $$ = NULL; }
  | EVERY expr                  { $$ = $2; }
  ;

of_opt:
    %empty                      { $$ = NULL; }
  | OF selector                 { $$ = $2; }
  ;

exp_items:
    %empty                      { $$ = ast_new(A, AST_EXPERIMENT, @$); }
  | exp_items exp_item          { $$ = $2 ? ast_add(A, $1, $2) : $1; }
  | exp_items ';'               { $$ = $1; }
  ;

exp_item:
    stimulus
  | REMOVE IDENT                { $$ = named(LEAF(REMOVE, @$, $2), @2); }
  | SET path '=' expr           { $$ = N(SET, @$, NULL, 2, $2, $4); }
  | prop
  | error                       { $$ = NULL; }
  ;

/* ---- sweeps ---- */

/* kids[0] is the experiment (`in NAME`), filled in by the item */
sweep_items:
    %empty                      { $$ = N(SWEEP, @$, NULL, 1, NULL); }
  | sweep_items vary            { $$ = $2 ? ast_add(A, $1, $2) : $1; }
  | sweep_items ';'             { $$ = $1; }
  ;

/* ---- fits ---- */

/* kids[0] is the experiment (`in NAME`), filled in by the item; `within`
 * is a word, not a keyword (the scanner never reads it as a unit) */
fit_items:
    %empty                      { $$ = N(FIT, @$, NULL, 1, NULL); }
  | fit_items fit_item          { $$ = $2 ? ast_add(A, $1, $2) : $1; }
  | fit_items ';'               { $$ = $1; }
  ;

fit_item:
    VARY path FROM expr TO expr { $$ = N(VARY, @$, NULL, 3, $2, $4, $6); $$->op = 3; }
  | VARY path FROM expr TO expr IN expr     /* a sweep's line: sema says what a fit's is */
                                { $$ = N(VARY, @$, NULL, 4, $2, $4, $6, $8); }
  | TARGET IDENT '=' expr       { $$ = named(N(TARGET, @$, $2, 2, $4, NULL), @2); }
  | TARGET IDENT '=' expr IDENT expr
                                { $$ = named(N(TARGET, @$, $2, 2, $4, $6), @2);
                                  if (strcmp($5, "within") != 0) {
                                      st->syntax_errors++;
                                      diag_error(st->diag, @5, "expected 'within' and a "
                                                 "tolerance after the target, got '%s'", $5);
                                  } }
  | BUDGET expr                 { $$ = N(BUDGET, @$, NULL, 1, $2); }
  | error                       { $$ = NULL; }
  ;

/* `17 steps` is one quantity token (17 in the unit "steps"), `9 log steps`
 * the quantity 9 "log" and the word steps: sema reads the count */
vary:
    VARY path FROM expr TO expr IN expr
                                { $$ = N(VARY, @$, NULL, 4, $2, $4, $6, $8); }
  | VARY path FROM expr TO expr IN expr IDENT
                                { $$ = N(VARY, @$, NULL, 4, $2, $4, $6, $8); $$->op = 1;
                                  if (strcmp($9, "steps") != 0) {
                                      st->syntax_errors++;
                                      diag_error(st->diag, @9, "expected 'steps' after the "
                                                 "count, got '%s'", $9);
                                  } }
  | VARY path IN bracket        { $$ = N(VARY, @$, NULL, 2, $2, $4); $$->op = 2; }
  | error                       { $$ = NULL; }
  ;

/* ---- expressions ---- */

expr:
    primary
  | expr '?' expr ':' expr      { $$ = deep(st, N(COND, @$, NULL, 3, $1, $3, $5)); }
  | expr OR expr                { $$ = binop(st, OP_OR, $1, $3); }
  | expr AND expr               { $$ = binop(st, OP_AND, $1, $3); }
  | NOT expr                    { $$ = deep(st, with_op(N(UNOP, @$, NULL, 1, $2), OP_NOT)); }
  | '!' expr %prec NOT          { $$ = deep(st, with_op(N(UNOP, @$, NULL, 1, $2), OP_NOT)); }
  | expr EQ expr                { $$ = binop(st, OP_EQ, $1, $3); }
  | expr NE expr                { $$ = binop(st, OP_NE, $1, $3); }
  | expr '<' expr               { $$ = binop(st, OP_LT, $1, $3); }
  | expr LE expr                { $$ = binop(st, OP_LE, $1, $3); }
  | expr '>' expr               { $$ = binop(st, OP_GT, $1, $3); }
  | expr GE expr                { $$ = binop(st, OP_GE, $1, $3); }
  | expr DOTDOT expr            { $$ = deep(st, N(RANGE, @$, NULL, 2, $1, $3)); }
  | expr '+' expr               { $$ = binop(st, OP_ADD, $1, $3); }
  | expr '-' expr               { $$ = binop(st, OP_SUB, $1, $3); }
  | expr '*' expr               { $$ = binop(st, OP_MUL, $1, $3); }
  | expr '/' expr               { $$ = binop(st, OP_DIV, $1, $3); }
  | expr '^' expr               { $$ = binop(st, OP_POW, $1, $3); }
  | '-' expr %prec UMINUS       { $$ = deep(st, with_op(N(UNOP, @$, NULL, 1, $2), OP_NEG)); }
  | '+' expr %prec UMINUS       { $$ = deep(st, with_op(N(UNOP, @$, NULL, 1, $2), OP_PLUS)); }
  ;

primary:
    NUMBER                      { $$ = LEAF(NUM, @$, NULL); $$->num = $1; }
  | QUANTITY                    { $$ = LEAF(NUM, @$, $1.unit); $$->num = $1.value; }
  | STRING                      { $$ = LEAF(STR, @$, $1); }
  | TRUE                        { $$ = LEAF(BOOL, @$, NULL); $$->num = 1; }
  | FALSE                       { $$ = LEAF(BOOL, @$, NULL); $$->num = 0; }
  | IDENT                       { $$ = LEAF(NAME, @$, $1); }
  | ALL                         { $$ = LEAF(ALL, @$, NULL); }
  | call
  | primary '.' IDENT           { $$ = deep(st, N(MEMBER, @$, $3, 1, $1)); }
  | '(' expr ')'                { $$ = $2; }
  | '(' expr ',' exprs ')'      { $$ = N(LIST, @$, NULL, 1, $2);   /* a tuple: (1, gid, seed) */
                                  for (unsigned i = 0; i < $4->nkids; i++) ast_add(A, $$, $4->kids[i]);
                                  $$->op = 1;
                                  $$ = deep(st, $$); }
  | bracket
  ;

call:
    IDENT '(' args ')'          { $$ = deep(st, $3); $$->str = $1; $$->loc = @$; }
  ;

args:
    %empty                      { $$ = ast_new(A, AST_CALL, @$); }
  | arg_exprs
  ;

arg_exprs:
    expr                        { $$ = N(CALL, @$, NULL, 1, $1); }
  | arg_exprs ',' expr          { $$ = ast_add(A, $1, $3); }
  | arg_exprs ',' AT location   { $$ = ast_add(A, $1, $4); }
  ;

exprs:
    expr                        { $$ = N(LIST, @$, NULL, 1, $1); }
  | exprs ',' expr              { $$ = ast_add(A, $1, $3); }
  ;

/* [a], [a, b], [a, b, c...] are lists; [a, b) is a half-open interval. */
bracket:
    '[' ']'                     { $$ = ast_new(A, AST_LIST, @$); }
  | '[' expr ']'                { $$ = deep(st, N(LIST, @$, NULL, 1, $2)); }
  | '[' expr ',' expr ']'       { $$ = deep(st, N(LIST, @$, NULL, 2, $2, $4)); }
  | '[' expr ',' expr ',' exprs ']'
                                { $$ = N(LIST, @$, NULL, 2, $2, $4);
                                  for (unsigned i = 0; i < $6->nkids; i++) ast_add(A, $$, $6->kids[i]);
                                  $$ = deep(st, $$); }
  | '[' expr ',' expr ')'       { $$ = deep(st, N(INTERVAL, @$, NULL, 2, $2, $4)); }
  ;

%%

/* Expressions deeper than this are refused here, so that every later pass
 * can recurse over expressions without running out of stack. */
#define MAX_EXPR_DEPTH 500

/* receive(args) { initial { ... } rest }: the initial block, when it comes
 * first, becomes the third kid; one anywhere else stays for sema to refuse. */
static struct ast *receive(struct lex_state *st, struct loc loc, struct ast *args,
                           struct ast *body)
{
    struct ast *r = N(RECEIVE, loc, NULL, 2, args, body);
    if (body && body->nkids && body->kids[0]->kind == AST_INITIAL) {
        ast_add(A, r, body->kids[0]->kids[0]);
        body->nkids--;
        memmove(body->kids, body->kids + 1, body->nkids * sizeof *body->kids);
    }
    return r;
}

static struct ast *deep(struct lex_state *st, struct ast *n)
{
    unsigned d = 0;
    for (unsigned i = 0; i < n->nkids; i++)
        if (n->kids[i] && n->kids[i]->depth > d)
            d = n->kids[i]->depth;
    n->depth = d + 1;
    if (n->depth == MAX_EXPR_DEPTH) {
        st->syntax_errors++;
        diag_error(st->diag, n->loc, "expression nested more than %d levels deep",
                   MAX_EXPR_DEPTH);
    }
    return n;
}

static struct ast *binop(struct lex_state *st, int op, struct ast *l, struct ast *r)
{
    struct ast *n = N(BINOP, loc_span(l->loc, r->loc), NULL, 2, l, r);
    n->op = op;
    return deep(st, n);
}

static struct ast *named(struct ast *n, struct loc name)
{
    n->nloc = name;
    return n;
}

/* A reaction's left side, read as an expression (`A + 2 ca`), as its LIST of
 * reactants: each a NAME whose num is how many (the `reactant` rule's). */
static void add_reactants(struct lex_state *st, struct ast *list, struct ast *e)
{
    if (e->kind == AST_BINOP && e->op == OP_ADD) {
        add_reactants(st, list, e->kids[0]);
        add_reactants(st, list, e->kids[1]);
        return;
    }
    struct ast *r = ast_make(A, AST_NAME, e->loc, e->str, 0);
    r->num = 1;
    if (e->kind == AST_NUM && e->str && is_ident(e->str) && e->num >= 1 && e->num <= 100 &&
        e->num == (double)(int)e->num)
        r->num = e->num;
    else if (e->kind != AST_NAME || !e->str) {
        diag_error(st->diag, e->loc, "a reactant is a state name, or a whole number from 1 to "
                   "100 and a state name");
        if (!e->str) {      /* not even a name: nothing later could check */
            st->syntax_errors++;
            r->str = "?";
        }
    }
    ast_add(A, list, r);
}

static struct ast *reactants_of(struct lex_state *st, struct ast *e)
{
    struct ast *list = ast_new(A, AST_LIST, e->loc);
    add_reactants(st, list, e);
    return list;
}

static struct ast *with_op(struct ast *n, int op)
{
    n->op = op;
    return n;
}

/* A declaration list becomes a LIST whose kids are retagged to `kind`. */
static struct ast *decls(struct ast *list, enum ast_kind kind)
{
    for (unsigned i = 0; i < list->nkids; i++)
        list->kids[i]->kind = kind;
    return list;
}

/* `dend[3]`: one section of a morphology's list, named as NEURON names it. */
static const char *indexed(struct lex_state *st, const char *name, double index)
{
    char buf[256];
    int n = snprintf(buf, sizeof buf, "%.200s[%g]", name, index);
    return arena_intern(st->arena, buf, (size_t)n);
}

static void circ_yyerror(YYLTYPE *loc, void *scanner, struct lex_state *st, const char *msg)
{
    (void)scanner;
    st->syntax_errors++;
    if (strcmp(msg, "memory exhausted") == 0)   /* Bison's stack limit */
        msg = "nested too deeply for the parser";
    diag_error(st->diag, *loc, "%s", msg);
}

/* Token names as the user reads them: keywords and punctuation in quotes. */
static void describe(char *buf, size_t size, yysymbol_kind_t kind)
{
    const char *name = yysymbol_name(kind);
    size_t n = strlen(name);
    if (kind == YYSYMBOL_YYEOF)
        snprintf(buf, size, "end of file");
    else if (kind == YYSYMBOL_IDENT || kind == YYSYMBOL_NUMBER || kind == YYSYMBOL_STRING ||
             kind == YYSYMBOL_QUANTITY || kind == YYSYMBOL_PRIMED || name[0] == '\'')
        snprintf(buf, size, "%s", name);
    else
        snprintf(buf, size, "'%.*s'", (int)n, name);
}

static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner, struct lex_state *st)
{
    (void)scanner;
    enum { MAX_EXPECTED = 6 };
    char msg[512], what[64];
    yysymbol_kind_t la = yypcontext_token(ctx);
    const YYLTYPE *loc = yypcontext_location(ctx);
    if (la == YYSYMBOL_YYEMPTY) {
        snprintf(msg, sizeof msg, "syntax error");
    } else {
        describe(what, sizeof what, la);
        const struct srcfile *f = diag_file(st->diag, loc->file);
        bool show_text = la == YYSYMBOL_IDENT || la == YYSYMBOL_NUMBER ||
                         la == YYSYMBOL_QUANTITY || la == YYSYMBOL_PRIMED;
        if (show_text && f && loc->end > loc->start && loc->end - loc->start < 40)
            snprintf(msg, sizeof msg, "syntax error: unexpected %s '%.*s'", what,
                     (int)(loc->end - loc->start), f->text + loc->start);
        else
            snprintf(msg, sizeof msg, "syntax error: unexpected %s", what);
    }
    size_t len = strlen(msg);
    yysymbol_kind_t expected[MAX_EXPECTED];
    int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
    if (n > 0 && n < MAX_EXPECTED) {
        len += (size_t)snprintf(msg + len, sizeof msg - len, ", expected ");
        for (int i = 0; i < n && len < sizeof msg; i++) {
            describe(what, sizeof what, expected[i]);
            len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s",
                                    i == 0 ? "" : i == n - 1 ? " or " : ", ", what);
        }
    }
    st->syntax_errors++;
    diag_error(st->diag, *loc, "%s", msg);
    /* A top-level keyword inside braces, or the end of the file: a '}' is missing. */
    bool top_level = la == YYSYMBOL_YYEOF || la == YYSYMBOL_CELL || la == YYSYMBOL_NETWORK ||
        la == YYSYMBOL_POPULATION || la == YYSYMBOL_GROUP || la == YYSYMBOL_SYNAPSE ||
        la == YYSYMBOL_SHARED ||
        la == YYSYMBOL_CONNECT || la == YYSYMBOL_SIMULATION || la == YYSYMBOL_EXPERIMENT ||
        la == YYSYMBOL_WINDOW || la == YYSYMBOL_MEASURE || la == YYSYMBOL_EXPECT ||
        la == YYSYMBOL_FIGURE || la == YYSYMBOL_DENSITY || la == YYSYMBOL_POINT ||
        la == YYSYMBOL_ARTIFICIAL || la == YYSYMBOL_IMPORT;
    int open = st->nbraces;
    if (top_level && open > 0 && !st->brace_noted) {
        int i = open <= LEX_MAX_BRACES ? open - 1 : LEX_MAX_BRACES - 1;
        diag_note(st->diag, st->open_brace[i], "unclosed '{' opened here");
        st->brace_noted = true;     /* later errors are likely echoes of this one */
    }
    /* "0.1 weight = ..." reads as the number 0.1 with the unit "weight" */
    if (la == YYTRANSLATE('=') && st->last_token == QUANTITY) {
        const struct srcfile *f = diag_file(st->diag, st->last_loc.file);
        diag_note(st->diag, st->last_loc, "'%.*s' was read as a number with a unit; put ';' or "
                  "a line break between two items on one line",
                  f ? (int)(st->last_loc.end - st->last_loc.start) : 0,
                  f ? f->text + st->last_loc.start : "");
    }
    return 0;
}

const char *circ_token_name(int token)
{
    return yysymbol_name(YYTRANSLATE(token));
}
