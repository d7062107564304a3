/*
 * test_lang.c - language detection among the loaded policies
 */
#include <string.h>

#include "rg_lang.h"
#include "rg_words.h"
#include "rg_test_util.h"

static RgPolicySet *policies;

static int setup(void **state)
{
    (void) state;
    policies = rg_policy_set_load(RG_TEST_POLICY_DIR, NULL, 0, NULL);
    return policies ? 0 : -1;
}

static int teardown(void **state)
{
    (void) state;
    rg_policy_set_free(policies);
    return 0;
}

/* detect - code detected for text with an optional Content-Language */
static const char *detect(const char *text, const char *hint)
{
    g_autoptr(GArray) words = rg_words_split(text, strlen(text));

    return rg_lang_detect(policies, text, words, hint, "en", NULL,
                          NULL)->code;
}

static void lang_detects_each_language(void **state)
{
    (void) state;
    assert_string_equal(detect("Dzień dobry, przepraszam za opóźnienie "
                               "i dziękuję za cierpliwość.", NULL), "pl");
    assert_string_equal(detect("Poštovani, ispričavam se zbog kašnjenja i "
                               "hvala Vam na strpljenju.", NULL), "hr");
    assert_string_equal(detect("Thank you for your patience, and I am sorry "
                               "for the delay.", NULL), "en");
}

static void lang_detects_text_without_diacritics(void **state)
{
    (void) state;
    assert_string_equal(detect("Dzien dobry, przepraszam za opoznienie i "
                               "dziekuje, ze Pan czekal. Juz to sprawdzilem.",
                               NULL), "pl");
    assert_string_equal(detect("Postovani, zao mi je sto ste cekali. Provjerio "
                               "sam i vec je poslano, javite mi se ako bude "
                               "problema.", NULL), "hr");
}

static void lang_content_language_settles_empty_and_close_calls(void **state)
{
    (void) state;
    assert_string_equal(detect("", "hr"), "hr");
    assert_string_equal(detect("OK", "pl"), "pl");
    assert_string_equal(detect("", NULL), "en");
    /* a hint does not overrule a clearly Polish text */
    assert_string_equal(detect("Dzień dobry, przepraszam za opóźnienie i "
                               "dziękuję za cierpliwość. Sprawdziłem to już.",
                               "en"), "pl");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lang_detects_each_language),
        cmocka_unit_test(lang_detects_text_without_diacritics),
        cmocka_unit_test(lang_content_language_settles_empty_and_close_calls),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
