/* nmodl.y - the NMODL grammar (NEURON .mod files), a second front end.
 *
 * Follows NEURON's own parse1.ypp for what a .mod file may say; actions only
 * build raw nodes (nmodl_kinds.h), and the lowering into the mechanism IR
 * assigns meaning later.  Where NEURON's grammar narrows a place to an
 * integer expression (array indices, FROM loops), an expression is read and
 * the narrowing left to that pass.  LOCAL is read anywhere in a block
 * (NEURON wants it first).  Error rules at item, declaration and statement
 * level let one run report many errors.  %expect 0: fix conflicts with
 * precedence, never by raising the count.
 */
%code requires {
#include "diag.h"
#include "nmodl_ast.h"
struct nmodl_state;
}

%code provides {
int nmodl_yylex(NMODL_YYSTYPE *lval, NMODL_YYLTYPE *lloc, void *scanner);
const char *nmodl_token_name(int token);
}

%code {
#include <stdio.h>
#include <string.h>
#include "ast.h"    /* enum ast_op */
#include "nmodl_state.h"

#define A (st->arena)
#define N(kind, loc, str, ...) nmodl_make(A, NMODL_##kind, (loc), (str), __VA_ARGS__)
#define LEAF(kind, loc, str) nmodl_make(A, NMODL_##kind, (loc), (str), 0)
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

static void nmodl_yyerror(YYLTYPE *loc, void *scanner, struct nmodl_state *st, const char *msg);
static struct nmodl_node *binop(struct nmodl_state *st, int op, struct nmodl_node *l,
                                struct nmodl_node *r);
static struct nmodl_node *deep(struct nmodl_state *st, struct nmodl_node *n);
static struct nmodl_node *with_op(struct nmodl_node *n, int op);
static struct nmodl_node *named(struct nmodl_node *n, struct loc name);
static struct nmodl_node *retag(struct nmodl_node *n, enum nmodl_kind kind, struct loc loc);
static struct nmodl_node *number(struct nmodl_state *st, struct loc loc, double v, bool integer);
}

%define api.pure full
%define api.prefix {nmodl_yy}
%define parse.error custom
%define parse.lac full
%locations
%define api.location.type {struct loc}
%expect 0
%lex-param {void *scanner}
%parse-param {void *scanner} {struct nmodl_state *st}

%union {
    struct nmodl_node *node;
    const char *str;
    double num;
    struct { const char *name; int order; } prime;
}

%token <str> NAME "name" STRING "string" UNITTEXT "unit" TITLE "TITLE" VERBATIM "VERBATIM"
%token <str> OBSOLETE "unsupported keyword" ONTOLOGY "ontology id"
%token <prime> PRIME "derivative name"
%token <num> INTEGER "integer" REAL "number"
%token REACT1 "<->" FLUXIN "<<" ARROW "->" EQ "==" NE "!=" LE "<=" GE ">="
%token AND "&&" OR "||" REACTION_TILDE "~ (reaction)"
%token AFTER "AFTER" ARTIFICIAL_CELL "ARTIFICIAL_CELL" ASSIGNED "ASSIGNED"
%token BBCOREPOINTER "BBCOREPOINTER" BEFORE "BEFORE" BREAKPOINT "BREAKPOINT" BY "BY"
%token COMPARTMENT "COMPARTMENT" CONDUCTANCE "CONDUCTANCE" CONSERVE "CONSERVE"
%token CONSTANT "CONSTANT" CONSTRUCTOR "CONSTRUCTOR" DEFINE "DEFINE" DEPEND "DEPEND"
%token DERIVATIVE "DERIVATIVE" DESTRUCTOR "DESTRUCTOR" ELECTRODE_CURRENT "ELECTRODE_CURRENT"
%token ELSE "ELSE" EXTERNAL "EXTERNAL" FOR_NETCONS "FOR_NETCONS" FROM "FROM"
%token FUNCTION "FUNCTION" FUNCTION_TABLE "FUNCTION_TABLE" GLOBAL "GLOBAL" IF "IF"
%token INCLUDE "INCLUDE" INDEPENDENT "INDEPENDENT" INITIAL1 "INITIAL" KINETIC "KINETIC"
%token LINEAR "LINEAR" LOCAL "LOCAL" LONGDIFUS "LONGITUDINAL_DIFFUSION" METHOD "METHOD"
%token MUTEXLOCK "MUTEXLOCK" MUTEXUNLOCK "MUTEXUNLOCK" NET_RECEIVE "NET_RECEIVE"
%token NEURON "NEURON" NONLINEAR "NONLINEAR" NONSPECIFIC_CURRENT "NONSPECIFIC_CURRENT"
%token PARAMETER "PARAMETER" POINTER "POINTER" POINT_PROCESS "POINT_PROCESS"
%token PROCEDURE "PROCEDURE" PROTECT "PROTECT" RANGE "RANGE" READ "READ" SOLVE "SOLVE"
%token SOLVEFOR "SOLVEFOR" START "START" STATE "STATE" STEADYSTATE "STEADYSTATE"
%token STEP "STEP" SUFFIX "SUFFIX" SWEEP "SWEEP" TABLE "TABLE" THREADSAFE "THREADSAFE"
%token TO "TO" UNITS "UNITS" UNITSOFF "UNITSOFF" UNITSON "UNITSON" USEION "USEION"
%token RANDOM "RANDOM" REPRESENTS "REPRESENTS"
%token VALENCE "VALENCE" WATCH "WATCH" WHILE "WHILE" WITH "WITH" WRITE "WRITE"

