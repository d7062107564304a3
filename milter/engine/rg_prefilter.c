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
 *     scanned (not one of the message's texts, or one that holds a
 *     character with an odd case fold);
 *   - where a pattern's matches are no longer than some L in this text
 *     (rg_atoms_read, with the text's longest whitespace run, word run
 *     and line measured when it is scanned), a match holding an atom that
 *     ended at a starts in [a - L, a): searches run in those windows
 *     only (rg_prefilter_window), not over the whole rest of the text;
 *   - where, moreover, an atom starts at most D bytes into a match (the
 *     lead, rg_atoms_read) and the pattern's atoms are m to n bytes
 *     long, the window is [a - n - D, a - m]: a few bytes when the atom
 *     begins the pattern;
 *   - a pattern's second set of atoms (rg_atoms_read), from another part
 *     of it, is in the database too: a match starting in [lo, hi] and
 *     at most L long also holds one of those, ending in (lo, hi + L], so
 *     a window with no such end is passed over ("sorry ... but" is not
 *     searched at a "sorry" with no "but" after it);
 *   - a text scanned for the body's patterns only (RG_PATTERN_BODY, the
 *     reply model's, a smaller database: most of a long body is quoted
 *     text no rule reads) has no ends of the others, so their searches
 *     in it all run.
 *
 * Built without Vectorscan (RG_HAVE_VECTORSCAN undefined), or with
 * REPLYGUARD_NO_PREFILTER set, every search runs: the PCRE2-only path.
 */
#include <stdlib.h>
#include <string.h>

#include "replyguard/rg_types.h"
#include "rg_atoms.h"
#include "rg_bytes.h"
#include "rg_pattern.h"
#include "rg_prefilter.h"

#ifdef RG_HAVE_VECTORSCAN
#include <hs/hs.h>
#endif
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define TEXTS_MAX 4             /* texts scanned per message at most */
#define ENDS_MAX (1u << 20)     /* atom ends kept per text; past that the
                                 * text counts as not scanned */

typedef struct {
    GPtrArray *atoms;           /* rg_atoms_read's, or NULL */
    GPtrArray *also;            /* its second set, or NULL (also when
                                 * Vectorscan could not take it) */
    guint flags;
    gboolean always;            /* Vectorscan could not take it */
    RgSpan span;                /* how long its matches can be */
    RgSpan lead;                /* how far into a match an atom can start */
    gboolean body;              /* in the body database too */
    gsize lit_min, lit_max;     /* bytes in its shortest and longest
                                 * literal, as compiled */
    RgSpan also_lead;           /* the same for its second set */
    gsize also_min, also_max;
} Entry;

/* windows closer than this are searched as one (one PCRE2 call) */
#define WINDOW_GAP 16

struct RgPrefilter {
    GArray *entries;            /* of Entry, by id */
    GHashTable *ids;            /* "flags\x1fsource" -> id + 1 */
    gboolean enabled;
#ifdef RG_HAVE_VECTORSCAN
    hs_database_t *db;
    hs_database_t *db_body;     /* the RG_PATTERN_BODY entries' atoms */
    hs_scratch_t *scratch;      /* prototype, for both; cloned per
                                 * scanning thread */
#endif
};

/* an atom end as Vectorscan reports it */
typedef struct {
    guint id;
    guint end;
} Hit;

/* what one text showed: the ends of id (entry id's atoms, or for id n +
 * i, entry i's second set) are ends[first[id] .. first[id + 1]),
 * ascending */
typedef struct {
    const char *text;
    gsize len;
    guint *first;               /* 2 * entries + 1 */
    guint *ends;
    guint n_ends;
    guint64 space, word, line, nonword; /* its longest runs (RgSpan) */
    gboolean body;              /* scanned for the body entries only */
} Scanned;

struct RgPrefilterScan {
    const RgPrefilter *pf;
    Hit *hits;                  /* of the text being scanned */
    guint n_hits, hits_size;
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
    g_clear_pointer(&e->also, g_ptr_array_unref);
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
    hs_free_database(pf->db_body);
#endif
    g_free(pf);
}

/* rg_prefilter_add - a pattern (rg_pattern_set_build flags) to the
 * database; the id to ask about it.  The same pattern and flags get the
 * same id. */
