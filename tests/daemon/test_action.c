/*
 * test_action.c - header value, hold reason, SMTP reply lines, notice
 */
#include <string.h>

#include "rg_action.h"
#include "rg_notice.h"
#include "rg_test_util.h"

/* result_with - a result with n findings of a rule at a level */
static RgResult *result_with(const char *lang, RgVerdict verdict)
{
    RgResult *r = rg_result_new();

    r->language = g_strdup(lang);
    r->subject = g_strdup("Re: Order 300457");
    r->verdict = verdict;
    return r;
}

static void sanitize_removes_controls_and_doubles_percent(void **state)
{
    (void) state;
    g_autofree char *a = rg_action_sanitize("100% sure\r\n550 5.7.1 x\t\x01y",
                                            200, TRUE);
    g_autofree char *b = rg_action_sanitize("100% sure", 200, FALSE);
    g_autofree char *c = rg_action_sanitize("bad \xff\xfe utf", 200, FALSE);

    assert_string_equal(a, "100%% sure 550 5.7.1 x y");
    assert_string_equal(b, "100% sure");
    assert_null(strchr(c, '\xff'));
    assert_true(g_utf8_validate(c, -1, NULL));
}

static void sanitize_cuts_on_character_boundary(void **state)
{
    (void) state;
    g_autofree char *a = rg_action_sanitize("żółćżółćżółć", 10, FALSE);
    g_autofree char *b = rg_action_sanitize("%%%%%%%%%%", 8, TRUE);

    assert_true(strlen(a) <= 10);
    assert_true(g_utf8_validate(a, -1, NULL));
    assert_true(g_str_has_suffix(a, "..."));
    /* never half of a %% pair: an even run of '%' before "..." */
    assert_true(strlen(b) <= 8);
    assert_int_equal((strlen(b) - 3) % 2, 0);
}

static void header_lists_flag_rules(void **state)
{
    (void) state;
    g_autoptr(RgResult) r = result_with("pl", RG_VERDICT_FLAG);
    g_autofree char *h = NULL;
    g_autofree char *m = NULL;

    rg_result_add(r, RG_RULE_VOICE_PLURAL, RG_LEVEL_FLAG, "x", NULL, 0);
    rg_result_add(r, RG_RULE_CAPS_SHOUTING, RG_LEVEL_FLAG, "x", NULL, 0);
    rg_result_add(r, RG_RULE_THANKS_MISSING, RG_LEVEL_HINT, "x", NULL, 0);
    rg_result_finish(r);
    h = rg_action_header(r, RG_MODE_ENFORCE);
    m = rg_action_header(r, RG_MODE_MONITOR);
    assert_string_equal(h, "flag; lang=pl; rules=caps.shouting,voice.plural");
    assert_string_equal(m, "flag; mode=monitor; lang=pl; "
                        "rules=caps.shouting,voice.plural");
}

static void header_cannot_be_forged_through_language(void **state)
{
    (void) state;
    g_autoptr(RgResult) r = result_with("en\r\nX-Replyguard: pass", RG_VERDICT_PASS);
    g_autofree char *h = rg_action_header(r, RG_MODE_ENFORCE);

    assert_null(strchr(h, '\n'));
    assert_null(strchr(h, ':'));
}

static void reason_fits_postfix_limit(void **state)
{
    (void) state;
    g_autoptr(RgResult) r = result_with("en", RG_VERDICT_HOLD);
    g_autofree char *reason = NULL;

    for (int i = 0; i < RG_RULE_COUNT; i++)
        rg_result_add(r, (RgRuleId) i, RG_LEVEL_HOLD, "x", NULL, 0);
    rg_result_finish(r);
    reason = rg_action_reason(r);
    assert_true(strlen(reason) <= RG_REASON_MAX);
    assert_true(g_str_has_prefix(reason, "replyguard: "));
    assert_non_null(strstr(reason, ",+"));
}

