/*
 * test_needs.c - the bytes a pattern cannot match without
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "rg_needs.h"
#include "rg_test_util.h"

/* shown - the ASCII bytes of a set as a string, "+" for those past ASCII */
static const char *shown(const RgNeeds *n)
{
    static char out[130];
    int k = 0;
    gboolean high = FALSE;

    for (guint b = 0; b < 256; b++)
        if (n->bits[b >> 6] >> (b & 63) & 1) {
            if (b < 128)
                out[k++] = (char) b;
            else
                high = TRUE;
        }
    if (high)
        out[k++] = '+';
    out[k] = '\0';
    return out;
}

/* needs_of - the set read from pattern, or "-" for none */
static const char *needs_of(const char *pattern)
{
    RgNeeds n;

    return rg_needs_read(pattern, &n) ? shown(&n) : "-";
}

static void needs_of_digits_punctuation_and_their_classes(void **state)
{
    (void) state;
    /* a phone number: \d, an ASCII digit or (UCP) any character past it */
    assert_string_equal(needs_of("(?<![\\w@.])\\+?\\(?\\d[\\d\\s()\\/-]{5,}\\d"),
                        "0123456789+");
    assert_string_equal(needs_of("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+"), "@");
    assert_string_equal(needs_of("^\\s*\\*?From:\\*?\\s+\\S"), ":");
    assert_string_equal(needs_of("\\bno\\s+[0-9]{3,}"), "0123456789");
    assert_string_equal(needs_of("(?i)x[\\-#]{1,2}y"), "#-");
    /* the smallest set of the elements that must occur */
    assert_string_equal(needs_of("\\d+ - \\d+"), " ");
    assert_string_equal(needs_of("[0-9.]\\.?;"), ";");
}

static void needs_of_nothing_known(void **state)
{
    (void) state;
    const char *const none[] = {
        "\\bsorry\\b",                 /* letters: folded, not followed */
        "\\d?x", "\\d*", "\\d{0,3}", "[^0-9]", "(?:1)", "(?=1)\\w",
        "1|2", "a{2", "\\Q1\\E", "(?x) 1", "(?:(?x)#)\\))", "(*UCP)1",
        "[[:digit:]]", "\\x31", "\\p{Nd}", ".", "",
    };

    for (guint i = 0; i < G_N_ELEMENTS(none); i++)
        if (strcmp(needs_of(none[i]), "-") != 0)
            fail_msg("%s: %s", none[i], needs_of(none[i]));
}

/* found - whether PCRE2 (as the engine compiles: UTF, UCP, caseless)
 * finds pattern in text */
static gboolean found(const char *pattern, const char *text)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile(
        (PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED,
        PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_MULTILINE, &err, &off,
        NULL);
    pcre2_match_data *md;
    int rc;

    assert_non_null(code);
    md = pcre2_match_data_create_from_pattern(code, NULL);
    rc = pcre2_match(code, (PCRE2_SPTR) text, strlen(text), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(code);
    return rc >= 0;
}

/* a text without any of a pattern's bytes holds no match of it, and the
 * test for them agrees with a byte-by-byte look at every length */
static void needs_unmet_means_no_match(void **state)
{
    (void) state;
    const char *const patterns[] = {
        "(?<![\\w@.])\\+?\\(?\\d[\\d\\s()\\/-]{5,}\\d(?![\\w@])",
        "\\b(?:tel|phone|t|m)\\b\\.?\\s*:?\\s*\\+?[\\d(][\\d\\s().\\/-]{4,}\\d",
        "[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+", "^\\s*\\*?From:\\*?\\s+\\S",
    };
    const char *const texts[] = {
        "Ann Lee, Customer Support", "tel. +44 20 7946 0000",
        "ann.lee@shop.example", "From: Ann", "Tel: ٠١٢٣٤٥٦٧", "Frоm: ann",
        "phone (0) 20 7946", "Anna Kowalska\nSpecjalistka ds. reklamacji",
    };

    for (guint p = 0; p < G_N_ELEMENTS(patterns); p++) {
        RgNeeds n;

        assert_true(rg_needs_read(patterns[p], &n));
        for (guint t = 0; t < G_N_ELEMENTS(texts); t++) {
            const gsize len = strlen(texts[t]);

            if (!rg_needs_met(&n, texts[t], len) &&
                found(patterns[p], texts[t]))
                fail_msg("%s matches %s without its bytes", patterns[p],
                         texts[t]);
            for (gsize k = 0; k <= len; k++) {
                gboolean any = FALSE;

                for (gsize i = 0; i < k; i++) {
                    const guchar b = (guchar) texts[t][i];

                    any = any || (n.bits[b >> 6] >> (b & 63) & 1);
                }
                assert_int_equal(rg_needs_met(&n, texts[t], k), any);
            }
        }
    }
    /* Arabic-Indic digits are digits under UCP: the set holds them */
    assert_true(found(patterns[0], "Tel: ٠١٢٣٤٥٦٧"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(needs_of_digits_punctuation_and_their_classes),
        cmocka_unit_test(needs_of_nothing_known),
        cmocka_unit_test(needs_unmet_means_no_match),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