guint rg_prefilter_add(RgPrefilter *pf, const char *source, guint flags)
{
    g_autofree char *key = g_strdup_printf("%u\x1f%s",
                                           flags & ~RG_PATTERN_BODY, source);
    gpointer found = g_hash_table_lookup(pf->ids, key);
    Entry e = {
        .flags = flags & ~RG_PATTERN_BODY,
        .body = (flags & RG_PATTERN_BODY) != 0,
        .lit_min = 1, .lit_max = 1,
        .also_min = 1, .also_max = 1,
    };

    if (found != NULL) {
        Entry *old = &g_array_index(pf->entries, Entry,
                                    GPOINTER_TO_UINT(found) - 1);

        old->body = old->body || e.body;
        return GPOINTER_TO_UINT(found) - 1;
    }
    {
        RgAtoms read;

        (void) rg_atoms_read(source, &read);    /* not read: no atoms */
        e.atoms = g_steal_pointer(&read.atoms);
        e.also = g_steal_pointer(&read.also);
        e.span = read.span;
        e.lead = read.lead;
        e.also_lead = read.also_lead;
    }
    e.always = e.atoms == NULL;
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

/* compile - the database of the atoms of every entry (body: of the
 * body entries) not marked always, each atom as literals (ASCII folded
 * by Vectorscan, a letter beyond ASCII in each of its case forms), in
 * *db (NULL when there is none) with room for it in the scratch; an
 * entry Vectorscan refuses is marked always (its second set refused:
 * dropped) and the rest compiled again.  The literals of entry i report
 * i, those of its second set n + i (n entries). */
static gboolean compile(RgPrefilter *pf, gboolean body, hs_database_t **db,
                        GError **error)
{
    const guint n_entries = pf->entries->len;

    for (guint attempt = 0; attempt <= 2 * n_entries; attempt++) {
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
            guint primary;

            if (body && !e->body)
                continue;
            for (guint j = 0; !e->always && j < e->atoms->len; j++)
                if (!add_variants(lits, g_ptr_array_index(e->atoms, j),
                                  caseless)) {
                    e->always = TRUE;
                    g_ptr_array_set_size(lits, before);
                }
            primary = lits->len;
            for (guint j = 0; !e->always && e->also && j < e->also->len; j++)
                if (!add_variants(lits, g_ptr_array_index(e->also, j),
                                  caseless)) {
                    g_clear_pointer(&e->also, g_ptr_array_unref);
                    g_ptr_array_set_size(lits, primary);
                }
            if (!body) {
                e->lit_min = e->also_min = G_MAXSIZE;
                e->lit_max = e->also_max = 0;
            }
            while (flags->len < lits->len) {
                const gsize n = ((GString *) lits->pdata[lens->len])->len;
                const gboolean first_set = flags->len < primary;
                const guint id = first_set ? i : n_entries + i;

                g_array_append_val(flags, f);
                g_array_append_val(ids, id);
                g_array_append_val(lens, n);
                if (!body && first_set) {
                    e->lit_min = MIN(e->lit_min, n);
                    e->lit_max = MAX(e->lit_max, n);
                } else if (!body) {
                    e->also_min = MIN(e->also_min, n);
                    e->also_max = MAX(e->also_max, n);
                }
            }
            if (e->also_max == 0)
                e->also_min = e->also_max = 1;
            if (e->lit_max == 0)
                e->lit_min = e->lit_max = 1;    /* none: searched always */
        }
        if (lits->len == 0)
            return TRUE;
        exprs = g_new(const char *, lits->len);
        for (guint i = 0; i < lits->len; i++)
            exprs[i] = ((GString *) lits->pdata[i])->str;
        if (hs_compile_lit_multi(exprs, (const unsigned *) (void *) flags->data,
                                 (const unsigned *) (void *) ids->data,
                                 (const size_t *) (void *) lens->data,
                                 lits->len, HS_MODE_BLOCK, NULL, db,
                                 &err) == HS_SUCCESS)
            return hs_alloc_scratch(*db, &pf->scratch) == HS_SUCCESS ||
                (g_set_error(error, RG_ERROR, RG_ERROR_INTERNAL,
                             "cannot allocate Vectorscan scratch space"),
                 FALSE);
        if (err->expression < 0 || (guint) err->expression >= lits->len) {
            g_set_error(error, RG_ERROR, RG_ERROR_INTERNAL,
                        "Vectorscan: %s", err->message);
            hs_free_compile_error(err);
            return FALSE;
        }
        {
            const guint id = g_array_index(ids, guint, err->expression);

            if (id < n_entries)
                g_array_index(pf->entries, Entry, id).always = TRUE;
            else
                g_clear_pointer(&g_array_index(pf->entries, Entry,
                                               id - n_entries).also,
                                g_ptr_array_unref);
        }
        hs_free_compile_error(err);
    }
    return TRUE;
}
#endif

