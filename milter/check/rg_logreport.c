/*
 * rg_logreport.c - summaries from the daemon's log instead of the mail
 *
 * Owns the reading of replyguard's per-message log lines (rg_milter.c:
 * "queue=ID from=<SENDER> verdict=V lang=L [profile=P] rules=A,B|-
 * scan_ms=N action=A ...", and "queue=ID from=<SENDER> error: ...;
 * action=A") wherever they were written:
 *
 *   - the daemon's own stderr: "2026-05-04 10:00:00 replyguard[12]: ...";
 *   - syslog files: "May  4 10:00:00 host replyguard[12]: ..." (the year
 *     is taken as the current one) or RFC 3339 "2026-05-04T10:00:00+02:00
 *     host replyguard[12]: ...";
 *   - journalctl -o short / short-iso (the same shapes);
 *   - journalctl -o export: records of KEY=value lines, MESSAGE= holding
 *     the line and __REALTIME_TIMESTAMP= its time (local day).
 *
 * Every message found is fed to an RgSummary, so --from-log prints the
 * tables of --summary (plus one per day) without scanning mail again.
 * Lines of other programs, and replyguard's other lines, are skipped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rg_logreport.h"

static const char *const months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* rg_log_entry_clear - free an entry's parts; accepts a cleared one */
void rg_log_entry_clear(RgLogEntry *e)
{
    g_clear_pointer(&e->queue, g_free);
    g_clear_pointer(&e->sender, g_free);
    g_clear_pointer(&e->result, rg_result_free);
    e->day[0] = '\0';
    e->error = FALSE;
}

/* line_day - the day a log line's prefix gives, into day[11]; "" if none */
static void line_day(const char *line, char *day)
{
    int d;

    day[0] = '\0';
    if (g_ascii_isdigit(line[0]) && strlen(line) >= 10 && line[4] == '-' &&
        line[7] == '-') {
        memcpy(day, line, 10);
        day[10] = '\0';
        return;
    }
    for (guint m = 0; m < G_N_ELEMENTS(months); m++) {
        if (strncmp(line, months[m], 3) != 0 || line[3] != ' ')
            continue;
        d = atoi(line + 4);
        if (d >= 1 && d <= 31) {
            g_autoptr(GDateTime) now = g_date_time_new_now_local();

            g_snprintf(day, 11, "%04d-%02u-%02d", g_date_time_get_year(now),
                       m + 1, d);
        }
        return;
    }
}

/* field - the value of " key=" in msg up to the next space; caller frees */
static char *field(const char *msg, const char *key)
{
    g_autofree char *k = g_strdup_printf(" %s=", key);
    const char *at = strstr(msg, k);
    const char *end;

    if (at == NULL)
        return NULL;
    at += strlen(k);
    end = strchr(at, ' ');
    return end ? g_strndup(at, (gsize) (end - at)) : g_strdup(at);
}

/* sender_of - the address in "from=<...>" of msg; caller frees */
static char *sender_of(const char *msg)
{
    const char *at = strstr(msg, " from=<");
    const char *end;

    if (at == NULL)
        return NULL;
    at += strlen(" from=<");
    end = strstr(at, "> ");
    return end ? g_strndup(at, (gsize) (end - at)) : NULL;
}