%type <node> file items item neuron_stmts neuron_stmt names valence_opt represents_opt
%type <node> unit_defs unit_def watch_flag
%type <node> params param consts depdefs depdef indeps indep size size_opt limits_opt
%type <node> from_to_opt start_opt abstol_opt unit_opt number real local locals
%type <node> solvefor_opt args_opt args arg block stmts stmt lhs else_opt by_opt
%type <node> table_names_opt depend_opt react react_term cnames watches watched
%type <node> expr primary call call_args call_arg
%type <str> ba_kind

/* REPRESENTS right after a USEION annotates the ion (NEURON's optontology),
 * not the NEURON block: the shift wins. */
%precedence NO_ONTOLOGY
%precedence REPRESENTS
%left OR
%left AND
%left EQ NE '<' LE '>' GE
%left '+' '-'
%left '*' '/'
%precedence UMINUS '!'
%right '^'

%%

file:
    items                       { st->root = $1; $$ = $1; }
  ;

items:
    %empty                      { $$ = nmodl_new(A, NMODL_FILE, @$); }
  | items item                  { $$ = $2 ? nmodl_add(A, $1, $2) : $1; }
  ;

item:
    TITLE                       { $$ = LEAF(TITLE, @$, $1); }
  | VERBATIM                    { $$ = LEAF(VERBATIM, @$, $1); }
  | INCLUDE STRING              { $$ = LEAF(INCLUDE, @$, $2); }
  | DEFINE NAME INTEGER         { $$ = named(LEAF(DEFINE, @$, $2), @2); $$->num = $3; }
  | UNITSON                     { $$ = with_op(LEAF(UNITSON, @$, NULL), 1); }
  | UNITSOFF                    { $$ = with_op(LEAF(UNITSON, @$, NULL), 0); }
  | local
  | NEURON '{' neuron_stmts '}' { $$ = $3; $$->loc = @$; }
  | UNITS '{' unit_defs '}'     { $$ = $3; $$->loc = @$; }
  | PARAMETER '{' params '}'    { $$ = $3; $$->loc = @$; }
  | STATE '{' depdefs '}'       { $$ = retag($3, NMODL_STATE, @$); }
  | ASSIGNED '{' depdefs '}'    { $$ = retag($3, NMODL_ASSIGNED, @$); }
  | CONSTANT '{' consts '}'     { $$ = $3; $$->loc = @$; }
  | INDEPENDENT '{' indeps '}'  { $$ = $3; $$->loc = @$; }
  | INITIAL1 block              { $$ = N(INITIAL, @$, NULL, 1, $2); }
  | BREAKPOINT block            { $$ = N(BREAKPOINT, @$, NULL, 1, $2); }
  | DERIVATIVE NAME block       { $$ = named(N(DERIVATIVE, @$, $2, 1, $3), @2); }
  | KINETIC NAME solvefor_opt block
                                { $$ = named(N(KINETIC, @$, $2, 2, $3, $4), @2); }
  | LINEAR NAME solvefor_opt block
                                { $$ = named(N(LINEAR, @$, $2, 2, $3, $4), @2); }
  | NONLINEAR NAME solvefor_opt block
                                { $$ = named(N(NONLINEAR, @$, $2, 2, $3, $4), @2); }
  | FUNCTION NAME '(' args_opt ')' unit_opt block
                                { $$ = named(N(FUNCTION, @$, $2, 3, $4, $6, $7), @2); }
  | PROCEDURE NAME '(' args_opt ')' unit_opt block
                                { $$ = named(N(PROCEDURE, @$, $2, 3, $4, $6, $7), @2); }
  | FUNCTION_TABLE NAME '(' args_opt ')' unit_opt
                                { $$ = named(N(FUNCTION_TABLE, @$, $2, 2, $4, $6), @2); }
  | NET_RECEIVE '(' args_opt ')' block
                                { $$ = N(NET_RECEIVE, @$, NULL, 2, $3, $5); }
  | BEFORE ba_kind block        { $$ = N(BEFORE, @$, $2, 1, $3); }
  | AFTER ba_kind block         { $$ = N(AFTER, @$, $2, 1, $3); }
  | CONSTRUCTOR block           { $$ = N(CONSTRUCTOR, @$, NULL, 1, $2); }
  | DESTRUCTOR block            { $$ = N(DESTRUCTOR, @$, NULL, 1, $2); }
  | error                       { $$ = NULL; }
  ;