/* rg_prefilter_unscreened - whether pattern id has no atoms: every
 * search of it runs */
gboolean rg_prefilter_unscreened(const RgPrefilter *pf, guint id)
{
    return g_array_index(pf->entries, Entry, id).atoms == NULL;
}

/* rg_prefilter_build - compile every pattern added; FALSE with error
 * only when Vectorscan fails as a whole (out of memory) */
gboolean rg_prefilter_build(RgPrefilter *pf, GError **error)
{
#ifdef RG_HAVE_VECTORSCAN
    pf->enabled = g_getenv("REPLYGUARD_NO_PREFILTER") == NULL;
    if (pf->enabled && (!compile(pf, FALSE, &pf->db, error) ||
                        !compile(pf, TRUE, &pf->db_body, error)))
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
    g_free(s->hits);
#ifdef RG_HAVE_VECTORSCAN
    hs_free_scratch(s->scratch);
#endif
    g_free(s);
}

/* rg_prefilter_scan_reset - forget the texts scanned, keeping the room
 * they took, for the next message */
void rg_prefilter_scan_reset(RgPrefilterScan *s)
{
    if (s != NULL)
        s->n_texts = 0;
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
    if (s->n_hits == ENDS_MAX) {
        s->overflow = TRUE;
        return 1;               /* stop scanning */
    }
    if (s->n_hits == s->hits_size) {
        s->hits_size = MAX(256, 2 * s->hits_size);
        s->hits = g_renew(Hit, s->hits, s->hits_size);
    }
    s->hits[s->n_hits++] = hit;
    return 0;
}

/* index_hits - the text's hits by id (an entry's, or n + its for its
 * second set): a counting sort by id, stable, so each id's ends stay in
 * Vectorscan's ascending order.  first[id] holds the end of id's range
 * until the hits, taken last to first, are put in front of it; it is
 * then the range's start. */
static void index_hits(const RgPrefilterScan *s, Scanned *t)
{
    const guint n = 2 * s->pf->entries->len;
    const guint hits = s->n_hits;
    guint sum = 0;

    if (t->first == NULL)
        t->first = g_new(guint, n + 1);
    memset(t->first, 0, (n + 1) * sizeof(guint));
    for (guint i = 0; i < hits; i++)
        t->first[s->hits[i].id]++;
    for (guint id = 0; id < n; id++) {
        sum += t->first[id];
        t->first[id] = sum;
    }
    t->first[n] = sum;
    if (hits > t->n_ends) {
        t->ends = g_renew(guint, t->ends, hits);
        t->n_ends = hits;
    }
    for (guint i = hits; i-- > 0;) {
        const Hit *h = &s->hits[i];

        t->ends[--t->first[h->id]] = h->end;
    }
}
#endif

#ifdef RG_HAVE_VECTORSCAN
/* a run of bytes of one kind: the current one, the longest so far */
typedef struct {
    guint64 now, max;
} Run;

/* per eight-bit mask (bit i: byte i is of the kind): the ones from bit 0
 * on, from bit 7 down, and the longest run of ones */
static guint8 run_head[256], run_tail[256], run_inner[256];

/* runs_init - fill the three tables */
static void runs_init(void)
{
    for (guint m = 0; m < 256; m++) {
        guint n = 0;

        while (n < 8 && (m >> n & 1))
            n++;
        run_head[m] = (guint8) n;
        for (n = 0; n < 8 && (m >> (7 - n) & 1); n++)
            ;
        run_tail[m] = (guint8) n;
        for (guint b = 0, cur = 0; b < 8; b++) {
            cur = (m >> b & 1) ? cur + 1 : 0;
            run_inner[m] = (guint8) MAX(run_inner[m], cur);
        }
    }
}

