/*
 * NAME
 *	replyguard-desk - the compliance review desk for held replies
 * SYNOPSIS
 *	replyguard-desk [options]              serve the desk
 *	replyguard-desk passwd [-u USERS] [-r ROLE] USER
 * DESCRIPTION
 *	A small web application on libsoup 3: the list of replies that
 *	replyguard put on hold, each reply with its zones and findings (the
 *	daemon's engine and config, so exactly what the daemon found),
 *	release / delete / return to agent with a comment, and the audit
 *	trail of every action.  See replyguard-desk(8).
 *
 *	This file owns the server: listening, routing, sessions on
 *	requests, CSRF and role checks, and running actions; pages, queue
 *	access, audit, users and sessions live in rg_desk_*.c.
 * DIAGNOSTICS
 *	Startup errors go to stderr with exit 78 (config) or 64 (usage);
 *	every action is logged to stderr as one line and stored in the
 *	audit trail.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <termios.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>
#include <glib-unix.h>
#include <gmime/gmime.h>
#include <libsoup/soup.h>

#include "replyguard/rg_config.h"
#include "replyguard/rg_engine.h"
#include "replyguard/rg_types.h"
#include "rg_desk_audit.h"
#include "rg_desk_auth.h"
#include "rg_desk_html.h"
#include "rg_desk_pages.h"
#include "rg_desk_queue.h"
#include "rg_desk_session.h"

#define COOKIE "rgdesk"
#define MAX_FORM (256 * 1024)

typedef struct {
    RgEngine *engine;
    RgDeskQueue queue;
    RgDeskAudit *audit;
    RgDeskSessions *sessions;
    RgDeskLimiter *limiter;
    char *users_file;
    char *notice_from;
    guint overdue_s;
    gboolean secure_cookie;
} Desk;

/* ---- requests and responses -------------------------------------------- */

/* respond - set status, the security headers and a body (taken) */
static void respond(SoupServerMessage *msg, guint status, const char *type,
                    char *body)
{
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);

    soup_message_headers_replace(h, "Content-Security-Policy",
                                 "default-src 'none'; style-src 'self'; "
                                 "form-action 'self'; frame-ancestors 'none'; "
                                 "base-uri 'none'");
    soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
    soup_message_headers_replace(h, "X-Frame-Options", "DENY");
    soup_message_headers_replace(h, "Referrer-Policy", "same-origin");
    soup_message_headers_replace(h, "Cache-Control", "no-store");
    soup_server_message_set_status(msg, status, NULL);
    soup_server_message_set_response(msg, type, SOUP_MEMORY_TAKE, body,
                                     strlen(body));
}

/* respond_page - an HTML page */
static void respond_page(SoupServerMessage *msg, guint status, GString *page)
{
    respond(msg, status, "text/html; charset=utf-8", rg_desk_page_end(page));
}

/* respond_problem - a page saying what is wrong */
static void respond_problem(SoupServerMessage *msg, guint status,
                            const RgDeskViewer *v, const char *problem)
{
    GString *page = rg_desk_page_begin("Refused", v);

    rg_desk_page_problem(page, problem);
    respond_page(msg, status, page);
}

/* redirect - 303 See Other to location */
static void redirect(SoupServerMessage *msg, const char *location)
{
    soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                 "Location", location);
    respond(msg, SOUP_STATUS_SEE_OTHER, "text/plain", g_strdup(""));
}

/* form_values - every NAME=VALUE of an urlencoded body, in order */
static GPtrArray *form_values(SoupServerMessage *msg)
{
    SoupMessageBody *body = soup_server_message_get_request_body(msg);
    g_autoptr(GBytes) bytes = soup_message_body_flatten(body);
    GPtrArray *pairs = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *text = NULL;
    g_auto(GStrv) parts = NULL;
    gsize len;
    const char *data = g_bytes_get_data(bytes, &len);
    char **p;

    if (len > MAX_FORM)
        return pairs;
    /* an empty body has no data at all (NULL) */
    text = g_strndup(data ? data : "", len);
    parts = g_strsplit(text, "&", -1);
    for (p = parts; *p; p++) {
        char *eq = strchr(*p, '='), *c;

        if (eq == NULL)
            continue;
        *eq = '\0';
        for (c = *p; *c; c++)
            if (*c == '+')
                *c = ' ';
        for (c = eq + 1; *c; c++)
            if (*c == '+')
                *c = ' ';
        g_ptr_array_add(pairs, g_uri_unescape_string(*p, NULL));
        g_ptr_array_add(pairs, g_uri_unescape_string(eq + 1, NULL));
        if (pairs->pdata[pairs->len - 1] == NULL || pairs->pdata[pairs->len - 2] == NULL)
            g_ptr_array_set_size(pairs, pairs->len - 2);
    }
    return pairs;
}