ba_kind:
    BREAKPOINT                  { $$ = "BREAKPOINT"; }
  | SOLVE                       { $$ = "SOLVE"; }
  | INITIAL1                    { $$ = "INITIAL"; }
  | STEP                        { $$ = "STEP"; }
  ;

/* ---- NEURON block ---- */

neuron_stmts:
    %empty                      { $$ = nmodl_new(A, NMODL_NEURON, @$); }
  | neuron_stmts neuron_stmt    { $$ = nmodl_add(A, $1, $2); }
  | neuron_stmts error          { $$ = $1; }
  ;

neuron_stmt:
    SUFFIX NAME                 { $$ = named(with_op(LEAF(SUFFIX, @$, $2), NMODL_SUFFIX_DENSITY), @2); }
  | POINT_PROCESS NAME          { $$ = named(with_op(LEAF(SUFFIX, @$, $2), NMODL_POINT_PROCESS), @2); }
  | ARTIFICIAL_CELL NAME        { $$ = named(with_op(LEAF(SUFFIX, @$, $2), NMODL_ARTIFICIAL_CELL), @2); }
  | USEION NAME READ names valence_opt represents_opt
                                { $$ = named(N(USEION, @$, $2, 4, $4, NULL, $5, $6), @2); }
  | USEION NAME WRITE names valence_opt represents_opt
                                { $$ = named(N(USEION, @$, $2, 4, NULL, $4, $5, $6), @2); }
  | USEION NAME READ names WRITE names valence_opt represents_opt
                                { $$ = named(N(USEION, @$, $2, 4, $4, $6, $7, $8), @2); }
  | REPRESENTS ONTOLOGY         { $$ = LEAF(REPRESENTS, @$, $2); }
  | RANDOM names                { $$ = retag($2, NMODL_RANDOM, @$); }
  | NONSPECIFIC_CURRENT names   { $$ = retag($2, NMODL_NONSPECIFIC, @$); }
  | ELECTRODE_CURRENT names     { $$ = retag($2, NMODL_ELECTRODE, @$); }
  | RANGE names                 { $$ = retag($2, NMODL_RANGE, @$); }
  | GLOBAL names                { $$ = retag($2, NMODL_GLOBAL, @$); }
  | POINTER names               { $$ = retag($2, NMODL_POINTER, @$); }
  | BBCOREPOINTER names         { $$ = retag($2, NMODL_BBCOREPOINTER, @$); }
  | EXTERNAL names              { $$ = retag($2, NMODL_EXTERNAL, @$); }
  | THREADSAFE                  { $$ = LEAF(THREADSAFE, @$, NULL); }
  | THREADSAFE names            { $$ = retag($2, NMODL_THREADSAFE, @$); }
  ;

names:
    NAME                        { $$ = N(LIST, @$, NULL, 1, LEAF(NAME, @1, $1)); }
  | names ',' NAME              { $$ = nmodl_add(A, $1, LEAF(NAME, @3, $3)); $$->loc = @$; }
  ;

