/*
 * test_desk_pages.c - the pages: findings marked in zones, everything
 * escaped, the list's filters and sorting, actions for reviewers only
 */
#include <string.h>

#include "rg_desk_pages.h"
#include "rg_test_util.h"

static const char body[] =
    "Dear Ms <b>Jones</b>,\n\n"
    "thank you for your e-mail. I am sorry for the trouble. As stated in your "
    "contract, refunds are possible within 14 days only.\n\n"
    "If anything is unclear, just reply to this e-mail.\n\n"
    "Best regards,\nTom Fletcher\nCustomer Support Specialist\ntom.fletcher@shop.example\n";

/* scan - the result for subject/body with the text kept */
static RgResult *scan(RgEngine *e, const char *subject)
{
    g_autofree char *msg = rg_test_message(subject, body);
    RgScanOptions opts = {.keep_text = TRUE};

    return rg_engine_scan_bytes(e, msg, strlen(msg), &opts, NULL);
}

static void desk_pages_mark_findings_in_their_zones(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    g_autoptr(RgResult) r = scan(e, "<script>alert(1)</script> Re: Refund 77812");
    RgDeskHeld h = {.queue_id = "1F0E3510457", .sender = "a@agents.example\"><x>",
                    .recipients = "c@customers.example", .message_id = "<m@x>"};
    RgDeskViewer v = {.user = "ana", .role = "reviewer", .csrf = "c0ffee"};
    GString *page = rg_desk_page_begin("t", &v);
    g_autofree char *html = NULL;
    const char *mark, *sig;

    assert_non_null(r);
    rg_desk_page_message(page, &v, &h, r);
    html = rg_desk_page_end(page);
    mark = strstr(html, "<mark class=\"finding\" data-rule=\"deflect.contract\"");
    assert_non_null(mark);
    assert_true(g_str_has_prefix(strchr(mark, '>') + 1, "As stated in your contract</mark>"));
    /* inside the new text, before the signature zone */
    sig = strstr(html, "zone-signature");
    assert_non_null(sig);
    assert_true(strstr(html, "zone-new") < mark && mark < sig);
    assert_non_null(strstr(html, "instead of pointing to the contract"));
    /* nothing from the message is markup */
    assert_null(strstr(html, "<script>"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_null(strstr(html, "<b>Jones"));
    assert_non_null(strstr(html, "&lt;b&gt;Jones"));
    assert_null(strstr(html, "\"><x>"));
    assert_non_null(strstr(html, "&quot;&gt;&lt;x&gt;"));
    /* the reviewer gets the token and the buttons */
    assert_non_null(strstr(html, "name=\"csrf\" value=\"c0ffee\""));
    assert_non_null(strstr(html, "value=\"release\""));
}

static void desk_pages_give_viewers_no_buttons(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    g_autoptr(RgResult) r = scan(e, "Re: Refund 77812");
    RgDeskHeld h = {.queue_id = "1F0E3510457", .sender = "a@x", .recipients = "c@x"};
    RgDeskViewer v = {.user = "vic", .role = "viewer", .csrf = "c0ffee"};
    GString *page = rg_desk_page_begin("t", &v);
    g_autofree char *html = NULL;

    rg_desk_page_message(page, &v, &h, r);
    html = rg_desk_page_end(page);
    assert_null(strstr(html, "value=\"release\""));
    assert_non_null(strstr(html, "needs the reviewer role"));
}

/* held - a list entry (caller frees) */
static RgDeskHeld *held(const char *id, gint64 arrival, const char *sender,
                        const char *subject, const char *rules)
{
    RgDeskHeld *h = g_new0(RgDeskHeld, 1);

    h->queue_id = g_strdup(id);
    h->arrival = arrival;
    h->sender = g_strdup(sender);
    h->recipients = g_strdup("c@customers.example");
    h->subject = g_strdup(subject);
    h->rules = g_strdup(rules);
    return h;
}

static void desk_pages_list_filters_and_sorts(void **state)
{
    (void) state;
    g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func((GDestroyNotify) rg_desk_held_free);
    gint64 now = 100000;
    RgDeskListQuery q = {0};
    GPtrArray *sel;
    RgDeskViewer v = {.user = "ana", .role = "reviewer", .csrf = "t"};
    GString *page;
    g_autofree char *html = NULL;

    g_ptr_array_add(all, held("AAAAAA1", now - 7200, "zed@agents.example", "Re: b", "apology.missing"));
    g_ptr_array_add(all, held("AAAAAA2", now - 60, "amy@agents.example", "Re: a", "deflect.contract"));
    g_ptr_array_add(all, held("AAAAAA3", now - 20000, "bob@agents.example", "<i>c</i>", "apology.missing,caps.shouting"));
    sel = rg_desk_list_select(all, &q, now);
    assert_string_equal(((RgDeskHeld *) sel->pdata[0])->queue_id, "AAAAAA3");   /* oldest first */
    g_ptr_array_unref(sel);
    q.sort = "agent";
    q.desc = TRUE;
    sel = rg_desk_list_select(all, &q, now);
    assert_string_equal(((RgDeskHeld *) sel->pdata[0])->sender, "zed@agents.example");
    assert_string_equal(((RgDeskHeld *) sel->pdata[2])->sender, "amy@agents.example");
    g_ptr_array_unref(sel);
    q = (RgDeskListQuery) {.rule = "apology.missing"};
    sel = rg_desk_list_select(all, &q, now);
    assert_int_equal(sel->len, 2);
    g_ptr_array_unref(sel);
    q = (RgDeskListQuery) {.agent = "amy", .min_age_s = 0};
    sel = rg_desk_list_select(all, &q, now);
    assert_int_equal(sel->len, 1);
    g_ptr_array_unref(sel);
    q = (RgDeskListQuery) {.min_age_s = 3600};
    sel = rg_desk_list_select(all, &q, now);
    assert_int_equal(sel->len, 2);
    g_ptr_array_unref(sel);
    /* the page: overdue count, escaped subject */
    q = (RgDeskListQuery) {0};
    page = rg_desk_page_begin("t", &v);
    rg_desk_page_list(page, &v, all, &q, now, 3600);
    html = rg_desk_page_end(page);
    assert_non_null(strstr(html, "<strong>2</strong> held longer than 1h 0m"));
    assert_non_null(strstr(html, "&lt;i&gt;c&lt;/i&gt;"));
    assert_null(strstr(html, "<i>c"));
}

static void desk_pages_age_text(void **state)
{
    (void) state;
    g_autofree char *a = rg_desk_age_text(42);
    g_autofree char *b = rg_desk_age_text(3 * 60 + 5);
    g_autofree char *c = rg_desk_age_text(2 * 3600 + 5 * 60);
    g_autofree char *d = rg_desk_age_text(3 * 86400 + 4 * 3600);

    assert_string_equal(a, "42s");
    assert_string_equal(b, "3m");
    assert_string_equal(c, "2h 5m");
    assert_string_equal(d, "3d 4h");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(desk_pages_mark_findings_in_their_zones),
        cmocka_unit_test(desk_pages_give_viewers_no_buttons),
        cmocka_unit_test(desk_pages_list_filters_and_sorts),
        cmocka_unit_test(desk_pages_age_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