/* parse_message - a replyguard message (the part after "]: ") */
static gboolean parse_message(const char *msg, RgLogEntry *e)
{
    g_autofree char *padded = g_strconcat(" ", msg, NULL);
    g_autofree char *verdict = NULL;
    g_autofree char *rules = NULL;
    RgVerdict v;

    if (!g_str_has_prefix(msg, "queue="))
        return FALSE;
    e->queue = field(padded, "queue");
    e->sender = sender_of(padded);
    if (e->sender == NULL)
        return FALSE;
    if (strstr(padded, "> error: ") != NULL && strstr(padded, "; action=")) {
        e->error = TRUE;
        return TRUE;
    }
    verdict = field(padded, "verdict");
    rules = field(padded, "rules");
    if (verdict == NULL || rules == NULL)
        return FALSE;
    for (v = RG_VERDICT_PASS; v <= RG_VERDICT_REJECT; v++)
        if (strcmp(verdict, rg_verdict_name(v)) == 0)
            break;
    if (v > RG_VERDICT_REJECT)
        return FALSE;
    e->result = rg_result_new();
    e->result->verdict = v;
    e->result->language = field(padded, "lang");
    e->result->profile = field(padded, "profile");
    e->result->from = g_strdup(e->sender);
    if (strcmp(rules, "-") != 0) {
        g_auto(GStrv) ids = g_strsplit(rules, ",", -1);

        for (char **id = ids; *id; id++) {
            RgRuleId rule;

            if (rg_rule_parse(*id, &rule))
                rg_result_add(e->result, rule, RG_LEVEL_HINT, "", NULL, 0);
        }
    }
    return TRUE;
}

/*
 * rg_log_parse_line - one log line (or a journal MESSAGE= value) into
 * entry; day, when not NULL, overrides the day of the line's prefix.
 * FALSE for a line that is not a replyguard message line.  Clear entry
 * after a TRUE return.
 */
gboolean rg_log_parse_line(const char *line, const char *day, RgLogEntry *e)
{
    const char *msg = NULL;
    const char *tag = strstr(line, "replyguard[");

    memset(e, 0, sizeof *e);
    if (g_str_has_prefix(line, "queue=")) {
        msg = line;
    } else if (tag != NULL) {
        msg = strstr(tag, "]: ");
        msg = msg ? msg + 3 : NULL;
    }
    if (msg == NULL)
        return FALSE;
    if (day != NULL)
        g_strlcpy(e->day, day, sizeof e->day);
    else
        line_day(line, e->day);
    if (!parse_message(msg, e)) {
        rg_log_entry_clear(e);
        return FALSE;
    }
    return TRUE;
}

/* add_entry - one logged message into the summary */
static void add_entry(RgSummary *summary, const RgLogEntry *e)
{
    rg_summary_add(summary, e->result, e->sender);
    if (e->result && e->day[0])
        rg_summary_add_day(summary, e->result, e->day);
}

/* export_day - the local day of a __REALTIME_TIMESTAMP (microseconds) */
static void export_day(const char *usec, char *day)
{
    g_autoptr(GDateTime) t = g_date_time_new_from_unix_local(
        g_ascii_strtoll(usec, NULL, 10) / G_USEC_PER_SEC);
    g_autofree char *s = t ? g_date_time_format(t, "%F") : NULL;

    g_strlcpy(day, s ? s : "", 11);
}

/* rg_logreport_read - every replyguard message line of a log file (or
 * "-": standard input) into summary; *entries counts them */
gboolean rg_logreport_read(const char *path, RgSummary *summary,
                           guint *entries, GError **error)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    char day[11] = "";          /* of the current journal export record */

    if (f == NULL) {
        g_set_error(error, RG_ERROR, RG_ERROR_NOT_FOUND, "%s: %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    while ((n = getline(&line, &cap, f)) >= 0) {
        RgLogEntry e;

        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0) {
            day[0] = '\0';      /* the end of an export record */
            continue;
        }
        if (g_str_has_prefix(line, "__REALTIME_TIMESTAMP=")) {
            export_day(line + strlen("__REALTIME_TIMESTAMP="), day);
            continue;
        }
        if (g_str_has_prefix(line, "MESSAGE=")) {
            if (!rg_log_parse_line(line + strlen("MESSAGE="),
                                   day[0] ? day : NULL, &e))
                continue;
        } else if (!rg_log_parse_line(line, NULL, &e)) {
            continue;
        }
        add_entry(summary, &e);
        (*entries)++;
        rg_log_entry_clear(&e);
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return TRUE;
}