/* form_get - the first value of name in pairs, or NULL (borrowed) */
static const char *form_get(GPtrArray *pairs, const char *name)
{
    guint i;

    for (i = 0; i + 1 < pairs->len; i += 2)
        if (strcmp(pairs->pdata[i], name) == 0)
            return pairs->pdata[i + 1];
    return NULL;
}

/* cookie_value - the desk's session cookie of the request (caller frees) */
static char *cookie_value(SoupServerMessage *msg)
{
    const char *h = soup_message_headers_get_list(
        soup_server_message_get_request_headers(msg), "Cookie");
    g_auto(GStrv) parts = NULL;
    char **p;

    if (h == NULL)
        return NULL;
    parts = g_strsplit(h, ";", -1);
    for (p = parts; *p; p++) {
        const char *s = g_strstrip(*p);

        if (g_str_has_prefix(s, COOKIE "="))
            return g_strdup(s + strlen(COOKIE "="));
    }
    return NULL;
}

/* client_address - the peer's address for the rate limit */
static const char *client_address(SoupServerMessage *msg)
{
    const char *host = soup_server_message_get_remote_host(msg);

    return host ? host : "local";
}

/* same_origin - no Origin header, or one naming this host */
static gboolean same_origin(SoupServerMessage *msg)
{
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
    const char *origin = soup_message_headers_get_one(h, "Origin");
    const char *host = soup_message_headers_get_one(h, "Host");
    const char *rest;

    if (origin == NULL || strcmp(origin, "null") == 0)
        return origin == NULL;
    if (host == NULL)
        return FALSE;
    rest = strstr(origin, "://");
    return rest && strcmp(rest + 3, host) == 0;
}

/* ---- the actions ------------------------------------------------------- */

/* find_held - the entry of id in held, or NULL */
static RgDeskHeld *find_held(GPtrArray *held, const char *id)
{
    guint i;

    for (i = 0; held && i < held->len; i++)
        if (strcmp(((RgDeskHeld *) held->pdata[i])->queue_id, id) == 0)
            return held->pdata[i];
    return NULL;
}

/* scan_held - the engine's result for held message id, text kept */
static RgResult *scan_held(Desk *d, const char *id, char **raw, gsize *raw_len,
                           GError **error)
{
    RgScanOptions opts = {.keep_text = TRUE};
    gsize len;
    g_autofree char *data = rg_desk_queue_read(&d->queue, id, &len, error);
    RgResult *r;

    if (data == NULL)
        return NULL;
    r = rg_engine_scan_bytes(d->engine, data, len, &opts, error);
    if (raw) {
        *raw = g_steal_pointer(&data);
        *raw_len = len;
    }
    return r;
}

