/*
 * test_desk_html.c - escaping: markup, quotes, invalid UTF-8, controls, CSV
 */
#include <string.h>

#include "rg_desk_html.h"
#include "rg_test_util.h"

static void desk_html_escapes_markup_and_quotes(void **state)
{
    (void) state;
    g_autofree char *t = rg_desk_html_escape("<script>alert(1)</script> & \"x\" 'y'");

    assert_string_equal(t, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;");
}

static void desk_html_keeps_utf8_text(void **state)
{
    (void) state;
    g_autofree char *t = rg_desk_html_escape("Zażółć gęślą jaźń — Ispričavam se\tok\n");

    assert_string_equal(t, "Zażółć gęślą jaźń — Ispričavam se\tok\n");
}

static void desk_html_replaces_invalid_utf8_and_controls(void **state)
{
    (void) state;
    g_autofree char *t = rg_desk_html_escape("a\xff<b\x01" "c\x1b[0m\xc3");

    assert_string_equal(t, "a\xEF\xBF\xBD&lt;b\xEF\xBF\xBD" "c\xEF\xBF\xBD[0m\xEF\xBF\xBD");
}

static void desk_html_append_takes_a_length(void **state)
{
    (void) state;
    GString *out = g_string_new("x");

    rg_desk_html_append(out, "<ab>cd", 3);
    rg_desk_html_append(out, NULL, -1);
    assert_string_equal(out->str, "x&lt;ab");
    g_string_free(out, TRUE);
}

static void desk_csv_quotes_and_defuses_formulas(void **state)
{
    (void) state;
    GString *out = g_string_new(NULL);

    rg_desk_csv_append(out, "say \"hi\", ok");
    g_string_append_c(out, ',');
    rg_desk_csv_append(out, "=HYPERLINK(\"x\")");
    g_string_append_c(out, ',');
    rg_desk_csv_append(out, NULL);
    g_string_append_c(out, ',');
    rg_desk_csv_append(out, "-1+2");
    assert_string_equal(out->str, "\"say \"\"hi\"\", ok\",\"'=HYPERLINK(\"\"x\"\")\",\"\",\"'-1+2\"");
    g_string_free(out, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(desk_html_escapes_markup_and_quotes),
        cmocka_unit_test(desk_html_keeps_utf8_text),
        cmocka_unit_test(desk_html_replaces_invalid_utf8_and_controls),
        cmocka_unit_test(desk_html_append_takes_a_length),
        cmocka_unit_test(desk_csv_quotes_and_defuses_formulas),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
