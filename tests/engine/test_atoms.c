/*
 * test_atoms.c - the literals a pattern cannot match without (rg_atoms.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "rg_atoms.h"

/* expect_strings - got is exactly the NULL-terminated list ap (in any
 * order); an empty list: got is NULL */
static void expect_strings(const char *pattern, const char *what,
                           const GPtrArray *got, va_list ap)
{
    guint n = 0;

    for (const char *want; (want = va_arg(ap, const char *)) != NULL; n++) {
        gboolean found = FALSE;

        for (guint i = 0; got && i < got->len; i++)
            found = found || strcmp(g_ptr_array_index(got, i), want) == 0;
        if (!found)
            fail_msg("%s: no %s \"%s\"", pattern, what, want);
    }
    if (n == 0 && got != NULL)
        fail_msg("%s: %u %s, expected none", pattern, got->len, what);
    if (n != 0 && (got == NULL || got->len != n))
        fail_msg("%s: %u %s, expected %u", pattern, got ? got->len : 0, what,
                 n);
}

/* expect_atoms - the atoms of pattern are exactly the NULL-terminated
 * list (in any order); no list: the pattern has none */
static void expect_atoms(const char *pattern, ...)
{
    RgAtoms read;
    va_list ap;

    rg_atoms_read(pattern, &read);
    va_start(ap, pattern);
    expect_strings(pattern, "atoms", read.atoms, ap);
    va_end(ap);
    rg_atoms_clear(&read);
}

/* expect_second - the second set of pattern is exactly the list */
static void expect_second(const char *pattern, ...)
{
    RgAtoms read;
    va_list ap;

    rg_atoms_read(pattern, &read);
    va_start(ap, pattern);
    expect_strings(pattern, "second atoms", read.also, ap);
    va_end(ap);
    rg_atoms_clear(&read);
}

static void test_literals_and_classes(void **state)
{
    (void) state;
    expect_atoms("przepraszam", "przepraszam", NULL);
    expect_atoms("napisa[łl]", "napisał", "napisal", NULL);
    expect_atoms("\\bprzepr\\w*", "przepr", NULL);
    expect_atoms("x?abc", "xabc", "abc", NULL);
    expect_atoms("On\\b[^\\n]{0,250}\\bwrote:\\s*", "wrote:", NULL);
    expect_atoms("[a-z]+ing", "ing", NULL);
}

static void test_sequences_keep_the_best_part(void **state)
{
    (void) state;
    /* the longest required literal of a sequence */
    expect_atoms("zgodnie\\s+z\\s+regulaminem", "regulaminem", NULL);
    /* an optional part requires nothing */
    expect_atoms("(?:bardzo\\s+)?przepraszam", "przepraszam", NULL);
    /* a repeated group requires its contents once */
    expect_atoms("(?:kurier)+", "kurier", NULL);
}

static void test_alternations_unite(void **state)
{
    (void) state;
    expect_atoms("kurier\\w*|dostaw\\w*", "kurier", "dostaw", NULL);
    expect_atoms("(?:sorry|apolog\\w+)\\s+for", "sorry", "apolog", NULL);
    /* one branch that requires nothing: the whole requires nothing */
    expect_atoms("kurier|\\w+", NULL);
}

static void test_lookarounds_and_anchors_require_nothing(void **state)
{
    (void) state;
    expect_atoms("(?<!\\bnie\\s)przepraszam", "przepraszam", NULL);
    expect_atoms("^Best regards,?$", "Best regards", "Best regards,", NULL);
    expect_atoms("\\b(?!samo\\b)\\w{3,40}amo\\b", "amo", NULL);
}

static void test_too_short_or_not_read(void **state)
{
    (void) state;
    expect_atoms("\\d+", NULL);
    expect_atoms("a|b", NULL);
    expect_atoms("(?i)przepraszam", NULL);          /* inline options */
    expect_atoms("(a)\\1", NULL);                   /* backreference */
    expect_atoms("\\p{Lu}{3,}", NULL);
    expect_atoms("[[:upper:]]{3}", NULL);
    expect_atoms("(unclosed", NULL);
}

/* expect_bound - span is bytes + space R + word W + line L + nonword
 * N, or open */
static void expect_bound(const char *pattern, const char *what, RgSpan span,
                         guint64 bytes, guint64 space, guint64 word,
                         guint64 line, guint64 nonword, gboolean open)
{
    if (open) {
        if (!span.open)
            fail_msg("%s: %s bounded, want no bound", pattern, what);
        return;
    }
    if (span.open || span.bytes != bytes || span.space != space ||
        span.word != word || span.line != line || span.nonword != nonword)
        fail_msg("%s: %s %d %" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT "R+%"
                 G_GUINT64_FORMAT "W+%" G_GUINT64_FORMAT "L+%"
                 G_GUINT64_FORMAT "N", pattern, what, span.open, span.bytes,
                 span.space, span.word, span.line, span.nonword);
}

/* expect_span - pattern's RgSpan is bytes + space R + word W + line L,
 * or open */
static void expect_span(const char *pattern, guint64 bytes, guint64 space,
                        guint64 word, guint64 line, gboolean open)
{
    RgAtoms read;

    if (!rg_atoms_read(pattern, &read))
        fail_msg("%s: not read", pattern);
    expect_bound(pattern, "span", read.span, bytes, space, word, line, 0, open);
    rg_atoms_clear(&read);
}