/* return_notice - the message that returns a held reply to its agent */
static char *return_notice(Desk *d, const RgDeskHeld *h, const RgResult *r,
                           const char *reviewer, const char *comment)
{
    GMimeMessage *m = g_mime_message_new(TRUE);
    GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    GString *text = g_string_new(NULL);
    g_autofree char *subject = g_strdup_printf(
        "Returned by compliance review: %s", h->subject ? h->subject : "-");
    const char *fix = r ? rg_engine_notice_text(d->engine, r->language,
                                                RG_NOTICE_FIX) : NULL;
    char *out;
    guint i;

    g_string_append_printf(text, "Your reply to %s (Subject: %s) was not sent.\n"
                           "Compliance review (%s) returned it to you with this comment:\n\n",
                           h->recipients, h->subject ? h->subject : "-", reviewer);
    g_string_append_printf(text, "    %s\n\n", comment);
    if (r && r->findings->len) {
        g_string_append_printf(text, "%s\n\n", fix ? fix : "Please fix:");
        for (i = 0; i < r->findings->len; i++) {
            RgFinding *f = r->findings->pdata[i];

            g_string_append_printf(text, "* %s%s%s%s: %s\n", rg_rule_name(f->rule),
                                   f->excerpt ? " (\"" : "",
                                   f->excerpt ? f->excerpt : "",
                                   f->excerpt ? "\")" : "", f->hint);
        }
    }
    g_mime_message_add_mailbox(m, GMIME_ADDRESS_TYPE_FROM, "replyguard desk",
                               d->notice_from);
    g_mime_message_add_mailbox(m, GMIME_ADDRESS_TYPE_TO, NULL, h->sender);
    g_mime_message_set_subject(m, subject, "utf-8");
    g_mime_message_set_date(m, now);
    g_mime_object_set_header(GMIME_OBJECT(m), "Auto-Submitted", "auto-replied", NULL);
    if (r)
        g_mime_object_set_header(GMIME_OBJECT(m), "Content-Language", r->language, NULL);
    g_mime_text_part_set_text(part, text->str);
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "utf-8");
    g_mime_part_set_content_encoding(GMIME_PART(part),
                                     GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    g_mime_message_set_mime_part(m, GMIME_OBJECT(part));
    g_object_unref(part);
    g_string_free(text, TRUE);
    out = g_mime_object_to_string(GMIME_OBJECT(m), NULL);
    g_object_unref(m);
    return out;
}

/* act_one - do action on one held message, audit it; the outcome */
static RgDeskOutcome *act_one(Desk *d, const RgDeskSession *s, GPtrArray *held,
                              const char *action, const char *id,
                              const char *comment)
{
    RgDeskOutcome *o = g_new0(RgDeskOutcome, 1);
    RgDeskAuditEntry e = {0};
    RgDeskHeld *h = rg_desk_queue_id_ok(id) ? find_held(held, id) : NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) audit_error = NULL;
    g_autofree char *sent = NULL;

    o->queue_id = g_strdup(id);
    o->action = g_strdup(action);
    if (h == NULL) {
        o->detail = g_strdup("not in the hold queue");
    } else if (strcmp(action, "return") == 0) {
        g_autoptr(RgResult) r = scan_held(d, id, NULL, NULL, NULL);
        g_autofree char *notice = NULL;

        if (h->sender == NULL || h->sender[0] == '\0') {
            o->detail = g_strdup("no agent address to return it to");
        } else {
            notice = return_notice(d, h, r, s->user, comment);
            if (rg_desk_queue_act(&d->queue, "send", h->sender, notice, &sent, &error))
                o->ok = rg_desk_queue_act(&d->queue, "delete", id, NULL,
                                          &o->detail, &error);
            else
                o->detail = g_strdup(sent);
        }
    } else {
        o->ok = rg_desk_queue_act(&d->queue, action, id, NULL, &o->detail, &error);
    }
    if (!o->ok && error && (o->detail == NULL || o->detail[0] == '\0')) {
        g_free(o->detail);
        o->detail = g_strdup(error->message);
    }
    g_strdelimit(o->detail, "\r\n", ' ');
    e.user = s->user;
    e.action = (char *) action;
    e.queue_id = (char *) id;
    if (h) {
        e.message_id = h->message_id;
        e.sender = h->sender;
        e.recipient = h->recipients;
        e.subject = h->subject;
        e.rules = h->rules;
    }
    e.comment = (char *) comment;
    e.outcome = o->ok ? "ok" : "failed";
    e.detail = o->detail;
    if (!rg_desk_audit_append(d->audit, &e, &audit_error)) {
        g_printerr("replyguard-desk: AUDIT NOT WRITTEN: %s\n", audit_error->message);
        o->ok = FALSE;
    }
    g_free(e.at);
    g_printerr("replyguard-desk: user=%s action=%s queue=%s outcome=%s%s%s\n",
               s->user, action, id, o->ok ? "ok" : "failed",
               o->detail && o->detail[0] ? " detail=" : "", o->detail ? o->detail : "");
    return o;
}

