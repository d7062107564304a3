/*
 * rg_pattern.c - named PCRE2 pattern sets, compiled once, matched with limits
 *
 * Owns the pattern sources, the combined compiled code and, per pattern,
 * its own compiled code and the number of its capture group in the
 * combined code.  A search returns the leftmost match, and at equal
 * starts the earliest pattern, as the alternation would.  On long
 * subjects the patterns are run one by one (each has its own start-of-
 * match optimisation, which a large alternation loses; measured 4x faster
 * on a 3 KB reply); on short ones the single alternation is cheaper.  Patterns are
 * compiled with UTF, UCP, MULTILINE and MATCH_INVALID_UTF, caseless unless
 * the set is built case-sensitive.  Numbered back-references are refused:
 * joining patterns renumbers their groups.
 *
 * A matcher remembers, per pattern and per text that stays in place (the
 * texts given to rg_matcher_prefilter), the leftmost match a search found
 * from an offset, or that there was none.  Whether a match starts at a
 * position does not depend on where the search began, so a later search
 * of the same text from an offset at or past that one, and not past that
 * match's start, finds the same match or none; it is answered without
 * running PCRE2.  Rules that walk a text match by match then cost one
 * pass per pattern, not one per match (on a 32 KB reply, 44 failing
 * passes of one pattern over the whole text).  Anchored sets, and
 * patterns with \G or \K, whose results do depend on the offset, are
 * always run.
 *
 * A pattern whose source repeats an earlier one of its set is not run
 * on its own: the earlier one matches at the same starts and wins there
 * (the all-language sets hold each language's patterns, and many
 * languages share the same address or phone pattern).
 *
 * A pattern the prefilter can say nothing about (no atoms) that is an
 * alternation at its top is also searched branch by branch, when some
 * branch has atoms: the leftmost match of the branches, at equal starts
 * the earliest branch, is the alternation's match, and the branches with
 * atoms run only in their windows ("\bTU\b" no longer makes a list of
 * forty company words run on every signature line).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "replyguard/rg_types.h"
#include "rg_needs.h"
#include "rg_pattern.h"
#include "rg_prefilter.h"

/* a top-level branch of a pattern, searched on its own */
typedef struct {
    pcre2_code *code;
    guint pf_id;
    gboolean remembered;
    RgNeeds needs;              /* bytes its matches hold (rg_needs_read) */
} Piece;

typedef struct {
    char *name;
    char *source;
    char *where;                /* "file:line" for errors */
    guint group;                /* capture group number in the combined code */
    pcre2_code *code;           /* this pattern alone, once built */
    guint pf_id;                /* its id in the prefilter */
    gboolean remembered;        /* its searches go to the memo: not
                                 * anchored, no \G or \K (built) */
    GArray *pieces;             /* of Piece, searched instead of code; or
                                 * NULL (rg_pattern_set_prefilter) */
    gboolean repeat;            /* an earlier pattern of the set has the
                                 * same source: it matches first (built) */
    RgNeeds needs;              /* bytes its matches hold (rg_needs_read,
                                 * built) */
} RgPattern;

/* subjects at least this long are searched pattern by pattern */
#define RG_SPLIT_MIN 256
/* PCRE2 heap for one match at most (backtracking frames) */
#define RG_HEAP_LIMIT_KIB (20 * 1024)

struct RgPatternSet {
    GArray *patterns;           /* of RgPattern */
    pcre2_code *code;           /* NULL until built, or when empty */
    guint captures;
    guint flags;                /* as built */
    gboolean prefiltered;       /* every pattern has a prefilter id */
    gboolean remembered;        /* every pattern is remembered (built) */
};

/* texts that stay in place, whose searches are remembered */
#define RG_STABLE_MAX 6

/* the last search of one pattern (or set) in one stable text */
typedef struct {
    gsize from;                 /* the offset it started at */
    gboolean found;
    RgMatch match;              /* when found */
} Memo;

