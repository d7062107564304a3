/*
 * test_words.c - word splitting with Unicode letter case counts
 */
#include <string.h>

#include "rg_test_util.h"
#include "rg_words.h"

static void words_split_on_non_letters_with_case_counts(void **state)
{
    (void) state;
    const char *t = "NIE ODSYŁAĆ, ok? 4G Žao";
    g_autoptr(GArray) w = rg_words_split(t, strlen(t));

    assert_int_equal(w->len, 5);
    RgWord *a = &g_array_index(w, RgWord, 1);
    assert_int_equal(a->letters, 7);
    assert_int_equal(a->upper, 7);
    assert_true(rg_word_is_caps(a));
    assert_false(rg_word_is_caps(&g_array_index(w, RgWord, 2)));
    assert_false(rg_word_is_caps(&g_array_index(w, RgWord, 3)));      /* 4G */
    assert_true(rg_word_is_capitalised(t, &g_array_index(w, RgWord, 4)));
    assert_int_equal(g_array_index(w, RgWord, 4).end, strlen(t));
}

static void words_handle_invalid_bytes_and_empty_text(void **state)
{
    (void) state;
    const char bad[] = "ab\xff" "cd";
    g_autoptr(GArray) w = rg_words_split(bad, sizeof bad - 1);
    g_autoptr(GArray) e = rg_words_split("", 0);

    assert_int_equal(w->len, 2);
    assert_int_equal(e->len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_split_on_non_letters_with_case_counts),
        cmocka_unit_test(words_handle_invalid_bytes_and_empty_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
