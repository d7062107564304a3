/*
 * rg_notice.c - build and send the held-reply notice
 *
 * See rg_notice.h.  The message is built with GMime (RFC 2047 subject,
 * quoted-printable UTF-8 body) and piped to sendmail(1) through
 * GSubprocess: argv only, no shell, "-f <>" and "--" before the one
 * recipient, which must look like a plain mailbox.
 */
#include <string.h>

#include <gio/gio.h>
#include <gmime/gmime.h>

#include "rg_action.h"
#include "rg_notice.h"

/* rg_notice_address_ok - a plain local@domain: no spaces, controls,
 * quotes, brackets or leading '-', so it can only ever be one recipient */
gboolean rg_notice_address_ok(const char *a)
{
    const char *at;

    if (a == NULL || a[0] == '\0' || a[0] == '-' || strlen(a) > 254)
        return FALSE;
    for (const char *p = a; *p; p++)
        if ((unsigned char) *p <= ' ' || (unsigned char) *p >= 0x7f ||
            strchr("\"'<>()[],;:\\|`$&*?!{}", *p))
            return FALSE;
    at = strchr(a, '@');
    return at && at != a && at[1] != '\0' && strchr(at + 1, '@') == NULL;
}

/* body_text - the notice's text; caller frees */
static char *body_text(const RgEngine *e, const GPtrArray *recipients,
                       const RgResult *r)
{
    GString *out = g_string_new(NULL);
    g_autoptr(GDateTime) now = g_date_time_new_now_local();
    g_autofree char *date = g_date_time_format(now, "%F %T %z");
    g_autofree char *subject = rg_action_sanitize(r->subject, 400, FALSE);

    g_string_append_printf(out, "%s\n\n",
                           rg_engine_notice_text(e, r->language,
                                                 RG_NOTICE_INTRO));
    g_string_append(out, "  To:      ");
    for (guint i = 0; i < recipients->len; i++) {
        g_autofree char *rcpt = rg_action_sanitize(
            g_ptr_array_index(recipients, i), 256, FALSE);

        g_string_append_printf(out, "%s%s", i ? ", " : "", rcpt);
    }
    g_string_append_printf(out, "\n  Subject: %s\n  Date:    %s\n\n", subject,
                           date);
    g_string_append_printf(out, "%s\n\n",
                           rg_engine_notice_text(e, r->language, RG_NOTICE_FIX));
    for (guint i = 0; i < r->findings->len; i++) {
        const RgFinding *f = g_ptr_array_index(r->findings, i);

        g_string_append_printf(out, "* %s (%s)\n", rg_rule_name(f->rule),
                               rg_level_name(f->level));
        if (f->excerpt) {
            g_autofree char *ex = rg_action_sanitize(f->excerpt, 300, FALSE);

            if (f->line > 0)
                g_string_append_printf(out, "  %" G_GSIZE_FORMAT ": \"%s\"\n",
                                       f->line, ex);
            else
                g_string_append_printf(out, "  \"%s\"\n", ex);
        }
        g_string_append_printf(out, "  %s\n\n", f->hint);
    }
    g_string_append(out, "-- \nreplyguard\n");
    return g_string_free(out, FALSE);
}

/* rg_notice_build - the notice as an RFC 5322 message; caller frees */
char *rg_notice_build(const RgSnapshot *snap, const char *sender,
                      const GPtrArray *recipients, const RgResult *r)
{
    const RgEngine *e = snap->engine;
    const RgMilterConfig *cfg = snap->milter;
    GMimeMessage *msg = g_mime_message_new(TRUE);
    GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
    g_autofree char *text = body_text(e, recipients, r);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *subject = g_strdup_printf(
        "%s: %s", rg_engine_notice_text(e, r->language, RG_NOTICE_SUBJECT),
        r->subject && r->subject[0] ? r->subject : "-");
    g_autofree char *clean_subject = rg_action_sanitize(subject, 300, FALSE);
    const char *from = cfg->notice_from && cfg->notice_from[0]
        ? cfg->notice_from : "MAILER-DAEMON";
    char *out;

    g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, "replyguard", from);
    g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, NULL, sender);
    g_mime_message_set_subject(msg, clean_subject, "utf-8");
    g_mime_message_set_date(msg, now);
    g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted",
                             "auto-replied", NULL);
    g_mime_object_set_header(GMIME_OBJECT(msg), "X-Auto-Response-Suppress",
                             "All", NULL);
    g_mime_object_set_header(GMIME_OBJECT(msg), "Content-Language",
                             r->language, NULL);
    g_mime_text_part_set_text(part, text);
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset",
                                             "utf-8");
    g_mime_part_set_content_encoding(GMIME_PART(part),
                                     GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));
    out = g_mime_object_to_string(GMIME_OBJECT(msg), NULL);
    g_object_unref(part);
    g_object_unref(msg);
    return out;
}

/* rg_notice_send - build the notice and pipe it to sendmail(1) */
gboolean rg_notice_send(const RgSnapshot *snap, const char *sender,
                        const GPtrArray *recipients, const RgResult *r,
                        GError **error)
{
    const RgMilterConfig *cfg = snap->milter;
    g_autofree char *text = NULL;
    g_autoptr(GBytes) input = NULL;
    g_autoptr(GSubprocess) proc = NULL;
    g_auto(GStrv) command = NULL;
    g_autoptr(GPtrArray) argv = g_ptr_array_new();

    if (!rg_notice_address_ok(sender)) {
        g_set_error(error, RG_ERROR, RG_ERROR_INTERNAL,
                    "no notice: sender \"%s\" is not a plain address",
                    sender ? sender : "");
        return FALSE;
    }
    /* the command is split like a shell would, but no shell runs it */
    if (!g_shell_parse_argv(cfg->sendmail, NULL, &command, error))
        return FALSE;
    for (char **a = command; *a; a++)
        g_ptr_array_add(argv, *a);
    g_ptr_array_add(argv, "-i");
    g_ptr_array_add(argv, "-f");
    g_ptr_array_add(argv, "<>");
    g_ptr_array_add(argv, "--");
    g_ptr_array_add(argv, (gpointer) sender);
    g_ptr_array_add(argv, NULL);
    text = rg_notice_build(snap, sender, recipients, r);
    input = g_bytes_new_take(text, strlen(text));
    text = NULL;
    proc = g_subprocess_newv((const char *const *) argv->pdata,
                             G_SUBPROCESS_FLAGS_STDIN_PIPE |
                             G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                             G_SUBPROCESS_FLAGS_STDERR_SILENCE, error);
    if (proc == NULL)
        return FALSE;
    if (!g_subprocess_communicate(proc, input, NULL, NULL, NULL, error))
        return FALSE;
    if (!g_subprocess_get_if_exited(proc) ||
        g_subprocess_get_exit_status(proc) != 0) {
        g_set_error(error, RG_ERROR, RG_ERROR_INTERNAL,
                    "%s exited with status %d", command[0],
                    g_subprocess_get_if_exited(proc)
                    ? g_subprocess_get_exit_status(proc) : -1);
        return FALSE;
    }
    return TRUE;
}
