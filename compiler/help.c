/* help.c - `circ help [TOPIC]`: the language manual (docs/LANGUAGE.md,
 * compiled into circ by tools/embed) one section at a time, so the manual
 * at hand is always the one of this circ.  A topic is a section's number or
 * the start of a word of its title ("units", "net", "8"). */
#include "help.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "front.h"

extern const struct front_embedded circ_help_docs[];

struct section {
    const char *title;      /* "2. Units" (not NUL-terminated: title_len) */
    size_t title_len;
    const char *text;       /* from its "## " line to the next one */
    size_t len;
};

/* The "## " sections of the manual, in order; returns how many. */
static int sections(struct section *out, int max)
{
    const char *doc = circ_help_docs[0].text, *end = doc + circ_help_docs[0].len;
    int n = 0;
    for (const char *p = doc; p < end && n < max; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : end) {
        if (strncmp(p, "## ", 3) != 0)
            continue;
        if (n > 0)
            out[n - 1].len = (size_t)(p - out[n - 1].text);
        const char *eol = strchr(p, '\n');
        out[n] = (struct section){p + 3, (size_t)((eol ? eol : end) - p - 3), p, (size_t)(end - p)};
        n++;
    }
    return n;
}

/* Does the topic name the section: its number, or the start of a word of
 * its title (case-insensitive)? */
static bool matches(const struct section *s, const char *topic)
{
    size_t n = strlen(topic);
    if (n == 0)
        return false;
    for (size_t i = 0; i + n <= s->title_len; i++) {
        bool word_start = i == 0 || !isalnum((unsigned char)s->title[i - 1]);
        if (!word_start)
            continue;
        size_t k = 0;
        while (k < n && tolower((unsigned char)s->title[i + k]) == tolower((unsigned char)topic[k]))
            k++;
        bool number = isdigit((unsigned char)topic[0]);
        if (k == n && (!number || i + n == s->title_len || !isdigit((unsigned char)s->title[i + n])))
            return true;
    }
    return false;
}

static void list(FILE *out, const struct section *s, int n)
{
    fputs("circ help TOPIC prints a section of the language manual (docs/LANGUAGE.md);\n"
          "TOPIC is its number or a word of its title:\n\n", out);
    for (int i = 0; i < n; i++)
        fprintf(out, "  %.*s\n", (int)s[i].title_len, s[i].title);
    fputs("\ncirc --help lists the commands and options; `man circ` has both.\n", out);
}

int help_main(int argc, char **argv)
{
    struct section s[64];
    int n = sections(s, 64);
    if (argc < 2) {
        list(stdout, s, n);
        return 0;
    }
    const struct section *found = NULL;
    int hits = 0;
    for (int i = 0; i < n; i++)
        if (matches(&s[i], argv[1])) {
            found = found ? found : &s[i];
            hits++;
        }
    if (hits == 1) {
        fwrite(found->text, 1, found->len, stdout);
        return 0;
    }
    fprintf(stderr, "circ help: %s topic '%s'\n\n", hits ? "more than one section matches"
                                                          : "no section matches", argv[1]);
    list(stderr, s, n);
    return 2;
}
