/*
 * test_report.c - JSON lines and text reports
 */
#include <string.h>

#include "rg_report.h"
#include "rg_test_util.h"

static void report_json_has_the_spec_shape(void **state)
{
    (void) state;
    g_autoptr(RgResult) r = rg_result_new();
    g_autoptr(GString) out = g_string_new(NULL);

    r->language = g_strdup("pl");
    r->subject = g_strdup("Re: x");
    rg_result_add(r, RG_RULE_APOLOGY_MISSING, RG_LEVEL_HOLD, "Przeproś", NULL, 0);
    rg_result_add(r, RG_RULE_CAPS_SHOUTING, RG_LEVEL_FLAG, "h \"q\"\n",
                  "NIE \\ ODSYŁAĆ\x01", 7);
    rg_result_finish(r);
    rg_report_json(out, "a.eml", r, NULL);
    assert_string_equal(out->str,
        "{\"source\":\"a.eml\",\"verdict\":\"hold\",\"language\":\"pl\","
        "\"subject\":\"Re: x\",\"findings\":[{\"rule\":\"apology.missing\","
        "\"level\":\"hold\",\"hint\":\"Przeproś\",\"excerpt\":null,\"line\":null},"
        "{\"rule\":\"caps.shouting\",\"level\":\"flag\",\"hint\":\"h \\\"q\\\"\\n\","
        "\"excerpt\":\"NIE \\\\ ODSYŁAĆ\\u0001\",\"line\":7}],\"truncated\":false,"
        "\"scan_ms\":0.000}\n");
}

static void report_json_error_object(void **state)
{
    (void) state;
    g_autoptr(GString) out = g_string_new(NULL);

    rg_report_json(out, "b.eml", NULL, "boom");
    assert_string_equal(out->str, "{\"source\":\"b.eml\",\"verdict\":\"error\","
                        "\"error\":\"boom\"}\n");
}

static void report_text_lists_level_rule_excerpt_and_hint(void **state)
{
    (void) state;
    g_autoptr(RgResult) r = rg_result_new();
    g_autoptr(GString) out = g_string_new(NULL);

    r->language = g_strdup("en");
    r->subject = g_strdup("s");
    rg_result_add(r, RG_RULE_DEFLECT_WEBSITE, RG_LEVEL_FLAG, "Answer it.",
                  "see our website", 3);
    rg_result_finish(r);
    rg_report_text(out, "c.eml", r, NULL, FALSE);
    assert_non_null(strstr(out->str, "c.eml: flag (language en)"));
    assert_non_null(strstr(out->str, "flag   deflect.website (line 3)"));
    assert_non_null(strstr(out->str, "\"see our website\""));
    assert_non_null(strstr(out->str, "Answer it."));
}

static void report_rule_list_is_sorted_and_filtered(void **state)
{
    (void) state;
    g_autoptr(RgResult) r = rg_result_new();

    rg_result_add(r, RG_RULE_SUBJECT_NO_REFERENCE, RG_LEVEL_FLAG, "h", NULL, 0);
    rg_result_add(r, RG_RULE_APOLOGY_MISSING, RG_LEVEL_HOLD, "h", NULL, 0);
    rg_result_add(r, RG_RULE_THANKS_MISSING, RG_LEVEL_HINT, "h", NULL, 0);
    rg_result_finish(r);
    g_autofree char *list = rg_result_rule_list(r, RG_LEVEL_FLAG);
    assert_string_equal(list, "apology.missing,subject.no-reference");
    assert_int_equal(r->verdict, RG_VERDICT_HOLD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(report_json_has_the_spec_shape),
        cmocka_unit_test(report_json_error_object),
        cmocka_unit_test(report_text_lists_level_rule_excerpt_and_hint),
        cmocka_unit_test(report_rule_list_is_sorted_and_filtered),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