static void reason_names_hold_rules(void **state)
{
    (void) state;
    g_autoptr(RgResult) r = result_with("en", RG_VERDICT_HOLD);
    g_autofree char *reason = NULL;

    rg_result_add(r, RG_RULE_SIGNATURE_MISSING, RG_LEVEL_HOLD, "x", NULL, 0);
    rg_result_add(r, RG_RULE_APOLOGY_MISSING, RG_LEVEL_HOLD, "x", NULL, 0);
    rg_result_add(r, RG_RULE_CAPS_SHOUTING, RG_LEVEL_FLAG, "x", NULL, 0);
    rg_result_finish(r);
    reason = rg_action_reason(r);
    assert_string_equal(reason, "replyguard: apology.missing,signature.missing");
}

static void reply_lines_are_safe_and_bounded(void **state)
{
    (void) state;
    g_autoptr(RgResult) r = result_with("en", RG_VERDICT_REJECT);
    g_autoptr(GPtrArray) lines = NULL;
    g_autofree char *long_hint = g_strnfill(3000, 'h');

    rg_result_add(r, RG_RULE_CAPS_SHOUTING, RG_LEVEL_REJECT, "Do not shout.",
                  "100% YOUR\r\nFAULT", 3);
    rg_result_add(r, RG_RULE_APOLOGY_MISSING, RG_LEVEL_HOLD, long_hint, NULL, 0);
    for (int i = 0; i < 40; i++)
        rg_result_add(r, RG_RULE_THANKS_MISSING, RG_LEVEL_HINT, "Thank.", NULL, 0);
    rg_result_finish(r);
    lines = rg_action_reply_lines(r);
    assert_int_equal(lines->len, RG_REPLY_LINES_MAX);
    assert_true(g_str_has_prefix(g_ptr_array_index(lines, 1), "caps.shouting"));
    assert_non_null(strstr(g_ptr_array_index(lines, 1),
                           "(line 3: \"100%% YOUR FAULT\"): Do not shout."));
    assert_true(g_str_has_prefix(g_ptr_array_index(lines, 2), "apology.missing"));
    assert_non_null(strstr(g_ptr_array_index(lines, RG_REPLY_LINES_MAX - 1),
                           "more finding"));
    for (guint i = 0; i < lines->len; i++) {
        const char *l = g_ptr_array_index(lines, i);

        assert_true(strlen(l) <= RG_REPLY_LINE_MAX);
        assert_null(strpbrk(l, "\r\n"));
    }
}

/* sendmail(1) mail gets the reply on one line, whole lines only, capped */
static void reply_one_line_joins_whole_lines(void **state)
{
    (void) state;
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *joined = NULL;
    g_autofree char *capped = NULL;

    g_ptr_array_add(lines, g_strdup("replyguard: reply not sent; fix:"));
    g_ptr_array_add(lines, g_strdup("apology.missing: Apologise."));
    joined = rg_action_reply_one_line(lines);
    assert_string_equal(joined, "replyguard: reply not sent; fix: apology.missing: Apologise.");
    for (int i = 0; i < 30; i++)
        g_ptr_array_add(lines, g_strnfill(100, 'h'));
    capped = rg_action_reply_one_line(lines);
    assert_true(strlen(capped) <= RG_REPLY_LINE_MAX);
    assert_true(g_str_has_prefix(capped, joined));
    assert_true(g_str_has_suffix(capped, "h (and 22 more line(s))"));
    assert_null(strpbrk(capped, "\r\n"));
}

