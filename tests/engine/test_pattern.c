/*
 * test_pattern.c - pattern sets: joined matching, errors, limits
 */
#include <string.h>

#include "rg_pattern.h"
#include "rg_test_util.h"

/* built - a set of the given patterns, built with flags */
static RgPatternSet *built(guint flags, const char *const *patterns)
{
    RgPatternSet *set = rg_pattern_set_new();
    GError *error = NULL;

    for (int i = 0; patterns[i]; i++) {
        g_autofree char *name = g_strdup_printf("p%d", i);

        if (!rg_pattern_set_add(set, name, patterns[i], "test", &error))
            fail_msg("%s", error->message);
    }
    if (!rg_pattern_set_build(set, flags, &error))
        fail_msg("%s", error->message);
    return set;
}

static void pattern_reports_which_pattern_matched(void **state)
{
    (void) state;
    const char *const pats[] = {"(a)(b)c", "\\bwe\\b", "(?:x|(y))z", NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgMatcher) m = rg_matcher_new(rg_pattern_set_captures(set), 0, 0, NULL);
    const char *text = "so We did yz and abc";
    RgMatch match;

    assert_int_equal(rg_pattern_set_search(set, m, text, strlen(text), 0,
                                           &match, NULL), 1);
    assert_int_equal(match.pattern, 1);        /* caseless "We" */
    assert_int_equal(match.start, 3);
    assert_int_equal(rg_pattern_set_search(set, m, text, strlen(text),
                                           match.end, &match, NULL), 1);
    assert_int_equal(match.pattern, 2);
    assert_int_equal(rg_pattern_set_search(set, m, text, strlen(text),
                                           match.end, &match, NULL), 1);
    assert_int_equal(match.pattern, 0);
    assert_string_equal(rg_pattern_set_name(set, 0), "p0");
}

/* walk - every match of set in text, one search after the other, as the
 * rules walk a text; "start:end:pattern " each */
static GString *walk(const RgPatternSet *set, RgMatcher *m, const char *text,
                     gsize len)
{
    GString *out = g_string_new(NULL);
    RgMatch match;
    gsize offset = 0;

    while (offset <= len &&
           rg_pattern_set_search(set, m, text, len, offset, &match, NULL) == 1) {
        g_string_append_printf(out, "%zu:%zu:%u ", match.start, match.end,
                               match.pattern);
        offset = match.end > match.start ? match.end : match.end + 1;
    }
    return out;
}

static void pattern_walk_of_a_stable_text_runs_each_pattern_once(void **state)
{
    (void) state;
    /* a sentence that matches 200 times, and a pattern that never does:
     * every search of the walk used to run it again over the rest */
    const char *const pats[] = {"\\bsorry\\b", "(?:^|[.!?]\\s+)sorry\\s+for\\b",
                                NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgMatcher) m = rg_matcher_new(rg_pattern_set_captures(set), 0, 0,
                                            NULL);
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(GString) once = NULL;
    g_autoptr(GString) again = NULL;
    guint skipped, runs;

    for (int i = 0; i < 200; i++)
        g_string_append(text, "I am sorry that the parcel was late. ");
    rg_matcher_stable(m, text->str, text->len);
    once = walk(set, m, text->str, text->len);
    runs = rg_matcher_searches(m, &skipped);
    /* 200 matches of the first pattern and its last miss, one run of
     * the second */
    assert_int_equal(runs, 202);
    assert_int_equal(strlen(once->str) > 0, 1);
    {
        /* the same walk over a copy nobody declared stable: same matches */
        g_autoptr(RgMatcher) plain = rg_matcher_new(rg_pattern_set_captures(set),
                                                    0, 0, NULL);
        g_autofree char *copy = g_strdup(text->str);

        again = walk(set, plain, copy, text->len);
        assert_string_equal(once->str, again->str);
        assert_true(rg_matcher_searches(plain, &skipped) > 300);
    }
}

