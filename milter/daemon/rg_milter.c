/*
 * rg_milter.c - libmilter callbacks: collect, scan, act
 *
 * Every message reaches eom, in or out of scope, so forged X-Replyguard
 * headers are always removed.  A message in scope is collected (headers,
 * then body up to max-message), scanned by the engine and acted on by
 * verdict and mode: header, quarantine, or 550 5.7.1 with the hints.  Any
 * internal failure takes the configured on-error action; nothing is
 * dropped.  end_message is the one teardown used by eom, abort and close.
 */
#include <netinet/in.h>
#include <string.h>

#include "rg_action.h"
#include "rg_idle.h"
#include "rg_log.h"
#include "rg_metrics.h"
#include "rg_milter.h"
#include "rg_notice.h"
#include "rg_scope.h"

typedef struct {
    RgSnapshot *snap;           /* reference taken at MAIL FROM */
    char *sender;               /* envelope sender, "" for the null sender */
    char *log_sender;           /* the same, escaped for the log line */
    GPtrArray *recipients;      /* envelope recipients */
    const char *skip;           /* why out of scope (static), or NULL */
    GString *message;           /* headers and body as the engine reads them */
    gsize limit;                /* bytes of message collected at most */
    gboolean truncated;
    gsize max_collected;        /* max-collected of the snapshot */
    gboolean over_cap;          /* all sessions together hold too much */
    gboolean smtputf8;          /* MAIL FROM ... SMTPUTF8: UTF-8 replies */
    GPtrArray *own_headers;     /* X-Replyguard* names seen, with repeats */
    char *login;                /* {auth_authen}, or NULL */
} Msg;

typedef struct {
    char *client;
    Msg *msg;
    GPtrArray *notices;         /* RgNoticeJob: sent once the MTA moves on */
    unsigned long quiet;        /* SMFIP_NR_* steps the MTA agreed to */
    gboolean non_smtp;          /* sendmail(1) mail: one-line replies */
} Conn;

/* steps that always continue, so the MTA need not wait for a reply */
#define QUIET_STEPS (SMFIP_NR_RCPT | SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY)
/* steps replyguard has no use for */
#define SKIPPED_STEPS (SMFIP_NOHELO | SMFIP_NOUNKNOWN | SMFIP_NODATA)

static GMutex snapshot_lock;
static RgSnapshot *current_snapshot;

/* rg_milter_set_snapshot - install a snapshot (takes the reference) */
void rg_milter_set_snapshot(RgSnapshot *snapshot)
{
    RgSnapshot *old;

    g_mutex_lock(&snapshot_lock);
    old = current_snapshot;
    current_snapshot = snapshot;
    g_mutex_unlock(&snapshot_lock);
    rg_snapshot_unref(old);
}

/* rg_milter_snapshot - a new reference to the current snapshot, or NULL */
RgSnapshot *rg_milter_snapshot(void)
{
    RgSnapshot *s;

    g_mutex_lock(&snapshot_lock);
    s = current_snapshot ? rg_snapshot_ref(current_snapshot) : NULL;
    g_mutex_unlock(&snapshot_lock);
    return s;
}

/* bytes held by every message being collected, against max-collected */
static gsize collected_total;
static GMutex collected_lock;

/* collected_take - reserve n bytes under the cap; FALSE when over it */
static gboolean collected_take(gsize n, gsize cap)
{
    gboolean ok;

    g_mutex_lock(&collected_lock);
    ok = collected_total + n <= cap;
    if (ok)
        collected_total += n;
    g_mutex_unlock(&collected_lock);
    return ok;
}

/* collected_give - release n bytes */
static void collected_give(gsize n)
{
    g_mutex_lock(&collected_lock);
    collected_total -= MIN(n, collected_total);
    g_mutex_unlock(&collected_lock);
}

/* msg_free - the one teardown of a message context */
static void msg_free(Msg *m)
{
    if (m == NULL)
        return;
    collected_give(m->message->len);
    rg_snapshot_unref(m->snap);
    g_free(m->sender);
    g_free(m->log_sender);
    g_free(m->login);
    g_ptr_array_unref(m->recipients);
    g_string_free(m->message, TRUE);
    g_ptr_array_unref(m->own_headers);
    g_free(m);
}

