/*
 * test_logreport.c - the daemon's log lines, in every shape they are
 * stored, read back into entries and summaries (--from-log)
 */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "rg_logreport.h"
#include "rg_test_util.h"

#define LINE "queue=4ABCDE from=<ann@shop.example> verdict=hold lang=pl " \
    "profile=legal rules=apology.missing,thanks.missing scan_ms=0.52 action=hold"

static void logreport_reads_each_prefix_shape(void **state)
{
    (void) state;
    static const char *const shapes[][2] = {
        {"2026-05-04 10:00:00 replyguard[12]: " LINE, "2026-05-04"},
        {"2026-05-04T10:00:00.123+02:00 mx1 replyguard[12]: " LINE, "2026-05-04"},
        {"May  4 10:00:00 mx1 replyguard[12]: " LINE, "-05-04"},
        {"May 04 10:00:00 mx1 replyguard[12]: " LINE, "-05-04"},
        {LINE, ""},
    };

    for (guint i = 0; i < G_N_ELEMENTS(shapes); i++) {
        RgLogEntry e;

        assert_true(rg_log_parse_line(shapes[i][0], NULL, &e));
        assert_string_equal(e.queue, "4ABCDE");
        assert_string_equal(e.sender, "ann@shop.example");
        assert_int_equal(e.result->verdict, RG_VERDICT_HOLD);
        assert_string_equal(e.result->language, "pl");
        assert_string_equal(e.result->profile, "legal");
        assert_int_equal(e.result->findings->len, 2);
        assert_true(g_str_has_suffix(e.day, shapes[i][1]));
        rg_log_entry_clear(&e);
    }
}

static void logreport_reads_errors_and_skips_other_lines(void **state)
{
    (void) state;
    RgLogEntry e;

    assert_true(rg_log_parse_line("2026-05-04 10:00:00 replyguard[12]: "
                                  "queue=X from=<a@b> error: regex limit; "
                                  "action=tempfail", NULL, &e));
    assert_true(e.error);
    assert_null(e.result);
    rg_log_entry_clear(&e);
    assert_false(rg_log_parse_line("2026-05-04 10:00:00 replyguard[12]: "
                                   "reloaded /etc/replyguard.conf", NULL, &e));
    assert_false(rg_log_parse_line("May  4 10:00:00 mx1 postfix/smtpd[9]: "
                                   "connect from localhost", NULL, &e));
    assert_false(rg_log_parse_line("queue=X from=<a@b> verdict=loud lang=en "
                                   "rules=- scan_ms=1 action=accept", NULL, &e));
    assert_true(rg_log_parse_line("queue=X from=<a@b> verdict=pass lang=en "
                                  "rules=- scan_ms=1 action=accept", NULL, &e));
    assert_int_equal(e.result->findings->len, 0);
    assert_null(e.result->profile);
    rg_log_entry_clear(&e);
}

static void logreport_reads_a_journal_export(void **state)
{
    (void) state;
    g_autofree char *path = NULL;
    int fd = g_file_open_tmp("rg-export-XXXXXX", &path, NULL);
    /* 2026-05-04 12:00:00 UTC */
    const char *text =
        "__CURSOR=s=1\n__REALTIME_TIMESTAMP=1777896000000000\n"
        "SYSLOG_IDENTIFIER=replyguard\nMESSAGE=" LINE "\n\n"
        "__CURSOR=s=2\n__REALTIME_TIMESTAMP=1777896000000000\n"
        "MESSAGE=reloaded x\n\n";
    RgSummary *s = rg_summary_new();
    g_autoptr(GString) out = g_string_new(NULL);
    guint n = 0;

    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t) strlen(text));
    close(fd);
    assert_true(rg_logreport_read(path, s, &n, NULL));
    assert_int_equal(n, 1);
    rg_summary_json(s, out);
    assert_non_null(strstr(out->str, "\"messages\":1,"));
    assert_non_null(strstr(out->str, "\"apology.missing\":1"));
    assert_non_null(strstr(out->str, "\"senders\":{\"ann@shop.example\""));
    assert_non_null(strstr(out->str, "\"days\":{\"2026-05-0"));
    rg_summary_free(s);
    g_unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(logreport_reads_each_prefix_shape),
        cmocka_unit_test(logreport_reads_errors_and_skips_other_lines),
        cmocka_unit_test(logreport_reads_a_journal_export),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
