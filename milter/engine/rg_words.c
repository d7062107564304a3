/*
 * rg_words.c - split UTF-8 text into words with their letter case counts
 *
 * Owns no state.  ASCII is classified inline; other characters through
 * GLib's Unicode tables, so Polish and Croatian letters count as letters
 * with their case.
 */
#include "rg_words.h"

/* classify - add character c to word w; FALSE if c is not part of a word */
static gboolean classify(gunichar c, RgWord *w)
{
    if (c < 0x80) {
        if (c >= 'a' && c <= 'z') {
            w->letters++;
            w->lower++;
        } else if (c >= 'A' && c <= 'Z') {
            w->letters++;
            w->upper++;
        } else if (c >= '0' && c <= '9') {
            w->digits++;
        } else {
            return FALSE;
        }
        return TRUE;
    }
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
    return g_unichar_ismark(c) && w->end > w->start;
}

/* rg_words_split - the words of valid UTF-8 text; caller unrefs the array */
GArray *rg_words_split(const char *text, gsize len)
{
    GArray *words = g_array_sized_new(FALSE, FALSE, sizeof(RgWord), len / 6 + 4);
    RgWord w = {0};
    gsize i = 0;

    while (i < len) {
        unsigned char b = (unsigned char) text[i];
        gunichar c;
        gsize next;

        if (b < 0x80) {
            c = b;
            next = i + 1;
        } else {
            c = g_utf8_get_char_validated(text + i, (gssize) (len - i));
            if (c == (gunichar) -1 || c == (gunichar) -2) {
                c = ' ';
                next = i + 1;
            } else {
                next = (gsize) (g_utf8_next_char(text + i) - text);
            }
        }
        RgWord probe = w;

        if (w.end == w.start)
            probe.start = probe.end = i;
        if (classify(c, &probe)) {
            w = probe;
            w.end = next;
        } else if (w.end > w.start) {
            g_array_append_val(words, w);
            w = (RgWord) {0};
        }
        i = next;
    }
    if (w.end > w.start)
        g_array_append_val(words, w);
    return words;
}

/* rg_word_is_capitalised - an upper-case first letter, then lower-case */
gboolean rg_word_is_capitalised(const char *text, const RgWord *w)
{
    gunichar first = g_utf8_get_char(text + w->start);

    return w->digits == 0 && w->letters >= 2 && w->upper == 1 &&
        (g_unichar_isupper(first) || g_unichar_istitle(first));
}