/* conn_of - the connection context of a session, or NULL */
static Conn *conn_of(SMFICTX *ctx)
{
    return (Conn *) smfi_getpriv(ctx);
}

/* c_notices - the connection's notices waiting for the MTA to move on */
static GPtrArray *c_notices(SMFICTX *ctx)
{
    Conn *c = conn_of(ctx);

    if (c->notices == NULL)
        c->notices = g_ptr_array_new_with_free_func(
            (GDestroyNotify) rg_notice_job_free);
    return c->notices;
}

/* flush_notices - the MTA has moved on from the last message (next MAIL
 * FROM, abort or close): it has taken it, so its notices go now */
static void flush_notices(Conn *c)
{
    while (c && c->notices && c->notices->len > 0)
        rg_notice_job_queue(g_ptr_array_steal_index(c->notices, 0));
}

/* end_message - the one end of a message, from eom, abort or close */
static void end_message(Conn *c)
{
    if (c) {
        msg_free(c->msg);
        c->msg = NULL;
    }
}

/* macro - a macro's value or NULL */
static const char *macro(SMFICTX *ctx, const char *name)
{
    return smfi_getsymval(ctx, (char *) name);
}

/* conn_new - the connection context, made at negotiation or connect */
static Conn *conn_new(SMFICTX *ctx)
{
    Conn *c = g_new0(Conn, 1);

    if (smfi_setpriv(ctx, c) != MI_SUCCESS) {
        g_free(c);
        rg_log(LOG_ERR, "cannot keep a connection context; tempfail");
        return NULL;
    }
    return c;
}

/* continued - CONTINUE, or no reply at all where the MTA agreed to that;
 * fewer round trips per message */
