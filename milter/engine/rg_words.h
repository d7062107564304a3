/*
 * rg_words.h - split UTF-8 text into words with their letter case counts,
 * and lower a word of Latin letters without an allocation
 *
 * A word is a maximal run of letters and digits (Unicode-aware).  Each
 * word records how many of its characters are letters, upper-case,
 * lower-case and digits, which is all the caps, language and name checks
 * need.
 */
#ifndef RG_WORDS_H
#define RG_WORDS_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    gsize start;                /* byte offset */
    gsize end;                  /* byte offset just past the word */
    guint letters;
    guint upper;
    guint lower;
    guint digits;
} RgWord;

GArray *rg_words_split(const char *text, gsize len);
guint rg_words_count(const char *text, gsize len);
gboolean rg_words_lower_latin(const char *text, gsize len, char *out);

/* rg_word_is_caps - two or more letters, all upper-case, no digits */
static inline gboolean rg_word_is_caps(const RgWord *w)
{
    return w->letters >= 2 && w->digits == 0 && w->upper == w->letters;
}

/* rg_word_is_capitalised - an upper-case first letter, then lower-case */
gboolean rg_word_is_capitalised(const char *text, const RgWord *w);

G_END_DECLS

#endif