/* one stable text's memos, by compiled code: open addressing, a slot of
 * an older generation is free (a new text clears it all at once) */
typedef struct {
    const void *code;
    guint gen;
    Memo memo;
} MemoSlot;

typedef struct {
    MemoSlot *slots;            /* NULL until the first memo */
    guint mask;                 /* slots - 1 (a power of two less one) */
    guint used;                 /* slots of this generation */
    guint gen;                  /* this generation, from 1 */
} MemoTable;

#define MEMO_SLOTS_MIN 256

struct RgMatcher {
    pcre2_match_data *data;
    pcre2_match_context *context;
    RgPrefilterScan *scan;      /* what the prefilter saw, or NULL */
    guint searches;             /* pattern searches run since the reset */
    guint skipped;              /* and skipped by the prefilter */
    guint n_stable;
    struct {
        const char *text;
        gsize len;
        MemoTable memo;
    } stable[RG_STABLE_MAX];
};

/* memo_hash - where code's slot search starts */
static guint memo_hash(const MemoTable *t, const void *code)
{
    return (guint) (((guint64) (guintptr) code * G_GUINT64_CONSTANT(
                         0x9E3779B97F4A7C15)) >> 32) & t->mask;
}

/* memo_find - code's memo in t, or NULL */
static Memo *memo_find(MemoTable *t, const void *code)
{
    if (t->slots == NULL)
        return NULL;
    for (guint h = memo_hash(t, code); t->slots[h].gen == t->gen;
         h = (h + 1) & t->mask)
        if (t->slots[h].code == code)
            return &t->slots[h].memo;
    return NULL;
}

/* memo_claim - a slot of this generation for code, which has none */
static Memo *memo_claim(MemoTable *t, const void *code)
{
    guint h = memo_hash(t, code);

    while (t->slots[h].gen == t->gen)
        h = (h + 1) & t->mask;
    t->slots[h].code = code;
    t->slots[h].gen = t->gen;
    t->used++;
    return &t->slots[h].memo;
}

/* memo_put - code's memo in t, made when missing (at most half full:
 * the table doubles past that) */
static Memo *memo_put(MemoTable *t, const void *code)
{
    Memo *m = memo_find(t, code);

    if (m != NULL)
        return m;
    if (t->slots == NULL || 2 * (t->used + 1) > t->mask + 1) {
        MemoSlot *old = t->slots;
        const guint n = old ? t->mask + 1 : 0;
        const guint gen = t->gen;

        t->mask = MAX(MEMO_SLOTS_MIN, 2 * n) - 1;
        t->slots = g_new0(MemoSlot, t->mask + 1);
        t->used = 0;
        t->gen = 1;
        for (guint i = 0; i < n; i++)
            if (old[i].gen == gen)
                *memo_claim(t, old[i].code) = old[i].memo;
        g_free(old);
    }
    return memo_claim(t, code);
}

/* memo_clear - forget every memo of t */
static void memo_clear(MemoTable *t)
{
    t->used = 0;
    if (++t->gen == 0) {
        /* after 2^32 texts: the old generations are cleared for real */
        if (t->slots)
            memset(t->slots, 0, (t->mask + 1) * sizeof *t->slots);
        t->gen = 1;
    }
}

#define RG_BASE_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE | \
                         PCRE2_MATCH_INVALID_UTF)

/* clear_pattern - GArray element destructor */
static void clear_pattern(gpointer p)
{
    RgPattern *pat = p;

    g_free(pat->name);
    g_free(pat->source);
    g_free(pat->where);
    pcre2_code_free(pat->code);
    g_clear_pointer(&pat->pieces, g_array_unref);
}

/* clear_piece - GArray element destructor */
static void clear_piece(gpointer p)
{
    pcre2_code_free(((Piece *) p)->code);
}

