/* slurp.h - a whole file in a test, NUL-terminated (NULL if unreadable);
 * its length in *len unless len is NULL.  Caller frees. */
#ifndef CIRC_TEST_SLURP_H
#define CIRC_TEST_SLURP_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"

static inline char *slurp(const char *path, size_t *len)
{
    size_t n;
    char *text = front_read_file(path, &n);
    if (!text)
        return NULL;
    text = realloc(text, n + 1);
    text[n] = '\0';
    if (len)
        *len = n;
    return text;
}

/* Do two files exist and hold the same bytes? */
static inline bool same_bytes(const char *a, const char *b)
{
    size_t la, lb;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    bool same = x && y && la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

#endif
