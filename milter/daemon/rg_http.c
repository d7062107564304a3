/*
 * rg_http.c - the stats listener: /metrics and the check API
 *
 * Owns the optional HTTP listener of [milter] stats-listen: a libsoup 3
 * SoupServer in its own thread, on its own GMainContext, so the milter
 * threads never wait on it.  Two resources:
 *
 *   GET  /metrics    the counters (rg_metrics) and the loaded policy's
 *                    version and mtime, in the Prometheus text format;
 *   POST /v1/check   with check-api = yes: a draft, as a raw RFC 5322
 *                    message (Content-Type: message/rfc822) or as JSON
 *                    (application/json: subject, text, language,
 *                    sender), scanned with the current snapshot's engine
 *                    and answered with the JSON of replyguard-check
 *                    --format json (rg_json, the same writer) plus the
 *                    character offsets of each excerpt.
 *
 * Each request takes the current snapshot, so a reload changes the
 * policy, check-api, the token and the size cap at once.  A body over
 * check-max-size is refused with 413 before it is read; one without a
 * Content-Length with 411.  When check-token-file is set every request
 * needs "Authorization: Bearer TOKEN" (401 otherwise); it must be set
 * when the listener is not on loopback (rg_milter_config).  Requests are
 * served one at a time.  See replyguard(8), doc/check-api.yaml.
 */
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "replyguard/rg_json.h"
#include "rg_http.h"
#include "rg_log.h"
#include "rg_metrics.h"
#include "rg_milter.h"

struct RgHttp {
    GMainContext *context;
    GMainLoop *loop;
    SoupServer *server;
    GThread *thread;
};

/* respond - a status and a body of a content type */
static void respond(SoupServerMessage *msg, const char *path, guint status,
                    const char *type, const char *body, gsize len)
{
    soup_server_message_set_status(msg, status, NULL);
    soup_server_message_set_response(msg, type, SOUP_MEMORY_COPY, body, len);
    rg_metrics_request(rg_metrics(), path, status);
}

/* respond_error - a status with {"error":"..."} */
static void respond_error(SoupServerMessage *msg, const char *path,
                          guint status, const char *what)
{
    g_autoptr(GString) out = g_string_new("{\"error\":");

    rg_json_string(out, what);
    g_string_append(out, "}\n");
    respond(msg, path, status, "application/json", out->str, out->len);
}

/* token_ok - whether the request carries the configured bearer token
 * (compared in constant time); TRUE when none is configured */
static gboolean token_ok(SoupServerMessage *msg, const RgSnapshot *snap)
{
    const char *want = snap->milter->check_token;
    const char *auth;
    gsize n;
    guint diff = 0;

    if (want == NULL)
        return TRUE;
    auth = soup_message_headers_get_one(
        soup_server_message_get_request_headers(msg), "Authorization");
    if (auth == NULL || g_ascii_strncasecmp(auth, "Bearer ", 7) != 0)
        return FALSE;
    auth += 7;
    n = strlen(want);
    if (strlen(auth) != n)
        return FALSE;
    for (gsize i = 0; i < n; i++)
        diff |= (guint) (auth[i] ^ want[i]);
    return diff == 0;
}

/* media_type - the Content-Type without parameters, lower-cased */
static char *media_type(SoupServerMessage *msg)
{
    const char *t = soup_message_headers_get_content_type(
        soup_server_message_get_request_headers(msg), NULL);

    return t ? g_ascii_strdown(t, -1) : NULL;
}

/* on_metrics - GET /metrics */
static void on_metrics(SoupServer *server, SoupServerMessage *msg,
                       const char *path, GHashTable *query, gpointer data)
{
    g_autoptr(RgSnapshot) snap = rg_milter_snapshot();
    g_autoptr(GString) out = g_string_new(NULL);
    const char *method = soup_server_message_get_method(msg);

    (void) server, (void) query, (void) data;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        respond_error(msg, path, 405, "use GET");
        return;
    }
    if (snap && !token_ok(msg, snap)) {
        respond_error(msg, path, 401, "a bearer token is required");
        return;
    }
    rg_metrics_render(rg_metrics(), out);
    if (snap) {
        g_string_append(out, "# HELP replyguard_policy_info The loaded config "
                        "and policies: version is a checksum of their files.\n"
                        "# TYPE replyguard_policy_info gauge\n");
        g_string_append_printf(out, "replyguard_policy_info{version=\"%s\"} 1\n",
                               snap->version);
        g_string_append_printf(out, "# HELP replyguard_policy_mtime_seconds "
                               "Newest modification time among the loaded "
                               "config and policy files.\n# TYPE "
                               "replyguard_policy_mtime_seconds gauge\n"
                               "replyguard_policy_mtime_seconds %" G_GINT64_FORMAT
                               "\n", snap->mtime);
    }
    respond(msg, path, 200, "text/plain; version=0.0.4; charset=utf-8",
            out->str, out->len);
}

