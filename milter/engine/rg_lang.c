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
#define MIXED_SHARE 3           /* a second language scores a third of the best */
#define UNKNOWN_MIN_WORDS 20    /* words to judge a text as of no language */
#define UNKNOWN_WORDS_PER_POINT 8       /* fewer points than this: unknown */

/* names_policy - whether a Content-Language primary tag names a policy */
static gboolean names_policy(const RgPolicy *p, const char *tag)
{
    for (char **t = p->content_languages; tag && t && *t; t++)
        if (g_ascii_strncasecmp(*t, tag, strlen(tag)) == 0 &&
            ((*t)[strlen(tag)] == '\0' || (*t)[strlen(tag)] == '-'))
            return TRUE;
    return FALSE;
}

/* rg_lang_detect - the best-scoring policy for text, whose words
 * (rg_words_split) are given, never NULL; score (one per policy, zeroed
 * by the caller; may be NULL) gets every policy's score */
const RgPolicy *rg_lang_detect(const RgPolicySet *ps, const char *text,
                               const GArray *words,
                               const char *content_language,
                               const char *default_language, int *scores,
                               guint *words_seen)
{
    guint n = ps->policies->len;
    g_autofree int *own = scores ? NULL : g_new0(int, n);
    int *score = scores ? scores : own;
    guint limit = MIN(words->len, MAX_WORDS);
    const RgPolicy *best = rg_policy_set_find(ps, default_language);
    int best_score = 0;

    for (guint w = 0; w < limit; w++) {
        const RgWord *word = &g_array_index(words, RgWord, w);
        char buf[64];
        char low[3 * sizeof buf];
        gsize wl = word->end - word->start;
        gboolean ascii = wl == (gsize) (word->letters + word->digits);
        g_autofree char *folded = NULL;
        const char *lower = buf;
        const guint8 *marks;

        if (word->letters == 0 || wl >= sizeof buf)
            continue;
        memcpy(buf, text + word->start, wl);
        buf[wl] = '\0';
        if (ascii) {
            for (gsize i = 0; i < wl; i++)
                buf[i] = (char) (buf[i] >= 'A' && buf[i] <= 'Z' ? buf[i] | 0x20
                                 : buf[i]);
        } else if (rg_words_lower_latin(buf, wl, low)) {
            lower = low;
        } else {
            lower = folded = g_utf8_strdown(buf, (gssize) wl);
        }
        marks = g_hash_table_lookup(ps->stopword_of, lower);
        for (guint i = 0; marks && i < n; i++)
            score[i] += marks[i];
        if (ascii)
            continue;           /* no letters beyond ASCII */
        for (const char *c = buf; *c; c = g_utf8_next_char(c))
            if ((unsigned char) *c >= 0x80 &&
                (marks = g_hash_table_lookup(
                     ps->letter_of, GUINT_TO_POINTER(g_utf8_get_char(c)))))
                for (guint i = 0; i < n; i++)
                    score[i] += 2 * marks[i];
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
    if (words_seen)
        *words_seen = limit;
    return best;
}

/*
 * rg_lang_active - the languages a text is written in: the chosen one,
 * and any other that scores at least a third of the best score (a reply
 * that mixes languages); with no evidence at all, every language
 */
void rg_lang_active(const RgPolicySet *ps, const int *score,
                    const RgPolicy *chosen, gboolean *active)
{
    int best = 0;

    for (guint i = 0; i < ps->policies->len; i++)
        best = MAX(best, score[i]);
    for (guint i = 0; i < ps->policies->len; i++)
        active[i] = g_ptr_array_index(ps->policies, i) == chosen ||
            best == 0 || (score[i] > 0 && score[i] * MIXED_SHARE >= best);
}

/*
 * rg_lang_unknown - whether a text is in none of the loaded languages:
 * long enough to judge (UNKNOWN_MIN_WORDS words) and no policy finds in
 * it more than one point per UNKNOWN_WORDS_PER_POINT words (a Polish,
 * Croatian or English text scores on most of its words: stop words, or
 * their letters); a Content-Language naming a loaded policy says it is
 * known
 */
gboolean rg_lang_unknown(const RgPolicySet *ps, const int *score, guint words,
                         const char *content_language)
{
    int best = 0;

    for (guint i = 0; i < ps->policies->len; i++) {
        if (names_policy(g_ptr_array_index(ps->policies, i), content_language))
            return FALSE;
        best = MAX(best, score[i]);
    }
    return words >= UNKNOWN_MIN_WORDS &&
        (guint) best * UNKNOWN_WORDS_PER_POINT < words;
}
