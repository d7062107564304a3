/*
 * test_desk_audit.c - the audit store: append, list, CSV, and no rewrites
 */
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rg_desk_audit.h"
#include "rg_test_util.h"

typedef struct {
    char *dir;
    char *path;
    RgDeskAudit *audit;
} Fixture;

static int setup(void **state)
{
    Fixture *f = g_new0(Fixture, 1);

    f->dir = g_dir_make_tmp("desk-audit-XXXXXX", NULL);
    f->path = g_build_filename(f->dir, "audit.sqlite", NULL);
    f->audit = rg_desk_audit_open(f->path, NULL);
    *state = f;
    return f->audit ? 0 : -1;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", f->dir);

    rg_desk_audit_close(f->audit);
    assert_int_equal(system(cmd), 0);
    g_free(f->path);
    g_free(f->dir);
    g_free(f);
    return 0;
}

/* append - one entry for queue id */
static gint64 append(RgDeskAudit *a, const char *user, const char *action,
                     const char *id, const char *subject, const char *comment)
{
    RgDeskAuditEntry e = {
        .user = (char *) user, .action = (char *) action, .queue_id = (char *) id,
        .message_id = "<m1@agents.example>", .sender = "agent@agents.example",
        .recipient = "customer@customers.example", .subject = (char *) subject,
        .rules = "apology.missing", .comment = (char *) comment, .outcome = "ok",
        .detail = "postsuper: Released from hold: 1 message",
    };
    GError *error = NULL;

    assert_true(rg_desk_audit_append(a, &e, &error));
    assert_non_null(e.at);
    g_free(e.at);
    return e.id;
}

static void desk_audit_lists_what_was_appended_newest_first(void **state)
{
    Fixture *f = *state;
    g_autoptr(GPtrArray) rows = NULL;
    RgDeskAuditEntry *e;

    append(f->audit, "ana", "release", "1F0E3510457", "Re: Prigovor 88123", "fine now");
    append(f->audit, "bo", "delete", "3E3E651045E", "Re: x", "duplicate");
    rows = rg_desk_audit_list(f->audit, 0, NULL);
    assert_int_equal(rows->len, 2);
    e = rows->pdata[0];
    assert_string_equal(e->user, "bo");
    assert_string_equal(e->action, "delete");
    e = rows->pdata[1];
    assert_string_equal(e->user, "ana");
    assert_string_equal(e->queue_id, "1F0E3510457");
    assert_string_equal(e->message_id, "<m1@agents.example>");
    assert_string_equal(e->sender, "agent@agents.example");
    assert_string_equal(e->recipient, "customer@customers.example");
    assert_string_equal(e->subject, "Re: Prigovor 88123");
    assert_string_equal(e->rules, "apology.missing");
    assert_string_equal(e->comment, "fine now");
    assert_string_equal(e->outcome, "ok");
    assert_non_null(strstr(e->detail, "Released"));
    assert_int_equal(strlen(e->at), 20);
    g_ptr_array_unref(rows);
    rows = rg_desk_audit_list(f->audit, 1, NULL);
    assert_int_equal(rows->len, 1);
}

static void desk_audit_survives_reopening(void **state)
{
    Fixture *f = *state;
    g_autoptr(GPtrArray) rows = NULL;

    append(f->audit, "ana", "release", "1F0E3510457", "s", "c");
    rg_desk_audit_close(f->audit);
    f->audit = rg_desk_audit_open(f->path, NULL);
    assert_non_null(f->audit);
    append(f->audit, "ana", "delete", "1F0E3510458", "s", "c");
    rows = rg_desk_audit_list(f->audit, 0, NULL);
    assert_int_equal(rows->len, 2);
}

static void desk_audit_refuses_update_and_delete(void **state)
{
    Fixture *f = *state;
    g_autoptr(GPtrArray) rows = NULL;
    sqlite3 *db;
    char *msg = NULL;

    append(f->audit, "ana", "release", "1F0E3510457", "s", "the original comment");
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET comment = 'forged'",
                                      NULL, NULL, &msg), SQLITE_OK);
    assert_non_null(strstr(msg, "append-only"));
    sqlite3_free(msg);
    msg = NULL;
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, &msg),
                         SQLITE_OK);
    assert_non_null(strstr(msg, "append-only"));
    sqlite3_free(msg);
    sqlite3_close(db);
    rows = rg_desk_audit_list(f->audit, 0, NULL);
    assert_int_equal(rows->len, 1);
    assert_string_equal(((RgDeskAuditEntry *) rows->pdata[0])->comment,
                        "the original comment");
}

static void desk_audit_csv_has_header_and_quoted_rows(void **state)
{
    Fixture *f = *state;
    g_autofree char *csv = NULL;

    append(f->audit, "ana", "release", "1F0E3510457", "Re: \"quoted\", comma", "=cmd|' /C calc'!A0");
    append(f->audit, "bo", "delete", "3E3E651045E", "Re: <script>", "second");
    csv = rg_desk_audit_csv(f->audit, NULL);
    assert_true(g_str_has_prefix(csv, "id,at,user,action,queue_id,message_id,sender,"
                                 "recipient,subject,rules,comment,outcome,detail\r\n"));
    assert_non_null(strstr(csv, "\"Re: \"\"quoted\"\", comma\""));
    assert_non_null(strstr(csv, "\"'=cmd|' /C calc'!A0\""));
    /* oldest first */
    assert_true(strstr(csv, "\"ana\"") < strstr(csv, "\"bo\""));
}

static void desk_audit_open_fails_on_a_bad_path(void **state)
{
    (void) state;
    GError *error = NULL;

    assert_null(rg_desk_audit_open("/nonexistent/dir/audit.sqlite", &error));
    assert_non_null(error);
    g_error_free(error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(desk_audit_lists_what_was_appended_newest_first, setup, teardown),
        cmocka_unit_test_setup_teardown(desk_audit_survives_reopening, setup, teardown),
        cmocka_unit_test_setup_teardown(desk_audit_refuses_update_and_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(desk_audit_csv_has_header_and_quoted_rows, setup, teardown),
        cmocka_unit_test(desk_audit_open_fails_on_a_bad_path),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
