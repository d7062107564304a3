/*
 * rg_family.c - phrase families: what a policy pattern may say beyond
 * PCRE2
 *
 * Owns the expansion of a policy's patterns before they are compiled:
 *
 *   {=NAME}   a word family of the policy's [words] group, e.g.
 *             courier = kurier\w*|przewoźni\w*|firm\w*\s+kuriersk\w*
 *             (a family may use other families; expanded as (?:...));
 *   {~N}      up to N inserted words ("I am {~2}sorry" matches "I am
 *             truly so sorry"), never across a sentence end;
 *   folding   every letter of the policy's [policy] fold list also
 *             matches its plain spelling, so "przykro mi, że" written
 *             with diacritics matches "przykro mi, ze" typed without
 *             (fold = ą=a ł=l ... đ=dj|d).
 *
 * Expansion is text to text: the result is an ordinary PCRE2 pattern,
 * compiled and error-checked as any other.  The scanner knows enough of
 * PCRE2 syntax to leave escapes, \Q...\E and character classes intact
 * (inside a class, folding adds the plain letter to the class).
 */
#include <string.h>

#include "replyguard/rg_types.h"
#include "rg_family.h"

#define MAX_DEPTH 8             /* families within families, at most */
#define MAX_GAP 9               /* {~N}: N at most */
#define MAX_EXPANDED (256 * 1024)       /* bytes of one expanded pattern */

/* one inserted word: a word, then what may stand between words within a
 * sentence (spaces, a line break, commas, quotes, dashes) */
#define GAP_WORD "(?:\\w+[^\\w.!?;]{1,4})"

struct RgFamily {
    GHashTable *words;          /* name -> pattern (owned) */
    GHashTable *fold;           /* gunichar (lower case) -> GPtrArray of
                                 * plain spellings (owned) */
};

/* rg_family_new - no families, no folding */
RgFamily *rg_family_new(void)
{
    RgFamily *f = g_new0(RgFamily, 1);

    f->words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    f->fold = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                    (GDestroyNotify) g_ptr_array_unref);
    return f;
}

/* rg_family_free - accepts NULL */
void rg_family_free(RgFamily *f)
{
    if (f == NULL)
        return;
    g_hash_table_destroy(f->words);
    g_hash_table_destroy(f->fold);
    g_free(f);
}

/* valid_name - a family name: letters, digits, '-' and '_' */
static gboolean valid_name(const char *name, gsize len)
{
    if (len == 0)
        return FALSE;
    for (gsize i = 0; i < len; i++)
        if (!g_ascii_isalnum(name[i]) && name[i] != '-' && name[i] != '_')
            return FALSE;
    return TRUE;
}

/* rg_family_add_word - a word family NAME = pattern; FALSE with error
 * (naming where) on a bad name */
gboolean rg_family_add_word(RgFamily *f, const char *name,
                            const char *pattern, const char *where,
                            GError **error)
{
    if (!valid_name(name, strlen(name))) {
        g_set_error(error, RG_ERROR, RG_ERROR_POLICY,
                    "%s: bad family name \"%s\" (letters, digits, - and _)",
                    where, name);
        return FALSE;
    }
    g_hash_table_replace(f->words, g_strdup(name), g_strdup(pattern));
    return TRUE;
}

/*
 * rg_family_set_fold - the folding list: "ą=a ć=c đ=dj|d", entries
 * separated by spaces or ";", each a letter, "=", and its plain spellings
 * separated by "|".  FALSE with error (naming where) on a bad entry.
 */
gboolean rg_family_set_fold(RgFamily *f, const char *spec, const char *where,
                            GError **error)
{
    g_auto(GStrv) entries = g_strsplit_set(spec, " ;\t", -1);

    for (char **e = entries; *e; e++) {
        const char *eq = strchr(*e, '=');
        gunichar c;
        GPtrArray *plain;

        if (**e == '\0')
            continue;
        if (eq == NULL || eq == *e || g_utf8_next_char(*e) != eq ||
            eq[1] == '\0') {
            g_set_error(error, RG_ERROR, RG_ERROR_POLICY,
                        "%s: bad fold entry \"%s\" (expected LETTER=PLAIN, "
                        "e.g. ł=l or đ=dj|d)", where, *e);
            return FALSE;
        }
        c = g_unichar_tolower(g_utf8_get_char(*e));
        plain = g_ptr_array_new_with_free_func(g_free);
        g_auto(GStrv) alts = g_strsplit(eq + 1, "|", -1);

        for (char **a = alts; *a; a++) {
            for (const char *p = *a; *p; p++) {
                if (!g_ascii_isalpha(*p)) {
                    g_set_error(error, RG_ERROR, RG_ERROR_POLICY,
                                "%s: fold entry \"%s\": plain spellings are "
                                "ASCII letters", where, *e);
                    g_ptr_array_unref(plain);
                    return FALSE;
                }
            }
            if (**a)
                g_ptr_array_add(plain, g_strdup(*a));
        }
        g_hash_table_replace(f->fold, GUINT_TO_POINTER(c), plain);
    }
    return TRUE;
}

typedef struct {
    const RgFamily *family;
    const char *where;
    GString *out;
    GError **error;
} Expansion;

static gboolean expand(Expansion *x, const char *p, int depth);

/* fold_char - c (the UTF-8 bytes at p, n long) with its plain spellings,
 * outside a class: [cx] for single letters, (?:c|dj|d) otherwise */