static sfsistat continued(const Conn *c, unsigned long step)
{
    return c && (c->quiet & step) ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

/*
 * on_negotiate - xxfi_negotiate: agree on actions and protocol steps
 *
 * Parameters: ctx, the session; actions and steps, what the MTA offers;
 * f2, f3, reserved; want_actions, want_steps, pf2, pf3, what replyguard
 * asks for: the actions it uses (add and change headers, quarantine) and
 * no replies for RCPT, headers, end of headers and body chunks.
 * Returns: SMFIS_CONTINUE, or SMFIS_TEMPFAIL when no connection context
 * could be kept.
 */
static sfsistat on_negotiate(SMFICTX *ctx, unsigned long actions,
                             unsigned long steps, unsigned long f2,
                             unsigned long f3, unsigned long *want_actions,
                             unsigned long *want_steps, unsigned long *pf2,
                             unsigned long *pf3)
{
    Conn *c = conn_new(ctx);

    rg_idle_touch(ctx);
    (void) f2;
    (void) f3;
    if (c == NULL)
        return SMFIS_TEMPFAIL;
    *want_actions = actions & (SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE);
    *want_steps = steps & (QUIET_STEPS | SKIPPED_STEPS);
    *pf2 = 0;
    *pf3 = 0;
    c->quiet = *want_steps & QUIET_STEPS;
    return SMFIS_CONTINUE;
}

/* from_sendmail - whether a connect event stands for mail from
 * sendmail(1): Postfix's cleanup names the client "localhost" with port 0,
 * which no SMTP client has */
static gboolean from_sendmail(const char *host, const _SOCK_ADDR *addr)
{
    in_port_t port = 1;

    if (host == NULL || strcmp(host, "localhost") != 0 || addr == NULL)
        return FALSE;
    if (addr->sa_family == AF_INET)
        port = ((const struct sockaddr_in *) (const void *) addr)->sin_port;
    else if (addr->sa_family == AF_INET6)
        port = ((const struct sockaddr_in6 *) (const void *) addr)->sin6_port;
    return port == 0;
}

/*
 * on_connect - xxfi_connect: a new SMTP client (or sendmail(1) pickup)
 *
 * Parameters: ctx, the session; host, the client's name; addr, its
 * address.  Returns: SMFIS_CONTINUE, or SMFIS_TEMPFAIL when no
 * connection context could be kept.
 */
static sfsistat on_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{
    Conn *c = conn_of(ctx) ? conn_of(ctx) : conn_new(ctx);

    rg_idle_touch(ctx);
    if (c == NULL)
        return SMFIS_TEMPFAIL;
    g_free(c->client);
    c->client = g_strdup(host ? host : "unknown");
    c->non_smtp = from_sendmail(host, addr);
    return SMFIS_CONTINUE;
}

/*
 * on_envfrom - xxfi_envfrom: MAIL FROM starts a message
 *
 * Takes the current snapshot and decides the envelope's part of the
 * scope.  Parameters: ctx, the session; argv, the sender then the ESMTP
 * arguments.  Returns: SMFIS_CONTINUE, or SMFIS_TEMPFAIL when no config
 * is loaded.
 */
static sfsistat on_envfrom(SMFICTX *ctx, char **argv)
{
    Conn *c = conn_of(ctx);
    Msg *m;
    RgEnvelope env;

    rg_idle_touch(ctx);
    if (c == NULL)
        return SMFIS_TEMPFAIL;
    flush_notices(c);
    end_message(c);
    m = c->msg = g_new0(Msg, 1);
    m->snap = rg_milter_snapshot();
    m->sender = rg_scope_address(argv ? argv[0] : NULL);
    m->log_sender = rg_log_escape(m->sender);
    for (int i = 1; argv && argv[0] && argv[i]; i++)
        if (g_ascii_strcasecmp(argv[i], "SMTPUTF8") == 0)
            m->smtputf8 = TRUE;
    m->recipients = g_ptr_array_new_with_free_func(g_free);
    m->message = g_string_sized_new(8192);
    m->own_headers = g_ptr_array_new_with_free_func(g_free);
    if (m->snap == NULL)
        return SMFIS_TEMPFAIL;
    m->limit = rg_engine_config(m->snap->engine)->max_message;
    m->max_collected = m->snap->milter->max_collected;
    env = (RgEnvelope) {
        .sender = m->sender,
        .auth_authen = macro(ctx, "{auth_authen}"),
        .daemon_name = macro(ctx, "{daemon_name}"),
    };
    m->login = g_strdup(env.auth_authen);
    m->skip = rg_scope_envelope(m->snap->milter, &env);
    return SMFIS_CONTINUE;
}

/*
 * on_envrcpt - xxfi_envrcpt: a recipient, kept for the notice
 *
 * Parameters: ctx, the session; argv, the recipient then the ESMTP
 * arguments.  Returns: SMFIS_NOREPLY where agreed, else SMFIS_CONTINUE.
 */
static sfsistat on_envrcpt(SMFICTX *ctx, char **argv)
{
    Conn *c = conn_of(ctx);

    rg_idle_touch(ctx);
    if (c && c->msg && argv && argv[0])
        g_ptr_array_add(c->msg->recipients, rg_scope_address(argv[0]));
    return continued(c, SMFIP_NR_RCPT);
}

/* collect - append to the message, up to its limit */
static void collect(Msg *m, const char *data, gsize len)
{
    gsize room = m->limit > m->message->len ? m->limit - m->message->len : 0;

    if (len > room) {
        m->truncated = TRUE;
        len = room;
    }
    if (m->over_cap || !collected_take(len, m->max_collected)) {
        /* tempfailed at eom: the client retries when memory is free */
        m->over_cap = TRUE;
        return;
    }
    g_string_append_len(m->message, data, (gssize) len);
}

/*
 * on_header - xxfi_header: one header field
 *
 * Notes incoming X-Replyguard* fields (removed at eom), takes the
 * message out of scope on Auto-Submitted/Precedence, and collects the
 * field for the engine.  Parameters: ctx, the session; name and value,
 * the field.  Returns: SMFIS_NOREPLY where agreed, else SMFIS_CONTINUE.
 */
static sfsistat on_header(SMFICTX *ctx, char *name, char *value)
{
    Conn *c = conn_of(ctx);
    Msg *m = c ? c->msg : NULL;

    rg_idle_touch(ctx);
    if (m == NULL)
        return continued(c, SMFIP_NR_HDR);
    if (g_ascii_strncasecmp(name, RG_HEADER_NAME, strlen(RG_HEADER_NAME)) == 0) {
        g_ptr_array_add(m->own_headers, g_strdup(name));
        return continued(c, SMFIP_NR_HDR);
    }
    if (m->skip == NULL && m->snap && m->snap->milter->skip_auto_submitted)
        m->skip = rg_scope_header(name, value);
    if (m->skip == NULL) {
        collect(m, name, strlen(name));
        collect(m, ": ", 2);
        collect(m, value, strlen(value));
        collect(m, "\n", 1);
    }
    return continued(c, SMFIP_NR_HDR);
}

/*
 * on_eoh - xxfi_eoh: end of the header.  Parameters: ctx, the session.
 * Returns: SMFIS_NOREPLY where agreed, else SMFIS_CONTINUE.
 */
static sfsistat on_eoh(SMFICTX *ctx)
{
    Conn *c = conn_of(ctx);

    rg_idle_touch(ctx);
    if (c && c->msg && c->msg->skip == NULL)
        collect(c->msg, "\n", 1);
    return continued(c, SMFIP_NR_EOH);
}

/*
 * on_body - xxfi_body: a chunk of the body, collected up to max-message
 *
 * Parameters: ctx, the session; chunk and len, the bytes.  Returns:
 * SMFIS_NOREPLY where agreed, else SMFIS_CONTINUE.
 */
static sfsistat on_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
    Conn *c = conn_of(ctx);

    rg_idle_touch(ctx);
    if (c && c->msg && c->msg->skip == NULL)
        collect(c->msg, (const char *) chunk, len);
    return continued(c, SMFIP_NR_BODY);
}

