/*
 * test_engine.c - whole messages: MIME shapes, charsets, config effects,
 * limits, and concurrent scans
 */
#include <string.h>

#include "replyguard/rg_json.h"
#include "rg_test_util.h"

#define SIG "\n\nBest regards,\nAnn Lee\nSupport Specialist\nann@shop.example\n"

/* scan_raw - scan a whole message text; fails on error */
static RgResult *scan_raw(RgEngine *e, const char *msg)
{
    GError *error = NULL;
    RgResult *r = rg_engine_scan_bytes(e, msg, strlen(msg), NULL, &error);

    if (r == NULL)
        fail_msg("%s", error->message);
    return r;
}

static void engine_levels_from_config_change_the_verdict(void **state)
{
    (void) state;
    g_autoptr(RgEngine) strict = rg_test_engine("[levels]\napology.missing = reject\n"
                                               "thanks.missing = off\n");
    g_autoptr(RgEngine) lax = rg_test_engine("[levels]\napology.missing = off\n");
    g_autoptr(RgResult) a = rg_test_scan(strict, "Re: Order 300457",
                                         "It ships today." SIG);
    g_autoptr(RgResult) b = rg_test_scan(lax, "Re: Order 300457",
                                         "Thank you. It ships today." SIG);

    assert_int_equal(a->verdict, RG_VERDICT_REJECT);
    assert_false(rg_test_has(a, "thanks.missing"));
    assert_int_equal(b->verdict, RG_VERDICT_PASS);
    assert_false(rg_test_has(b, "apology.missing"));
}

static void engine_apology_only_for_complaints_when_configured(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine("[engine]\napology-required = complaint\n");
    g_autoptr(RgResult) plain = rg_test_scan(e, "Re: Order 300457",
                                             "Thank you. It ships today." SIG);
    g_autoptr(RgResult) subj = rg_test_scan(e, "Re: Reklamacja 300457",
                                            "Thank you. It ships today." SIG);
    g_autoptr(RgResult) quoted = rg_test_scan(e, "Re: Order 300457",
                                              "Thank you. It ships today." SIG
                                              "\n> This is a formal complaint.\n");

    assert_false(rg_test_has(plain, "apology.missing"));
    assert_true(rg_test_has(subj, "apology.missing"));
    assert_true(rg_test_has(quoted, "apology.missing"));
}

static void engine_prefers_plain_alternative_and_reads_html_alone(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    g_autoptr(RgResult) alt = scan_raw(e,
        "Subject: Re: Order 300457\nMIME-Version: 1.0\n"
        "Content-Type: multipart/alternative; boundary=b\n\n--b\n"
        "Content-Type: text/plain; charset=utf-8\n\nThank you, I'm sorry." SIG
        "\n--b\nContent-Type: text/html; charset=utf-8\n\n<p>WE ARE SHOUTING HERE</p>\n--b--\n");
    g_autoptr(RgResult) html = scan_raw(e,
        "Subject: Re: Order 300457\nMIME-Version: 1.0\n"
        "Content-Type: text/html; charset=utf-8\n\n<p>Thank you, I&#8217;m sorry.</p>"
        "<p>Best regards,<br>Ann Lee<br>Support Specialist<br>ann@shop.example</p>"
        "<blockquote>WE ARE SHOUTING HERE</blockquote>\n");

    assert_int_equal(alt->verdict, RG_VERDICT_PASS);
    assert_int_equal(html->verdict, RG_VERDICT_PASS);
}

static void engine_decodes_charsets_encodings_and_subject(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    /* "Przepraszam, że ... Dziękuję" in ISO-8859-2 quoted-printable */
    g_autoptr(RgResult) qp = scan_raw(e,
        "Subject: =?ISO-8859-2?Q?Re:_Zam=F3wienie_62290?=\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=iso-8859-2\n"
        "Content-Transfer-Encoding: quoted-printable\n\n"
        "Dzi=EAkuj=EA, przepraszam za k=B3opot.\n\nPozdrawiam\nJan Nowak\n"
        "Konsultant\ntel. 22 123 45 67\n");
    /* "Žao mi je" ... in windows-1250, base64 */
    g_autoptr(RgResult) b64 = scan_raw(e,
        "Subject: Re: Narudzba 12345\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=windows-1250\n"
        "Content-Transfer-Encoding: base64\n\n"
        "SHZhbGEsII5hbyBtaSBqZSB6Ym9nIGthmm5qZW5qYS4KCkxpamVwIHBvemRyYXYsCkFuYSBIb3J2YXQK"
        "U2F2amV0bmljYQpUZWw6ICszODUgMSA0ODAwIDIwMAo=\n");

    assert_string_equal(qp->subject, "Re: Zamówienie 62290");
    assert_string_equal(qp->language, "pl");
    assert_int_equal(qp->verdict, RG_VERDICT_PASS);
    assert_string_equal(b64->language, "hr");
    assert_int_equal(b64->verdict, RG_VERDICT_PASS);
}

