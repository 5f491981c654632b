/* units.h - physical dimensions and unit spellings.
 *
 * A unit is a dimension (integer exponents of the SI base quantities) and a
 * scale (the SI value of one unit).  Spellings follow NEURON/NMODL usage:
 * prefixes p n u µ m c k M G, trailing digits are powers ("cm2"), "^-1"
 * exponents, and '*' '/' between atoms, left to right ("S/cm2", "ohm*cm").
 */
#ifndef CIRC_UNITS_H
#define CIRC_UNITS_H

#include <stdbool.h>
#include <stddef.h>

enum { DIM_LENGTH, DIM_TIME, DIM_MASS, DIM_CURRENT, DIM_TEMPERATURE, DIM_AMOUNT, DIM_COUNT };

struct units_dim {
    signed char e[DIM_COUNT];
};

struct units_val {
    struct units_dim dim;
    double scale;           /* SI value of one of this unit */
};

extern const struct units_dim UNITS_NONE; /* dimensionless */

/* Parses a spelling; on failure returns false and points *bad at the atom
 * (within spelling) that is not a unit, with its length in *badlen. */
bool units_parse(const char *spelling, struct units_val *out, const char **bad, size_t *badlen);
/* Parses a spelling known to be valid (aborts otherwise): for built-in tables. */
struct units_val units_must(const char *spelling);

bool units_dim_eq(struct units_dim a, struct units_dim b);
bool units_dimensionless(struct units_dim a);
struct units_dim units_dim_mul(struct units_dim a, struct units_dim b);
struct units_dim units_dim_div(struct units_dim a, struct units_dim b);
struct units_dim units_dim_pow(struct units_dim a, int n);

struct units_val units_mul(struct units_val a, struct units_val b);
struct units_val units_div(struct units_val a, struct units_val b);
/* Factor that converts a number in unit `from` to unit `to` (same dimension). */
double units_factor(struct units_val from, struct units_val to);
/* An absolute temperature in K as degC, to the nanokelvin (279.45 - 273.15
 * is 6.300000000000011 in binary; 279.45 K must run as 6.3 degC does).
 * Units alone read K and degC as one unit, right for differences only. */
double units_kelvin_to_celsius(double t);

/* "a voltage", "a current density", or NULL if the dimension has no name. */
const char *units_dim_name(struct units_dim d);
/* The conventional (NEURON) unit for a dimension, e.g. "mV", or a spelling in
 * SI base units.  Writes into buf. */
const char *units_dim_unit(struct units_dim d, char *buf, size_t size);
/* "a voltage (mV)" or "a quantity in m^2*kg", for messages. */
const char *units_describe(struct units_dim d, char *buf, size_t size);

#endif
