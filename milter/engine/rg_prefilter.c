/*
 * rg_prefilter.c - which patterns can match where: one Vectorscan pass
 *
 * Owns a Vectorscan database of the atoms of every policy pattern (the
 * literals one of which each match contains, rg_atoms.c; compiled once
 * per engine) and, per scanning thread, the end offsets Vectorscan
 * reported in the texts scanned.  PCRE2 stays the language of the
 * policies and gives every match; the prefilter only says which PCRE2
 * searches cannot find anything, so they are skipped.  Results are the
 * same with and without it:
 *
 *   - a PCRE2 match [s, e) contains an atom of its pattern, so Vectorscan
 *     reported an end of that pattern's atoms within (s, e];
 *   - a search of text[offset, len) whose range holds no reported end of
 *     a pattern therefore cannot match with it;
 *   - atoms are compared caselessly in caseless patterns, with the case
 *     forms PCRE2's Unicode folding gives;
 *   - a pattern without atoms, or whose atoms Vectorscan refuses, is
 *     always searched, and so is every search in a text that was not
 *     scanned (not valid UTF-8, or not one of the message's texts);
 *   - where a pattern's matches are no longer than some L in this text
 *     (rg_atoms_span, with the text's longest whitespace run, word run
 *     and line measured when it is scanned), a match holding an atom that
 *     ended at a starts in [a - L, a): searches run in those windows
 *     only (rg_prefilter_window), not over the whole rest of the text.
 *
 * Built without Vectorscan (RG_HAVE_VECTORSCAN undefined), or with
 * REPLYGUARD_NO_PREFILTER set, every search runs: the PCRE2-only path.
 */
#include <stdlib.h>
#include <string.h>

#include "replyguard/rg_types.h"
#include "rg_atoms.h"
#include "rg_pattern.h"
#include "rg_prefilter.h"

#ifdef RG_HAVE_VECTORSCAN
#include <hs/hs.h>
#endif

#define TEXTS_MAX 4             /* texts scanned per message at most */
#define ENDS_MAX (1u << 20)     /* atom ends kept per text; past that the
                                 * text counts as not scanned */

typedef struct {
    GPtrArray *atoms;           /* rg_atoms_of the pattern, or NULL */
    guint flags;
    gboolean always;            /* Vectorscan could not take it */
    RgSpan span;                /* how long its matches can be */
} Entry;

/* windows closer than this are searched as one (one PCRE2 call) */
#define WINDOW_GAP 16

struct RgPrefilter {
    GArray *entries;            /* of Entry, by id */
    GHashTable *ids;            /* "flags\x1fsource" -> id + 1 */
    gboolean enabled;
#ifdef RG_HAVE_VECTORSCAN
    hs_database_t *db;
    hs_scratch_t *scratch;      /* prototype; cloned per scanning thread */
#endif
};

/* an atom end as Vectorscan reports it */
typedef struct {
    guint id;
    guint end;
} Hit;

/* what one text showed: the ends of pattern id are
 * ends[first[id] .. first[id + 1]), ascending */
typedef struct {
    const char *text;
    gsize len;
    guint *first;               /* entries + 1 */
    guint *ends;
    guint n_ends;
    guint64 space, word, line;  /* its longest runs (RgSpan) */
} Scanned;

struct RgPrefilterScan {
    const RgPrefilter *pf;
    GArray *hits;               /* of Hit, of the text being scanned */
    gboolean overflow;          /* more than ENDS_MAX of them */
    guint n_texts;
    Scanned texts[TEXTS_MAX];
#ifdef RG_HAVE_VECTORSCAN
    hs_scratch_t *scratch;
#endif
};

/* entry_clear - GArray element destructor */
static void entry_clear(gpointer p)
{
    Entry *e = p;

    g_clear_pointer(&e->atoms, g_ptr_array_unref);
}

/* rg_prefilter_new - an empty prefilter */
RgPrefilter *rg_prefilter_new(void)
{
    RgPrefilter *pf = g_new0(RgPrefilter, 1);

    pf->entries = g_array_new(FALSE, TRUE, sizeof(Entry));
    g_array_set_clear_func(pf->entries, entry_clear);
    pf->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return pf;
}