/* json_member - a string member of a JSON object, NULL when absent or
 * null; FALSE when it is there but not a string */
static gboolean json_member(JsonObject *o, const char *name, const char **out)
{
    JsonNode *n = json_object_get_member(o, name);

    *out = NULL;
    if (n == NULL || JSON_NODE_HOLDS_NULL(n))
        return TRUE;
    if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
        return FALSE;
    *out = json_node_get_string(n);
    return TRUE;
}

/* draft_message - an RFC 5322 message of a JSON draft; caller frees; NULL
 * with *what set on a bad draft */
static GString *draft_message(const char *body, gsize len, char **language,
                              char **sender, const char **what)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    const char *subject, *text, *lang, *from;
    JsonObject *o;
    GString *m;

    if (!json_parser_load_from_data(parser, body, (gssize) len, NULL) ||
        !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser))) {
        *what = "the body is not a JSON object";
        return NULL;
    }
    o = json_node_get_object(json_parser_get_root(parser));
    if (!json_member(o, "subject", &subject) || !json_member(o, "text", &text) ||
        !json_member(o, "language", &lang) || !json_member(o, "sender", &from)) {
        *what = "subject, text, language and sender must be strings";
        return NULL;
    }
    if (text == NULL) {
        *what = "text is required";
        return NULL;
    }
    if (from && (strpbrk(from, "\r\n<>\" ,;") != NULL || !*from)) {
        *what = "sender must be one bare address";
        return NULL;
    }
    m = g_string_new(NULL);
    if (from)
        g_string_append_printf(m, "From: <%s>\n", from);
    if (subject && *subject) {
        g_autofree char *b64 = g_base64_encode((const guchar *) subject,
                                               strlen(subject));

        g_string_append_printf(m, "Subject: =?UTF-8?B?%s?=\n", b64);
    }
    g_string_append(m, "MIME-Version: 1.0\nContent-Type: text/plain; "
                    "charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n");
    g_string_append(m, text);
    *language = g_strdup(lang);
    *sender = g_strdup(from);
    return m;
}

/* query_value - a query parameter, or NULL */
static const char *query_value(GHashTable *query, const char *name)
{
    return query ? g_hash_table_lookup(query, name) : NULL;
}

/* on_check - POST /v1/check */
static void on_check(SoupServer *server, SoupServerMessage *msg,
                     const char *path, GHashTable *query, gpointer data)
{
    g_autoptr(RgSnapshot) snap = rg_milter_snapshot();
    g_autofree char *type = media_type(msg);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GString) draft = NULL;
    g_autoptr(GString) out = NULL;
    g_autoptr(RgResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *language = NULL;
    g_autofree char *sender = NULL;
    g_autofree char *sender_lc = NULL;
    const char *what = NULL;
    const char *data_in;
    gsize len;
    RgScanOptions options = {.keep_text = TRUE};

    (void) server, (void) data;
    if (snap == NULL) {
        respond_error(msg, path, 503, "no config loaded");
        return;
    }
    if (!snap->milter->check_api) {
        respond_error(msg, path, 404, "the check API is off (check-api = no)");
        return;
    }
    if (!token_ok(msg, snap)) {
        respond_error(msg, path, 401, "a bearer token is required");
        return;
    }
    if (strcmp(soup_server_message_get_method(msg), "POST") != 0) {
        respond_error(msg, path, 405, "use POST");
        return;
    }
    bytes = soup_message_body_flatten(soup_server_message_get_request_body(msg));
    data_in = g_bytes_get_data(bytes, &len);
    if (len > snap->milter->check_max_size) {
        respond_error(msg, path, 413, "the body is over check-max-size");
        return;
    }
    if (type && strcmp(type, "application/json") == 0) {
        draft = draft_message(data_in ? data_in : "", len, &language, &sender,
                              &what);
        if (draft == NULL) {
            respond_error(msg, path, 400, what);
            return;
        }
        data_in = draft->str;
        len = draft->len;
    } else if (type && strcmp(type, "message/rfc822") == 0) {
        language = g_strdup(query_value(query, "language"));
        sender = g_strdup(query_value(query, "sender"));
        options.login = query_value(query, "login");
    } else {
        respond_error(msg, path, 415, "send message/rfc822 or application/json");
        return;
    }
    if (language && strcmp(language, "auto") != 0) {
        if (!rg_engine_has_language(snap->engine, language)) {
            respond_error(msg, path, 400, "no policy for that language");
            return;
        }
        options.language = language;
    }
    if (sender) {
        sender_lc = g_strstrip(g_ascii_strdown(sender, -1));
        options.sender = sender_lc;
    }
    result = rg_engine_scan_bytes(snap->engine, data_in ? data_in : "", len,
                                  &options, &error);
    out = g_string_new(NULL);
    if (result == NULL) {
        respond_error(msg, path, 500, error ? error->message : "scan failed");
        return;
    }
    rg_json_result(out, query_value(query, "source") ? query_value(query, "source")
                   : "-", result, NULL, RG_JSON_OFFSETS);
    respond(msg, path, 200, "application/json", out->str, out->len);
}

