/*
 * rg_words.c - split UTF-8 text into words with their letter case counts
 *
 * Owns no state.  ASCII is classified inline; other characters through
 * GLib's Unicode tables, so Polish and Croatian letters count as letters
 * with their case.
 */
#include "rg_words.h"

/* classify - add character c (past ASCII) to word w, open when w holds
 * a word being read; FALSE, w unchanged, if c is not part of a word */
static gboolean classify(gunichar c, RgWord *w, gboolean open)
{
    if (g_unichar_isalpha(c)) {
        w->letters++;
        if (g_unichar_isupper(c) || g_unichar_istitle(c))
            w->upper++;
        else if (g_unichar_islower(c))
            w->lower++;
        return TRUE;
    }
    if (g_unichar_isdigit(c)) {
        w->digits++;
        return TRUE;
    }
    /* combining marks continue a word */
    return open && g_unichar_ismark(c);
}

/* classify_ascii - the same for an ASCII byte */
static inline gboolean classify_ascii(unsigned char b, RgWord *w)
{
    if (b >= 'a' && b <= 'z') {
        w->letters++;
        w->lower++;
    } else if (b >= 'A' && b <= 'Z') {
        w->letters++;
        w->upper++;
    } else if (b >= '0' && b <= '9') {
        w->digits++;
    } else {
        return FALSE;
    }
    return TRUE;
}

/* split - the words of valid UTF-8 text into out (NULL: counted only);
 * returns how many */
static guint split(const char *text, gsize len, GArray *out)
{
    RgWord w = {0};
    gboolean open = FALSE;      /* w holds a word being read */
    guint n = 0;
    gsize i = 0;

    while (i < len) {
        const unsigned char b = (unsigned char) text[i];
        gsize next = i + 1;
        gboolean in;

        if (b < 0x80) {
            in = classify_ascii(b, &w);
        } else {
            const gunichar c = g_utf8_get_char_validated(text + i,
                                                         (gssize) (len - i));

            /* a byte that starts no character ends a word */
            in = FALSE;
            if (c != (gunichar) -1 && c != (gunichar) -2) {
                next = (gsize) (g_utf8_next_char(text + i) - text);
                in = classify(c, &w, open);
            }
        }
        if (in) {
            if (!open)
                w.start = i;
            open = TRUE;
            w.end = next;
        } else if (open) {
            if (out)
                g_array_append_val(out, w);
            n++;
            w = (RgWord) {0};
            open = FALSE;
        }
        i = next;
    }
    if (open) {
        if (out)
            g_array_append_val(out, w);
        n++;
    }
    return n;
}

/* rg_words_split - the words of valid UTF-8 text; caller unrefs the array */
GArray *rg_words_split(const char *text, gsize len)
{
    GArray *words = g_array_sized_new(FALSE, FALSE, sizeof(RgWord), len / 6 + 4);

    split(text, len, words);
    return words;
}

/* rg_words_count - how many words rg_words_split would give */
guint rg_words_count(const char *text, gsize len)
{
    return split(text, len, NULL);
}

/* rg_word_is_capitalised - an upper-case first letter, then lower-case */
gboolean rg_word_is_capitalised(const char *text, const RgWord *w)
{
    gunichar first = g_utf8_get_char(text + w->start);

    return w->digits == 0 && w->letters >= 2 && w->upper == 1 &&
        (g_unichar_isupper(first) || g_unichar_istitle(first));
}

/* rg_words_lower_latin - text[0, len) in lower case into out (3 * len +
 * 1 bytes), as g_utf8_strdown gives it in every locale, when each
 * character is below U+0250 and none is one whose lower case depends on
 * the locale or on what follows (I, J, U+012E, U+0130); FALSE otherwise.
 * Spares the allocation of g_utf8_strdown for the words of Latin
 * scripts. */
gboolean rg_words_lower_latin(const char *text, gsize len, char *out)
{
    gsize o = 0;

    for (const char *c = text; c < text + len; c = g_utf8_next_char(c)) {
        const gunichar u = g_utf8_get_char(c);

        if (u >= 0x250 || u == 'I' || u == 'J' || u == 0x12E || u == 0x130)
            return FALSE;
        o += (gsize) g_unichar_to_utf8(g_unichar_tolower(u), out + o);
    }
    out[o] = '\0';
    return TRUE;
}