static void pattern_memo_keeps_offset_bound_results(void **state)
{
    (void) state;
    /* \K reports a match later than where it was tried, \G only at the
     * offset, an anchored set only there: each walks the same with and
     * without a stable text */
    const char *const kpats[] = {"ab\\Kc", "\\Gx", NULL};
    const char *const apats[] = {"x", NULL};
    g_autoptr(RgPatternSet) kset = built(0, kpats);
    g_autoptr(RgPatternSet) aset = built(RG_PATTERN_ANCHORED, apats);
    const char *text = "xxabcabcxabc";
    const gsize len = strlen(text);
    g_autoptr(RgMatcher) m = rg_matcher_new(4, 0, 0, NULL);
    g_autoptr(RgMatcher) plain = rg_matcher_new(4, 0, 0, NULL);
    g_autofree char *copy = g_strdup(text);
    RgMatch match;

    rg_matcher_stable(m, text, len);
    {
        g_autoptr(GString) a = walk(kset, m, text, len);
        g_autoptr(GString) b = walk(kset, plain, copy, len);

        assert_string_equal(a->str, b->str);
        assert_string_equal(a->str, "0:1:1 1:2:1 4:5:0 7:8:0 8:9:1 11:12:0 ");
    }
    /* from 3 the \K match at 4 was tried at 2: not there any more */
    assert_int_equal(rg_pattern_set_search(kset, m, text, len, 3, &match,
                                           NULL), 1);
    assert_int_equal(match.start, 7);
    assert_int_equal(rg_pattern_set_search(aset, m, text, len, 0, &match,
                                           NULL), 1);
    assert_int_equal(rg_pattern_set_search(aset, m, text, len, 2, &match,
                                           NULL), 0);
    assert_int_equal(rg_pattern_set_search(aset, m, text, len, 8, &match,
                                           NULL), 1);
}

/* same_as_whole - at every offset of text, set searched with pf's windows
 * (the text scanned for every pattern, or for the body's only) finds
 * what a search of the whole rest of the text with ref (set, or the same
 * patterns not given to a prefilter) finds; how many it found, and
 * (*fewer) whether the prefilter skipped searches outright */
static guint same_as_whole(const RgPatternSet *set, const RgPrefilter *pf,
                           const RgPatternSet *ref, const GString *text,
                           gboolean body, gboolean *fewer)
{
    g_autofree char *copy = g_strdup(text->str);
    g_autoptr(RgMatcher) windowed = rg_matcher_new(
        rg_pattern_set_captures(set), 0, 0, pf);
    g_autoptr(RgMatcher) whole = rg_matcher_new(
        rg_pattern_set_captures(ref), 0, 0, NULL);
    guint found = 0, skipped = 0;

    rg_matcher_prefilter(windowed, text->str, text->len, body);
    rg_matcher_stable(whole, copy, text->len);  /* both remember */
    for (gsize offset = 0; offset <= text->len; offset++) {
        RgMatch a = {0}, b = {0};
        const int ra = rg_pattern_set_search(set, windowed, text->str,
                                             text->len, offset, &a, NULL);
        const int rb = rg_pattern_set_search(ref, whole, copy, text->len,
                                             offset, &b, NULL);

        if (ra != rb || (ra == 1 && (a.start != b.start ||
                                     a.end != b.end ||
                                     a.pattern != b.pattern)))
            fail_msg("%zu bytes, offset %zu (body %d): %d %zu-%zu p%u, whole "
                     "search %d %zu-%zu p%u", text->len, offset, body, ra,
                     a.start, a.end, a.pattern, rb, b.start, b.end, b.pattern);
        found += ra == 1;
    }
    (void) rg_matcher_searches(windowed, &skipped);
    *fewer = skipped > 0;
    return found;
}