/* on_headers - the early handler: refuse a body too big (413) or of no
 * declared length (411) before it is read */
static void on_headers(SoupServer *server, SoupServerMessage *msg,
                       const char *path, GHashTable *query, gpointer data)
{
    g_autoptr(RgSnapshot) snap = rg_milter_snapshot();
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);

    (void) server, (void) query, (void) data;
    if (snap == NULL || strcmp(soup_server_message_get_method(msg), "POST") != 0)
        return;
    if (soup_message_headers_get_encoding(h) != SOUP_ENCODING_CONTENT_LENGTH) {
        respond_error(msg, path, 411, "a Content-Length is required");
        return;
    }
    if ((guint64) soup_message_headers_get_content_length(h) >
        snap->milter->check_max_size)
        respond_error(msg, path, 413, "the body is over check-max-size");
}

/* on_other - anything else */
static void on_other(SoupServer *server, SoupServerMessage *msg,
                     const char *path, GHashTable *query, gpointer data)
{
    (void) server, (void) path, (void) query, (void) data;
    respond_error(msg, "other", 404, "no such resource (/metrics, /v1/check)");
}

/* run - the listener's thread */
static gpointer run(gpointer data)
{
    RgHttp *http = data;

    g_main_context_push_thread_default(http->context);
    g_main_loop_run(http->loop);
    g_main_context_pop_thread_default(http->context);
    return NULL;
}

/* rg_http_start - listen on listen ("HOST:PORT") and serve in a thread;
 * NULL with error set when the address cannot be used */
RgHttp *rg_http_start(const char *listen, GError **error)
{
    RgHttp *http = g_new0(RgHttp, 1);
    g_autofree char *host = NULL;
    g_autoptr(GSocketAddress) address = NULL;
    guint16 port = 0;
    gboolean loopback = TRUE;

    if (!rg_milter_parse_listen(listen, &host, &port, &loopback)) {
        g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                    "stats-listen: bad address \"%s\"", listen);
        g_free(http);
        return NULL;
    }
    http->context = g_main_context_new();
    http->loop = g_main_loop_new(http->context, FALSE);
    g_main_context_push_thread_default(http->context);
    http->server = soup_server_new("server-header", "replyguard", NULL);
    soup_server_add_early_handler(http->server, "/v1/check", on_headers, NULL,
                                  NULL);
    soup_server_add_handler(http->server, "/metrics", on_metrics, NULL, NULL);
    soup_server_add_handler(http->server, "/v1/check", on_check, NULL, NULL);
    soup_server_add_handler(http->server, NULL, on_other, NULL, NULL);
    address = g_inet_socket_address_new_from_string(host, port);
    if (!soup_server_listen(http->server, address, 0, error)) {
        g_main_context_pop_thread_default(http->context);
        rg_http_stop(http);
        return NULL;
    }
    g_main_context_pop_thread_default(http->context);
    http->thread = g_thread_new("http", run, http);
    return http;
}

/* quit - stop the loop from inside it */
static gboolean quit(gpointer data)
{
    g_main_loop_quit(data);
    return G_SOURCE_REMOVE;
}

/* rg_http_stop - stop serving and free; accepts NULL */
void rg_http_stop(RgHttp *http)
{
    if (http == NULL)
        return;
    if (http->thread) {
        GSource *s = g_idle_source_new();

        g_source_set_callback(s, quit, http->loop, NULL);
        g_source_attach(s, http->context);
        g_source_unref(s);
        g_thread_join(http->thread);
    }
    if (http->server) {
        soup_server_disconnect(http->server);
        g_object_unref(http->server);
    }
    g_main_loop_unref(http->loop);
    g_main_context_unref(http->context);
    g_free(http);
}