/* rg_prefilter_free - accepts NULL */
void rg_prefilter_free(RgPrefilter *pf)
{
    if (pf == NULL)
        return;
    g_array_unref(pf->entries);
    g_hash_table_destroy(pf->ids);
#ifdef RG_HAVE_VECTORSCAN
    hs_free_scratch(pf->scratch);
    hs_free_database(pf->db);
#endif
    g_free(pf);
}

/* rg_prefilter_add - a pattern (rg_pattern_set_build flags) to the
 * database; the id to ask about it.  The same pattern and flags get the
 * same id. */
guint rg_prefilter_add(RgPrefilter *pf, const char *source, guint flags)
{
    g_autofree char *key = g_strdup_printf("%u\x1f%s", flags, source);
    gpointer found = g_hash_table_lookup(pf->ids, key);
    Entry e = {NULL, flags, FALSE, {0, 0, 0, 0, TRUE}};

    if (found != NULL)
        return GPOINTER_TO_UINT(found) - 1;
    e.atoms = rg_atoms_of(source);
    e.always = e.atoms == NULL;
    if (!rg_atoms_span(source, &e.span))
        e.span.open = TRUE;
    g_array_append_val(pf->entries, e);
    g_hash_table_insert(pf->ids, g_steal_pointer(&key),
                        GUINT_TO_POINTER(pf->entries->len));
    return pf->entries->len - 1;
}

#ifdef RG_HAVE_VECTORSCAN
#define VARIANTS_MAX 64         /* literals one atom may become */

/* free_string - GPtrArray element destructor for GString */
static void free_string(gpointer s)
{
    g_string_free(s, TRUE);
}

/* add_variants - append to out every spelling of atom: each letter
 * beyond ASCII in each of its case forms when caseless; FALSE (out as it
 * was) past VARIANTS_MAX */
static gboolean add_variants(GPtrArray *out, const char *atom,
                             gboolean caseless)
{
    g_autoptr(GPtrArray) v = g_ptr_array_new_with_free_func(free_string);

    g_ptr_array_add(v, g_string_new(NULL));
    for (const char *c = atom; *c; c = g_utf8_next_char(c)) {
        const gunichar u = g_utf8_get_char(c);
        gunichar forms[4] = {u, 0, 0, 0};
        const guint prefixes = v->len;
        guint n = 1;

        if (caseless && u >= 0x80) {
            const gunichar more[] = {g_unichar_toupper(u), g_unichar_tolower(u),
                g_unichar_totitle(u)};

            for (guint i = 0; i < G_N_ELEMENTS(more); i++) {
                gboolean seen = FALSE;

                for (guint j = 0; j < n; j++)
                    seen = seen || forms[j] == more[i];
                if (!seen)
                    forms[n++] = more[i];
            }
        }
        if ((gsize) prefixes * n > VARIANTS_MAX)
            return FALSE;
        for (guint f = 1; f < n; f++)
            for (guint i = 0; i < prefixes; i++)
                g_ptr_array_add(v, g_string_new(((GString *) v->pdata[i])->str));
        for (guint f = 0; f < n; f++)
            for (guint i = 0; i < prefixes; i++)
                g_string_append_unichar(v->pdata[f * prefixes + i], forms[f]);
    }
    for (guint i = 0; i < v->len; i++)
        g_ptr_array_add(out, g_steal_pointer(&v->pdata[i]));
    g_ptr_array_set_free_func(v, NULL);
    return TRUE;
}

/* compile - the database of the atoms of every entry not marked always,
 * each atom as literals (ASCII folded by Vectorscan, a letter beyond
 * ASCII in each of its case forms); an entry Vectorscan refuses is
 * marked always and the rest compiled again */