static void pattern_prefilter_windows_find_what_a_whole_search_finds(void **state)
{
    (void) state;
    /* bounded patterns searched in windows around their atoms, against a
     * text with long runs of whitespace (ASCII and beyond), of
     * punctuation, a long address and lines: at every offset, the same
     * match as a search of the whole rest of the text */
    const char *const pats[] = {
        "\\bi\\s+am\\s+(?:\\w+\\s+){0,2}?sorry\\b",
        "\\bnot\\s+up\\s+to\\s+me\\b",
        "[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+",
        "(?:^|[.!?]\\s+)sorry\\s+for\\b",
        "\\bzespół\\s+obsługi\\b",
        /* atoms that start the match: windows a few bytes wide */
        "\\b(?:sorry|apologies)\\b[^.!?]{0,70}?\\bbut\\b",
        /* runs of what is not a word character bound these */
        "\\bground[\\s-]+handling\\s+(?:\\w+\\s+)?failed\\b",
        "\\bsee\\W+our\\W+website\\b",
        NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgPatternSet) body_set = built(RG_PATTERN_BODY, pats);
    g_autoptr(RgPrefilter) pf = rg_prefilter_new();
    g_autoptr(RgPrefilter) pf_body = rg_prefilter_new();
    const char *const wordy_pats[] = {pats[0], pats[1], pats[3], pats[4],
                                      pats[5], pats[6], pats[7], NULL};
    g_autoptr(RgPatternSet) wordy = built(0, wordy_pats);
    g_autoptr(RgPrefilter) pf_wordy = rg_prefilter_new();
    g_autoptr(GString) text = g_string_new(NULL);
    gboolean fewer = FALSE;

    rg_pattern_set_prefilter(set, pf);
    assert_true(rg_prefilter_build(pf, NULL));
    rg_pattern_set_prefilter(body_set, pf_body);
    assert_true(rg_prefilter_build(pf_body, NULL));
    rg_pattern_set_prefilter(wordy, pf_wordy);
    assert_true(rg_prefilter_build(pf_wordy, NULL));
    g_string_append(text, "I");
    for (int i = 0; i < 300; i++)
        g_string_append_c(text, ' ');
    g_string_append(text, "am sorry. I\xc2\xa0\xe3\x80\x80" "am\xe2\x80\x83"
                    "truly   sorry! Sorry\n\n\n\n for that. ");
    for (int i = 0; i < 40; i++)
        g_string_append(text, "The parcel is late, I am not sure why. ");
    g_string_append(text, "not\n\n\n\n\n\t up  to\n me. Write to ");
    for (int i = 0; i < 500; i++)
        g_string_append_c(text, 'a' + i % 26);
    g_string_append(text, ".x+y@shop-example.co.uk or ZESPÓŁ\n   OBSŁUGI.\n"
                    "Sorry about the wait, but the ground");
    for (int i = 0; i < 37; i++)
        g_string_append(text, i % 3 ? " -" : "\n");
    g_string_append(text, "handling agent failed. Please see ");
    for (int i = 0; i < 123; i++)
        g_string_append_c(text, " -,;:'\"()\xe2\x80\x94"[i % 11]);
    g_string_append(text, "our --- website, sorry; apologies... but no.\n");
    /* with Vectorscan searches with no atom in range were skipped */
    assert_true(same_as_whole(set, pf, set, text, FALSE, &fewer) > 0);
    assert_true(fewer || !rg_prefilter_enabled(pf));
    assert_true(same_as_whole(body_set, pf_body, body_set, text, TRUE,
                              &fewer) > 0);
    assert_true(fewer || !rg_prefilter_enabled(pf_body));
    /* scanned for the body's patterns only: the others all run (those
     * that need no byte, every pattern but the address, at every
     * offset) */
    assert_true(same_as_whole(set, pf, set, text, TRUE, &fewer) > 0);
    assert_true(same_as_whole(wordy, pf_wordy, wordy, text, TRUE, &fewer) > 0);
    assert_false(fewer);
}

/* runs of whitespace, word characters and other characters past ASCII
 * are the longest in these texts, at every alignment: the windows they
 * bound still hold the matches */
