/*
 * rg_atoms.h - the literals a pattern cannot match without (rg_atoms.c)
 */
#ifndef RG_ATOMS_H
#define RG_ATOMS_H

#include <glib.h>

#define RG_ATOM_MIN 2           /* characters in the shortest atom kept */
#define RG_ATOM_SECOND_MIN 3    /* and in a second set's: short ones are
                                 * in most texts, and only add hits */


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

/* what rg_atoms_read finds in a pattern */
typedef struct {
    GPtrArray *atoms;           /* one of which every match holds; NULL:
                                 * none known */
    GPtrArray *also;            /* a second such set, or NULL */
    RgSpan span;                /* how long a match can be */
    RgSpan lead;                /* how far into a match an atom starts */
    RgSpan also_lead;           /* and an atom of the second set */
} RgAtoms;

gboolean rg_atoms_read(const char *pattern, RgAtoms *out);
void rg_atoms_clear(RgAtoms *atoms);

#endif