static gboolean compile(RgPrefilter *pf, GError **error)
{
    for (guint attempt = 0; attempt <= pf->entries->len; attempt++) {
        g_autoptr(GPtrArray) lits = g_ptr_array_new_with_free_func(free_string);
        g_autoptr(GArray) flags = g_array_new(FALSE, FALSE, sizeof(guint));
        g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(guint));
        g_autoptr(GArray) lens = g_array_new(FALSE, FALSE, sizeof(gsize));
        g_autofree const char **exprs = NULL;
        hs_compile_error_t *err = NULL;

        for (guint i = 0; i < pf->entries->len; i++) {
            Entry *e = &g_array_index(pf->entries, Entry, i);
            const gboolean caseless = !(e->flags & RG_PATTERN_CASE);
            const guint f = caseless ? HS_FLAG_CASELESS : 0;
            const guint before = lits->len;

            for (guint j = 0; !e->always && j < e->atoms->len; j++)
                if (!add_variants(lits, g_ptr_array_index(e->atoms, j),
                                  caseless)) {
                    e->always = TRUE;
                    g_ptr_array_set_size(lits, before);
                }
            while (flags->len < lits->len) {
                g_array_append_val(flags, f);
                g_array_append_val(ids, i);
                g_array_append_val(lens, ((GString *) lits->pdata[lens->len])->len);
            }
        }
        if (lits->len == 0)
            return TRUE;
        exprs = g_new(const char *, lits->len);
        for (guint i = 0; i < lits->len; i++)
            exprs[i] = ((GString *) lits->pdata[i])->str;
        if (hs_compile_lit_multi(exprs, (const unsigned *) (void *) flags->data,
                                 (const unsigned *) (void *) ids->data,
                                 (const size_t *) (void *) lens->data,
                                 lits->len, HS_MODE_BLOCK, NULL, &pf->db,
                                 &err) == HS_SUCCESS)
            return hs_alloc_scratch(pf->db, &pf->scratch) == HS_SUCCESS ||
                (g_set_error(error, RG_ERROR, RG_ERROR_INTERNAL,
                             "cannot allocate Vectorscan scratch space"),
                 FALSE);
        if (err->expression < 0 || (guint) err->expression >= lits->len) {
            g_set_error(error, RG_ERROR, RG_ERROR_INTERNAL,
                        "Vectorscan: %s", err->message);
            hs_free_compile_error(err);
            return FALSE;
        }
        g_array_index(pf->entries, Entry,
                      g_array_index(ids, guint, err->expression)).always = TRUE;
        hs_free_compile_error(err);
    }
    return TRUE;
}
#endif

/* rg_prefilter_build - compile every pattern added; FALSE with error
 * only when Vectorscan fails as a whole (out of memory) */
gboolean rg_prefilter_build(RgPrefilter *pf, GError **error)
{
#ifdef RG_HAVE_VECTORSCAN
    pf->enabled = g_getenv("REPLYGUARD_NO_PREFILTER") == NULL;
    if (pf->enabled && !compile(pf, error))
        return FALSE;
    pf->enabled = pf->enabled && pf->db != NULL;
#else
    (void) error;
    pf->enabled = FALSE;
#endif
    return TRUE;
}

/* rg_prefilter_enabled - whether searches are being skipped at all */
gboolean rg_prefilter_enabled(const RgPrefilter *pf)
{
    return pf != NULL && pf->enabled;
}

/* rg_prefilter_scan_new - a scanning thread's state; pf may be NULL */
RgPrefilterScan *rg_prefilter_scan_new(const RgPrefilter *pf)
{
    RgPrefilterScan *s = g_new0(RgPrefilterScan, 1);

    s->pf = pf;
    s->hits = g_array_new(FALSE, FALSE, sizeof(Hit));
#ifdef RG_HAVE_VECTORSCAN
    if (rg_prefilter_enabled(pf) &&
        hs_clone_scratch(pf->scratch, &s->scratch) != HS_SUCCESS)
        g_error("out of memory cloning Vectorscan scratch space");
#endif
    return s;
}

/* rg_prefilter_scan_free - accepts NULL */
void rg_prefilter_scan_free(RgPrefilterScan *s)
{
    if (s == NULL)
        return;
    for (guint i = 0; i < TEXTS_MAX; i++) {
        g_free(s->texts[i].first);
        g_free(s->texts[i].ends);
    }
    g_array_unref(s->hits);
#ifdef RG_HAVE_VECTORSCAN
    hs_free_scratch(s->scratch);
#endif
    g_free(s);
}