static void pattern_prefilter_runs_past_ascii_bound_windows(void **state)
{
    (void) state;
    const char *const pats[] = {
        "\\bi\\s+am\\s+sorry\\b", "\\bdear\\W+ann\\b",
        "\\bza\\w+\\s+opóźnienie\\b", NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgPrefilter) pf = rg_prefilter_new();
    gboolean fewer = FALSE;

    rg_pattern_set_prefilter(set, pf);
    assert_true(rg_prefilter_build(pf, NULL));
    for (int shift = 0; shift < 16; shift++) {
        g_autoptr(GString) text = g_string_new(NULL);

        for (int i = 0; i < shift; i++)
            g_string_append_c(text, 'x');
        g_string_append(text, " I");
        for (int i = 0; i < 30; i++)
            g_string_append(text, "\xe3\x80\x80");  /* IDEOGRAPHIC SPACE */
        g_string_append(text, "am");
        for (int i = 0; i < 20; i++)
            g_string_append(text, "\xe2\x80\x83");  /* EM SPACE */
        g_string_append(text, "sorry. Dear");
        for (int i = 0; i < 30; i++)
            g_string_append(text, "\xe2\x80\x94");  /* EM DASH */
        g_string_append(text, "ann. za");
        for (int i = 0; i < 25; i++)
            g_string_append(text, "ż");
        g_string_append(text, " opóźnienie.");
        for (int i = 0; i < 100; i++)
            g_string_append(text, " ann, dear am sorry");
        assert_int_equal(same_as_whole(set, pf, set, text, FALSE, &fewer) > 0,
                         TRUE);
    }
}

/* a match that starts with its pattern's shortest atom starts at the
 * atom's end less its length: the window holds that start */
static void pattern_prefilter_window_holds_a_match_at_its_atom(void **state)
{
    (void) state;
    const char *const pats[] = {"\\b(?:sorry|apologies)\\b[^.]{0,20}\\bbut\\b",
                                NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgPrefilter) pf = rg_prefilter_new();
    g_autoptr(GString) text = g_string_new("x sorry, but y. Apologies but z.");
    gboolean fewer = FALSE;

    rg_pattern_set_prefilter(set, pf);
    assert_true(rg_prefilter_build(pf, NULL));
    assert_int_equal(same_as_whole(set, pf, set, text, FALSE, &fewer), 17);
}

/* a match holds an atom of its pattern's second set too: windows with
 * none where a match could hold it are not searched, and the matches are
 * those of a whole search, the second atom at the longest reach
 * included */
static void pattern_prefilter_second_set_passes_windows_over(void **state)
{
    (void) state;
    const char *const pats[] = {
        "\\bsorry\\b[^.!?]{0,20}?\\bbut\\b",
        "\\bthe\\s+(?:\\w+\\s+)?contract\\s+(?:says|states)\\b",
        NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgPrefilter) pf = rg_prefilter_new();
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(RgMatcher) m = NULL;
    RgMatch match = {0};
    guint searches, skipped = 0, found = 0;
    gboolean fewer = FALSE;

    rg_pattern_set_prefilter(set, pf);
    assert_true(rg_prefilter_build(pf, NULL));
    for (int i = 0; i < 30; i++)
        g_string_append(text, "Sorry for the wait. The contract is clear. ");
    /* "but" ends exactly at the longest match, then one byte past it */
    g_string_append(text, "sorry, xxxxxxxxxxxxxxxxx but sorry, "
                    "xxxxxxxxxxxxxxxxxx but. The new contract states so, "
                    "the contract\n   says so");
    for (int i = 0; i < 30; i++)
        g_string_append(text, " Sorry. The contract, no.");
    assert_true(same_as_whole(set, pf, set, text, FALSE, &fewer) > 0);
    if (!rg_prefilter_enabled(pf))
        return;
    /* a walk of the text: the windows of sixty "sorry" and "contract"
     * without a "but", "says" or "states" are not searched */
    m = rg_matcher_new(rg_pattern_set_captures(set), 0, 0, pf);
    rg_matcher_prefilter(m, text->str, text->len, FALSE);
    for (gsize at = 0; rg_pattern_set_search(set, m, text->str, text->len, at,
                                             &match, NULL) == 1;
         at = match.end)
        found++;
    searches = rg_matcher_searches(m, &skipped);
    assert_int_equal(found, 3);
    assert_true(searches <= 12);
}

/* windows come from whichever set's cover fewer bytes of the text: a text
 * full of "website" and with one "the" is searched from the "the" (the
 * second set, its own literal lengths and lead), and finds at every
 * offset what a whole search finds */