static void engine_never_reads_attachments_or_forwarded_mail(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    g_autoptr(RgResult) r = scan_raw(e,
        "Subject: Re: Order 300457\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=m\n\n--m\n"
        "Content-Type: text/plain; charset=utf-8\n\nThank you, I'm sorry." SIG
        "\n--m\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\n"
        "AS STATED IN YOUR CONTRACT WE DECIDED\n--m\nContent-Type: message/rfc822\n\n"
        "Subject: x\n\nAs stated in your contract, it has been decided.\n--m--\n");

    assert_int_equal(r->verdict, RG_VERDICT_PASS);
}

static void engine_counts_inline_images(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    g_autoptr(RgResult) r = scan_raw(e,
        "Subject: Re: Order 300457\nMIME-Version: 1.0\n"
        "Content-Type: multipart/related; boundary=r\n\n--r\n"
        "Content-Type: text/plain; charset=utf-8\n\nThank you, I'm sorry." SIG
        "\n--r\nContent-Type: image/png\nContent-ID: <pic@x>\n"
        "Content-Disposition: inline; filename=pic.png\n\niVBORw0KGgo=\n--r--\n");
    const RgFinding *f = rg_test_finding(r, RG_RULE_IMAGE_INLINE);

    assert_non_null(f);
    assert_string_equal(f->excerpt, "pic.png");
    assert_int_equal(f->level, RG_LEVEL_HINT);
}

static void engine_scan_limit_bounds_the_body(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine("[engine]\nscan-limit = 4k\n");
    GString *body = g_string_new("Thank you, I'm sorry.\n");

    for (int i = 0; i < 2000; i++)
        g_string_append(body, "more text here\n");
    g_autoptr(RgResult) r = rg_test_scan(e, "Re: Order 300457", body->str);

    assert_true(r->truncated);
    g_string_free(body, TRUE);
}

static void engine_odd_input_is_scanned_not_crashed(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    static const char nul[] = "Subject: a\0b\n\nhello\0world\n";
    const char *inputs[] = {"", "\n\n\n", "no headers at all", "Subject:\n\n",
                            "Content-Type: multipart/mixed\n\nno boundary"};

    for (size_t i = 0; i < G_N_ELEMENTS(inputs); i++) {
        GError *error = NULL;
        RgResult *r = rg_engine_scan_bytes(e, inputs[i], strlen(inputs[i]),
                                           NULL, &error);

        assert_true(r != NULL || error != NULL);
        rg_result_free(r);
        g_clear_error(&error);
    }
    RgResult *r = rg_engine_scan_bytes(e, nul, sizeof nul - 1, NULL, NULL);
    assert_non_null(r);
    rg_result_free(r);
}

static void engine_language_can_be_forced(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    g_autofree char *msg = rg_test_message("Re: Order 300457",
                                           "Thank you, I'm sorry." SIG);
    const RgScanOptions hr = {.language = "hr"};
    g_autoptr(RgResult) r = rg_engine_scan_bytes(e, msg, strlen(msg), &hr,
                                                 NULL);

    assert_string_equal(r->language, "hr");
    assert_true(r->is_reply);
}

typedef struct {
    RgEngine *engine;
    const char *msg;
    int verdicts[50];
} ThreadJob;

/* scan_many - thread body: scan the same message 50 times */
static gpointer scan_many(gpointer data)
{
    ThreadJob *job = data;

    for (int i = 0; i < 50; i++) {
        RgResult *r = rg_engine_scan_bytes(job->engine, job->msg,
                                           strlen(job->msg), NULL, NULL);

        job->verdicts[i] = r ? (int) r->verdict : -1;
        rg_result_free(r);
    }
    return NULL;
}

static void engine_is_safe_to_share_between_threads(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    g_autofree char *msg = rg_test_message("Re: Reply", "WE HAVE DECIDED. It has "
                                           "been decided, as stated in your contract.");
    ThreadJob jobs[4];
    GThread *threads[4];

    for (int t = 0; t < 4; t++) {
        jobs[t] = (ThreadJob) {.engine = e, .msg = msg};
        threads[t] = g_thread_new("scan", scan_many, &jobs[t]);
    }
    for (int t = 0; t < 4; t++)
        g_thread_join(threads[t]);
    for (int t = 0; t < 4; t++)
        for (int i = 0; i < 50; i++)
            assert_int_equal(jobs[t].verdicts[i], RG_VERDICT_HOLD);
}

/* as_json - a result as JSON, without its timings */
static char *as_json(const RgResult *r)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GRegex) timing = g_regex_new("\"(scan|elapsed)_ms\":[0-9.e+-]+",
                                           0, 0, NULL);

    rg_json_result(out, "m", r, NULL, RG_JSON_OFFSETS);
    return g_regex_replace_literal(timing, out->str, -1, 0, "", 0, NULL);
}