valence_opt:
    %empty                      { $$ = NULL; }
  | VALENCE number              { $$ = $2; }
  ;

represents_opt:
    %empty %prec NO_ONTOLOGY    { $$ = NULL; }
  | REPRESENTS ONTOLOGY         { $$ = LEAF(REPRESENTS, @$, $2); }
  ;

/* ---- declarations ---- */

unit_defs:
    %empty                      { $$ = nmodl_new(A, NMODL_UNITS, @$); }
  | unit_defs unit_def          { $$ = nmodl_add(A, $1, $2); }
  | unit_defs error             { $$ = $1; }
  ;

unit_def:
    UNITTEXT '=' UNITTEXT       { $$ = N(UNITDEF, @$, NULL, 2, LEAF(UNIT, @1, $1), LEAF(UNIT, @3, $3)); }
  | NAME '=' number UNITTEXT    { $$ = named(N(FACTOR, @$, $1, 2, $3, LEAF(UNIT, @4, $4)), @1); }
  | NAME '=' UNITTEXT UNITTEXT  { $$ = named(N(FACTOR, @$, $1, 2, LEAF(UNIT, @3, $3),
                                              LEAF(UNIT, @4, $4)), @1); }
  | NAME '=' UNITTEXT ARROW UNITTEXT
                                { $$ = named(with_op(N(FACTOR, @$, $1, 2, LEAF(UNIT, @3, $3),
                                              LEAF(UNIT, @5, $5)), 1), @1); }
  ;

params:
    %empty                      { $$ = nmodl_new(A, NMODL_PARAMETER, @$); }
  | params param                { $$ = nmodl_add(A, $1, $2); }
  | params error                { $$ = $1; }
  ;

param:
    NAME '=' number unit_opt limits_opt
                                { $$ = named(N(VAR, @$, $1, 5, NULL, $3, $4, $5, NULL), @1); }
  | NAME unit_opt limits_opt    { $$ = named(N(VAR, @$, $1, 5, NULL, NULL, $2, $3, NULL), @1); }
  | NAME '[' size ']' unit_opt limits_opt
                                { $$ = named(N(VAR, @$, $1, 5, $3, NULL, $5, $6, NULL), @1); }
  ;

consts:
    %empty                      { $$ = nmodl_new(A, NMODL_CONSTANT, @$); }
  | consts NAME '=' number unit_opt
                                { $$ = nmodl_add(A, $1, named(N(VAR, loc_span(@2, @5), $2, 5,
                                                  NULL, $4, $5, NULL, NULL), @2)); }
  | consts error                { $$ = $1; }
  ;

/* STATE and ASSIGNED: x, x[4], x FROM 0 TO 1, x START 1, (unit), <abstol> */
depdefs:
    %empty                      { $$ = nmodl_new(A, NMODL_STATE, @$); }
  | depdefs depdef              { $$ = nmodl_add(A, $1, $2); }
  | depdefs error               { $$ = $1; }
  ;

depdef:
    NAME size_opt from_to_opt start_opt unit_opt abstol_opt
                                { $$ = named(N(VAR, @$, $1, 5, $2, $4, $5, $3, $6), @1); }
  ;

indeps:
    %empty                      { $$ = nmodl_new(A, NMODL_INDEPENDENT, @$); }
  | indeps indep                { $$ = nmodl_add(A, $1, $2); }
  | indeps SWEEP indep          { $$ = nmodl_add(A, $1, with_op($3, 1)); }
  | indeps error                { $$ = $1; }
  ;

indep:
    NAME FROM number TO number WITH INTEGER start_opt unit_opt
                                { $$ = named(N(INDEP, @$, $1, 5, $3, $5,
                                             number(st, @7, $7, true), $8, $9), @1); }
  ;

size:
    INTEGER                     { $$ = number(st, @$, $1, true); }
  | NAME                        { $$ = LEAF(NAME, @$, $1); }
  ;

size_opt:
    %empty                      { $$ = NULL; }
  | '[' size ']'                { $$ = $2; }
  ;

limits_opt:
    %empty                      { $$ = NULL; }
  | '<' number ',' number '>'   { $$ = N(LIMITS, @$, NULL, 2, $2, $4); }
  ;

from_to_opt:
    %empty                      { $$ = NULL; }
  | FROM number TO number       { $$ = N(LIMITS, @$, NULL, 2, $2, $4); }
  ;