/* rg_pattern_set_new - an empty set */
RgPatternSet *rg_pattern_set_new(void)
{
    RgPatternSet *set = g_new0(RgPatternSet, 1);

    set->patterns = g_array_new(FALSE, TRUE, sizeof(RgPattern));
    g_array_set_clear_func(set->patterns, clear_pattern);
    return set;
}

/* rg_pattern_set_free - release a set; accepts NULL */
void rg_pattern_set_free(RgPatternSet *set)
{
    if (set == NULL)
        return;
    g_array_unref(set->patterns);
    pcre2_code_free(set->code);
    g_free(set);
}

/* compile_one - compile a pattern, reporting errors at where:offset */
static pcre2_code *compile_one(const char *source, guint32 options,
                               const char *where, GError **error)
{
    int errcode = 0;
    PCRE2_SIZE erroffset = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR) source, PCRE2_ZERO_TERMINATED,
                                     options, &errcode, &erroffset, NULL);

    if (code == NULL) {
        PCRE2_UCHAR msg[256];

        pcre2_get_error_message(errcode, msg, sizeof msg);
        g_set_error(error, RG_ERROR, RG_ERROR_POLICY,
                    "%s: pattern error at offset %zu: %s", where,
                    (size_t) erroffset, (const char *) msg);
    }
    return code;
}

/* offset_bound - whether a pattern holds \G (the start offset) or \K
 * (a match reported to start later than where it was tried); a \G
 * spelt literally, as in "\Q\G\E", only costs the memo */
static gboolean offset_bound(const char *source)
{
    for (const char *c = source; *c; c++)
        if (c[0] == '\\' && c[1] != '\0') {
            if (c[1] == 'G' || c[1] == 'K')
                return TRUE;
            c++;
        }
    return FALSE;
}

/* rg_pattern_set_add - validate and append one pattern */
gboolean rg_pattern_set_add(RgPatternSet *set, const char *name,
                            const char *source, const char *where,
                            GError **error)
{
    pcre2_code *code = compile_one(source, RG_BASE_OPTIONS, where, error);
    uint32_t backrefs = 0;
    RgPattern pat = {0};

    if (code == NULL)
        return FALSE;
    pcre2_pattern_info(code, PCRE2_INFO_BACKREFMAX, &backrefs);
    pcre2_code_free(code);
    if (backrefs > 0) {
        g_set_error(error, RG_ERROR, RG_ERROR_POLICY,
                    "%s: numbered back-references are not supported in "
                    "policy patterns", where);
        return FALSE;
    }
    pat.name = g_strdup(name);
    pat.source = g_strdup(source);
    pat.where = g_strdup(where);
    g_array_append_val(set->patterns, pat);
    return TRUE;
}

/* rg_pattern_set_extend - append copies of another set's patterns */
void rg_pattern_set_extend(RgPatternSet *set, const RgPatternSet *other)
{
    for (guint i = 0; i < other->patterns->len; i++) {
        const RgPattern *src = &g_array_index(other->patterns, RgPattern, i);
        RgPattern pat = {
            .name = g_strdup(src->name),
            .source = g_strdup(src->source),
            .where = g_strdup(src->where),
        };

        g_array_append_val(set->patterns, pat);
    }
}

/* jit - JIT-compile; an optimisation only: the interpreter is used if it
 * fails or when REPLYGUARD_NO_JIT is set (memory checkers cannot follow
 * JIT code) */
static void jit(pcre2_code *code)
{
    if (g_getenv("REPLYGUARD_NO_JIT") == NULL)
        (void) pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
}

/* options_of - PCRE2 options for a set built with flags */
static guint32 options_of(guint flags)
{
    guint32 options = RG_BASE_OPTIONS;

    if (!(flags & RG_PATTERN_CASE))
        options |= PCRE2_CASELESS;
    if (flags & RG_PATTERN_ANCHORED)
        options |= PCRE2_ANCHORED;
    return options;
}