/* handle_action - POST /action: csrf, role, comment, then each id */
static void handle_action(Desk *d, SoupServerMessage *msg, const RgDeskSession *s,
                          const RgDeskViewer *v, GPtrArray *form)
{
    const char *action = form_get(form, "action");
    const char *comment = form_get(form, "comment");
    g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func(
        (GDestroyNotify) rg_desk_outcome_free);
    g_autoptr(GPtrArray) held = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *clean = NULL;
    GString *page;
    guint i, ids = 0;

    if (strcmp(s->role, RG_DESK_ROLE_REVIEWER) != 0) {
        g_printerr("replyguard-desk: refused %s by user=%s role=%s\n",
                   action ? action : "?", s->user, s->role);
        respond_problem(msg, SOUP_STATUS_FORBIDDEN, v,
                        "Refused: releasing, deleting and returning need the reviewer role.");
        return;
    }
    if (action == NULL || (strcmp(action, "release") && strcmp(action, "delete") &&
                           strcmp(action, "return"))) {
        respond_problem(msg, SOUP_STATUS_BAD_REQUEST, v, "Unknown action.");
        return;
    }
    clean = g_strstrip(g_strdup(comment ? comment : ""));
    if (clean[0] == '\0' || !g_utf8_validate(clean, -1, NULL) || strlen(clean) > 4000) {
        respond_problem(msg, SOUP_STATUS_BAD_REQUEST, v,
                        "Every action needs a comment (at most 4000 bytes of text).");
        return;
    }
    held = rg_desk_queue_list(&d->queue, &error);
    if (held == NULL) {
        respond_problem(msg, SOUP_STATUS_BAD_GATEWAY, v, error->message);
        return;
    }
    for (i = 0; i + 1 < form->len; i += 2) {
        if (strcmp(form->pdata[i], "id") != 0)
            continue;
        ids++;
        g_ptr_array_add(outcomes, act_one(d, s, held, action, form->pdata[i + 1], clean));
    }
    if (ids == 0) {
        respond_problem(msg, SOUP_STATUS_BAD_REQUEST, v, "No reply selected.");
        return;
    }
    page = rg_desk_page_begin("Done", v);
    rg_desk_page_outcomes(page, outcomes);
    respond_page(msg, SOUP_STATUS_OK, page);
}

/* ---- the pages --------------------------------------------------------- */

/* handle_login - POST /login: rate limit, password, new session */
static void handle_login(Desk *d, SoupServerMessage *msg, GPtrArray *form)
{
    const char *user = form_get(form, "user"), *password = form_get(form, "password");
    const char *addr = client_address(msg);
    g_autofree char *user_key = g_strdup_printf("user:%s", user ? user : "");
    g_autofree char *role = NULL, *cookie = NULL;
    g_autoptr(GError) error = NULL;
    gint64 now = g_get_monotonic_time();
    const RgDeskSession *s;
    GString *page;

    if (!rg_desk_limiter_allowed(d->limiter, addr, now) ||
        !rg_desk_limiter_allowed(d->limiter, user_key, now)) {
        page = rg_desk_page_begin("Log in", NULL);
        rg_desk_page_login(page, "Too many failed logins; try again later.");
        respond_page(msg, 429, page);
        return;
    }
    if (user == NULL || password == NULL || !rg_desk_user_name_ok(user) ||
        !rg_desk_check_password(d->users_file, user, password, &role, &error)) {
        if (error)
            g_printerr("replyguard-desk: %s\n", error->message);
        rg_desk_limiter_failed(d->limiter, addr, now);
        rg_desk_limiter_failed(d->limiter, user_key, now);
        g_printerr("replyguard-desk: login failed user=%s from=%s\n",
                   user && rg_desk_user_name_ok(user) ? user : "?", addr);
        page = rg_desk_page_begin("Log in", NULL);
        rg_desk_page_login(page, "Wrong user or password.");
        respond_page(msg, SOUP_STATUS_UNAUTHORIZED, page);
        return;
    }
    rg_desk_limiter_succeeded(d->limiter, addr);
    rg_desk_limiter_succeeded(d->limiter, user_key);
    s = rg_desk_session_create(d->sessions, user, role);
    cookie = g_strdup_printf(COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s",
                             s->id, d->secure_cookie ? "; Secure" : "");
    soup_message_headers_append(soup_server_message_get_response_headers(msg),
                                "Set-Cookie", cookie);
    g_printerr("replyguard-desk: login user=%s role=%s from=%s\n", user, role, addr);
    redirect(msg, "/");
}

