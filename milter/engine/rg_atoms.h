/*
 * rg_atoms.h - the literals a pattern cannot match without (rg_atoms.c)
 */
#ifndef RG_ATOMS_H
#define RG_ATOMS_H

#include <glib.h>

#define RG_ATOM_MIN 3           /* characters in the shortest atom kept */

GPtrArray *rg_atoms_of(const char *pattern);

#endif
