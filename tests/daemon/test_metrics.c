/*
 * test_metrics.c - the counters and their Prometheus text rendering
 */
#include <string.h>

#include "rg_metrics.h"
#include "rg_test_util.h"

/* render - the text of m; caller frees */
static char *render(RgMetrics *m)
{
    GString *out = g_string_new(NULL);

    rg_metrics_render(m, out);
    return g_string_free(out, FALSE);
}

static void metrics_start_with_the_fixed_series_at_zero(void **state)
{
    (void) state;
    RgMetrics *m = rg_metrics_new();
    g_autofree char *text = render(m);

    assert_non_null(strstr(text, "# TYPE replyguard_messages_total counter\n"));
    assert_non_null(strstr(text, "replyguard_reloads_total{result=\"refused\"} 0\n"));
    assert_non_null(strstr(text, "replyguard_notices_total{result=\"sent\"} 0\n"));
    assert_non_null(strstr(text, "# TYPE replyguard_scan_seconds histogram\n"));
    assert_non_null(strstr(text, "replyguard_scan_seconds_count 0\n"));
    rg_metrics_free(m);
}

/* gauge - the value of an unlabelled series in text, or -1 */
static gint64 gauge(const char *text, const char *name)
{
    g_autofree char *key = g_strdup_printf("\n%s ", name);
    const char *at = strstr(text, key);

    return at ? g_ascii_strtoll(at + strlen(key), NULL, 10) : -1;
}

static void metrics_show_the_heap_in_use_and_resident_size(void **state)
{
    (void) state;
    RgMetrics *m = rg_metrics_new();
    g_autofree char *before = render(m);
    g_autofree char *after = NULL;
    /* 8 MB: above malloc's mmap threshold, so it counts at once */
    char *block = g_malloc(8 << 20);

    memset(block, 1, 8 << 20);
    after = render(m);
    assert_non_null(strstr(before, "# TYPE replyguard_heap_in_use_bytes gauge\n"));
    assert_non_null(strstr(before, "# TYPE process_resident_memory_bytes gauge\n"));
    assert_true(gauge(before, "process_resident_memory_bytes") > 0);
    assert_true(gauge(after, "process_resident_memory_bytes") >=
                gauge(before, "process_resident_memory_bytes") + (7 << 20));
#ifndef __SANITIZE_ADDRESS__
    /* AddressSanitizer's allocator is not malloc's: it keeps no such count */
    assert_true(gauge(before, "replyguard_heap_in_use_bytes") > 0);
    assert_true(gauge(after, "replyguard_heap_in_use_bytes") >=
                gauge(before, "replyguard_heap_in_use_bytes") + (8 << 20));
#endif
    g_free(block);
    rg_metrics_free(m);
}

static void metrics_count_a_checked_message_and_its_findings(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    g_autoptr(RgResult) r = rg_test_scan(e, "Re: Order 300457",
                                         "Hello,\nthe parcel left today.\n");
    RgMetrics *m = rg_metrics_new();
    g_autofree char *text = NULL;

    r->elapsed_ms = 3.0;
    rg_metrics_checked(m, r, "hold");
    rg_metrics_checked(m, r, "hold");
    rg_metrics_skipped(m, "null sender");
    rg_metrics_error(m, TRUE);
    rg_metrics_reload(m, FALSE);
    rg_metrics_notice(m, TRUE);
    text = render(m);
    assert_non_null(strstr(text, "replyguard_messages_total{verdict=\"hold\","
                           "action=\"hold\",language=\"en\"} 2\n"));
    assert_non_null(strstr(text, "replyguard_findings_total{rule=\"apology."
                           "missing\",level=\"hold\"} 2\n"));
    assert_non_null(strstr(text, "replyguard_scope_total{decision=\"skipped\","
                           "reason=\"null-sender\"} 1\n"));
    assert_non_null(strstr(text, "replyguard_scope_total{decision=\"checked\","
                           "reason=\"\"} 2\n"));
    assert_non_null(strstr(text, "replyguard_errors_total{action=\"accept\"} 1\n"));
    assert_non_null(strstr(text, "replyguard_reloads_total{result=\"refused\"} 1\n"));
    assert_non_null(strstr(text, "replyguard_notices_total{result=\"sent\"} 1\n"));
    /* 3 ms: above the 2.5 ms bucket, within 5 ms */
    assert_non_null(strstr(text, "replyguard_scan_seconds_bucket{le=\"0.0025\"} 0\n"));
    assert_non_null(strstr(text, "replyguard_scan_seconds_bucket{le=\"0.005\"} 2\n"));
    assert_non_null(strstr(text, "replyguard_scan_seconds_bucket{le=\"+Inf\"} 2\n"));
    assert_non_null(strstr(text, "replyguard_scan_seconds_sum 0.006000\n"));
    rg_metrics_free(m);
}

static void metrics_escape_label_values(void **state)
{
    (void) state;
    RgMetrics *m = rg_metrics_new();
    g_autofree char *text = NULL;

    rg_metrics_request(m, "/a\"b\\c\nd", 404);
    text = render(m);
    assert_non_null(strstr(text, "{path=\"/a\\\"b\\\\c\\nd\",status=\"404\"} 1\n"));
    rg_metrics_free(m);
}

/* hammer - many updates from one of several threads */
static gpointer hammer(gpointer data)
{
    for (int i = 0; i < 10000; i++)
        rg_metrics_reload(data, TRUE);
    return NULL;
}

static void metrics_updates_from_threads_are_not_lost(void **state)
{
    (void) state;
    RgMetrics *m = rg_metrics_new();
    GThread *t[4];
    g_autofree char *text = NULL;

    for (int i = 0; i < 4; i++)
        t[i] = g_thread_new("hammer", hammer, m);
    for (int i = 0; i < 4; i++)
        g_thread_join(t[i]);
    text = render(m);
    assert_non_null(strstr(text, "replyguard_reloads_total{result=\"ok\"} 40000\n"));
    rg_metrics_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(metrics_start_with_the_fixed_series_at_zero),
        cmocka_unit_test(metrics_count_a_checked_message_and_its_findings),
        cmocka_unit_test(metrics_show_the_heap_in_use_and_resident_size),
        cmocka_unit_test(metrics_escape_label_values),
        cmocka_unit_test(metrics_updates_from_threads_are_not_lost),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
