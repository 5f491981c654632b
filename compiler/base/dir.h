/* dir.h - the files of a folder, listed in one order.
 *
 * A folder of .mod files is read in nrnivmodl's order, the names sorted in
 * byte order (its shell's listing in the C locale): the import of a folder
 * (sema/front.c) and `circ import netpyne --mod` (read/mod_dir.c) agree
 * through these.  Names and arrays come from xmalloc (never NULL on
 * exhaustion); the caller frees them with dir_names_free.
 */
#ifndef CIRC_DIR_H
#define CIRC_DIR_H

#include <stddef.h>

/* The names (not paths) of the entries directly in folder path whose names
 * are longer than suffix and end with it, sorted (dir_sort_names), their
 * number in *n; NULL, with errno set, when the folder cannot be read. */
char **dir_list(const char *path, const char *suffix, size_t *n);
/* Sorts n names in byte order (strcmp). */
void dir_sort_names(const char **names, size_t n);
void dir_names_free(char **names, size_t n);

#endif