/* remove_own_headers - delete every incoming X-Replyguard* header, last
 * occurrence first so indexes stay valid whatever the MTA counts */
static gboolean remove_own_headers(SMFICTX *ctx, const Msg *m)
{
    g_autoptr(GHashTable) done = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                       g_free, NULL);

    for (guint i = 0; i < m->own_headers->len; i++) {
        const char *name = g_ptr_array_index(m->own_headers, i);
        char *key = g_ascii_strdown(name, -1);
        int count = 0;

        if (g_hash_table_contains(done, key)) {
            g_free(key);
            continue;
        }
        g_hash_table_add(done, key);
        for (guint j = 0; j < m->own_headers->len; j++)
            if (g_ascii_strcasecmp(g_ptr_array_index(m->own_headers, j),
                                   name) == 0)
                count++;
        for (int k = count; k >= 1; k--)
            if (smfi_chgheader(ctx, (char *) name, k, NULL) != MI_SUCCESS)
                return FALSE;
    }
    return TRUE;
}

/* set_reject_reply - 550 5.7.1 with the reply lines (libmilter takes up
 * to 32), or all on one line for sendmail(1) mail */
static gboolean set_reject_reply(SMFICTX *ctx, const RgResult *result,
                                 gboolean utf8, gboolean one_line)
{
    g_autoptr(GPtrArray) lines = rg_action_reply_lines_for(result, utf8);
    char *l[RG_REPLY_LINES_MAX + 1] = {NULL};

    if (one_line) {
        g_autofree char *text = rg_action_reply_one_line(lines);

        return smfi_setreply(ctx, "550", "5.7.1", text) == MI_SUCCESS;
    }
    for (guint i = 0; i < lines->len && i < RG_REPLY_LINES_MAX; i++)
        l[i] = g_ptr_array_index(lines, i);
    return smfi_setmlreply(ctx, "550", "5.7.1", l[0], l[1], l[2], l[3], l[4],
                           l[5], l[6], l[7], l[8], l[9], l[10], l[11], l[12],
                           l[13], l[14], l[15], l[16], l[17], l[18], l[19],
                           l[20], l[21], l[22], l[23], l[24], l[25], l[26],
                           l[27], l[28], l[29], l[30], l[31], NULL)
        == MI_SUCCESS;
}