start_opt:
    %empty                      { $$ = NULL; }
  | START number                { $$ = $2; }
  ;

abstol_opt:
    %empty                      { $$ = NULL; }
  | '<' real '>'                { $$ = $2; }
  ;

unit_opt:
    %empty                      { $$ = NULL; }
  | UNITTEXT                    { $$ = LEAF(UNIT, @$, $1); }
  ;

real:
    INTEGER                     { $$ = number(st, @$, $1, true); }
  | REAL                        { $$ = number(st, @$, $1, false); }
  ;

number:
    real
  | '-' INTEGER                 { $$ = number(st, @$, -$2, true); }
  | '-' REAL                    { $$ = number(st, @$, -$2, false); }
  ;

local:
    LOCAL locals                { $$ = $2; $$->loc = @$; }
  ;

locals:
    NAME size_opt               { $$ = N(LOCAL, @$, NULL, 1, named(N(VAR, @$, $1, 1, $2), @1)); }
  | locals ',' NAME size_opt    { $$ = nmodl_add(A, $1, named(N(VAR, loc_span(@3, @4), $3, 1, $4), @3)); }
  ;

solvefor_opt:
    %empty                      { $$ = NULL; }
  | SOLVEFOR names              { $$ = $2; }
  ;

args_opt:
    %empty                      { $$ = nmodl_new(A, NMODL_LIST, @$); }
  | args
  ;

args:
    arg                         { $$ = N(LIST, @$, NULL, 1, $1); }
  | args ',' arg                { $$ = nmodl_add(A, $1, $3); $$->loc = @$; }
  ;

arg:
    NAME unit_opt               { $$ = named(N(ARG, @$, $1, 1, $2), @1); }
  ;

/* ---- statements ---- */

block:
    '{' stmts '}'               { $$ = $2; $$->loc = @$; }
  ;

stmts:
    %empty                      { $$ = nmodl_new(A, NMODL_BLOCK, @$); }
  | stmts stmt                  { $$ = $2 ? nmodl_add(A, $1, $2) : $1; }
  ;

stmt:
    lhs '=' expr                { $$ = N(ASSIGN, @$, NULL, 2, $1, $3); }
  | PROTECT lhs '=' expr        { $$ = N(PROTECT, @$, NULL, 1, N(ASSIGN, loc_span(@2, @4), NULL, 2, $2, $4)); }
  | '~' expr '=' expr           { $$ = N(EQUATION, @$, NULL, 2, $2, $4); }
  | REACTION_TILDE react REACT1 react '(' expr ',' expr ')'
                                { $$ = with_op(N(REACTION, @$, NULL, 4, $2, $4, $6, $8), NMODL_REACT_BOTH); }
  | REACTION_TILDE react FLUXIN '(' expr ')'
                                { $$ = with_op(N(REACTION, @$, NULL, 4, $2, NULL, $5, NULL), NMODL_REACT_IN); }
  | REACTION_TILDE react ARROW '(' expr ')'
                                { $$ = with_op(N(REACTION, @$, NULL, 4, $2, NULL, $5, NULL), NMODL_REACT_OUT); }
  | CONSERVE react '=' expr     { $$ = N(CONSERVE, @$, NULL, 2, $2, $4); }
  | COMPARTMENT NAME ',' expr '{' cnames '}'
                                { $$ = N(COMPARTMENT, @$, $2, 2, $4, $6); }
  | COMPARTMENT expr '{' cnames '}'
                                { $$ = N(COMPARTMENT, @$, NULL, 2, $2, $4); }
  | LONGDIFUS NAME ',' expr '{' cnames '}'
                                { $$ = N(LONGDIFUS, @$, $2, 2, $4, $6); }
  | LONGDIFUS expr '{' cnames '}'
                                { $$ = N(LONGDIFUS, @$, NULL, 2, $2, $4); }
  | call                        { $$ = N(CALLSTMT, @$, NULL, 1, $1); }
  | local
  | block
  | IF '(' expr ')' block else_opt
                                { $$ = N(IF, @$, NULL, 3, $3, $5, $6); }
  | WHILE '(' expr ')' block    { $$ = N(WHILE, @$, NULL, 2, $3, $5); }
  | FROM NAME '=' expr TO expr by_opt block
                                { $$ = named(N(FROM, @$, $2, 4, $4, $6, $7, $8), @2); }
  | SOLVE NAME                  { $$ = named(LEAF(SOLVE, @$, $2), @2); }
  | SOLVE NAME METHOD NAME      { $$ = named(with_op(N(SOLVE, @$, $2, 1, LEAF(NAME, @4, $4)),
                                                     NMODL_METHOD), @2); }
  | SOLVE NAME STEADYSTATE NAME { $$ = named(with_op(N(SOLVE, @$, $2, 1, LEAF(NAME, @4, $4)),
                                                     NMODL_STEADYSTATE), @2); }
  | TABLE table_names_opt depend_opt FROM expr TO expr WITH INTEGER
                                { $$ = N(TABLE, @$, NULL, 5, $2, $3, $5, $7, number(st, @9, $9, true)); }
  | INITIAL1 block              { $$ = N(INITIAL, @$, NULL, 1, $2); }
  | WATCH watches               { $$ = $2; $$->loc = @$; }
  | FOR_NETCONS '(' args_opt ')' block
                                { $$ = N(FOR_NETCONS, @$, NULL, 2, $3, $5); }
  | CONDUCTANCE NAME            { $$ = named(N(CONDUCTANCE, @$, $2, 1, NULL), @2); }
  | CONDUCTANCE NAME USEION NAME
                                { $$ = named(N(CONDUCTANCE, @$, $2, 1, LEAF(NAME, @4, $4)), @2); }
  | MUTEXLOCK                   { $$ = with_op(LEAF(MUTEX, @$, NULL), 1); }
  | MUTEXUNLOCK                 { $$ = with_op(LEAF(MUTEX, @$, NULL), 0); }
  | UNITSON                     { $$ = with_op(LEAF(UNITSON, @$, NULL), 1); }
  | UNITSOFF                    { $$ = with_op(LEAF(UNITSON, @$, NULL), 0); }
  | VERBATIM                    { $$ = LEAF(VERBATIM, @$, $1); }
  | error                       { $$ = NULL; }
  ;