#ifdef RG_HAVE_VECTORSCAN
/* on_match - Vectorscan's callback: record where a pattern ended */
static int on_match(unsigned int id, unsigned long long from,
                    unsigned long long to, unsigned int flags, void *data)
{
    RgPrefilterScan *s = data;
    const Hit hit = {id, (guint) to};

    (void) from;
    (void) flags;
    if (s->hits->len == ENDS_MAX) {
        s->overflow = TRUE;
        return 1;               /* stop scanning */
    }
    g_array_append_val(s->hits, hit);
    return 0;
}

/* index_hits - the text's hits by pattern: a counting sort by id, stable,
 * so each pattern's ends stay in Vectorscan's ascending order */
static void index_hits(const RgPrefilterScan *s, Scanned *t)
{
    const guint n = s->pf->entries->len;

    if (t->first == NULL)
        t->first = g_new(guint, n + 1);
    memset(t->first, 0, (n + 1) * sizeof(guint));
    for (guint i = 0; i < s->hits->len; i++)
        t->first[g_array_index(s->hits, Hit, i).id + 1]++;
    for (guint id = 0; id < n; id++)
        t->first[id + 1] += t->first[id];
    if (s->hits->len > t->n_ends) {
        t->ends = g_renew(guint, t->ends, s->hits->len);
        t->n_ends = s->hits->len;
    }
    {
        g_autofree guint *next = g_memdup2(t->first, n * sizeof(guint));

        for (guint i = 0; i < s->hits->len; i++) {
            const Hit *h = &g_array_index(s->hits, Hit, i);

            t->ends[next[h->id]++] = h->end;
        }
    }
}
#endif

#ifdef RG_HAVE_VECTORSCAN
/* measure - a text's longest runs of bytes that may be whitespace, word
 * characters (a byte past ASCII may be either), and of a line, in one
 * pass; FALSE when the text holds a character PCRE2 folds to an ASCII
 * letter or with more case forms than the atoms' literals spell (KELVIN
 * SIGN, LATIN SMALL LETTER LONG S, ANGSTROM SIGN): such a text is not
 * recorded.  The text is valid UTF-8. */
static gboolean measure(Scanned *t)
{
    /* per byte: 1 may be whitespace, 2 may be a word character, 4 is not
     * a newline */
    static guint8 kind[256];
    static gsize ready;
    const guchar *p = (const guchar *) t->text;
    guint64 space = 0, word = 0, line = 0;
    guint64 max_space = 0, max_word = 0, max_line = 0;

    if (g_once_init_enter(&ready)) {
        for (guint c = 0; c < 256; c++)
            kind[c] = (guint8) ((c >= 0x80 || g_ascii_isspace(c) || c == '\v') |
                                (c >= 0x80 || g_ascii_isalnum(c) || c == '_') << 1 |
                                (c != '\n') << 2);
        g_once_init_leave(&ready, 1);
    }
    for (gsize i = 0; i < t->len; i++) {
        const guint k = kind[p[i]];

        /* each run grows by one, or drops to 0 (masks, no branches) */
        space = (space + 1) & (0 - (guint64) (k & 1));
        word = (word + 1) & (0 - (guint64) ((k >> 1) & 1));
        line = (line + 1) & (0 - (guint64) ((k >> 2) & 1));
        max_space = MAX(max_space, space);
        max_word = MAX(max_word, word);
        max_line = MAX(max_line, line);
    }
    t->space = max_space;
    t->word = max_word;
    t->line = max_line;
    /* the odd folds start with 0xc5 or 0xe2: few bytes to look at */
    for (const guchar *c = p, *end = p + t->len;
         (c = memchr(c, 0xc5, (gsize) (end - c))) != NULL; c++)
        if (c[1] == 0xbf)
            return FALSE;       /* (valid UTF-8: c[1] is in the text) */
    for (const guchar *c = p, *end = p + t->len;
         (c = memchr(c, 0xe2, (gsize) (end - c))) != NULL; c++)
        if (c[1] == 0x84 && (c[2] == 0xaa || c[2] == 0xab))
            return FALSE;
    return TRUE;
}
#endif

