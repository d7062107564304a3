/*
 * rg_log.c - one place that decides where daemon log lines go
 *
 * In the foreground each line goes to stderr with a timestamp, written
 * with one write so lines from concurrent sessions never interleave;
 * otherwise to syslog (facility mail).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rg_log.h"

static gboolean log_to_stderr = TRUE;

/* rg_log_open - choose stderr or syslog; call before any thread starts */
void rg_log_open(gboolean to_stderr)
{
    log_to_stderr = to_stderr;
    if (!to_stderr)
        openlog("replyguard", LOG_PID | LOG_NDELAY, LOG_MAIL);
}

/* rg_log_escape - a value safe inside a "key=value" log line: bytes
 * outside printable ASCII, spaces, '=', '<', '>' and '\\' as \\xHH, so
 * no value can forge another field.  Caller frees. */
char *rg_log_escape(const char *value)
{
    GString *out = g_string_new(NULL);

    for (const unsigned char *p = (const unsigned char *) (value ? value : "");
         *p; p++) {
        if (*p <= 0x20 || *p >= 0x7f || *p == '=' || *p == '<' || *p == '>' ||
            *p == '\\')
            g_string_append_printf(out, "\\x%02X", *p);
        else
            g_string_append_c(out, (char) *p);
    }
    return g_string_free(out, FALSE);
}

/* rg_log - one log line */
void rg_log(int priority, const char *format, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, format);
    msg = g_strdup_vprintf(format, ap);
    va_end(ap);
    if (log_to_stderr) {
        /* the local zone, read once: finding it costs more than the line */
        static GTimeZone *zone;
        static gsize ready;
        g_autoptr(GDateTime) now = NULL;

        if (g_once_init_enter(&ready)) {
            zone = g_time_zone_new_local();
            g_once_init_leave(&ready, 1);
        }
        now = g_date_time_new_now(zone);
        g_autofree char *stamp = g_date_time_format(now, "%F %T");
        g_autofree char *line = g_strdup_printf("%s replyguard[%d]: %s\n",
                                                stamp, (int) getpid(), msg);
        gsize len = strlen(line);

        if (write(STDERR_FILENO, line, len) < 0)
            return;
    } else {
        syslog(priority, "%s", msg);
    }
}