lhs:
    NAME                        { $$ = LEAF(NAME, @$, $1); }
  | PRIME                       { $$ = with_op(LEAF(PRIME, @$, $1.name), $1.order); }
  | NAME '[' expr ']'           { $$ = deep(st, N(INDEX, @$, NULL, 2, LEAF(NAME, @1, $1), $3)); }
  | PRIME '[' expr ']'          { $$ = deep(st, N(INDEX, @$, NULL, 2,
                                         with_op(LEAF(PRIME, @1, $1.name), $1.order), $3)); }
  ;

else_opt:
    %empty                      { $$ = NULL; }
  | ELSE block                  { $$ = $2; }
  | ELSE IF '(' expr ')' block else_opt
                                { $$ = N(IF, loc_span(@2, @7), NULL, 3, $4, $6, $7); }
  ;

by_opt:
    %empty                      { $$ = NULL; }
  | BY expr                     { $$ = $2; }
  ;

table_names_opt:
    %empty                      { $$ = NULL; }
  | names
  ;

depend_opt:
    %empty                      { $$ = NULL; }
  | DEPEND names                { $$ = $2; }
  ;

/* a side of a reaction or CONSERVE: [integer] name + ... */
react:
    react_term                  { $$ = N(LIST, @$, NULL, 1, $1); }
  | react '+' react_term        { $$ = nmodl_add(A, $1, $3); $$->loc = @$; }
  ;

react_term:
    NAME                        { $$ = N(TERM, @$, NULL, 1, LEAF(NAME, @$, $1)); $$->num = 1; }
  | NAME '[' expr ']'           { $$ = N(TERM, @$, NULL, 1, deep(st, N(INDEX, @$, NULL, 2,
                                         LEAF(NAME, @1, $1), $3))); $$->num = 1; }
  | INTEGER NAME                { $$ = N(TERM, @$, NULL, 1, LEAF(NAME, @2, $2)); $$->num = $1; }
  | INTEGER NAME '[' expr ']'   { $$ = N(TERM, @$, NULL, 1, deep(st, N(INDEX, loc_span(@2, @5), NULL, 2,
                                         LEAF(NAME, @2, $2), $4))); $$->num = $1; }
  ;

cnames:
    NAME                        { $$ = N(LIST, @$, NULL, 1, LEAF(NAME, @1, $1)); }
  | cnames NAME                 { $$ = nmodl_add(A, $1, LEAF(NAME, @2, $2)); $$->loc = @$; }
  ;