static void fold_char(Expansion *x, const char *p, gsize n, gboolean in_class)
{
    const GPtrArray *plain = g_hash_table_lookup(
        x->family->fold, GUINT_TO_POINTER(g_unichar_tolower(
                                              g_utf8_get_char(p))));
    gboolean multi = FALSE;

    if (plain == NULL) {
        g_string_append_len(x->out, p, (gssize) n);
        return;
    }
    for (guint i = 0; i < plain->len; i++)
        multi = multi || strlen(g_ptr_array_index(plain, i)) > 1;
    if (in_class) {
        g_string_append_len(x->out, p, (gssize) n);
        for (guint i = 0; i < plain->len; i++)
            if (strlen(g_ptr_array_index(plain, i)) == 1)
                g_string_append(x->out, g_ptr_array_index(plain, i));
        return;
    }
    g_string_append(x->out, multi ? "(?:" : "[");
    g_string_append_len(x->out, p, (gssize) n);
    for (guint i = 0; i < plain->len; i++) {
        if (multi)
            g_string_append_c(x->out, '|');
        g_string_append(x->out, g_ptr_array_index(plain, i));
    }
    g_string_append(x->out, multi ? ")" : "]");
}

/* expand_brace - "{=NAME}" or "{~N}" at p (outside a class); returns the
 * length consumed, 0 when p is an ordinary "{", -1 on error */
static gssize expand_brace(Expansion *x, const char *p, int depth)
{
    const char *close = strchr(p, '}');

    if (close == NULL || (p[1] != '=' && p[1] != '~'))
        return 0;
    if (p[1] == '~') {
        g_autofree char *digits = g_strndup(p + 2, (gsize) (close - p - 2));
        guint64 n = 0;

        if (!g_ascii_string_to_unsigned(digits, 10, 0, MAX_GAP, &n, NULL)) {
            g_set_error(x->error, RG_ERROR, RG_ERROR_POLICY,
                        "%s: bad gap \"%.*s\" (expected {~N}, N from 0 to %d)",
                        x->where, (int) (close - p + 1), p, MAX_GAP);
            return -1;
        }
        g_string_append_printf(x->out, GAP_WORD "{0,%u}?", (guint) n);
        return close - p + 1;
    }
    if (!valid_name(p + 2, (gsize) (close - p - 2))) {
        g_set_error(x->error, RG_ERROR, RG_ERROR_POLICY,
                    "%s: bad family reference \"%.*s\"", x->where,
                    (int) (close - p + 1), p);
        return -1;
    }
    g_autofree char *name = g_strndup(p + 2, (gsize) (close - p - 2));
    const char *word = g_hash_table_lookup(x->family->words, name);

    if (word == NULL) {
        g_set_error(x->error, RG_ERROR, RG_ERROR_POLICY,
                    "%s: no family \"%s\" in [words]", x->where, name);
        return -1;
    }
    if (depth >= MAX_DEPTH) {
        g_set_error(x->error, RG_ERROR, RG_ERROR_POLICY,
                    "%s: families nested deeper than %d (a family that "
                    "uses itself?) at {=%s}", x->where, MAX_DEPTH, name);
        return -1;
    }
    g_string_append(x->out, "(?:");
    if (!expand(x, word, depth + 1))
        return -1;
    g_string_append_c(x->out, ')');
    return close - p + 1;
}

/* expand - append pattern p, expanded, to x->out */
static gboolean expand(Expansion *x, const char *p, int depth)
{
    gboolean in_class = FALSE;
    gboolean quoted = FALSE;    /* inside \Q...\E */
    gsize class_len = 0;        /* characters since the class opened */

    while (*p) {
        gsize n = (gsize) (g_utf8_next_char(p) - p);

        if (x->out->len > MAX_EXPANDED) {
            g_set_error(x->error, RG_ERROR, RG_ERROR_POLICY,
                        "%s: pattern longer than %d bytes once expanded",
                        x->where, MAX_EXPANDED);
            return FALSE;
        }
        if (quoted) {
            quoted = !(p[0] == '\\' && p[1] == 'E');
            g_string_append_len(x->out, p, quoted ? (gssize) n : 2);
            p += quoted ? n : 2;
            continue;
        }
        if (p[0] == '\\' && p[1] != '\0') {
            quoted = p[1] == 'Q';
            g_string_append_len(x->out, p, 2);
            p += 2;
            class_len++;
            continue;
        }
        if (in_class) {
            if (p[0] == ']' && class_len > 0) {
                in_class = FALSE;
            } else if (p[0] == '[' && p[1] == ':') {
                const char *end = strstr(p, ":]");

                if (end) {
                    g_string_append_len(x->out, p, end + 2 - p);
                    p = end + 2;
                    class_len++;
                    continue;
                }
            }
            if (in_class && !(p[0] == '^' && class_len == 0)) {
                fold_char(x, p, n, TRUE);
                class_len++;
            } else {
                g_string_append_c(x->out, p[0]);
            }
            p += n;
            continue;
        }
        if (p[0] == '[') {
            in_class = TRUE;
            class_len = 0;
            g_string_append_c(x->out, '[');
            p++;
            continue;
        }
        if (p[0] == '{') {
            gssize used = expand_brace(x, p, depth);

            if (used < 0)
                return FALSE;
            if (used > 0) {
                p += used;
                continue;
            }
        }
        /* "(?<name>" and other group syntax holds no letters to fold
         * that matter; letters are folded wherever they stand */
        fold_char(x, p, n, FALSE);
        p += n;
    }
    return TRUE;
}

/* rg_family_expand - a policy pattern with its families, gaps and folding
 * expanded; NULL with error (naming where).  Caller frees. */
char *rg_family_expand(const RgFamily *f, const char *pattern,
                       const char *where, GError **error)
{
    Expansion x = {f, where, g_string_new(NULL), error};

    if (!expand(&x, pattern, 0)) {
        g_string_free(x.out, TRUE);
        return NULL;
    }
    return g_string_free(x.out, FALSE);
}
