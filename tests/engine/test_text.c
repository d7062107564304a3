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

/* reference_normalize - the normalisation one character at a time, as
 * rg_text_normalize was before it copied runs of bytes whole */
static char *reference_normalize(const char *p, gsize len, gsize limit,
                                 gsize *out_len, gboolean *clipped)
{
    GString *out = g_string_new(NULL);
    const char *end = p + len;

    while (p < end && out->len < limit) {
        const unsigned char b = (unsigned char) *p;
        gunichar c;
        const char *next;

        if (b == '\r') {
            g_string_append_c(out, '\n');
            p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
            continue;
        }
        c = g_utf8_get_char(p);
        next = g_utf8_next_char(p);
        if (c == 0x85 || c == 0x2028 || c == 0x2029)
            g_string_append_c(out, '\n');
        else if (c == '\t' || c == 0xA0 || (c >= 0x2000 && c <= 0x200A) ||
            c == 0x202F || c == 0x205F || c == 0x3000 ||
            (c < 0x20 && c != '\n') || c == 0x7F || (c >= 0x80 && c < 0xA0))
            g_string_append_c(out, ' ');
        else if (c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 ||
                 c == 0xFEFF)
            ;
        else if ((c >= 0x2018 && c <= 0x201B) || c == 0x2032 || c == 0x02BC ||
                 c == '`' || c == 0xB4)
            g_string_append_c(out, '\'');
        else if ((c >= 0x201C && c <= 0x201F) || c == 0x2033 || c == 0xAB ||
                 c == 0xBB)
            g_string_append_c(out, '"');
        else if (out->len + (gsize) (next - p) <= limit)
            g_string_append_len(out, p, next - p);
        else
            break;
        p = next;
    }
    *clipped = p < end;
    *out_len = out->len;
    return g_string_free(out, FALSE);
}

/* the runs copied eight bytes at a time give what one character at a
 * time gives: every special character at every offset of a word, every
 * limit, and texts in Polish and Croatian */
static void text_normalise_runs_equal_one_character_at_a_time(void **state)
{
    (void) state;
    static const char *const specials[] = {
        "\t", "\r", "\r\n", "\x01", "\x7f", "`", "\xC2\xA0", "\xC2\xAD",
        "\xC2\x85", "\xC2\xAB", "\xC2\xB4", "\xC2\xA9", "\xCA\xBC",
        "\xCA\xB0", "\xE2\x80\x99", "\xE2\x80\x8B", "\xE2\x82\xAC",
        "\xE3\x80\x80", "\xE3\x81\x82", "\xEF\xBB\xBF", "\xEF\xBC\x81",
        "ą", "ž", "\xF0\x9F\x98\x80", "\n",
    };
    static const char *const around[] = {
        "abcdefghijklmnop", "Przepraszam za opóźnienie", "žao mi je zbog",
    };

    for (guint s = 0; s < G_N_ELEMENTS(specials); s++)
        for (guint a = 0; a < G_N_ELEMENTS(around); a++)
            for (gsize at = 0; at <= 16; at++) {
                g_autoptr(GString) in = g_string_new(around[a]);
                gsize at_char = MIN(at, in->len);

                while (at_char > 0 &&
                       ((guchar) in->str[at_char] & 0xC0) == 0x80)
                    at_char--;
                g_string_insert(in, (gssize) at_char, specials[s]);
                g_string_append(in, around[(a + 1) % G_N_ELEMENTS(around)]);
                for (gsize limit = 0; limit <= in->len + 1; limit++) {
                    gsize n = 0, rn = 0;
                    gboolean clipped = FALSE, rclipped = FALSE;
                    g_autofree char *got = rg_text_normalize(
                        in->str, in->len, limit, &n, &clipped);
                    g_autofree char *want = reference_normalize(
                        in->str, in->len, limit, &rn, &rclipped);

                    if (n != rn || memcmp(got, want, n) != 0 ||
                        clipped != rclipped || got[n] != '\0')
                        fail_msg("special %u around %u at %zu limit %zu: "
                                 "\"%s\" (%d), want \"%s\" (%d)", s, a, at,
                                 limit, got, clipped, want, rclipped);
                }
            }
}

/* the one-pass decode gives what conversion then normalisation give,
 * for valid text and for every kind of invalid text (a NUL included:
 * g_utf8_validate_len refuses it, and so does the fast check) */
static void text_decode_equals_convert_then_normalise(void **state)
{
    (void) state;
    static const char *const inputs[] = {
        "plain ascii text that is long enough for words",
        "zażółć gęślą jaźń — ćma\r\n",
        "bad \xC3\x28 byte", "overlong \xC0\xAF slash", "surrogate \xED\xA0\x80",
        "cut at the end \xE2\x82", "max \xF4\x90\x80\x80 past", "latin2 \xb1\xe6",
        "0123456\xff", "\x80\x80\x80\x80\x80\x80\x80\x80\x80",
    };
    static const char *const charsets[] = {NULL, "utf-8", "iso-8859-2"};

    for (guint i = 0; i < G_N_ELEMENTS(inputs); i++)
        for (guint c = 0; c < G_N_ELEMENTS(charsets); c++) {
            gsize ulen = 0, n = 0, rn = 0;
            gboolean clipped = FALSE, rclipped = FALSE;
            g_autofree char *utf8 = rg_text_to_utf8(inputs[i],
                                                    strlen(inputs[i]),
                                                    charsets[c], NULL, &ulen);
            g_autofree char *want = rg_text_normalize(utf8, ulen, 1000, &rn,
                                                      &rclipped);
            g_autofree char *got = rg_text_decode(inputs[i], strlen(inputs[i]),
                                                  charsets[c], NULL, 1000, &n,
                                                  &clipped);

            assert_int_equal(n, rn);
            assert_memory_equal(got, want, n);
            assert_true(g_utf8_validate_len(got, n, NULL));
        }
    {
        /* nothing to decode: an empty part's buffer may be NULL */
        gsize n = 1;
        g_autofree char *got = rg_text_decode(NULL, 0, NULL, NULL, 1000, &n,
                                              NULL);

        assert_string_equal(got, "");
        assert_int_equal(n, 0);
    }
    {
        /* a NUL makes the text invalid, as for g_utf8_validate_len: it
         * is replaced, not kept */
        const char with_nul[] = "abc\0def ghijklmn";
        gsize ulen = 0, n = 0, rn = 0;
        g_autofree char *utf8 = rg_text_to_utf8(with_nul, sizeof with_nul - 1,
                                                NULL, NULL, &ulen);
        g_autofree char *want = rg_text_normalize(utf8, ulen, 1000, &rn, NULL);
        g_autofree char *got = rg_text_decode(with_nul, sizeof with_nul - 1,
                                              NULL, NULL, 1000, &n, NULL);

        assert_int_equal(n, rn);
        assert_memory_equal(got, want, n);
        assert_null(memchr(got, '\0', n));
        assert_true(g_utf8_validate_len(got, n, NULL));
    }
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
        cmocka_unit_test(text_normalise_runs_equal_one_character_at_a_time),
        cmocka_unit_test(text_decode_equals_convert_then_normalise),
    };

    rg_engine_global_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