watches:
    watched                     { $$ = N(WATCH, @$, NULL, 1, $1); }
  | watches ',' watched         { $$ = nmodl_add(A, $1, $3); }
  ;

watched:
    '(' expr ')' watch_flag     { $$ = N(WATCHED, @$, NULL, 2, $2, $4); }
  ;

watch_flag:                     /* a number, or a name DEFINEd as one */
    number
  | NAME                        { $$ = LEAF(NAME, @$, $1); }
  ;

/* ---- expressions (NEURON's precedence: || && relations + * unary ^) ---- */

expr:
    primary
  | expr OR expr                { $$ = binop(st, OP_OR, $1, $3); }
  | expr AND expr               { $$ = binop(st, OP_AND, $1, $3); }
  | expr EQ expr                { $$ = binop(st, OP_EQ, $1, $3); }
  | expr NE expr                { $$ = binop(st, OP_NE, $1, $3); }
  | expr '<' expr               { $$ = binop(st, OP_LT, $1, $3); }
  | expr LE expr                { $$ = binop(st, OP_LE, $1, $3); }
  | expr '>' expr               { $$ = binop(st, OP_GT, $1, $3); }
  | expr GE expr                { $$ = binop(st, OP_GE, $1, $3); }
  | expr '+' expr               { $$ = binop(st, OP_ADD, $1, $3); }
  | expr '-' expr               { $$ = binop(st, OP_SUB, $1, $3); }
  | expr '*' expr               { $$ = binop(st, OP_MUL, $1, $3); }
  | expr '/' expr               { $$ = binop(st, OP_DIV, $1, $3); }
  | expr '^' expr               { $$ = binop(st, OP_POW, $1, $3); }
  | '-' expr %prec UMINUS       { $$ = deep(st, with_op(N(UNOP, @$, NULL, 1, $2), OP_NEG)); }
  | '!' expr                    { $$ = deep(st, with_op(N(UNOP, @$, NULL, 1, $2), OP_NOT)); }
  ;

primary:
    real unit_opt               { $$ = $1; $$->loc = @$; if ($2) nmodl_add(A, $$, $2); }
  | lhs
  | call
    /* a sum's parentheses matter where nocmodl pastes text around it
       (LINEAR/NONLINEAR equations), and a bare number's make it a unit
       factor for modlunit ((1e-3) scales, 1e-3 does not): kept as nloc */
  | '(' expr ')'                { $$ = $2;
                                  if ($$->kind == NMODL_BINOP ||
                                      ($$->kind == NMODL_NUM && !nmodl_kid($$, 0)))
                                      $$->nloc = @$; }
  ;

call:
    NAME '(' call_args ')'      { $$ = deep(st, $3); $$->str = $1; $$->loc = @$; }
  ;

call_args:
    %empty                      { $$ = nmodl_new(A, NMODL_CALL, @$); }
  | call_arg                    { $$ = N(CALL, @$, NULL, 1, $1); }
  | call_args ',' call_arg      { $$ = nmodl_add(A, $1, $3); }
  ;

call_arg:
    expr
  | STRING                      { $$ = LEAF(STR, @$, $1); }
  ;

%%

/* Expressions deeper than this are refused here, so that every later pass
 * can recurse over expressions without running out of stack. */
#define MAX_EXPR_DEPTH 500

static struct nmodl_node *deep(struct nmodl_state *st, struct nmodl_node *n)
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

static struct nmodl_node *binop(struct nmodl_state *st, int op, struct nmodl_node *l,
                                struct nmodl_node *r)
{
    struct nmodl_node *n = N(BINOP, loc_span(l->loc, r->loc), NULL, 2, l, r);
    n->op = op;
    return deep(st, n);
}

static struct nmodl_node *named(struct nmodl_node *n, struct loc name)
{
    n->nloc = name;
    return n;
}

static struct nmodl_node *with_op(struct nmodl_node *n, int op)
{
    n->op = op;
    return n;
}

static struct nmodl_node *retag(struct nmodl_node *n, enum nmodl_kind kind, struct loc loc)
{
    n->kind = kind;
    n->loc = loc;
    return n;
}

static struct nmodl_node *number(struct nmodl_state *st, struct loc loc, double v, bool integer)
{
    struct nmodl_node *n = LEAF(NUM, loc, NULL);
    n->num = v;
    n->op = integer;
    return n;
}