static void pattern_prefilter_rarer_set_drives_the_windows(void **state)
{
    (void) state;
    const char *const pats[] = {
        "\\b(?:the|our)\\s+(?:\\w+\\s+){0,2}?(?:website|portal)\\b", NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgPrefilter) pf = rg_prefilter_new();
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(RgMatcher) m = NULL;
    RgMatch match = {0};
    guint searches, skipped = 0;
    gboolean fewer = FALSE;

    rg_pattern_set_prefilter(set, pf);
    assert_true(rg_prefilter_build(pf, NULL));
    for (int i = 0; i < 40; i++)
        g_string_append(text, "website, portal; ");
    g_string_append(text, "see the  new\n shop   website.");
    for (int i = 0; i < 40; i++)
        g_string_append(text, " portal, website.");
    assert_true(same_as_whole(set, pf, set, text, FALSE, &fewer) > 0);
    if (!rg_prefilter_enabled(pf))
        return;
    m = rg_matcher_new(rg_pattern_set_captures(set), 0, 0, pf);
    rg_matcher_prefilter(m, text->str, text->len, FALSE);
    assert_int_equal(rg_pattern_set_search(set, m, text->str, text->len, 0,
                                           &match, NULL), 1);
    assert_int_equal(match.start, strstr(text->str, "the ") - text->str);
    assert_int_equal(rg_pattern_set_search(set, m, text->str, text->len,
                                           match.end, &match, NULL), 0);
    searches = rg_matcher_searches(m, &skipped);
    assert_true(searches <= 2);
}

/* same_search - a search of set in text[0, len) from offset with a
 * prefiltered matcher finds what one in copy without a prefilter finds */
static void same_search(const RgPatternSet *set, RgMatcher *windowed,
                        RgMatcher *whole, const char *text, const char *copy,
                        gsize len, gsize offset)
{
    RgMatch a = {0}, b = {0};
    const int ra = rg_pattern_set_search(set, windowed, text, len, offset,
                                         &a, NULL);
    const int rb = rg_pattern_set_search(set, whole, copy, len, offset, &b,
                                         NULL);

    if (ra != rb || (ra == 1 && (a.start != b.start || a.end != b.end ||
                                 a.pattern != b.pattern)))
        fail_msg("%zu bytes, offset %zu: %d %zu-%zu p%u, without the "
                 "prefilter %d %zu-%zu p%u", len, offset, ra, a.start, a.end,
                 a.pattern, rb, b.start, b.end, b.pattern);
}

/* searches of one line of a scanned text, by the line's own start and
 * length or by the text's start with the line's end, find at every
 * offset what searches without the prefilter find; a line holding no
 * atom of a pattern passes it over */
static void pattern_prefilter_lines_of_a_scanned_text(void **state)
{
    (void) state;
    const char *const pats[] = {
        "\\bkind\\s+regards\\b", "\\bbest\\s+wishes\\b",
        "\\b(?:sorry|apologies)\\b[^.]{0,20}\\bbut\\b", NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgPrefilter) pf = rg_prefilter_new();
    const char *text = "Dear Ann,\nsorry, but not yet. Best wishes\n"
        "Kind  regards,\nAnn Lee, sorry\n\nbest\twishes but kind regards\n";
    g_autofree char *copy = g_strdup(text);
    const gsize len = strlen(text);
    g_autoptr(RgMatcher) windowed = NULL;
    g_autoptr(RgMatcher) whole = NULL;
    guint skipped = 0;

    rg_pattern_set_prefilter(set, pf);
    assert_true(rg_prefilter_build(pf, NULL));
    windowed = rg_matcher_new(rg_pattern_set_captures(set), 0, 0, pf);
    whole = rg_matcher_new(rg_pattern_set_captures(set), 0, 0, NULL);
    rg_matcher_prefilter(windowed, text, len, FALSE);
    for (gsize a = 0, b; a < len; a = b + 1) {
        b = (gsize) (strchr(text + a, '\n') - text);
        for (gsize from = a; from <= b; from++) {
            same_search(set, windowed, whole, text + a, copy + a, b - a,
                        from - a);
            same_search(set, windowed, whole, text, copy, b, from);
        }
    }
    (void) rg_matcher_searches(windowed, &skipped);
    assert_true(skipped > 0 || !rg_prefilter_enabled(pf));
}