/* query_get - a query parameter or NULL */
static const char *query_get(GHashTable *query, const char *name)
{
    return query ? g_hash_table_lookup(query, name) : NULL;
}

/* handle_list - GET / */
static void handle_list(Desk *d, SoupServerMessage *msg, const RgDeskViewer *v,
                        GHashTable *query)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) held = rg_desk_queue_list(&d->queue, &error);
    const char *min_age = query_get(query, "min_age");
    RgDeskListQuery q = {
        .sort = query_get(query, "sort"),
        .desc = g_strcmp0(query_get(query, "order"), "desc") == 0,
        .rule = query_get(query, "rule"),
        .agent = query_get(query, "agent"),
        .min_age_s = min_age ? (guint) g_ascii_strtoull(min_age, NULL, 10) * 60 : 0,
    };
    GString *page;

    if (held == NULL) {
        respond_problem(msg, SOUP_STATUS_BAD_GATEWAY, v, error->message);
        return;
    }
    page = rg_desk_page_begin("Held replies", v);
    rg_desk_page_list(page, v, held, &q, g_get_real_time() / G_USEC_PER_SEC,
                      d->overdue_s);
    respond_page(msg, SOUP_STATUS_OK, page);
}

/* handle_message - GET /message?id=ID[&raw=1] */
static void handle_message(Desk *d, SoupServerMessage *msg, const RgDeskViewer *v,
                           GHashTable *query)
{
    const char *id = query_get(query, "id");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) held = NULL;
    g_autoptr(RgResult) r = NULL;
    g_autofree char *raw = NULL;
    RgDeskHeld *h;
    GString *page;
    gsize len = 0;

    if (!rg_desk_queue_id_ok(id)) {
        respond_problem(msg, SOUP_STATUS_BAD_REQUEST, v, "Not a queue id.");
        return;
    }
    held = rg_desk_queue_list(&d->queue, &error);
    h = held ? find_held(held, id) : NULL;
    if (h == NULL) {
        respond_problem(msg, SOUP_STATUS_NOT_FOUND, v,
                        error ? error->message : "That reply is not in the hold queue.");
        return;
    }
    r = scan_held(d, id, &raw, &len, &error);
    if (r == NULL) {
        respond_problem(msg, SOUP_STATUS_BAD_GATEWAY, v, error->message);
        return;
    }
    if (g_strcmp0(query_get(query, "raw"), "1") == 0) {
        /* raw bytes as UTF-8 text: invalid bytes become U+FFFD */
        respond(msg, SOUP_STATUS_OK, "text/plain; charset=utf-8",
                g_utf8_make_valid(raw, (gssize) len));
        return;
    }
    page = rg_desk_page_begin(r->subject && r->subject[0] ? r->subject : id, v);
    rg_desk_page_message(page, v, h, r);
    respond_page(msg, SOUP_STATUS_OK, page);
}

/* handle_audit - GET /audit and /audit.csv */
static void handle_audit(Desk *d, SoupServerMessage *msg, const RgDeskViewer *v,
                         gboolean csv)
{
    g_autoptr(GError) error = NULL;
    GString *page;

    if (csv) {
        char *text = rg_desk_audit_csv(d->audit, &error);

        if (text == NULL) {
            respond_problem(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, v, error->message);
            return;
        }
        soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                     "Content-Disposition",
                                     "attachment; filename=\"replyguard-desk-audit.csv\"");
        respond(msg, SOUP_STATUS_OK, "text/csv; charset=utf-8", text);
    } else {
        g_autoptr(GPtrArray) rows = rg_desk_audit_list(d->audit, 1000, &error);

        if (rows == NULL) {
            respond_problem(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, v, error->message);
            return;
        }
        page = rg_desk_page_begin("Audit trail", v);
        rg_desk_page_audit(page, rows);
        respond_page(msg, SOUP_STATUS_OK, page);
    }
}

