/* test_diag.c - compiler/base/diag.c: line maps, rendering, ordering, limits. */
#include <criterion/criterion.h>

#include <stdint.h>
#include <string.h>

#include "diag.h"

static struct diag_sink *sink_with(const char *text, int *id)
{
    struct diag_sink *d = diag_create();
    *id = diag_add_file(d, "a.circ", text, strlen(text));
    return d;
}

static struct loc at(int file, unsigned start, unsigned end)
{
    return (struct loc){file, start, end};
}

Test(diag, line_col_counts_lines_from_one)
{
    int id;
    struct diag_sink *d = sink_with("ab\ncd\n\nef", &id);
    unsigned line, col;
    diag_line_col(d, id, 0, &line, &col);
    cr_assert(line == 1 && col == 1);
    diag_line_col(d, id, 4, &line, &col);
    cr_assert(line == 2 && col == 2, "got %u:%u", line, col);
    diag_line_col(d, id, 6, &line, &col);
    cr_assert(line == 3 && col == 1, "got %u:%u", line, col);
    diag_line_col(d, id, 8, &line, &col);
    cr_assert(line == 4 && col == 2, "got %u:%u", line, col);
    diag_line_col(d, id, 1000, &line, &col);   /* clamped to the end */
    cr_assert(line == 4 && col == 3, "got %u:%u", line, col);
    diag_line_col(d, 7, 0, &line, &col);       /* no such file */
    cr_assert(line == 0 && col == 0);
    diag_destroy(d);
}

Test(diag, columns_count_utf8_characters_and_tabs_as_one)
{
    int id;
    /* "µ" is 2 bytes, "Ω" 2 bytes, tab 1 byte: x sits at byte 7 */
    struct diag_sink *d = sink_with("\t\xC2\xB5\xCE\xA9 x", &id);
    unsigned line, col;
    diag_line_col(d, id, 6, &line, &col);
    cr_assert_eq(col, 5, "got column %u", col);
    diag_destroy(d);
}

Test(diag, renders_location_caret_and_tildes)
{
    int id;
    struct diag_sink *d = sink_with("population P of PRY { count = 2 }\n", &id);
    diag_error(d, at(id, 16, 19), "unknown cell type '%s'", "PRY");
    cr_assert_str_eq(diag_text(d),
                     "a.circ:1:17: error: unknown cell type 'PRY'\n"
                     "population P of PRY { count = 2 }\n"
                     "                ^~~\n");
    cr_assert_eq(diag_errors(d), 1);
    cr_assert_eq(diag_warnings(d), 0);
    diag_destroy(d);
}

Test(diag, caret_line_copies_tabs_and_skips_utf8_continuations)
{
    int id;
    const char *src = "\tL = 18.8 \xC2\xB5mm;\tx\n";
    struct diag_sink *d = sink_with(src, &id);
    unsigned start = (unsigned)(strstr(src, "\xC2\xB5mm") - src);
    diag_error(d, at(id, start, start + 4), "unknown unit 'µmm'");
    cr_assert_str_eq(diag_text(d),
                     "a.circ:1:11: error: unknown unit 'µmm'\n"
                     "\tL = 18.8 \xC2\xB5mm;\tx\n"
                     "\t         ^~~\n");
    diag_destroy(d);
}

Test(diag, range_is_clipped_to_the_first_line)
{
    int id;
    struct diag_sink *d = sink_with("cell A {\n  x\n}\n", &id);
    diag_error(d, at(id, 0, 14), "whole item");
    cr_assert_str_eq(diag_text(d),
                     "a.circ:1:1: error: whole item\n"
                     "cell A {\n"
                     "^~~~~~~~\n");
    diag_destroy(d);
}

Test(diag, empty_range_gets_a_caret_only)
{
    int id;
    struct diag_sink *d = sink_with("abc", &id);
    diag_error(d, at(id, 3, 3), "unexpected end of file");
    cr_assert_str_eq(diag_text(d),
                     "a.circ:1:4: error: unexpected end of file\n"
                     "abc\n"
                     "   ^\n");
    diag_destroy(d);
}