/* a pattern without atoms that is an alternation at its top is searched
 * branch by branch: the same matches, and the same pattern reported, as
 * the alternation searched whole, at every offset, anchored or not; the
 * branches with atoms are skipped where their atoms are not */
static void pattern_prefilter_branches_match_as_the_alternation(void **state)
{
    (void) state;
    const char *const pats[] = {
        "\\bsorry\\b",
        "\\b(?:zespół|obsługa|dział)\\b|\\bsp\\.\\s*z\\s*o\\.?\\s*o|\\bTU\\b|(?:ab|abc)d|[|(]x|\\bdział\\s+\\w+",
        "\\bd\\.\\s*o\\.\\s*o\\b|\\bobrt\\b",
        NULL};
    g_autoptr(GString) text = g_string_new(
        "TU zespół x Sorry Dział obsługi sp. z o.o. abcd abd |x (x d. o. o obrt\n");

    for (int anchored = 0; anchored <= 1; anchored++) {
        const guint flags = anchored ? RG_PATTERN_ANCHORED : 0;
        g_autoptr(RgPatternSet) set = built(flags, pats);
        g_autoptr(RgPatternSet) whole = built(flags, pats);
        g_autoptr(RgPrefilter) pf = rg_prefilter_new();

        rg_pattern_set_prefilter(set, pf);
        assert_true(rg_prefilter_build(pf, NULL));
        for (int round = 0; round < 2; round++) {
            gboolean fewer = FALSE;

            assert_true(same_as_whole(set, pf, whole, text, FALSE,
                                      &fewer) > 0);
            assert_true(fewer || !rg_prefilter_enabled(pf));
            /* again past the length searched pattern by pattern */
            while (text->len < 600)
                g_string_append(text, " tu i tam obsługa, abd; x");
        }
    }
}

static void pattern_prefilter_anchored_set_matches_at_the_offset_only(void **state)
{
    (void) state;
    /* an anchored set searched with windows: a window that starts later
     * is not a match at the offset */
    const char *const pats[] = {"sorry\\b", NULL};
    g_autoptr(RgPatternSet) set = built(RG_PATTERN_ANCHORED, pats);
    g_autoptr(RgPrefilter) pf = rg_prefilter_new();
    const char *text = "Re: so sorry, sorry";
    g_autoptr(RgMatcher) m = NULL;
    RgMatch match;

    rg_pattern_set_prefilter(set, pf);
    assert_true(rg_prefilter_build(pf, NULL));
    m = rg_matcher_new(rg_pattern_set_captures(set), 0, 0, pf);
    rg_matcher_prefilter(m, text, strlen(text), FALSE);
    for (gsize offset = 0; offset < strlen(text); offset++) {
        const int rc = rg_pattern_set_search(set, m, text, strlen(text),
                                             offset, &match, NULL);

        assert_int_equal(rc, offset == 7 || offset == 14);
        if (rc == 1)
            assert_int_equal(match.start, offset);
    }
}

static void pattern_prefilter_keeps_odd_case_folds(void **state)
{
    (void) state;
    /* PCRE2 folds the KELVIN SIGN to "k" and LONG S to "s"; the atoms'
     * literals do not spell them, so such a text is searched in full */
    const char *const pats[] = {"\\bkind\\s+regards\\b", "\\bsorry\\b", NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgPrefilter) pf = rg_prefilter_new();
    const char *texts[] = {"x \xe2\x84\xaa" "ind regards", "x \xc5\xbf" "orry"};

    rg_pattern_set_prefilter(set, pf);
    assert_true(rg_prefilter_build(pf, NULL));
    for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
        g_autoptr(RgMatcher) m = rg_matcher_new(rg_pattern_set_captures(set),
                                                0, 0, pf);
        RgMatch match;

        rg_matcher_prefilter(m, texts[i], strlen(texts[i]), FALSE);
        assert_int_equal(rg_pattern_set_search(set, m, texts[i],
                                               strlen(texts[i]), 0, &match,
                                               NULL), 1);
        assert_int_equal(match.start, 2);
    }
}

/* a pattern that repeats an earlier one of the set is not run on its
 * own: the earlier one is reported, as in the alternation, and a long
 * text costs at most one search per distinct pattern */
