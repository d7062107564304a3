/*
 * NAME
 *	rg_desk_audit - the review desk's audit trail in SQLite
 * SYNOPSIS
 *	RgDeskAudit *rg_desk_audit_open(const char *path, GError **error)
 *	gboolean rg_desk_audit_append(audit, entry, &error)
 *	GPtrArray *rg_desk_audit_list(audit, limit, &error)
 *	char *rg_desk_audit_csv(audit, &error)
 * DESCRIPTION
 *	One SQLite file (by default /var/lib/replyguard/desk-audit.sqlite),
 *	one table "audit": who, when, what, which message (queue id,
 *	Message-ID, sender, recipient, subject, rules), the comment and the
 *	outcome of the Postfix command.  The application only ever INSERTs
 *	and SELECTs; two triggers make the database itself refuse any
 *	UPDATE or DELETE of a row, so not even a bug here can rewrite the
 *	past.  Statements are prepared with bound parameters only.
 *
 *	Rows are listed newest first; the CSV export has a header line and
 *	every row, oldest first, each field quoted and formula-safe.
 * DIAGNOSTICS
 *	NULL/FALSE with error set (G_IO_ERROR_FAILED, SQLite's message).
 */
#include <string.h>

#include <gio/gio.h>
#include <sqlite3.h>

#include "rg_desk_audit.h"
#include "rg_desk_html.h"

struct RgDeskAudit {
    sqlite3 *db;
};

static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "CREATE TABLE IF NOT EXISTS audit ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,"
    " queue_id TEXT, message_id TEXT, sender TEXT, recipient TEXT,"
    " subject TEXT, rules TEXT, comment TEXT NOT NULL,"
    " outcome TEXT NOT NULL, detail TEXT);"
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;";

#define COLUMNS "id, at, user, action, queue_id, message_id, sender," \
    " recipient, subject, rules, comment, outcome, detail"

/* fail - set error from the database's last message */
static void fail(RgDeskAudit *a, const char *what, GError **error)
{
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "audit: %s: %s", what,
                a && a->db ? sqlite3_errmsg(a->db) : "out of memory");
}

/* rg_desk_audit_open - open or create the store at path */
RgDeskAudit *rg_desk_audit_open(const char *path, GError **error)
{
    RgDeskAudit *a = g_new0(RgDeskAudit, 1);
    char *msg = NULL;

    if (sqlite3_open_v2(path, &a->db, SQLITE_OPEN_READWRITE |
                        SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL)
        != SQLITE_OK) {
        fail(a, path, error);
        rg_desk_audit_close(a);
        return NULL;
    }
    sqlite3_busy_timeout(a->db, 5000);
    if (sqlite3_exec(a->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "audit: %s: %s",
                    path, msg ? msg : "schema");
        sqlite3_free(msg);
        rg_desk_audit_close(a);
        return NULL;
    }
    return a;
}

/* rg_desk_audit_close - NULL is fine */
void rg_desk_audit_close(RgDeskAudit *a)
{
    if (a == NULL)
        return;
    sqlite3_close(a->db);
    g_free(a);
}

/* rg_desk_audit_entry_free - NULL is fine */
void rg_desk_audit_entry_free(RgDeskAuditEntry *e)
{
    if (e == NULL)
        return;
    g_free(e->at);
    g_free(e->user);
    g_free(e->action);
    g_free(e->queue_id);
    g_free(e->message_id);
    g_free(e->sender);
    g_free(e->recipient);
    g_free(e->subject);
    g_free(e->rules);
    g_free(e->comment);
    g_free(e->outcome);
    g_free(e->detail);
    g_free(e);
}