Test(diag, crlf_and_control_characters_are_not_echoed)
{
    int id;
    struct diag_sink *d = sink_with("a\x01 b\r\nc", &id);
    diag_warning(d, at(id, 3, 4), "w");
    cr_assert_str_eq(diag_text(d),
                     "a.circ:1:4: warning: w\n"
                     "a? b\n"
                     "   ^\n");
    diag_destroy(d);
}

Test(diag, long_lines_are_cut_around_the_caret)
{
    char line[400];
    memset(line, 'x', sizeof line - 1);
    line[sizeof line - 1] = '\0';
    memcpy(line + 100, "BAD", 3);
    int id;
    struct diag_sink *d = sink_with(line, &id);
    diag_error(d, at(id, 100, 103), "bad");
    const char *text = diag_text(d);
    const char *excerpt = strchr(text, '\n') + 1;
    cr_assert(strncmp(excerpt, "...", 3) == 0, "%s", text);
    cr_assert(strstr(excerpt, "BAD"));
    const char *caret = strchr(excerpt, '\n') + 1;
    /* "..." then 60 characters before the caret, shifted by the 3 dots */
    cr_assert_eq(strspn(caret, " "), 63, "%s", text);
    cr_assert(strncmp(caret + 63, "^~~\n", 4) == 0, "%s", text);
    cr_assert(strstr(excerpt, "...\n"), "cut on the right too: %s", text);
    diag_destroy(d);
}

Test(diag, no_location_prints_the_program_name)
{
    struct diag_sink *d = diag_create();
    diag_error(d, LOC_NONE, "cannot read '%s': %s", "x.circ", "No such file or directory");
    cr_assert_str_eq(diag_text(d), "circ: error: cannot read 'x.circ': No such file or directory\n");
    diag_destroy(d);
}

Test(diag, text_is_sorted_by_location_and_notes_stay_with_their_error)
{
    int id;
    struct diag_sink *d = sink_with("aaa\nbbb\nccc\n", &id);
    diag_error(d, at(id, 8, 9), "third");
    diag_note(d, at(id, 0, 1), "note of third");
    diag_warning(d, at(id, 4, 5), "second");
    diag_error(d, at(id, 0, 3), "first");
    cr_assert_str_eq(diag_text(d),
                     "a.circ:1:1: error: first\naaa\n^~~\n"
                     "a.circ:2:1: warning: second\nbbb\n^\n"
                     "a.circ:3:1: error: third\nccc\n^\n"
                     "a.circ:1:1: note: note of third\naaa\n^\n");
    cr_assert_eq(diag_errors(d), 2);
    cr_assert_eq(diag_warnings(d), 1);
    diag_destroy(d);
}

Test(diag, files_sort_in_registration_order)
{
    struct diag_sink *d = diag_create();
    int a = diag_add_file(d, "lib.circ", "x\n", 2);
    int b = diag_add_file(d, "main.circ", "y\n", 2);
    cr_assert_eq(diag_nfiles(d), 2);
    cr_assert_str_eq(diag_file(d, b)->path, "main.circ");
    cr_assert_null(diag_file(d, 2));
    diag_error(d, at(b, 0, 1), "in main");
    diag_error(d, at(a, 0, 1), "in lib");
    cr_assert_str_eq(diag_text(d), "lib.circ:1:1: error: in lib\nx\n^\n"
                                   "main.circ:1:1: error: in main\ny\n^\n");
    diag_destroy(d);
}

