/* test_lexer.c - grammar/circ.l: tokens, values, locations, lexical errors.
 *
 * Each test dumps the tokens of a few bytes with parse_dump_tokens() (one
 * "line:col KIND value" per token) into a memory stream.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

struct lexed {
    char *tokens;               /* the dump, malloc'd */
    char *diags;                /* diag_text, malloc'd */
    unsigned errors;
};

static struct lexed lex_n(const char *src, size_t len)
{
    struct front *f = front_create(NULL);
    int id = diag_add_file(f->diag, "test.circ", src, len);
    struct lexed r = {0};
    size_t size;
    FILE *out = open_memstream(&r.tokens, &size);
    cr_assert_not_null(out);
    parse_dump_tokens(out, f->arena, f->diag, id);
    fclose(out);
    r.diags = strdup(diag_text(f->diag));
    r.errors = diag_errors(f->diag);
    front_destroy(f);
    return r;
}

static struct lexed lex(const char *src)
{
    return lex_n(src, strlen(src));
}

static void lexed_free(struct lexed *r)
{
    free(r->tokens);
    free(r->diags);
}

/* Asserts the whole dump and that there were no errors. */
static void expect_tokens(const char *src, const char *want)
{
    struct lexed r = lex(src);
    cr_expect_str_eq(r.tokens, want, "tokens of: %s", src);
    cr_expect_eq(r.errors, 0, "%s", r.diags);
    lexed_free(&r);
}

Test(lexer, declaration_with_quantities)
{
    expect_tokens("parameter gnabar = 0.12 S/cm2, el = -54.3 mV\n",
                  "1:1 parameter\n"
                  "1:11 identifier gnabar\n"
                  "1:18 '='\n"
                  "1:20 quantity 0.12 [S/cm2]\n"
                  "1:30 ','\n"
                  "1:32 identifier el\n"
                  "1:35 '='\n"
                  "1:37 '-'\n"
                  "1:38 quantity 54.299999999999997 [mV]\n");
}

Test(lexer, compound_units_are_one_token)
{
    expect_tokens("123 ohm*cm 0.1 kHz/mV 4 ms^-1 80000 mm^-3",
                  "1:1 quantity 123 [ohm*cm]\n"
                  "1:12 quantity 0.10000000000000001 [kHz/mV]\n"
                  "1:23 quantity 4 [ms^-1]\n"
                  "1:31 quantity 80000 [mm^-3]\n");
}

Test(lexer, spaces_around_an_operator_end_the_unit)
{
    expect_tokens("2 ms * x", "1:1 quantity 2 [ms]\n1:6 '*'\n1:8 identifier x\n");
    /* without spaces the unit swallows the name (documented in circ.l) */
    expect_tokens("2 ms*x", "1:1 quantity 2 [ms*x]\n");
}

Test(lexer, a_keyword_after_a_number_is_not_a_unit)
{
    expect_tokens("with 200 depend celsius",
                  "1:1 with\n1:6 number 200\n1:10 depend\n1:17 identifier celsius\n");
    expect_tokens("0 to 1", "1:1 number 0\n1:3 to\n1:6 number 1\n");
}

Test(lexer, numbers)
{
    expect_tokens("1e9 .5 2.5e-3 7", "1:1 number 1000000000\n1:5 number 0.5\n"
                                     "1:8 number 0.0025000000000000001\n1:15 number 7\n");
}

Test(lexer, a_unit_on_the_next_line_is_a_name)
{
    expect_tokens("count = 2\nms", "1:1 identifier count\n1:7 '='\n1:9 number 2\n"
                                   "2:1 identifier ms\n");
}

Test(lexer, micro_and_ohm_signs_in_units)
{
    expect_tokens("3 \xC2\xB5m 2 \xCE\xBCm 1 M\xCE\xA9",
                  "1:1 quantity 3 [\xC2\xB5m]\n"
                  "1:6 quantity 2 [\xCE\xBCm]\n"
                  "1:11 quantity 1 [M\xCE\xA9]\n");
}

Test(lexer, keywords_and_identifiers)
{
    expect_tokens("cell cells Cell _x1 electrode_current",
                  "1:1 cell\n1:6 identifier cells\n1:12 identifier Cell\n"
                  "1:17 identifier _x1\n1:21 electrode_current\n");
}

Test(lexer, operators)
{
    expect_tokens("-> .. == != <= >= && || and or not ! ? : ^ .",
                  "1:1 ->\n1:4 ..\n1:7 ==\n1:10 !=\n1:13 <=\n1:16 >=\n1:19 and\n"
                  "1:22 or\n1:25 and\n1:29 or\n1:32 not\n1:36 '!'\n1:38 '?'\n1:40 ':'\n"
                  "1:42 '^'\n1:44 '.'\n");
}