/* a thread's matcher is kept from one scan to the next: each message
 * gets what an engine of its own (a new matcher) gives it, whatever was
 * scanned before, with this engine or another */
static void engine_reused_matcher_gives_fresh_results(void **state)
{
    (void) state;
    g_autofree char *a = rg_test_message(
        "Re: Order 300457", "WE HAVE DECIDED. It has been decided, as stated "
        "in your contract. Sorry, but the courier lost it." SIG);
    g_autoptr(GString) b_text = g_string_new("Thank you for waiting. ");
    g_autofree char *b = NULL;
    const char *msgs[2];
    char *want[2];
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    g_autoptr(RgEngine) other = rg_test_engine(NULL);

    for (int i = 0; i < 60; i++)
        g_string_append(b_text, "I am sorry that the parcel is late; I have "
                        "asked the courier to call you. ");
    b = rg_test_message("Re: Reply", b_text->str);
    msgs[0] = a;
    msgs[1] = b;
    for (int i = 0; i < 2; i++) {
        g_autoptr(RgEngine) own = rg_test_engine(NULL);
        g_autoptr(RgResult) r = scan_raw(own, msgs[i]);

        want[i] = as_json(r);
    }
    for (int round = 0; round < 6; round++) {
        const int i = round % 2;
        g_autoptr(RgResult) r = scan_raw(round == 3 ? other : e, msgs[i]);
        g_autofree char *got = as_json(r);

        assert_string_equal(got, want[i]);
    }
    g_free(want[0]);
    g_free(want[1]);
}

static void engine_keeps_text_zones_and_excerpt_offsets(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    g_autofree char *msg = rg_test_message(
        "Re: Order 300457",
        "Hello,\n\nI am sorry. As stated in your contract, no refund.\n"
        "> a quoted line between\nThank you for writing." SIG
        "\nOn Mon, 2 Nov 2026, John <j@x.example> wrote:\n> WHY\n");
    const RgScanOptions keep = {.keep_text = TRUE};
    g_autoptr(RgResult) r = rg_engine_scan_bytes(e, msg, strlen(msg), &keep,
                                                 NULL);
    const RgFinding *f = rg_test_finding(r, RG_RULE_DEFLECT_CONTRACT);
    static const RgZoneKind want[] = {RG_ZONE_NEW, RG_ZONE_QUOTED, RG_ZONE_NEW,
                                      RG_ZONE_SIGNATURE, RG_ZONE_QUOTED};

    assert_non_null(r->text);
    assert_non_null(f);
    assert_int_equal(f->where, RG_WHERE_BODY);
    assert_memory_equal(r->text + f->offset, "As stated in your contract",
                        f->length);
    assert_int_equal(r->zones->len, G_N_ELEMENTS(want));
    for (guint i = 0; i < r->zones->len; i++)
        assert_int_equal(g_array_index(r->zones, RgZone, i).kind, want[i]);
    assert_int_equal(g_array_index(r->zones, RgZone, 1).first_line, 4);
    assert_int_equal(g_array_index(r->zones, RgZone, 1).last_line, 4);
    /* without keep_text, no copy of the text */
    g_autoptr(RgResult) plain = rg_engine_scan_bytes(e, msg, strlen(msg), NULL,
                                                     NULL);
    assert_null(plain->text);
    assert_null(plain->zones);
}

static void engine_refuses_missing_default_language(void **state)
{
    (void) state;
    GError *error = NULL;
    RgConfig *c = rg_config_new_default();

    g_free(c->policy_dir);
    c->policy_dir = g_strdup(RG_TEST_POLICY_DIR);
    g_free(c->default_language);
    c->default_language = g_strdup("de");
    assert_null(rg_engine_new(c, 0, &error));
    assert_non_null(strstr(error->message, "default-language"));
    g_error_free(error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(engine_levels_from_config_change_the_verdict),
        cmocka_unit_test(engine_apology_only_for_complaints_when_configured),
        cmocka_unit_test(engine_prefers_plain_alternative_and_reads_html_alone),
        cmocka_unit_test(engine_decodes_charsets_encodings_and_subject),
        cmocka_unit_test(engine_never_reads_attachments_or_forwarded_mail),
        cmocka_unit_test(engine_counts_inline_images),
        cmocka_unit_test(engine_scan_limit_bounds_the_body),
        cmocka_unit_test(engine_odd_input_is_scanned_not_crashed),
        cmocka_unit_test(engine_language_can_be_forced),
        cmocka_unit_test(engine_is_safe_to_share_between_threads),
        cmocka_unit_test(engine_reused_matcher_gives_fresh_results),
        cmocka_unit_test(engine_keeps_text_zones_and_excerpt_offsets),
        cmocka_unit_test(engine_refuses_missing_default_language),
    };

    rg_engine_global_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