/* run_add - eight more bytes, mask saying which are of the kind */
static inline void run_add(Run *r, guint mask)
{
    if (mask == 0xFF) {
        r->now += 8;
        return;
    }
    r->max = MAX(r->max, r->now + run_head[mask]);
    r->max = MAX(r->max, run_inner[mask]);
    r->now = run_tail[mask];
}

#ifdef __SSE2__
/* classes16 - the tests of measure for the 16 bytes at p, as 16 bits
 * each (bit i for byte i): may be whitespace, may be a word character,
 * may be other than one, not a line end.  A byte past ASCII may be any;
 * it is negative to the signed compares, so none of them takes it. */
static inline void classes16(const char *p, guint *space, guint *word,
                             guint *nonword, guint *line)
{
    const __m128i v = _mm_loadu_si128((const __m128i *) (const void *) p);
    const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
    const __m128i letter = _mm_and_si128(
        _mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
        _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
    const __m128i digit = _mm_and_si128(
        _mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
        _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    const __m128i is_word = _mm_or_si128(
        _mm_or_si128(letter, digit), _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    const __m128i is_space = _mm_or_si128(
        _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('\t' - 1)),
                      _mm_cmplt_epi8(v, _mm_set1_epi8('\r' + 1))));
    const guint high = (guint) _mm_movemask_epi8(v);
    const guint word_bits = (guint) _mm_movemask_epi8(is_word);

    *space = high | (guint) _mm_movemask_epi8(is_space);
    *word = high | word_bits;
    *nonword = high | (~word_bits & 0xFFFF);
    *line = ~(guint) _mm_movemask_epi8(
        _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))) & 0xFFFF;
}
#endif

/* measure - a text's longest runs of bytes that may be whitespace, word
 * characters, other than word characters (a byte past ASCII may be any),
 * and of a line, in one pass sixteen bytes at a time with SSE2 and
 * eight at a time after (the last ones padded, the padding masked off);
 * FALSE when the text holds a character PCRE2
 * folds to an ASCII letter or with more case forms than the atoms'
 * literals spell (KELVIN SIGN, LATIN SMALL LETTER LONG S, ANGSTROM
 * SIGN): such a text is not recorded.  The text is valid UTF-8. */