Test(lexer, primed_name)
{
    expect_tokens("m' = 1", "1:1 primed name m\n1:4 '='\n1:6 number 1\n");
}

Test(lexer, strings_and_escapes)
{
    expect_tokens("title = \"a \\\"b\\\" \\\\ c\"", "1:1 identifier title\n1:7 '='\n"
                                                    "1:9 string a \"b\" \\ c\n");
}

Test(lexer, comments_are_skipped_and_lines_still_counted)
{
    expect_tokens("# one\na // two\n/* three\nfour */ b\n\tc",
                  "2:1 identifier a\n4:9 identifier b\n5:2 identifier c\n");
}

Test(lexer, columns_count_characters_not_bytes)
{
    expect_tokens("x = 1 \xC2\xB5m; y", "1:1 identifier x\n1:3 '='\n"
                                         "1:5 quantity 1 [\xC2\xB5m]\n1:9 ';'\n1:11 identifier y\n");
}

Test(lexer, unterminated_string)
{
    struct lexed r = lex("x = \"abc\ny");
    cr_assert_str_eq(r.tokens, "1:1 identifier x\n1:3 '='\n1:5 string \n2:1 identifier y\n");
    cr_assert_str_eq(r.diags, "test.circ:1:5: error: unterminated string\n"
                              "x = \"abc\n"
                              "    ^~~~\n");
    lexed_free(&r);
}

Test(lexer, unterminated_comment_points_at_its_start)
{
    struct lexed r = lex("a\n  /* never\nclosed");
    cr_assert_str_eq(r.tokens, "1:1 identifier a\n");
    cr_assert_str_eq(r.diags, "test.circ:2:3: error: unterminated comment\n"
                              "  /* never\n"
                              "  ^~\n");
    lexed_free(&r);
}

Test(lexer, stray_and_control_characters)
{
    struct lexed r = lex("a @ $\x01 b");
    cr_assert_str_eq(r.tokens, "1:1 identifier a\n1:8 identifier b\n");
    cr_assert_eq(r.errors, 3);
    cr_assert(strstr(r.diags, "test.circ:1:3: error: unexpected character '@'\n"), "%s", r.diags);
    cr_assert(strstr(r.diags, "test.circ:1:5: error: unexpected character '$'\n"), "%s", r.diags);
    cr_assert(strstr(r.diags, "test.circ:1:6: error: unexpected control character 0x01\n"),
              "%s", r.diags);
    lexed_free(&r);
}

Test(lexer, nul_byte_is_a_control_character)
{
    struct lexed r = lex_n("a\0b", 3);
    cr_assert_str_eq(r.tokens, "1:1 identifier a\n1:3 identifier b\n");
    cr_assert(strstr(r.diags, "error: unexpected control character 0x00"), "%s", r.diags);
    lexed_free(&r);
}

Test(lexer, non_ascii_outside_units)
{
    struct lexed r = lex("s\xC3\xB4ma");
    cr_assert_str_eq(r.tokens, "1:1 identifier s\n1:3 identifier ma\n");
    cr_assert_str_eq(r.diags, "test.circ:1:2: error: unexpected non-ASCII text; only units "
                              "may use '\xC2\xB5' and '\xCE\xA9'\n"
                              "s\xC3\xB4ma\n"
                              " ^\n");
    lexed_free(&r);
}

Test(lexer, number_out_of_range)
{
    struct lexed r = lex("1e999");
    cr_assert_str_eq(r.diags, "test.circ:1:1: error: number out of range\n1e999\n^~~~~\n");
    lexed_free(&r);
}

Test(lexer, number_too_long)
{
    char src[200];
    memset(src, '1', sizeof src - 1);
    src[sizeof src - 1] = '\0';
    struct lexed r = lex(src);
    cr_assert_eq(r.errors, 1);
    cr_assert(strstr(r.diags, "test.circ:1:1: error: number too long\n"), "%s", r.diags);
    lexed_free(&r);
}

Test(lexer, quantity_location_covers_number_and_unit)
{
    /* the parser's diagnostics underline the whole "0.5 weight" */
    struct front *f = check_src_opts("network { size_x = 0.5 weight = 1 }", true, PASS_PARSE);
    const char *t = diag_of(f);
    cr_assert(strstr(t, "test.circ:1:20: note: '0.5 weight' was read as a number with a unit"),
              "%s", t);
    cr_assert(strstr(t, "\n                   ^~~~~~~~~~\n"), "%s", t);
    front_destroy(f);
}