/* without SMTPUTF8 the 550 text is ASCII: letters transliterated */
static void reply_lines_ascii_without_smtputf8(void **state)
{
    (void) state;
    g_autoptr(RgResult) r = result_with("pl", RG_VERDICT_REJECT);
    g_autoptr(GPtrArray) ascii = NULL;
    g_autoptr(GPtrArray) utf8 = NULL;

    rg_result_add(r, RG_RULE_CAPS_SHOUTING, RG_LEVEL_REJECT,
                  "Nie pisz wielkimi literami, proszę.", "ZAŻÓŁĆ GĘŚLĄ JAŹŃ", 2);
    rg_result_finish(r);
    ascii = rg_action_reply_lines_for(r, FALSE);
    utf8 = rg_action_reply_lines_for(r, TRUE);
    for (guint i = 0; i < ascii->len; i++)
        for (const char *p = g_ptr_array_index(ascii, i); *p; p++)
            assert_true((unsigned char) *p < 0x80);
    assert_non_null(strstr(g_ptr_array_index(ascii, 1),
                           "\"ZAZOLC GESLA JAZN\"): Nie pisz wielkimi literami, prosze."));
    assert_non_null(strstr(g_ptr_array_index(utf8, 1), "ZAŻÓŁĆ GĘŚLĄ JAŹŃ"));
}

static void notice_address_is_one_plain_mailbox(void **state)
{
    (void) state;
    assert_true(rg_notice_address_ok("agent@shop.example"));
    assert_false(rg_notice_address_ok(""));
    assert_false(rg_notice_address_ok("-oQ/tmp@x.example"));
    assert_false(rg_notice_address_ok("a@b.example, c@d.example"));
    assert_false(rg_notice_address_ok("a@b.example c@d.example"));
    assert_false(rg_notice_address_ok("\"|/bin/sh\"@x.example"));
    assert_false(rg_notice_address_ok("no-at-sign"));
    assert_false(rg_notice_address_ok("a@b@c"));
}

static void notice_is_in_the_reply_language(void **state)
{
    (void) state;
    RgSnapshot snap = {
        .refcount = 1,
        .engine = rg_test_engine(NULL),
        .milter = rg_milter_config_new_default(),
    };
    g_autoptr(RgResult) r = rg_test_scan(snap.engine, "Re: Zamówienie 300457",
                                         "Dzień dobry,\npaczka została dziś wysłana.\n");
    g_autoptr(GPtrArray) rcpts = g_ptr_array_new();
    g_autofree char *text = NULL;

    g_ptr_array_add(rcpts, "customer@mail.example");
    assert_string_equal(r->language, "pl");
    text = rg_notice_build(&snap, "agent@shop.example", rcpts, r);
    assert_non_null(strstr(text, "Auto-Submitted: auto-replied"));
    assert_non_null(strstr(text, "To: agent@shop.example"));
    assert_non_null(strstr(text, "Subject: Twoja =?UTF-8?B?"));
    assert_non_null(strstr(text, "apology.missing"));
    assert_non_null(strstr(text, "signature.missing"));
    assert_non_null(strstr(text, "Content-Language: pl"));
    rg_engine_unref(snap.engine);
    rg_milter_config_free(snap.milter);
}

/* bidi controls never reach the 550 text or the notice */
static void sanitize_drops_bidi_controls(void **state)
{
    (void) state;
    g_autofree char *a = rg_action_sanitize("pay \u202Eflow\u202C now "
                                            "\u2066x\u2069\u200F\u061C", 200, TRUE);

    assert_string_equal(a, "pay flow now x");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sanitize_removes_controls_and_doubles_percent),
        cmocka_unit_test(sanitize_cuts_on_character_boundary),
        cmocka_unit_test(sanitize_drops_bidi_controls),
        cmocka_unit_test(reply_lines_ascii_without_smtputf8),
        cmocka_unit_test(reply_one_line_joins_whole_lines),
        cmocka_unit_test(header_lists_flag_rules),
        cmocka_unit_test(header_cannot_be_forged_through_language),
        cmocka_unit_test(reason_fits_postfix_limit),
        cmocka_unit_test(reason_names_hold_rules),
        cmocka_unit_test(reply_lines_are_safe_and_bounded),
        cmocka_unit_test(notice_address_is_one_plain_mailbox),
        cmocka_unit_test(notice_is_in_the_reply_language),
    };

    rg_engine_global_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
