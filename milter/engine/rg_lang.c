/*
 * rg_lang.c - which loaded policy's language a text is written in
 *
 * Scores every policy on the text: one point per stop word of the policy
 * ([policy] stopwords), two per letter typical of it ([policy] letters,
 * e.g. Polish ą ę ł ś ź ż, Croatian č đ š ž).  A Content-Language naming
 * a policy adds a tenth of the text's words (at least three points), so
 * it settles close calls and empty texts but does not overrule the text.
 * With no evidence at all, the configured default language wins.
 */
#include <string.h>

#include "rg_lang.h"
#include "rg_words.h"

#define MAX_WORDS 2000          /* enough evidence; bounds the work */

/* names_policy - whether a Content-Language primary tag names a policy */
static gboolean names_policy(const RgPolicy *p, const char *tag)
{
    for (char **t = p->content_languages; tag && t && *t; t++)
        if (g_ascii_strncasecmp(*t, tag, strlen(tag)) == 0 &&
            ((*t)[strlen(tag)] == '\0' || (*t)[strlen(tag)] == '-'))
            return TRUE;
    return FALSE;
}

/* rg_lang_detect - the best-scoring policy, never NULL */
const RgPolicy *rg_lang_detect(const RgPolicySet *ps, const char *text,
                               gsize len, const char *content_language,
                               const char *default_language)
{
    guint n = ps->policies->len;
    g_autofree int *score = g_new0(int, n);
    g_autoptr(GArray) words = rg_words_split(text, len);
    guint limit = MIN(words->len, MAX_WORDS);
    const RgPolicy *best = rg_policy_set_find(ps, default_language);
    int best_score = 0;

    for (guint w = 0; w < limit; w++) {
        const RgWord *word = &g_array_index(words, RgWord, w);
        char buf[64];
        gsize wl = word->end - word->start;
        gboolean ascii = wl == (gsize) (word->letters + word->digits);
        g_autofree char *folded = NULL;
        const char *lower = buf;

        if (word->letters == 0 || wl >= sizeof buf)
            continue;
        memcpy(buf, text + word->start, wl);
        buf[wl] = '\0';
        if (ascii) {
            for (gsize i = 0; i < wl; i++)
                buf[i] = g_ascii_tolower(buf[i]);
        } else {
            lower = folded = g_utf8_strdown(buf, (gssize) wl);
        }
        for (guint i = 0; i < n; i++) {
            const RgPolicy *p = g_ptr_array_index(ps->policies, i);

            if (g_hash_table_contains(p->stopwords, lower))
                score[i] += 1;
            if (ascii)
                continue;       /* no letters beyond ASCII */
            for (const char *c = buf; *c; c = g_utf8_next_char(c))
                if ((unsigned char) *c >= 0x80 &&
                    g_hash_table_contains(p->letters,
                                          GUINT_TO_POINTER(g_utf8_get_char(c))))
                    score[i] += 2;
        }
    }
    for (guint i = 0; i < n; i++) {
        const RgPolicy *p = g_ptr_array_index(ps->policies, i);

        if (names_policy(p, content_language))
            score[i] += MAX(3, (int) limit / 10);
        if (score[i] > best_score) {
            best_score = score[i];
            best = p;
        }
    }
    if (best == NULL)
        best = g_ptr_array_index(ps->policies, 0);
    return best;
}