static void pattern_repeated_source_runs_once(void **state)
{
    (void) state;
    const char *const pats[] = {"\\d{3}-\\d{4}", "[a-z]+@example",
                                "\\d{3}-\\d{4}", NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgMatcher) m = rg_matcher_new(rg_pattern_set_captures(set), 0,
                                            0, NULL);
    g_autoptr(GString) text = g_string_new(NULL);
    RgMatch match = {0};
    guint skipped = 0;

    for (int i = 0; i < 40; i++)
        g_string_append(text, "call us on the number below. ");
    g_string_append(text, "555-0100");
    assert_int_equal(rg_pattern_set_search(set, m, text->str, text->len, 0,
                                           &match, NULL), 1);
    assert_int_equal(match.pattern, 0);
    assert_int_equal(match.start, text->len - 8);
    /* the address is passed over: the text holds no "@" */
    assert_int_equal(rg_matcher_searches(m, &skipped), 1);
    assert_int_equal(skipped, 1);
}

/* a walk of a stable text through a set whose address pattern finds no
 * "@" in it: the address is passed over once, then the memo answers */
static void pattern_missing_needed_byte_is_remembered(void **state)
{
    (void) state;
    const char *const pats[] = {"[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+",
                                "\\bparcel\\b", NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgMatcher) m = rg_matcher_new(rg_pattern_set_captures(set), 0,
                                            0, NULL);
    g_autoptr(GString) text = g_string_new(NULL);
    RgMatch match = {0};
    guint found = 0, skipped = 0;

    for (int i = 0; i < 50; i++)
        g_string_append(text, "the parcel is on its way to you. ");
    rg_matcher_stable(m, text->str, text->len);
    for (gsize at = 0; rg_pattern_set_search(set, m, text->str, text->len, at,
                                             &match, NULL) == 1;
         at = match.end)
        found++;
    (void) rg_matcher_searches(m, &skipped);
    assert_int_equal(found, 50);
    assert_int_equal(skipped, 1);
}

static void pattern_case_flag_and_anchor(void **state)
{
    (void) state;
    const char *const pats[] = {"ABC", NULL};
    g_autoptr(RgPatternSet) cs = built(RG_PATTERN_CASE, pats);
    g_autoptr(RgPatternSet) an = built(RG_PATTERN_ANCHORED, pats);
    g_autoptr(RgMatcher) m = rg_matcher_new(4, 0, 0, NULL);
    RgMatch match;

    assert_int_equal(rg_pattern_set_search(cs, m, "abc", 3, 0, &match, NULL), 0);
    assert_int_equal(rg_pattern_set_search(cs, m, "ABC", 3, 0, &match, NULL), 1);
    assert_int_equal(rg_pattern_set_search(an, m, "xabc", 4, 0, &match, NULL), 0);
    assert_int_equal(rg_pattern_set_search(an, m, "xabc", 4, 1, &match, NULL), 1);
}

static void pattern_bad_regex_names_location_and_offset(void **state)
{
    (void) state;
    g_autoptr(RgPatternSet) set = rg_pattern_set_new();
    GError *error = NULL;

    assert_false(rg_pattern_set_add(set, "k", "abc(def", "p.policy:12", &error));
    assert_non_null(strstr(error->message, "p.policy:12"));
    assert_non_null(strstr(error->message, "offset 7"));
    g_clear_error(&error);
    assert_false(rg_pattern_set_add(set, "k", "(a)\\1", "p.policy:13", &error));
    assert_non_null(strstr(error->message, "back-references"));
    g_error_free(error);
}

static void pattern_empty_set_never_matches(void **state)
{
    (void) state;
    g_autoptr(RgPatternSet) set = rg_pattern_set_new();
    g_autoptr(RgMatcher) m = rg_matcher_new(1, 0, 0, NULL);
    RgMatch match;

    assert_true(rg_pattern_set_build(set, 0, NULL));
    assert_int_equal(rg_pattern_set_search(set, m, "x", 1, 0, &match, NULL), 0);
}