Test(diag, error_limit_drops_later_errors_and_their_notes)
{
    int id;
    struct diag_sink *d = sink_with("a b c d\n", &id);
    diag_set_limit(d, 2);
    diag_error(d, at(id, 0, 1), "one");
    cr_assert_not(diag_too_many(d));
    diag_error(d, at(id, 2, 3), "two");
    diag_error(d, at(id, 4, 5), "three");
    diag_note(d, at(id, 6, 7), "note of three");
    diag_warning(d, at(id, 6, 7), "warnings still count");
    cr_assert_eq(diag_errors(d), 2);
    cr_assert_eq(diag_warnings(d), 1);
    cr_assert(diag_too_many(d));
    const char *text = diag_text(d);
    cr_assert_null(strstr(text, "three"), "%s", text);
    cr_assert(strstr(text, "warnings still count"), "%s", text);
    diag_destroy(d);
}

Test(diag, default_limit_is_fifty)
{
    int id;
    struct diag_sink *d = sink_with("x\n", &id);
    for (int i = 0; i < 60; i++)
        diag_error(d, at(id, 0, 1), "e%d", i);
    cr_assert_eq(diag_errors(d), 50);
    cr_assert(diag_too_many(d));
    diag_destroy(d);
}

Test(diag, werror_turns_warnings_into_errors)
{
    int id;
    struct diag_sink *d = sink_with("x\n", &id);
    diag_set_werror(d, true);
    diag_warning(d, at(id, 0, 1), "unused");
    cr_assert_eq(diag_errors(d), 1);
    cr_assert_eq(diag_warnings(d), 0);
    cr_assert_str_eq(diag_text(d), "a.circ:1:1: error: unused\nx\n^\n");
    diag_destroy(d);
}

Test(diag, clear_text_keeps_the_counts)
{
    int id;
    struct diag_sink *d = sink_with("x\n", &id);
    diag_warning(d, at(id, 0, 1), "w");
    diag_clear_text(d);
    cr_assert_str_eq(diag_text(d), "");
    cr_assert_eq(diag_warnings(d), 1);
    diag_error(d, at(id, 0, 1), "e");
    cr_assert_str_eq(diag_text(d), "a.circ:1:1: error: e\nx\n^\n");
    diag_destroy(d);
}

Test(diag, file_text_is_copied_and_nul_terminated)
{
    char buf[] = "abcdef";
    struct diag_sink *d = diag_create();
    int id = diag_add_file(d, "f", buf, 3);
    buf[0] = 'z';
    const struct srcfile *f = diag_file(d, id);
    cr_assert_str_eq(f->text, "abc");
    cr_assert_eq(f->len, 3);
    cr_assert_eq(f->nlines, 1);
    diag_destroy(d);
}

Test(diag, edit_distance)
{
    cr_assert_eq(diag_edit_distance("kitten", "sitting"), 3);
    cr_assert_eq(diag_edit_distance("", "abc"), 3);
    cr_assert_eq(diag_edit_distance("abc", ""), 3);
    cr_assert_eq(diag_edit_distance("same", "same"), 0);
    cr_assert_eq(diag_edit_distance("Exc_L32", "Exc_L23"), 1);   /* a swap is one edit */
    cr_assert_eq(diag_edit_distance("hhh", "hh"), 1);
    /* case-only differences are free */
    cr_assert_eq(diag_edit_distance("inh_pv", "Inh_PV"), 0);
    char big[70];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    cr_assert_eq(diag_edit_distance(big, "a"), SIZE_MAX);
}

/* Regression: diag_too_many() is true when exactly
 * `limit` errors were reported and none was dropped, so `circ check` says
 * "too many errors, stopping" about a file with exactly 50 errors. */
Test(diag, too_many_only_after_a_dropped_error)
{
    int id;
    struct diag_sink *d = sink_with("x\n", &id);
    diag_set_limit(d, 2);
    diag_error(d, at(id, 0, 1), "one");
    diag_error(d, at(id, 0, 1), "two");
    cr_assert_not(diag_too_many(d));
    diag_error(d, at(id, 0, 1), "three");
    cr_assert(diag_too_many(d));
    diag_destroy(d);
}