/* rg_pattern_set_build - compile each pattern, and all joined in one
 * alternation */
gboolean rg_pattern_set_build(RgPatternSet *set, guint flags, GError **error)
{
    g_autoptr(GString) joined = g_string_new(NULL);
    const guint32 options = options_of(flags);
    guint group = 1;

    set->flags = flags;
    set->prefiltered = FALSE;
    set->remembered = !(flags & RG_PATTERN_ANCHORED);
    pcre2_code_free(set->code);
    set->code = NULL;
    set->captures = 0;
    if (set->patterns->len == 0)
        return TRUE;

    for (guint i = 0; i < set->patterns->len; i++) {
        RgPattern *pat = &g_array_index(set->patterns, RgPattern, i);
        /* the offset limit bounds a search to a window of starts */
        pcre2_code *one = compile_one(pat->source,
                                      options | PCRE2_USE_OFFSET_LIMIT,
                                      pat->where, error);
        uint32_t inner = 0;

        if (one == NULL)
            return FALSE;
        pcre2_pattern_info(one, PCRE2_INFO_CAPTURECOUNT, &inner);
        jit(one);
        pcre2_code_free(pat->code);
        g_clear_pointer(&pat->pieces, g_array_unref);
        pat->code = one;
        pat->group = group;
        group += 1 + inner;
        pat->remembered = !(flags & RG_PATTERN_ANCHORED) &&
            !offset_bound(pat->source);
        (void) rg_needs_read(pat->source, &pat->needs);
        pat->repeat = FALSE;
        for (guint j = 0; j < i && !pat->repeat; j++)
            pat->repeat = strcmp(g_array_index(set->patterns, RgPattern,
                                               j).source, pat->source) == 0;
        set->remembered = set->remembered && pat->remembered;
        g_string_append_printf(joined, "%s(%s)", i ? "|" : "", pat->source);
    }
    /* the alternation is an optimisation for short subjects; a set too
     * large to join is searched pattern by pattern */
    set->code = compile_one(joined->str, options, "combined pattern set",
                            NULL);
    set->captures = set->code ? group - 1 : 0;
    if (set->code)
        jit(set->code);
    return TRUE;
}

/* rg_pattern_set_size - number of patterns */
guint rg_pattern_set_size(const RgPatternSet *set)
{
    return set->patterns->len;
}

/* rg_pattern_set_name - the policy key of pattern i (borrowed) */
const char *rg_pattern_set_name(const RgPatternSet *set, guint pattern)
{
    g_return_val_if_fail(pattern < set->patterns->len, "");
    return g_array_index(set->patterns, RgPattern, pattern).name;
}

/* rg_pattern_set_captures - capture groups of the combined code */
guint rg_pattern_set_captures(const RgPatternSet *set)
{
    return set->captures;
}

/* top_branches - the branches of source when it is an alternation at
 * its top, else NULL; NULL too for what a branch cannot stand alone
 * without (inline options, \Q...\E).  Caller unrefs. */
static GPtrArray *top_branches(const char *source)
{
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
    const char *start = source;
    guint depth = 0;
    gboolean in_class = FALSE;

    for (const char *c = source; *c; c++) {
        if (c[0] == '\\') {
            if (c[1] == 'Q' || c[1] == 'E' || c[1] == '\0')
                return NULL;
            c++;
        } else if (in_class) {
            if (c[0] == '[' && c[1] == ':') {
                const char *end = strstr(c + 2, ":]");

                if (end == NULL)
                    return NULL;
                c = end + 1;
            } else
                in_class = c[0] != ']';
        } else if (c[0] == '[') {
            in_class = TRUE;
            if (c[1] == '^')
                c++;
            if (c[1] == ']')
                c++;
        } else if (c[0] == '(') {
            if (c[1] == '?' && (g_ascii_isalpha(c[2]) || c[2] == '^' ||
                                c[2] == '-' || c[2] == '('))
                if (c[2] != 'P')
                    return NULL;        /* options, conditions */
            if (c[1] == '*')
                return NULL;            /* (*VERB) */
            depth++;
        } else if (c[0] == ')') {
            if (depth == 0)
                return NULL;
            depth--;
        } else if (c[0] == '|' && depth == 0) {
            g_ptr_array_add(out, g_strndup(start, (gsize) (c - start)));
            start = c + 1;
        }
    }
    if (out->len == 0 || depth != 0 || in_class)
        return NULL;
    g_ptr_array_add(out, g_strdup(start));
    return g_steal_pointer(&out);
}

