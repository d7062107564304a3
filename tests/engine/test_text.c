/*
 * test_text.c - charset conversion to valid UTF-8 and normalisation
 */
#include <string.h>

#include "rg_test_util.h"
#include "rg_text.h"

/* conv - rg_text_to_utf8 as a string; caller frees */
static char *conv(const char *data, gsize len, const char *charset,
                  const char *fallback)
{
    gsize n = 0;
    char *out = rg_text_to_utf8(data, len, charset, fallback, &n);

    assert_true(g_utf8_validate_len(out, n, NULL));
    assert_int_equal(strlen(out), n);
    return out;
}

static void text_converts_iso_8859_2_and_windows_1250(void **state)
{
    (void) state;
    /* "żółć" and "ś" differ between the two charsets */
    const char latin2[] = "\xbf\xf3\xb3\xe6 \xb6";
    const char cp1250[] = "\xbf\xf3\xb3\xe6 \x9c";
    g_autofree char *a = conv(latin2, sizeof latin2 - 1, "iso-8859-2", NULL);
    g_autofree char *b = conv(cp1250, sizeof cp1250 - 1, "windows-1250", NULL);
    g_autofree char *c = conv(cp1250, sizeof cp1250 - 1, "cp1250", NULL);

    assert_string_equal(a, "żółć ś");
    assert_string_equal(b, "żółć ś");
    assert_string_equal(c, "żółć ś");
}

static void text_keeps_valid_utf8_whatever_the_label(void **state)
{
    (void) state;
    g_autofree char *a = conv("žao mi je", strlen("žao mi je"), "iso-8859-2",
                              NULL);

    assert_string_equal(a, "žao mi je");
}

static void text_replaces_invalid_bytes(void **state)
{
    (void) state;
    const char bad[] = "ok \xff\xfe end";
    g_autofree char *a = conv(bad, sizeof bad - 1, "utf-8", NULL);
    g_autofree char *b = conv(bad, sizeof bad - 1, "no-such-charset", "utf-8");

    assert_non_null(strstr(a, "\xEF\xBF\xBD"));
    assert_non_null(strstr(a, " end"));
    assert_non_null(strstr(b, " end"));
}

static void text_unknown_charset_uses_fallback(void **state)
{
    (void) state;
    const char cp1250[] = "\x9c";
    g_autofree char *a = conv(cp1250, 1, "x-unknown", "windows-1250");

    assert_string_equal(a, "ś");
}

static void text_normalises_quotes_spaces_and_controls(void **state)
{
    (void) state;
    const char *in = "I\xE2\x80\x99m \xE2\x80\x9Esorry\xE2\x80\x9D\r\nnext\rx"
        "\xC2\xA0y\xC2\xADz\ta\x01" "b";
    gsize n = 0;
    gboolean clipped = TRUE;
    g_autofree char *out = rg_text_normalize(in, strlen(in), 1000, &n,
                                             &clipped);

    assert_string_equal(out, "I'm \"sorry\"\nnext\nx yz a b");
    assert_false(clipped);
}

static void text_normalise_clips_on_a_character_boundary(void **state)
{
    (void) state;
    const char *in = "ąąąąą";      /* 10 bytes */
    gsize n = 0;
    gboolean clipped = FALSE;
    g_autofree char *out = rg_text_normalize(in, strlen(in), 5, &n, &clipped);

    assert_int_equal(n, 4);
    assert_string_equal(out, "ąą");
    assert_true(clipped);
    assert_int_equal(rg_text_clip(in, 10, 3), 2);
}

static void text_line_of_counts_from_one(void **state)
{
    (void) state;
    assert_int_equal(rg_text_line_of("a\nb\nc", 0), 1);
    assert_int_equal(rg_text_line_of("a\nb\nc", 4), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_converts_iso_8859_2_and_windows_1250),
        cmocka_unit_test(text_keeps_valid_utf8_whatever_the_label),
        cmocka_unit_test(text_replaces_invalid_bytes),
        cmocka_unit_test(text_unknown_charset_uses_fallback),
        cmocka_unit_test(text_normalises_quotes_spaces_and_controls),
        cmocka_unit_test(text_normalise_clips_on_a_character_boundary),
        cmocka_unit_test(text_line_of_counts_from_one),
    };

    rg_engine_global_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