/* expect_nonword - pattern's span is bytes + nonword N */
static void expect_nonword(const char *pattern, guint64 bytes,
                           guint64 nonword)
{
    RgAtoms read;

    if (!rg_atoms_read(pattern, &read))
        fail_msg("%s: not read", pattern);
    expect_bound(pattern, "span", read.span, bytes, 0, 0, 0, nonword, FALSE);
    rg_atoms_clear(&read);
}

/* expect_lead - how far into pattern's match its atoms can start */
static void expect_lead(const char *pattern, guint64 bytes, guint64 space,
                        guint64 word, guint64 line, gboolean open)
{
    RgAtoms read;

    if (!rg_atoms_read(pattern, &read))
        fail_msg("%s: not read", pattern);
    expect_bound(pattern, "lead", read.lead, bytes, space, word, line, 0, open);
    rg_atoms_clear(&read);
}

static void test_spans_bound_a_match(void **state)
{
    (void) state;
    expect_span("\\bnot\\s+up\\b", 5, 1, 0, 0, FALSE);
    /* a non-ASCII character counts 4 bytes, a repeat multiplies */
    expect_span("ł{2}|abc", 8, 0, 0, 0, FALSE);
    expect_span("\\b(?:i|we)\\s+(?:\\w+\\s+){0,2}?sorry\\b", 7, 3, 2, 0, FALSE);
    /* runs: whitespace, word characters, or anything but a newline */
    expect_span("\\s*\\w+", 0, 1, 1, 0, FALSE);
    expect_span("[^\\n]*x", 1, 0, 0, 1, FALSE);
    expect_span(".*", 0, 0, 0, 1, FALSE);
    expect_span("[\\w.+-]+@x", 2, 0, 0, 1, FALSE);
    expect_span("[a-z]+", 0, 0, 1, 0, FALSE);
    /* lookarounds and anchors take nothing */
    expect_span("(?<![\\w@])^x$(?=y)", 1, 0, 0, 0, FALSE);
    /* no bound: a class that may match a newline and more, a group */
    expect_span("[^x]*", 0, 0, 0, 0, TRUE);
    expect_span("(?:ab)+", 0, 0, 0, 0, TRUE);
    expect_span("[\\s\\w]+", 0, 0, 0, 0, TRUE);
    expect_span("x{1,70000}", 0, 0, 0, 0, TRUE);
    /* runs of what is not a word character: \W, punctuation and spaces */
    expect_nonword("\\W+", 0, 1);
    expect_nonword("a[\\s-]+b", 2, 1);
    expect_nonword("[.,;:!?]*", 0, 1);
}

static void test_leads_bound_where_atoms_start(void **state)
{
    (void) state;
    /* the atoms begin the match */
    expect_lead("\\b(?:sorry|apologies)\\b[^.!?]{0,70}?\\bbut\\b", 0, 0, 0, 0,
                FALSE);
    expect_lead("sorry", 0, 0, 0, 0, FALSE);
    /* the best atoms come after a part: its length */
    expect_lead("\\bto\\s+(?:\\w+\\s+)?apologise", 2, 2, 1, 0, FALSE);
    expect_lead("ab\\s+(?:xyz|uvw)", 2, 1, 0, 0, FALSE);
    /* an alternation's atoms start at the most of its branches' */
    expect_lead("(?:hello|a\\s+goodbye)", 1, 1, 0, 0, FALSE);
    /* a repeat: the first copy starts the match */
    expect_lead("(?:xx\\s+sorry)+", 2, 1, 0, 0, FALSE);
    /* after an open part: no bound */
    expect_lead("(?:ab)+\\s+apologise", 0, 0, 0, 0, TRUE);
}

static void test_second_sets_from_other_parts(void **state)
{
    (void) state;
    /* a match holds an atom of each */
    expect_atoms("\\bsorry\\b[^.!?]{0,70}?\\bbut\\b", "sorry", NULL);
    expect_second("\\bsorry\\b[^.!?]{0,70}?\\bbut\\b", "but", NULL);
    expect_second("the\\s+(?:\\w+\\s+)?contract\\s+says", "says", NULL);
    /* a group's second set, when the group is required */
    expect_second("x(?:sorry\\s+but)", "but", NULL);
    expect_second("x(?:sorry\\s+but)?", NULL);
    /* branches unite their second sets, a branch's first standing in
     * for a second it lacks */
    expect_second("sorry\\s+but|apologies\\s+however", "but", "however",
                  NULL);
    expect_second("sorry\\s+but|regrettably", "but", "regrettably", NULL);
    expect_second("sorry|regrettably", NULL);
    /* one part only, or a second part too short: none */
    expect_second("\\bprzepraszam\\b", NULL);
    expect_second("sorry\\s+x", NULL);
    expect_second("sorry\\s+to", NULL);
    /* two-letter atoms are kept, one-letter ones are not */
    expect_atoms("\\bhq\\b", "hq", NULL);
    expect_atoms("\\bx\\s+y\\b", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals_and_classes),
        cmocka_unit_test(test_sequences_keep_the_best_part),
        cmocka_unit_test(test_alternations_unite),
        cmocka_unit_test(test_lookarounds_and_anchors_require_nothing),
        cmocka_unit_test(test_too_short_or_not_read),
        cmocka_unit_test(test_spans_bound_a_match),
        cmocka_unit_test(test_leads_bound_where_atoms_start),
        cmocka_unit_test(test_second_sets_from_other_parts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
