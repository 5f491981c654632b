/* read.h - readers of models written for other tools (compiler/read/).
 *
 * `circ import netpyne` turns the JSON that NetPyNE's netParams.save() and
 * simConfig.save() write into a .circ model (text a user then owns and
 * edits); nothing after it knows where the model came from.
 */
#ifndef CIRC_READ_H
#define CIRC_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The mechanisms of folders of NEURON .mod files (mod_dir.c). */
struct read_mod_param {
    char *name, *unit;      /* unit as circ spells it; "" dimensionless */
};
struct read_mod {
    char *name;             /* SUFFIX or POINT_PROCESS */
    char *path;             /* the .mod file, as found */
    int kind;               /* enum mech_kind */
    int nparams;
    struct read_mod_param *params;
};
struct read_mods {
    struct read_mod *mechs;
    int n;
};
/* Adds every .mod file of dir circ can read (one it cannot is named on err
 * and left out); false if dir cannot be read. */
bool read_mods_dir(struct read_mods *d, const char *dir, FILE *err);
const struct read_mod *read_mods_find(const struct read_mods *d, const char *name);
void read_mods_free(struct read_mods *d);

/* Converts NetPyNE's netParams JSON (and, if not NULL, its simConfig JSON)
 * into a .circ model on `out`; warnings and errors go to `err` as
 * "circ import: FILE: path.in.json: message".  Returns 0 when the model was
 * written (entries circ cannot express are left out with a comment in the
 * model and a warning), 1 when the input is not a NetPyNE model, 2 when a
 * file cannot be read. */
int read_netpyne(const char *netparams, const char *simconfig, FILE *out, FILE *err);
/* The same, with mechanisms of `mods` (may be NULL) imported by path where
 * the model uses them. */
int read_netpyne_mods(const char *netparams, const char *simconfig, const struct read_mods *mods,
                      FILE *out, FILE *err);

/* A name a string function may use, with its value (netParams' numbers). */
struct read_number {
    const char *name;
    double value;
};

/* NetPyNE's string function `src` (Python arithmetic of dist_3D, pre_x,
 * post_ynorm, ... in um) as a dimensionless circ expression into out;
 * false with the reason in why when it cannot be translated. */
bool read_pyexpr(const char *src, const struct read_number *names, int nnames, char *out,
                 size_t size, char *why, size_t whysize);

#endif