/* on_error - the configured error action; the message is never dropped */
static sfsistat on_error(SMFICTX *ctx, const Msg *m, const char *queue_id,
                         const char *what)
{
    gboolean accept = m->snap && m->snap->milter->on_error == RG_ON_ERROR_ACCEPT;

    rg_metrics_error(rg_metrics(), accept);
    rg_log(LOG_ERR, "queue=%s from=<%s> error: %s; action=%s", queue_id,
           m->log_sender, what, accept ? "accept" : "tempfail");
    if (accept)
        return SMFIS_ACCEPT;
    smfi_setreply(ctx, "451", "4.3.0",
                  "replyguard: temporary failure, please try again later");
    return SMFIS_TEMPFAIL;
}

/* act - carry out a verdict; returns the milter status and action name */
static sfsistat act(SMFICTX *ctx, const Msg *m, const RgResult *result,
                    const char **action)
{
    const RgMilterConfig *cfg = m->snap->milter;
    gboolean monitor = cfg->mode == RG_MODE_MONITOR;

    *action = "accept";
    /* a rejected reply is not delivered: no header to add */
    if (cfg->result_header != RG_RESULT_HEADER_NONE &&
        (result->verdict != RG_VERDICT_PASS || cfg->header_on_pass) &&
        (monitor || result->verdict != RG_VERDICT_REJECT)) {
        g_autofree char *value = cfg->result_header == RG_RESULT_HEADER_VERDICT
            ? g_strdup(rg_verdict_name(result->verdict))
            : rg_action_header(result, cfg->mode);

        if (smfi_addheader(ctx, RG_HEADER_NAME, value) != MI_SUCCESS)
            return SMFIS_TEMPFAIL;
    }
    if (monitor || result->verdict < RG_VERDICT_HOLD)
        return SMFIS_CONTINUE;
    if (result->verdict == RG_VERDICT_HOLD) {
        g_autofree char *reason = rg_action_reason(result);

        *action = "hold";
        if (smfi_quarantine(ctx, reason) != MI_SUCCESS)
            return SMFIS_TEMPFAIL;
        if (cfg->notice) {
            g_autoptr(GError) error = NULL;
            g_autofree char *key = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
                (const guchar *) m->message->str, m->message->len);
            g_autofree char *sender_key = g_strconcat(m->sender, " ", key, NULL);
            RgNoticeJob *job = rg_notice_job_new(m->snap, m->sender,
                                                 m->recipients, result,
                                                 sender_key, &error);

            /* sent after this eom, never in it: a slow command cannot
             * make the MTA time out on a message it then gets again */
            rg_metrics_notice(rg_metrics(), job != NULL);
            if (job == NULL)
                rg_log(LOG_WARNING, "from=<%s> notice not sent: %s",
                       m->log_sender, error->message);
            else
                g_ptr_array_add(c_notices(ctx), job);
        }
        return SMFIS_CONTINUE;
    }
    *action = "reject";
    if (!set_reject_reply(ctx, result, m->smtputf8,
                          conn_of(ctx) && conn_of(ctx)->non_smtp))
        return SMFIS_TEMPFAIL;
    return SMFIS_REJECT;
}

/*
 * on_eom - xxfi_eom: the whole message is in; scan it and act
 *
 * Removes incoming X-Replyguard* fields from every message, then, for a
 * message in scope, scans it and carries out the verdict (header,
 * quarantine, 550 5.7.1) and logs one line.  Parameters: ctx, the
 * session.  Returns: SMFIS_CONTINUE (delivered, maybe held),
 * SMFIS_REJECT with the reply set, SMFIS_ACCEPT or SMFIS_TEMPFAIL (the
 * on-error action).
 */
