/* dir.c - a folder's files by name, in byte order (dir.h). */
#include "dir.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void dir_sort_names(const char **names, size_t n)
{
    if (n > 1)
        qsort(names, n, sizeof *names, by_name);
}

char **dir_list(const char *path, const char *suffix, size_t *n)
{
    *n = 0;
    DIR *d = opendir(path);
    if (!d)
        return NULL;
    size_t sl = strlen(suffix), cap = 16;
    char **names = xmalloc(cap * sizeof *names);
    for (struct dirent *de; (de = readdir(d));) {
        size_t len = strlen(de->d_name);
        if (len <= sl || memcmp(de->d_name + len - sl, suffix, sl) != 0)
            continue;
        if (*n == cap)
            names = xrealloc(names, (cap *= 2) * sizeof *names);
        names[(*n)++] = xstrdup(de->d_name);
    }
    closedir(d);
    dir_sort_names((const char **)names, *n);
    return names;
}

void dir_names_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}