/* split - search pat branch by branch when it has no atoms and a branch
 * has (its alternation then runs on every text otherwise) */
static void split(const RgPatternSet *set, RgPattern *pat, RgPrefilter *pf)
{
    g_autoptr(GPtrArray) branches = NULL;
    g_autofree guint *ids = NULL;
    gboolean any = FALSE;

    if (!rg_prefilter_unscreened(pf, pat->pf_id) ||
        (branches = top_branches(pat->source)) == NULL)
        return;
    /* a branch without atoms is an entry that is always searched */
    ids = g_new(guint, branches->len);
    for (guint i = 0; i < branches->len; i++) {
        ids[i] = rg_prefilter_add(pf, branches->pdata[i], set->flags);
        any = any || !rg_prefilter_unscreened(pf, ids[i]);
    }
    if (!any)
        return;
    pat->pieces = g_array_new(FALSE, TRUE, sizeof(Piece));
    g_array_set_clear_func(pat->pieces, clear_piece);
    for (guint i = 0; i < branches->len; i++) {
        const char *branch = branches->pdata[i];
        Piece piece = {
            compile_one(branch, options_of(set->flags) | PCRE2_USE_OFFSET_LIMIT,
                        pat->where, NULL),
            ids[i],
            !(set->flags & RG_PATTERN_ANCHORED) && !offset_bound(branch),
            {{0}, RG_NEEDS_NONE, 0},
        };

        (void) rg_needs_read(branch, &piece.needs);

        if (piece.code == NULL) {
            /* it compiled as a whole: keep the whole */
            g_clear_pointer(&pat->pieces, g_array_unref);
            return;
        }
        jit(piece.code);
        g_array_append_val(pat->pieces, piece);
    }
}

/* rg_pattern_set_prefilter - give every pattern of a built set its id
 * in a prefilter (before the prefilter is built) */
void rg_pattern_set_prefilter(RgPatternSet *set, RgPrefilter *pf)
{
    for (guint i = 0; i < set->patterns->len; i++) {
        RgPattern *pat = &g_array_index(set->patterns, RgPattern, i);

        pat->pf_id = rg_prefilter_add(pf, pat->source, set->flags);
        split(set, pat, pf);
    }
    set->prefiltered = TRUE;
}

/* rg_matcher_new - per-scan match state with limits (0 keeps PCRE2's
 * default) and, with a built prefilter pf, its scan state */
RgMatcher *rg_matcher_new(guint captures, guint32 match_limit,
                          guint32 depth_limit, const RgPrefilter *pf)
{
    RgMatcher *m = g_new0(RgMatcher, 1);

    if (rg_prefilter_enabled(pf))
        m->scan = rg_prefilter_scan_new(pf);
    m->data = pcre2_match_data_create(captures + 1, NULL);
    m->context = pcre2_match_context_create(NULL);
    if (m->data == NULL || m->context == NULL)
        g_error("out of memory creating PCRE2 match data");
    if (match_limit > 0)
        pcre2_set_match_limit(m->context, match_limit);
    if (depth_limit > 0)
        pcre2_set_depth_limit(m->context, depth_limit);
    pcre2_set_heap_limit(m->context, RG_HEAP_LIMIT_KIB);
    return m;
}