/* handle - every request: route, session, CSRF */
static void handle(SoupServer *server, SoupServerMessage *msg, const char *path,
                   GHashTable *query, gpointer data)
{
    Desk *d = data;
    const char *method = soup_server_message_get_method(msg);
    gboolean post = strcmp(method, "POST") == 0;
    g_autofree char *sid = cookie_value(msg);
    const RgDeskSession *s = rg_desk_session_find(d->sessions, sid, g_get_monotonic_time());
    RgDeskViewer v = {0};
    g_autoptr(GPtrArray) form = NULL;

    (void) server;
    if (!post && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        respond(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "text/plain", g_strdup("method not allowed\n"));
        return;
    }
    if (strcmp(path, "/desk.css") == 0) {
        respond(msg, SOUP_STATUS_OK, "text/css; charset=utf-8", g_strdup(rg_desk_css));
        return;
    }
    if (post) {
        form = form_values(msg);
        if (!same_origin(msg)) {
            respond_problem(msg, SOUP_STATUS_FORBIDDEN, NULL, "Refused: cross-origin request.");
            return;
        }
    }
    if (strcmp(path, "/login") == 0) {
        GString *page;

        if (post) {
            handle_login(d, msg, form);
            return;
        }
        page = rg_desk_page_begin("Log in", NULL);
        rg_desk_page_login(page, NULL);
        respond_page(msg, SOUP_STATUS_OK, page);
        return;
    }
    if (s == NULL) {
        if (post)
            respond_problem(msg, SOUP_STATUS_FORBIDDEN, NULL, "Refused: not logged in.");
        else
            redirect(msg, "/login");
        return;
    }
    v.user = s->user;
    v.role = s->role;
    v.csrf = s->csrf;
    if (post && !rg_desk_session_csrf_ok(s, form_get(form, "csrf"))) {
        g_printerr("replyguard-desk: refused POST %s without a valid CSRF token user=%s\n",
                   path, s->user);
        respond_problem(msg, SOUP_STATUS_FORBIDDEN, &v,
                        "Refused: the form's CSRF token is missing or wrong. Reload the page and try again.");
        return;
    }
    if (post && strcmp(path, "/logout") == 0) {
        rg_desk_session_destroy(d->sessions, s->id);
        soup_message_headers_append(soup_server_message_get_response_headers(msg),
                                    "Set-Cookie", COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        redirect(msg, "/login");
    } else if (post && strcmp(path, "/action") == 0) {
        handle_action(d, msg, s, &v, form);
    } else if (!post && strcmp(path, "/") == 0) {
        handle_list(d, msg, &v, query);
    } else if (!post && strcmp(path, "/message") == 0) {
        handle_message(d, msg, &v, query);
    } else if (!post && strcmp(path, "/audit") == 0) {
        handle_audit(d, msg, &v, FALSE);
    } else if (!post && strcmp(path, "/audit.csv") == 0) {
        handle_audit(d, msg, &v, TRUE);
    } else {
        respond_problem(msg, SOUP_STATUS_NOT_FOUND, &v, "No such page.");
    }
}

/* ---- starting ---------------------------------------------------------- */

/* listen_on - "HOST:PORT" (numeric IPv4/IPv6 host) or "unix:PATH" */
static gboolean listen_on(SoupServer *server, const char *where, GError **error)
{
    if (g_str_has_prefix(where, "unix:")) {
        const char *path = where + 5;
        g_autoptr(GSocket) sock = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                               G_SOCKET_PROTOCOL_DEFAULT, error);
        g_autoptr(GSocketAddress) addr = NULL;

        if (sock == NULL)
            return FALSE;
        (void) unlink(path);
        addr = g_unix_socket_address_new(path);
        if (!g_socket_bind(sock, addr, TRUE, error) || chmod(path, 0660) != 0 ||
            !g_socket_listen(sock, error))
            return FALSE;
        return soup_server_listen_socket(server, sock, 0, error);
    } else {
        const char *colon = strrchr(where, ':');
        g_autofree char *host = colon ? g_strndup(where, colon - where) : NULL;
        g_autoptr(GInetAddress) inet = NULL;
        g_autoptr(GSocketAddress) addr = NULL;
        guint64 port;

        if (host && host[0] == '[' && host[strlen(host) - 1] == ']') {
            memmove(host, host + 1, strlen(host));
            host[strlen(host) - 1] = '\0';
        }
        if (colon == NULL || !g_ascii_string_to_unsigned(colon + 1, 10, 1, 65535, &port, NULL) ||
            (inet = g_inet_address_new_from_string(host)) == NULL) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "--listen %s: want ADDRESS:PORT or unix:PATH", where);
            return FALSE;
        }
        addr = g_inet_socket_address_new(inet, (guint16) port);
        return soup_server_listen(server, addr, 0, error);
    }
}

