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

/* every character below U+0250, alone and in a word, in lower case as
 * g_utf8_strdown gives it, or left to it (FALSE) */
static void words_lower_latin_as_glib_does(void **state)
{
    (void) state;
    guint lowered = 0;

    for (gunichar u = 0x20; u < 0x260; u++) {
        char word[32], out[3 * sizeof word];
        gint n = g_unichar_to_utf8(u, word);

        if (u == 0x7F || (u >= 0x80 && u < 0xA0))
            continue;           /* controls */
        n += g_unichar_to_utf8(u, word + n);    /* doubled, as in "ŁŁ" */
        memcpy(word + n, "Ża", 3);               /* then a Polish letter */
        n += 3;
        word[n] = '\0';
        if (rg_words_lower_latin(word, (gsize) n, out)) {
            g_autofree char *glib = g_utf8_strdown(word, n);

            if (strcmp(out, glib) != 0)
                fail_msg("U+%04X: %s, GLib %s", u, out, glib);
            lowered++;
        } else if (u < 0x250 && u != 'I' && u != 'J' && u != 0x12E &&
                   u != 0x130) {
            fail_msg("U+%04X left to GLib", u);
        }
    }
    assert_true(lowered > 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_split_on_non_letters_with_case_counts),
        cmocka_unit_test(words_handle_invalid_bytes_and_empty_text),
        cmocka_unit_test(words_lower_latin_as_glib_does),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
