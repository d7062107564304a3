/*
 * rg_needs.h - bytes a pattern cannot match without (rg_needs.c)
 */
#ifndef RG_NEEDS_H
#define RG_NEEDS_H

#include <glib.h>

/* a set of bytes, bit b of word b / 64 for byte b; how to look for them */
typedef struct {
    guint64 bits[4];
    enum {
        RG_NEEDS_NONE,          /* no set known: any text may match */
        RG_NEEDS_BYTE,          /* one byte: byte */
        RG_NEEDS_DIGIT,         /* what \d matches under UCP: an ASCII
                                 * digit or a byte past ASCII */
        RG_NEEDS_SET            /* any other set */
    } kind;
    guchar byte;
} RgNeeds;

gboolean rg_needs_read(const char *pattern, RgNeeds *needs);
gboolean rg_needs_met(const RgNeeds *needs, const char *text, gsize len);

#endif