/* rg_matcher_free - accepts NULL */
void rg_matcher_free(RgMatcher *matcher)
{
    if (matcher == NULL)
        return;
    pcre2_match_data_free(matcher->data);
    pcre2_match_context_free(matcher->context);
    rg_prefilter_scan_free(matcher->scan);
    for (guint i = 0; i < RG_STABLE_MAX; i++)
        g_free(matcher->stable[i].memo.slots);
    g_free(matcher);
}

/* rg_matcher_reset - as new, for the next message: no stable texts, no
 * texts scanned, counts at zero (the tables and buffers are kept) */
void rg_matcher_reset(RgMatcher *matcher)
{
    matcher->n_stable = 0;     /* (each memo cleared when used again) */
    matcher->searches = matcher->skipped = 0;
    rg_prefilter_scan_reset(matcher->scan);
}

/* rg_matcher_searches - pattern searches run and skipped since the
 * last reset (searches of a whole set at once count as one run) */
guint rg_matcher_searches(const RgMatcher *matcher, guint *skipped)
{
    *skipped = matcher->skipped;
    return matcher->searches;
}

/* memo_of - the memo table of text[0, len) if it is a stable text */
static MemoTable *memo_of(RgMatcher *m, const char *text, gsize len)
{
    for (guint i = 0; i < m->n_stable; i++)
        if (m->stable[i].text == text && m->stable[i].len == len)
            return &m->stable[i].memo;
    return NULL;
}

/* rg_matcher_stable - remember the searches of text[0, len) from now on;
 * the text must stay in place, unchanged, as long as the matcher lives */
void rg_matcher_stable(RgMatcher *matcher, const char *text, gsize len)
{
    if (matcher->n_stable == RG_STABLE_MAX || memo_of(matcher, text, len))
        return;
    matcher->stable[matcher->n_stable].text = text;
    matcher->stable[matcher->n_stable].len = len;
    memo_clear(&matcher->stable[matcher->n_stable].memo);
    matcher->n_stable++;
}

/* rg_matcher_prefilter - scan a text with the prefilter, for every
 * pattern or (body) for the RG_PATTERN_BODY sets' only, so searches
 * within it skip the patterns that cannot match, and remember searches
 * of the whole text (rg_matcher_stable); the text must be valid UTF-8 */
void rg_matcher_prefilter(RgMatcher *matcher, const char *text, gsize len,
                          gboolean body)
{
    if (matcher->scan)
        rg_prefilter_scan_text(matcher->scan, text, len, body);
    rg_matcher_stable(matcher, text, len);
}

/* recalled - what an earlier search of code in this text says about a
 * search from offset: 1 (match filled) or 0 (none); -1 when it says
 * nothing and PCRE2 must run */
static int recalled(MemoTable *memo, const pcre2_code *code, gsize offset,
                    RgMatch *match)
{
    const Memo *r = memo ? memo_find(memo, code) : NULL;

    if (r == NULL || offset < r->from || (r->found && offset > r->match.start))
        return -1;
    if (r->found)
        *match = r->match;
    return r->found ? 1 : 0;
}

/* remember - the outcome of a search of code from offset (match NULL:
 * none) */
static void remember(MemoTable *memo, const pcre2_code *code, gsize offset,
                     const RgMatch *match)
{
    Memo *r;

    if (memo == NULL)
        return;
    r = memo_put(memo, code);
    r->from = offset;
    r->found = match != NULL;
    if (match)
        r->match = *match;
}

/* match_failed - a PCRE2 error of pattern pat as a GError naming where
 * the pattern stands and what it is for; returns -1 */
static int match_failed(int rc, const RgPattern *pat, GError **error)
{
    PCRE2_UCHAR msg[256];

    pcre2_get_error_message(rc, msg, sizeof msg);
    g_set_error(error, RG_ERROR, RG_ERROR_LIMIT,
                "regex match failed in %s (%s): %s", pat->where, pat->name,
                (const char *) msg);
    return -1;
}