static void pattern_match_limit_is_an_error_not_a_hang(void **state)
{
    (void) state;
    const char *const pats[] = {"(a+)+$", NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgMatcher) m = rg_matcher_new(rg_pattern_set_captures(set), 10000,
                                            1000, NULL);
    g_autofree char *text = g_strnfill(5000, 'a');
    GError *error = NULL;
    RgMatch match;

    text[4999] = '!';
    assert_int_equal(rg_pattern_set_search(set, m, text, 5000, 0, &match,
                                           &error), -1);
    assert_non_null(error);
    assert_int_equal(error->code, RG_ERROR_LIMIT);
    g_error_free(error);
}

static void pattern_invalid_utf8_subject_is_safe(void **state)
{
    (void) state;
    const char *const pats[] = {"\\bok\\b", NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgMatcher) m = rg_matcher_new(2, 0, 0, NULL);
    const char text[] = "\xff\xfe ok \xc3";
    RgMatch match;

    assert_int_equal(rg_pattern_set_search(set, m, text, sizeof text - 1, 0,
                                           &match, NULL), 1);
    assert_int_equal(match.start, 3);
}

/* long subjects are searched pattern by pattern: same leftmost result */
static void pattern_long_subject_same_result_as_alternation(void **state)
{
    (void) state;
    const char *const pats[] = {"late\\w*", "\\bsorry\\b", "sorry\\s+for", NULL};
    g_autoptr(RgPatternSet) set = built(0, pats);
    g_autoptr(RgMatcher) m = rg_matcher_new(rg_pattern_set_captures(set), 0, 0, NULL);
    g_autofree char *pad = g_strnfill(300, 'x');
    g_autofree char *text = g_strconcat(pad, " I am Sorry for the lateness ",
                                        pad, NULL);
    gsize len = strlen(text);
    RgMatch a, b;

    /* long: split search */
    assert_int_equal(rg_pattern_set_search(set, m, text, len, 0, &a, NULL), 1);
    assert_int_equal(a.pattern, 1);            /* same start as p2: p1 wins */
    assert_int_equal(a.start, 306);
    assert_int_equal(a.end, 311);
    /* short window over the same text: the alternation */
    assert_int_equal(rg_pattern_set_search(set, m, text, 340, 290, &b, NULL), 1);
    assert_int_equal(b.pattern, a.pattern);
    assert_int_equal(b.start, a.start);
    assert_int_equal(b.end, a.end);
    /* later matches, from after the first */
    assert_int_equal(rg_pattern_set_search(set, m, text, len, a.end, &a, NULL), 1);
    assert_int_equal(a.pattern, 0);
    assert_int_equal(a.start, 320);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pattern_reports_which_pattern_matched),
        cmocka_unit_test(pattern_long_subject_same_result_as_alternation),
        cmocka_unit_test(pattern_case_flag_and_anchor),
        cmocka_unit_test(pattern_repeated_source_runs_once),
        cmocka_unit_test(pattern_missing_needed_byte_is_remembered),
        cmocka_unit_test(pattern_walk_of_a_stable_text_runs_each_pattern_once),
        cmocka_unit_test(pattern_memo_keeps_offset_bound_results),
        cmocka_unit_test(pattern_prefilter_windows_find_what_a_whole_search_finds),
        cmocka_unit_test(pattern_prefilter_keeps_odd_case_folds),
        cmocka_unit_test(pattern_prefilter_window_holds_a_match_at_its_atom),
        cmocka_unit_test(pattern_prefilter_branches_match_as_the_alternation),
        cmocka_unit_test(pattern_prefilter_second_set_passes_windows_over),
        cmocka_unit_test(pattern_prefilter_rarer_set_drives_the_windows),
        cmocka_unit_test(pattern_prefilter_lines_of_a_scanned_text),
        cmocka_unit_test(pattern_prefilter_runs_past_ascii_bound_windows),
        cmocka_unit_test(pattern_prefilter_anchored_set_matches_at_the_offset_only),
        cmocka_unit_test(pattern_bad_regex_names_location_and_offset),
        cmocka_unit_test(pattern_empty_set_never_matches),
        cmocka_unit_test(pattern_match_limit_is_an_error_not_a_hang),
        cmocka_unit_test(pattern_invalid_utf8_subject_is_safe),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