/* rg_desk_audit_append - add one row; sets entry->id and entry->at */
gboolean rg_desk_audit_append(RgDeskAudit *a, RgDeskAuditEntry *e,
                              GError **error)
{
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    const char *fields[12];
    sqlite3_stmt *st = NULL;
    gboolean ok;
    int i;

    g_free(e->at);
    e->at = g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");
    fields[0] = e->at; fields[1] = e->user; fields[2] = e->action;
    fields[3] = e->queue_id; fields[4] = e->message_id;
    fields[5] = e->sender; fields[6] = e->recipient; fields[7] = e->subject;
    fields[8] = e->rules; fields[9] = e->comment; fields[10] = e->outcome;
    fields[11] = e->detail;
    if (sqlite3_prepare_v2(a->db, "INSERT INTO audit (at, user, action,"
                           " queue_id, message_id, sender, recipient, subject,"
                           " rules, comment, outcome, detail) VALUES"
                           " (?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st, NULL)
        != SQLITE_OK) {
        fail(a, "prepare", error);
        return FALSE;
    }
    for (i = 0; i < 12; i++)
        sqlite3_bind_text(st, i + 1, fields[i], -1, SQLITE_TRANSIENT);
    ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        fail(a, "insert", error);
    else
        e->id = sqlite3_last_insert_rowid(a->db);
    sqlite3_finalize(st);
    return ok;
}

/* col - a text column as a new string, or NULL */
static char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);

    return t ? g_strdup((const char *) t) : NULL;
}

/* select_rows - every row of sql (COLUMNS) as RgDeskAuditEntry* */
static GPtrArray *select_rows(RgDeskAudit *a, const char *sql, guint limit,
                              GError **error)
{
    GPtrArray *rows = g_ptr_array_new_with_free_func(
        (GDestroyNotify) rg_desk_audit_entry_free);
    sqlite3_stmt *st = NULL;
    int rc;

    if (sqlite3_prepare_v2(a->db, sql, -1, &st, NULL) != SQLITE_OK) {
        fail(a, "prepare", error);
        g_ptr_array_unref(rows);
        return NULL;
    }
    sqlite3_bind_int64(st, 1, limit ? (sqlite3_int64) limit : -1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RgDeskAuditEntry *e = g_new0(RgDeskAuditEntry, 1);

        e->id = sqlite3_column_int64(st, 0);
        e->at = col(st, 1); e->user = col(st, 2); e->action = col(st, 3);
        e->queue_id = col(st, 4); e->message_id = col(st, 5);
        e->sender = col(st, 6); e->recipient = col(st, 7);
        e->subject = col(st, 8); e->rules = col(st, 9);
        e->comment = col(st, 10); e->outcome = col(st, 11);
        e->detail = col(st, 12);
        g_ptr_array_add(rows, e);
    }
    if (rc != SQLITE_DONE) {
        fail(a, "select", error);
        g_clear_pointer(&rows, g_ptr_array_unref);
    }
    sqlite3_finalize(st);
    return rows;
}

/* rg_desk_audit_list - the newest limit rows (0: all), newest first */
GPtrArray *rg_desk_audit_list(RgDeskAudit *a, guint limit, GError **error)
{
    return select_rows(a, "SELECT " COLUMNS " FROM audit ORDER BY id DESC"
                       " LIMIT ?", limit, error);
}

/* rg_desk_audit_csv - the whole trail as CSV, oldest first (caller frees) */
char *rg_desk_audit_csv(RgDeskAudit *a, GError **error)
{
    g_autoptr(GPtrArray) rows = select_rows(
        a, "SELECT " COLUMNS " FROM audit ORDER BY id LIMIT ?", 0, error);
    GString *out;
    guint i;

    if (rows == NULL)
        return NULL;
    out = g_string_new("id,at,user,action,queue_id,message_id,sender,"
                       "recipient,subject,rules,comment,outcome,detail\r\n");
    for (i = 0; i < rows->len; i++) {
        RgDeskAuditEntry *e = rows->pdata[i];
        const char *f[] = {e->at, e->user, e->action, e->queue_id,
            e->message_id, e->sender, e->recipient, e->subject, e->rules,
            e->comment, e->outcome, e->detail};
        guint j;

        g_string_append_printf(out, "%" G_GINT64_FORMAT, e->id);
        for (j = 0; j < G_N_ELEMENTS(f); j++) {
            g_string_append_c(out, ',');
            rg_desk_csv_append(out, f[j]);
        }
        g_string_append(out, "\r\n");
    }
    return g_string_free(out, FALSE);
}