/* search_one - the leftmost match of one pattern from offset: 1 (match
 * filled), 0, or PCRE2's error code; in the prefilter's windows only
 * when the set is prefiltered (an anchored pattern, at offset, only when
 * the first window starts there) */
static int search_one(const RgPatternSet *set, const pcre2_code *code,
                      guint pf_id, RgMatcher *matcher, const char *text,
                      gsize len, gsize offset, RgMatch *match)
{
    const RgPrefilterScan *scan = set->prefiltered ? matcher->scan : NULL;
    const gboolean anchored = (set->flags & RG_PATTERN_ANCHORED) != 0;
    gsize from = offset, lo, hi;
    gboolean any = FALSE;
    int rc = PCRE2_ERROR_NOMATCH;

    while (rc == PCRE2_ERROR_NOMATCH && (!anchored || !any) &&
           rg_prefilter_window(scan, pf_id, text, len, from, &lo, &hi)) {
        if (anchored && lo > offset)
            break;              /* no match can start at offset */
        if (anchored)
            lo = hi = len;      /* at offset, with no limit */
        any = TRUE;
        matcher->searches++;
        if (hi < len)
            pcre2_set_offset_limit(matcher->context, hi);
        rc = pcre2_match(code, (PCRE2_SPTR) text, len,
                         anchored ? offset : lo, 0, matcher->data,
                         matcher->context);
        if (hi < len)
            pcre2_set_offset_limit(matcher->context, PCRE2_UNSET);
        from = hi + 1;
    }
    if (!any)
        matcher->skipped++;
    if (rc >= 0) {
        /* rc == 0: matched, the ovector only holds fewer groups */
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(matcher->data);

        match->start = ov[0];
        match->end = ov[1];
        return 1;
    }
    return rc == PCRE2_ERROR_NOMATCH ? 0 : rc;
}

/* search_remembered - search_one through the memo (NULL: none), passed
 * over (and remembered so) where the rest of the text holds none of the
 * bytes the matches need */
static int search_remembered(const RgPatternSet *set, const pcre2_code *code,
                             guint pf_id, const RgNeeds *needs,
                             MemoTable *memo, RgMatcher *matcher,
                             const char *text, gsize len, gsize offset,
                             RgMatch *match)
{
    int rc = recalled(memo, code, offset, match);

    if (rc >= 0)
        return rc;
    if (!rg_needs_met(needs, text + offset, len - offset)) {
        matcher->skipped++;
        remember(memo, code, offset, NULL);
        return 0;
    }
    rc = search_one(set, code, pf_id, matcher, text, len, offset, match);
    if (rc >= 0)
        remember(memo, code, offset, rc ? match : NULL);
    return rc;
}

/* search_pattern - the leftmost match of one pattern: of its pieces when
 * it has them, the leftmost, at equal starts the earliest (as its
 * alternation would); 1 (match filled), 0 or PCRE2's error code */
static int search_pattern(const RgPatternSet *set, const RgPattern *pat,
                          MemoTable *memo, const RgPrefilterScreen *screen,
                          RgMatcher *matcher, const char *text, gsize len,
                          gsize offset, RgMatch *match)
{
    gboolean found = FALSE;

    if (pat->pieces == NULL && !rg_prefilter_may(screen, pat->pf_id)) {
        matcher->skipped++;
        return 0;
    }
    if (pat->pieces == NULL)
        return search_remembered(set, pat->code, pat->pf_id, &pat->needs,
                                 pat->remembered ? memo : NULL, matcher, text,
                                 len, offset, match);
    for (guint i = 0; i < pat->pieces->len; i++) {
        const Piece *piece = &g_array_index(pat->pieces, Piece, i);
        RgMatch one = *match;

        if (!rg_prefilter_may(screen, piece->pf_id)) {
            matcher->skipped++;
            continue;
        }
        const int rc = search_remembered(set, piece->code, piece->pf_id,
                                         &piece->needs,
                                         piece->remembered ? memo : NULL,
                                         matcher, text, len, offset, &one);

        if (rc < 0)
            return rc;
        if (rc == 1 && (!found || one.start < match->start)) {
            found = TRUE;
            *match = one;
            if (match->start == offset)
                break;          /* nothing can start earlier */
        }
    }
    return found ? 1 : 0;
}

