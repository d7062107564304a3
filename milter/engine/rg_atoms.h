/*
 * rg_atoms.h - the literals a pattern cannot match without (rg_atoms.c)
 */
#ifndef RG_ATOMS_H
#define RG_ATOMS_H

#include <glib.h>

#define RG_ATOM_MIN 2           /* characters in the shortest atom kept */
#define RG_ATOM_SECOND_MIN 3    /* and in a second set's: short ones are
                                 * in most texts, and only add hits */

GPtrArray *rg_atoms_of(const char *pattern, GPtrArray **also);

/*
 * RgSpan - how long a match of a pattern can be, in bytes, in a given
 * text: bytes + space * (the text's longest run of bytes that may be
 * whitespace) + word * (its longest run of bytes that may be word
 * characters) + line * (its longest line) + nonword * (its longest run
 * of bytes that may be other than word characters); no bound when open.
 */
typedef struct {
    guint64 bytes;
    guint64 space;
    guint64 word;
    guint64 line;
    gboolean open;
    guint64 nonword;
} RgSpan;

gboolean rg_atoms_span(const char *pattern, RgSpan *span, RgSpan *lead,
                       RgSpan *also_lead);

#endif