/* rg_prefilter_scan_text - scan a text that searches will then ask
 * about; the text must stay in place until the next reset */
void rg_prefilter_scan_text(RgPrefilterScan *s, const char *text, gsize len)
{
#ifdef RG_HAVE_VECTORSCAN
    Scanned *t;

    if (!rg_prefilter_enabled(s->pf) || s->n_texts == TEXTS_MAX ||
        len > G_MAXUINT || !g_utf8_validate_len(text, len, NULL))
        return;                 /* not recorded: every search runs */
    t = &s->texts[s->n_texts];
    t->text = text;
    t->len = len;
    if (!measure(t))
        return;                 /* not recorded: every search runs */
    g_array_set_size(s->hits, 0);
    s->overflow = FALSE;
    if (hs_scan(s->pf->db, text, (unsigned int) len, 0, s->scratch, on_match,
                s) != HS_SUCCESS || s->overflow)
        return;                 /* not recorded: every search runs */
    index_hits(s, t);
    s->n_texts++;
#else
    (void) s;
    (void) text;
    (void) len;
#endif
}

/* longest - the longest a match of e can be in t, G_MAXSIZE: no bound */
static gsize longest(const Entry *e, const Scanned *t)
{
    const guint64 limit = G_MAXUINT32;
    guint64 n;

    if (e->span.open || e->span.space > limit || e->span.word > limit ||
        e->span.line > limit || e->span.bytes > limit)
        return G_MAXSIZE;
    n = e->span.bytes + e->span.space * t->space + e->span.word * t->word +
        e->span.line * t->line;
    return n > G_MAXSIZE / 2 ? G_MAXSIZE : (gsize) n;
}

/* first_end_after - the index of the first end of id greater than lo */
static guint first_end_after(const Scanned *t, guint id, gsize lo)
{
    guint a = t->first[id], b = t->first[id + 1];

    while (a < b) {
        const guint mid = a + (b - a) / 2;

        if (t->ends[mid] <= lo)
            a = mid + 1;
        else
            b = mid;
    }
    return a;
}

/*
 * rg_prefilter_window - where the next match of pattern id in text[0,
 * len) at or after from can start: TRUE with every such start in [*lo,
 * *hi] or after *hi (ask again from *hi + 1); FALSE when there is none.
 * Without a bound on the pattern's length, or in a text not scanned, the
 * window is [from, len].
 */
gboolean rg_prefilter_window(const RgPrefilterScan *s, guint id,
                             const char *text, gsize len, gsize from,
                             gsize *lo, gsize *hi)
{
    const Entry *e;
    const Scanned *t = NULL;
    gsize base, span;
    guint i;

    if (from > len)
        return FALSE;
    *lo = from;
    *hi = len;
    if (s == NULL || !rg_prefilter_enabled(s->pf))
        return TRUE;
    e = &g_array_index(s->pf->entries, Entry, id);
    if (e->always)
        return TRUE;
    for (i = 0; i < s->n_texts && t == NULL; i++)
        if (text >= s->texts[i].text &&
            text + len <= s->texts[i].text + s->texts[i].len)
            t = &s->texts[i];
    if (t == NULL)
        return TRUE;
    base = (gsize) (text - t->text);
    /* a match starting at or after from ends an atom after from */
    i = first_end_after(t, id, base + from);
    if (i == t->first[id + 1] || t->ends[i] > base + len)
        return FALSE;
    span = longest(e, t);
    if (span >= len)
        return TRUE;
    *lo = MAX(from, t->ends[i] - base > span ? t->ends[i] - base - span : 0);
    *hi = t->ends[i] - base - 1;
    for (i++; i < t->first[id + 1] && t->ends[i] <= base + len; i++) {
        const gsize a = t->ends[i] - base;

        if (a - MIN(a, span) > *hi + WINDOW_GAP)
            break;
        *hi = a - 1;
    }
    return TRUE;
}