static gboolean measure(Scanned *t)
{
    static gsize ready;
    const guchar *p = (const guchar *) t->text;
    Run space = {0}, word = {0}, line = {0}, nonword = {0};

    gsize i = 0;

    if (g_once_init_enter(&ready)) {
        runs_init();
        g_once_init_leave(&ready, 1);
    }
#ifdef __SSE2__
    for (; i + 16 <= t->len; i += 16) {
        guint space_of, word_of, nonword_of, line_of;

        classes16(t->text + i, &space_of, &word_of, &nonword_of, &line_of);
        run_add(&space, space_of & 0xFF);
        run_add(&space, space_of >> 8);
        run_add(&word, word_of & 0xFF);
        run_add(&word, word_of >> 8);
        run_add(&nonword, nonword_of & 0xFF);
        run_add(&nonword, nonword_of >> 8);
        run_add(&line, line_of & 0xFF);
        run_add(&line, line_of >> 8);
    }
#endif
    for (; i < t->len; i += 8) {
        const gsize n = MIN(t->len - i, 8);
        char last[8] = {0};
        const guint64 w = rg_bytes_load(n == 8 ? t->text + i :
                                        memcpy(last, t->text + i, n));
        const guint valid = n == 8 ? 0xFF : (1u << n) - 1;
        const guint64 high = rg_bytes_high(w);
        const guint64 letter = rg_bytes_low_ge(w | RG_ONES * 0x20, 'a') &
            rg_bytes_low_le(w | RG_ONES * 0x20, 'z');
        const guint64 digit = rg_bytes_low_ge(w, '0') & rg_bytes_low_le(w, '9');
        const guint64 is_word = letter | digit | rg_bytes_eq(w, '_');
        const guint64 is_space = rg_bytes_eq(w, ' ') |
            (rg_bytes_low_ge(w, '\t') & rg_bytes_low_le(w, '\r'));

        run_add(&space, rg_bytes_mask(high | is_space) & valid);
        run_add(&word, rg_bytes_mask(high | is_word) & valid);
        run_add(&nonword, rg_bytes_mask(high | (~is_word & RG_HIGH)) & valid);
        run_add(&line, rg_bytes_mask(~rg_bytes_eq(w, '\n') & RG_HIGH) & valid);
    }
    t->space = MAX(space.max, space.now);
    t->word = MAX(word.max, word.now);
    t->line = MAX(line.max, line.now);
    t->nonword = MAX(nonword.max, nonword.now);
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
 * about, for every pattern or (body) for the RG_PATTERN_BODY ones only;
 * the text must be valid UTF-8 (Vectorscan's UTF-8 mode assumes
 * it; the engine's texts are, as rg_text_normalize makes them) and stay
 * in place until the next reset */
void rg_prefilter_scan_text(RgPrefilterScan *s, const char *text, gsize len,
                            gboolean body)
{
#ifdef RG_HAVE_VECTORSCAN
    hs_database_t *db = body ? s->pf->db_body : s->pf->db;
    Scanned *t;

    if (!rg_prefilter_enabled(s->pf) || s->n_texts == TEXTS_MAX ||
        len > G_MAXUINT)
        return;                 /* not recorded: every search runs */
    t = &s->texts[s->n_texts];
    t->text = text;
    t->len = len;
    t->body = body;
    if (!measure(t))
        return;                 /* not recorded: every search runs */
    s->n_hits = 0;
    s->overflow = FALSE;
    /* no body database: no body entry has atoms, none has ends */
    if (db != NULL &&
        (hs_scan(db, text, (unsigned int) len, 0, s->scratch, on_match,
                 s) != HS_SUCCESS || s->overflow))
        return;                 /* not recorded: every search runs */
    index_hits(s, t);
    s->n_texts++;
#else
    (void) s;
    (void) text;
    (void) len;
    (void) body;
#endif
}

/* longest - the most bytes span can be in t, G_MAXSIZE: no bound */
static gsize longest(const RgSpan *span, const Scanned *t)
{
    const guint64 limit = G_MAXUINT32;
    guint64 n;

    if (span->open || span->space > limit || span->word > limit ||
        span->line > limit || span->nonword > limit || span->bytes > limit)
        return G_MAXSIZE;
    n = span->bytes + span->space * t->space + span->word * t->word +
        span->line * t->line + span->nonword * t->nonword;
    return n > G_MAXSIZE / 2 ? G_MAXSIZE : (gsize) n;
}

/* reach - how far before an atom's end a match holding it can start, in
 * t: the atoms' lead and longest literal, or the match's whole length;
 * G_MAXSIZE: no bound */
static gsize reach(const RgSpan *lead_span, gsize lit_max, gsize match,
                   const Scanned *t)
{
    const gsize lead = longest(lead_span, t);

    if (lead >= G_MAXSIZE - lit_max)
        return match;
    return MIN(match, lead + lit_max);
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

/* has_end - whether id has an end in (lo, hi] of t */
static gboolean has_end(const Scanned *t, guint id, gsize lo, gsize hi)
{
    const guint i = first_end_after(t, id, lo);

    return i < t->first[id + 1] && t->ends[i] <= hi;
}

/* says_nothing - whether t tells nothing of where e's matches are:
 * Vectorscan could not take e, or t was scanned for the body's entries
 * only and e is not one of them */
static gboolean says_nothing(const Scanned *t, const Entry *e)
{
    return e->always || (t->body && !e->body);
}

/* scanned_of - the first scanned text text[0, len) lies in, or NULL */
static const Scanned *scanned_of(const RgPrefilterScan *s, const char *text,
                                 gsize len)
{
    for (guint i = 0; i < s->n_texts; i++)
        if (text >= s->texts[i].text &&
            text + len <= s->texts[i].text + s->texts[i].len)
            return &s->texts[i];
    return NULL;
}

/* one of an entry's atom sets, as windows are found from its ends */
typedef struct {
    guint id;                   /* of its ends */
    gsize near;                 /* its shortest literal */
    gsize back;                 /* reach */
} Side;

/* cost - about how many bytes the searches from side's windows cover
 * in a text of len bytes: a window per end, or the whole text once */
static guint64 cost(const Scanned *t, const Side *side, gsize len)
{
    const guint64 ends = t->first[side->id + 1] - t->first[side->id];

    if (side->back >= len)
        return ends ? len : 0;
    return MIN(ends * (side->back + 1), (guint64) len);
}

/*
 * rg_prefilter_window - where the next match of pattern id in text[0,
 * len) at or after from can start: TRUE with every such start in [*lo,
 * *hi] or after *hi (ask again from *hi + 1); FALSE when there is none.
 * Without a bound on the pattern's length, or in a text not scanned, the
 * window is [from, len].  With a second set of atoms, windows are found
 * from whichever set's would cover fewer bytes of the text (cost: its
 * ends times its reach), and one in which no atom of the other ends
 * where a match starting in it would hold one is passed over.
 */
gboolean rg_prefilter_window(const RgPrefilterScan *s, guint id,
                             const char *text, gsize len, gsize from,
                             gsize *lo, gsize *hi)
{
    const Entry *e;
    const Scanned *t;
    gsize base, match;
    Side side;
    guint i, other = G_MAXUINT;

    if (from > len)
        return FALSE;
    *lo = from;
    *hi = len;
    if (s == NULL || !rg_prefilter_enabled(s->pf))
        return TRUE;
    e = &g_array_index(s->pf->entries, Entry, id);
    t = scanned_of(s, text, len);
    if (t == NULL || says_nothing(t, e))
        return TRUE;
    base = (gsize) (text - t->text);
    match = longest(&e->span, t);
    side = (Side) {id, e->lit_min, reach(&e->lead, e->lit_max, match, t)};
    if (e->also != NULL) {
        const guint second = s->pf->entries->len + id;
        const Side alt = {second, e->also_min,
            reach(&e->also_lead, e->also_max, match, t)};

        other = second;
        if (cost(t, &alt, len) < cost(t, &side, len)) {
            other = id;
            side = alt;
        }
    }
    for (;;) {
        /* a match starting at s holds an atom ending at s + near or
         * later: one ending after from + near - 1 */
        i = first_end_after(t, side.id, base + from + side.near - 1);
        if (i == t->first[side.id + 1] || t->ends[i] > base + len)
            return FALSE;
        if (side.back >= len) {
            *lo = from;
            *hi = len;
            return other == G_MAXUINT ||
                has_end(t, other, base + from, base + len);
        }
        *lo = MAX(from, t->ends[i] - base > side.back ?
                  t->ends[i] - base - side.back : 0);
        *hi = t->ends[i] - base - side.near;
        for (i++; i < t->first[side.id + 1] && t->ends[i] <= base + len; i++) {
            const gsize a = t->ends[i] - base;

            if (a - MIN(a, side.back) > *hi + WINDOW_GAP)
                break;
            *hi = a - side.near;
        }
        /* and an atom of the other set, ending within a match's length
         * of a start in the window */
        if (other == G_MAXUINT ||
            has_end(t, other, base + *lo,
                    base + (match >= len - MIN(len, *hi) ? len : *hi + match)))
            return TRUE;
        from = *hi + 1;
        if (from > len)
            return FALSE;
    }
}

/*
 * rg_prefilter_screen - set screen up for text[from, len): the scanned
 * text it lies in, as rg_prefilter_window finds it.  rg_prefilter_may
 * then tells in a few steps which patterns can have a window there, so a
 * search of many patterns in a short range (a line) passes over the
 * others without asking for their windows.
 */
void rg_prefilter_screen(const RgPrefilterScan *s, const char *text,
                         gsize len, gsize from, RgPrefilterScreen *screen)
{
    const Scanned *t;

    screen->scan = NULL;
    if (s == NULL || !rg_prefilter_enabled(s->pf) || from > len ||
        (t = scanned_of(s, text, len)) == NULL)
        return;
    screen->scan = s;
    screen->text = (guint) (t - s->texts);
    screen->lo = (gsize) (text - t->text) + from;
    screen->hi = (gsize) (text - t->text) + len;
}

/* rg_prefilter_may - FALSE when pattern id has no atom ending in the
 * screen's range: every match holds one (each window rg_prefilter_window
 * gives ends at one of them), so it has no window there */
gboolean rg_prefilter_may(const RgPrefilterScreen *screen, guint id)
{
    const RgPrefilterScan *s = screen->scan;
    const Entry *e;
    const Scanned *t;

    if (s == NULL)
        return TRUE;
    e = &g_array_index(s->pf->entries, Entry, id);
    t = &s->texts[screen->text];
    return says_nothing(t, e) || has_end(t, id, screen->lo, screen->hi);
}