/* search_each - the leftmost match over the patterns run one by one;
 * at equal starts the earliest pattern wins, as in the alternation */
static int search_each(const RgPatternSet *set, RgMatcher *matcher,
                       const char *text, gsize len, gsize offset,
                       RgMatch *match, GError **error)
{
    MemoTable *memo = memo_of(matcher, text, len);
    gboolean found = FALSE;
    RgPrefilterScreen screen;

    rg_prefilter_screen(set->prefiltered ? matcher->scan : NULL, text, len,
                        offset, &screen);
    for (guint i = 0; i < set->patterns->len; i++) {
        const RgPattern *pat = &g_array_index(set->patterns, RgPattern, i);
        RgMatch one = {0, 0, i};
        int rc;

        if (pat->repeat)
            continue;           /* the earlier one wins at equal starts */
        rc = search_pattern(set, pat, memo, &screen, matcher, text, len, offset,
                            &one);
        if (rc < 0)
            return match_failed(rc, pat, error);
        if (rc == 0)
            continue;
        one.pattern = i;
        if (!found || one.start < match->start) {
            found = TRUE;
            *match = one;
            if (match->start == offset)
                break;          /* nothing can start earlier */
        }
    }
    return found ? 1 : 0;
}

/*
 * rg_pattern_set_search - find the first match in text[offset, len)
 *
 * Returns 1 and fills match, 0 when nothing matches (or the set is
 * empty), -1 with error set when PCRE2 fails, e.g. on a match limit.
 */
int rg_pattern_set_search(const RgPatternSet *set, RgMatcher *matcher,
                          const char *text, gsize len, gsize offset,
                          RgMatch *match, GError **error)
{
    MemoTable *memo;
    int rc;
    PCRE2_SIZE *ov;
    guint32 ovcount;

    if (set->patterns->len == 0 || offset > len)
        return 0;
    if (set->code == NULL || (set->prefiltered && matcher->scan) ||
        (len - offset >= RG_SPLIT_MIN && set->patterns->len > 1))
        return search_each(set, matcher, text, len, offset, match, error);
    memo = set->remembered ? memo_of(matcher, text, len) : NULL;
    rc = recalled(memo, set->code, offset, match);
    if (rc >= 0)
        return rc;
    matcher->searches++;
    rc = pcre2_match(set->code, (PCRE2_SPTR) text, len, offset, 0,
                     matcher->data, matcher->context);
    if (rc == PCRE2_ERROR_NOMATCH) {
        remember(memo, set->code, offset, NULL);
        return 0;
    }
    if (rc < 0) {
        /* the alternation failed as a whole: the patterns one by one name
         * the one that fails */
        if (search_each(set, matcher, text, len, offset, match, error) < 0)
            return -1;
        return match_failed(rc, &g_array_index(set->patterns, RgPattern, 0),
                            error);
    }
    ov = pcre2_get_ovector_pointer(matcher->data);
    ovcount = pcre2_get_ovector_count(matcher->data);
    match->start = ov[0];
    match->end = ov[1];
    match->pattern = 0;
    for (guint i = 0; i < set->patterns->len; i++) {
        guint g = g_array_index(set->patterns, RgPattern, i).group;

        if (g < ovcount && ov[2 * g] != PCRE2_UNSET) {
            match->pattern = i;
            break;
        }
    }
    remember(memo, set->code, offset, match);
    return 1;
}