static void nmodl_yyerror(YYLTYPE *loc, void *scanner, struct nmodl_state *st, const char *msg)
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
    else if (kind == YYSYMBOL_NAME || kind == YYSYMBOL_INTEGER || kind == YYSYMBOL_REAL ||
             kind == YYSYMBOL_STRING || kind == YYSYMBOL_UNITTEXT || kind == YYSYMBOL_PRIME ||
             kind == YYSYMBOL_OBSOLETE || kind == YYSYMBOL_ONTOLOGY || name[0] == '\'')
        snprintf(buf, size, "%s", name);
    else
        snprintf(buf, size, "'%.*s'", (int)n, name);
}

/* "in the PARAMETER block", "in DERIVATIVE states", or "" at top level. */
static void where(char *buf, size_t size, const struct nmodl_state *st)
{
    if (!st->cur_block)
        buf[0] = '\0';
    else if (st->cur_block_name)
        snprintf(buf, size, " in %s %s", nmodl_token_name(st->cur_block), st->cur_block_name);
    else
        snprintf(buf, size, " in the %s block", nmodl_token_name(st->cur_block));
}

static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner, struct nmodl_state *st)
{
    (void)scanner;
    enum { MAX_EXPECTED = 6 };
    char msg[600], what[64], in[96];
    yysymbol_kind_t la = yypcontext_token(ctx);
    const YYLTYPE *loc = yypcontext_location(ctx);
    const struct srcfile *f = diag_file(st->diag, loc->file);
    where(in, sizeof in, st);
    st->syntax_errors++;
    if (la == YYSYMBOL_OBSOLETE && f) {
        diag_error(st->diag, *loc, "'%.*s' is not supported by circ's NMODL reader",
                   (int)(loc->end - loc->start), f->text + loc->start);
        return 0;
    }
    if (la == YYSYMBOL_YYEMPTY) {
        snprintf(msg, sizeof msg, "syntax error%s", in);
    } else {
        describe(what, sizeof what, la);
        bool show_text = la == YYSYMBOL_NAME || la == YYSYMBOL_INTEGER || la == YYSYMBOL_REAL ||
                         la == YYSYMBOL_PRIME || la == YYSYMBOL_UNITTEXT;
        if (show_text && f && loc->end > loc->start && loc->end - loc->start < 40)
            snprintf(msg, sizeof msg, "syntax error%s: unexpected %s '%.*s'", in, what,
                     (int)(loc->end - loc->start), f->text + loc->start);
        else
            snprintf(msg, sizeof msg, "syntax error%s: unexpected %s", in, what);
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
    diag_error(st->diag, *loc, "%s", msg);
    /* A block keyword inside braces, or the end of the file: a '}' is missing. */
    bool top_level = la == YYSYMBOL_YYEOF || la == YYSYMBOL_NEURON || la == YYSYMBOL_UNITS ||
        la == YYSYMBOL_PARAMETER || la == YYSYMBOL_STATE || la == YYSYMBOL_ASSIGNED ||
        la == YYSYMBOL_CONSTANT || la == YYSYMBOL_INDEPENDENT || la == YYSYMBOL_BREAKPOINT ||
        la == YYSYMBOL_DERIVATIVE || la == YYSYMBOL_KINETIC || la == YYSYMBOL_LINEAR ||
        la == YYSYMBOL_NONLINEAR || la == YYSYMBOL_FUNCTION || la == YYSYMBOL_PROCEDURE ||
        la == YYSYMBOL_NET_RECEIVE || la == YYSYMBOL_BEFORE || la == YYSYMBOL_AFTER ||
        la == YYSYMBOL_TITLE || la == YYSYMBOL_CONSTRUCTOR || la == YYSYMBOL_DESTRUCTOR;
    int open = st->nbraces;
    if (top_level && open > 0 && !st->brace_noted) {
        int i = open <= NMODL_MAX_BRACES ? open - 1 : NMODL_MAX_BRACES - 1;
        diag_note(st->diag, st->open_brace[i], "unclosed '{' opened here");
        st->brace_noted = true;     /* later errors are likely echoes of this one */
    }
    return 0;
}

const char *nmodl_token_name(int token)
{
    return yysymbol_name(YYTRANSLATE(token));
}