static sfsistat on_eom(SMFICTX *ctx)
{
    Conn *c = conn_of(ctx);
    Msg *m = c ? c->msg : NULL;
    const char *queue_id = macro(ctx, "i");
    g_autoptr(GError) error = NULL;
    g_autoptr(RgResult) result = NULL;
    g_autofree char *rules = NULL;
    const char *action = "accept";
    RgScanOptions options = {0};
    sfsistat status;

    if (queue_id == NULL)
        queue_id = "NOQUEUE";
    if (m == NULL)
        return SMFIS_TEMPFAIL;
    rg_idle_enter(ctx);
    if (m->snap == NULL) {
        status = on_error(ctx, m, queue_id, "no engine loaded");
        goto done;
    }
    if (!remove_own_headers(ctx, m)) {
        status = on_error(ctx, m, queue_id, "cannot remove X-Replyguard headers");
        goto done;
    }
    if (m->skip == NULL)
        m->skip = rg_scope_recipients(m->snap->milter, m->sender,
                                      m->recipients);
    if (m->skip != NULL) {
        /* every message not checked says why */
        rg_log(LOG_INFO, "queue=%s from=<%s> skipped=%s", queue_id,
               m->log_sender, m->skip);
        rg_metrics_skipped(rg_metrics(), m->skip);
        status = SMFIS_CONTINUE;
        goto done;
    }
    if (m->over_cap) {
        status = on_error(ctx, m, queue_id, "max-collected reached: too many "
                          "bytes held by concurrent sessions");
        goto done;
    }
    options.cut = m->truncated;
    options.sender = m->sender;
    options.login = m->login;
    result = rg_engine_scan_bytes(m->snap->engine, m->message->str,
                                  m->message->len, &options, &error);
    if (result == NULL) {
        status = on_error(ctx, m, queue_id, error ? error->message : "scan failed");
        goto done;
    }
    if (m->snap->milter->replies_only && !result->is_reply) {
        rg_log(LOG_INFO, "queue=%s from=<%s> skipped=not-a-reply", queue_id,
               m->log_sender);
        rg_metrics_skipped(rg_metrics(), "not a reply");
        status = SMFIS_CONTINUE;
        goto done;
    }
    status = act(ctx, m, result, &action);
    if (status == SMFIS_TEMPFAIL) {
        status = on_error(ctx, m, queue_id, "the MTA refused a milter action");
        goto done;
    }
    rg_metrics_checked(rg_metrics(), result,
                       m->snap->milter->mode == RG_MODE_MONITOR
                       ? "monitor" : action);
    rules = rg_result_rule_list(result, RG_LEVEL_HINT);
    rg_log(LOG_INFO, "queue=%s from=<%s> verdict=%s lang=%s%s%s rules=%s "
           "scan_ms=%.2f action=%s%s%s", queue_id, m->log_sender,
           rg_verdict_name(result->verdict), result->language,
           result->profile ? " profile=" : "",
           result->profile ? result->profile : "",
           rules[0] ? rules : "-", result->elapsed_ms,
           m->snap->milter->mode == RG_MODE_MONITOR
           ? "monitor" : action,
           result->truncated ? " truncated=yes" : "",
           m->truncated ? " (the rest passed unscanned)" : "");
done:
    end_message(c);
    rg_idle_leave(ctx);
    return status;
}

/*
 * on_abort - xxfi_abort: the message was given up (RSET, or the client
 * went away); its context ends.  Parameters: ctx, the session.  Returns:
 * SMFIS_CONTINUE.
 */
static sfsistat on_abort(SMFICTX *ctx)
{
    rg_idle_touch(ctx);
    flush_notices(conn_of(ctx));
    end_message(conn_of(ctx));
    return SMFIS_CONTINUE;
}

/*
 * on_close - xxfi_close: the session ends; both contexts end.
 * Parameters: ctx, the session.  Returns: SMFIS_CONTINUE.
 */
static sfsistat on_close(SMFICTX *ctx)
{
    Conn *c = conn_of(ctx);

    rg_idle_forget(ctx);
    flush_notices(c);
    end_message(c);
    if (c) {
        if (c->notices)
            g_ptr_array_unref(c->notices);
        g_free(c->client);
        g_free(c);
        smfi_setpriv(ctx, NULL);
    }
    return SMFIS_CONTINUE;
}

static struct smfiDesc description = {
    .xxfi_name = "replyguard",
    .xxfi_version = SMFI_VERSION,
    .xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE,
    .xxfi_connect = on_connect,
    .xxfi_envfrom = on_envfrom,
    .xxfi_envrcpt = on_envrcpt,
    .xxfi_header = on_header,
    .xxfi_eoh = on_eoh,
    .xxfi_body = on_body,
    .xxfi_eom = on_eom,
    .xxfi_abort = on_abort,
    .xxfi_close = on_close,
    .xxfi_negotiate = on_negotiate,
};

/* rg_milter_description - the callback table for smfi_register */
struct smfiDesc *rg_milter_description(void)
{
    return &description;
}