/* read_password - a password from stdin, without echo on a terminal */
static char *read_password(const char *prompt)
{
    struct termios old, quiet;
    gboolean tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    char buf[1024];
    char *line;

    if (tty) {
        fputs(prompt, stderr);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t) ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    line = fgets(buf, sizeof(buf), stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (line == NULL)
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    line = g_strdup(buf);
    explicit_bzero(buf, sizeof(buf));
    return line;
}

/* cmd_passwd - replyguard-desk passwd [-u USERS] [-r ROLE] USER */
static int cmd_passwd(int argc, char **argv)
{
    g_autofree char *users = NULL, *role = NULL;
    g_autofree char *pw = NULL, *again = NULL;
    g_autoptr(GError) error = NULL;
    GOptionEntry entries[] = {
        {"users", 'u', 0, G_OPTION_ARG_FILENAME, &users, "users file", "FILE"},
        {"role", 'r', 0, G_OPTION_ARG_STRING, &role, "viewer or reviewer", "ROLE"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    g_autoptr(GOptionContext) ctx = g_option_context_new("USER - set a desk user's password and role");

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc != 2) {
        g_printerr("replyguard-desk passwd: %s\n", error ? error->message : "give one USER");
        return EX_USAGE;
    }
    if (users == NULL)
        users = g_strdup(RG_DESK_USERS);
    if (role == NULL)
        role = g_strdup(RG_DESK_ROLE_VIEWER);
    if (!rg_desk_user_name_ok(argv[1]) || !rg_desk_role_ok(role)) {
        g_printerr("replyguard-desk passwd: bad user name or role (viewer, reviewer)\n");
        return EX_USAGE;
    }
    pw = read_password("Password: ");
    if (isatty(STDIN_FILENO)) {
        again = read_password("Again: ");
        if (g_strcmp0(pw, again) != 0) {
            g_printerr("replyguard-desk passwd: the passwords differ\n");
            return 1;
        }
    }
    if (pw == NULL || strlen(pw) < 8) {
        g_printerr("replyguard-desk passwd: a password needs at least 8 characters\n");
        return 1;
    }
    if (!rg_desk_set_password(users, argv[1], role, pw, &error)) {
        g_printerr("replyguard-desk passwd: %s\n", error->message);
        return 1;
    }
    explicit_bzero(pw, strlen(pw));
    g_print("%s: %s is a %s\n", users, argv[1], role);
    return 0;
}

/* on_signal - stop serving */
static gboolean on_signal(gpointer loop)
{
    g_main_loop_quit(loop);
    return G_SOURCE_REMOVE;
}

int main(int argc, char **argv)
{
    g_autofree char *config_path = NULL, *postfix_dir = NULL, *helper = NULL;
    g_autofree char *listen = NULL, *audit_path = NULL;
    g_autoptr(GError) error = NULL;
    gint overdue = 4 * 3600, lifetime = 8 * 3600;
    gboolean version = FALSE;
    static const char *const groups[] = {"milter", NULL};
    Desk d = {0};
    RgConfig *config;
    SoupServer *server;
    GMainLoop *loop;
    GOptionEntry entries[] = {
        {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "replyguard.conf (the daemon's)", "FILE"},
        {"postfix", 'C', 0, G_OPTION_ARG_FILENAME, &postfix_dir, "Postfix config dir", "DIR"},
        {"listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "ADDRESS:PORT or unix:PATH (127.0.0.1:8025)", "WHERE"},
        {"users", 'u', 0, G_OPTION_ARG_FILENAME, &d.users_file, "users file (" RG_DESK_USERS ")", "FILE"},
        {"audit", 'a', 0, G_OPTION_ARG_FILENAME, &audit_path, "audit store (" RG_DESK_AUDIT ")", "FILE"},
        {"helper", 'x', 0, G_OPTION_ARG_FILENAME, &helper, "privileged helper (" RG_DESK_HELPER ")", "PATH"},
        {"overdue", 'o', 0, G_OPTION_ARG_INT, &overdue, "count replies held longer (seconds, 14400)", "S"},
        {"session-lifetime", 0, 0, G_OPTION_ARG_INT, &lifetime, "seconds a login lasts (28800)", "S"},
        {"secure-cookie", 0, 0, G_OPTION_ARG_NONE, &d.secure_cookie, "mark the cookie Secure (behind TLS)", NULL},
        {"notice-from", 0, 0, G_OPTION_ARG_STRING, &d.notice_from, "From of returned-reply notices", "ADDRESS"},
        {"version", 'V', 0, G_OPTION_ARG_NONE, &version, "print the version", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    g_autoptr(GOptionContext) ctx = NULL;

    if (argc > 1 && strcmp(argv[1], "passwd") == 0)
        return cmd_passwd(argc - 1, argv + 1);
    ctx = g_option_context_new("- the replyguard review desk (or: passwd USER)");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc != 1) {
        g_printerr("replyguard-desk: %s\n", error ? error->message : "unexpected argument");
        return EX_USAGE;
    }
    if (version) {
        g_print("replyguard-desk %s\n", RG_VERSION);
        return 0;
    }
    if (overdue < 0 || lifetime <= 0) {
        g_printerr("replyguard-desk: --overdue and --session-lifetime must be positive\n");
        return EX_USAGE;
    }
    rg_engine_global_init();
    if (config_path == NULL && g_file_test(RG_DESK_DAEMON_CONFIG, G_FILE_TEST_EXISTS))
        config_path = g_strdup(RG_DESK_DAEMON_CONFIG);
    config = config_path ? rg_config_load(config_path, groups, &error) : rg_config_new_default();
    if (config == NULL || (d.engine = rg_engine_new(config, 0, &error)) == NULL) {
        g_printerr("replyguard-desk: %s\n", error->message);
        return EX_CONFIG;
    }
    if (d.users_file == NULL)
        d.users_file = g_strdup(RG_DESK_USERS);
    if (d.notice_from == NULL)
        d.notice_from = g_strdup("MAILER-DAEMON");
    d.queue.helper = helper ? helper : RG_DESK_HELPER;
    d.queue.postfix_dir = postfix_dir;
    d.overdue_s = (guint) overdue;
    d.audit = rg_desk_audit_open(audit_path ? audit_path : RG_DESK_AUDIT, &error);
    if (d.audit == NULL) {
        g_printerr("replyguard-desk: %s\n", error->message);
        return EX_CONFIG;
    }
    if (!g_file_test(d.users_file, G_FILE_TEST_IS_REGULAR))
        g_printerr("replyguard-desk: warning: %s does not exist yet; "
                   "add users with replyguard-desk passwd\n", d.users_file);
    d.sessions = rg_desk_sessions_new((guint) lifetime);
    d.limiter = rg_desk_limiter_new(5, 300);
    server = soup_server_new("server-header", "replyguard-desk", NULL);
    soup_server_add_handler(server, NULL, handle, &d, NULL);
    if (!listen_on(server, listen ? listen : "127.0.0.1:8025", &error)) {
        g_printerr("replyguard-desk: %s\n", error->message);
        return EX_CONFIG;
    }
    loop = g_main_loop_new(NULL, FALSE);
    g_unix_signal_add(SIGTERM, on_signal, loop);
    g_unix_signal_add(SIGINT, on_signal, loop);
    g_printerr("replyguard-desk: listening on %s\n", listen ? listen : "127.0.0.1:8025");
    g_main_loop_run(loop);
    if (listen && g_str_has_prefix(listen, "unix:"))
        (void) unlink(listen + 5);
    g_printerr("replyguard-desk: stopped\n");
    g_main_loop_unref(loop);
    g_object_unref(server);
    rg_desk_limiter_free(d.limiter);
    rg_desk_sessions_free(d.sessions);
    rg_desk_audit_close(d.audit);
    rg_engine_unref(d.engine);
    g_free(d.users_file);
    g_free(d.notice_from);
    return 0;
}
