/*
 * NAME
 *	rg_desk_queue - Postfix's hold queue as the desk sees it
 * SYNOPSIS
 *	GPtrArray *rg_desk_queue_list(const RgDeskQueue *q, GError **error)
 *	char *rg_desk_queue_read(q, id, &len, &error)
 *	gboolean rg_desk_queue_act(q, verb, id, input, &detail, &error)
 * DESCRIPTION
 *	The desk never runs a Postfix command itself: every access goes
 *	through replyguard-desk-helper (see replyguard-desk(8), PRIVILEGES),
 *	run without a shell: "list" (postqueue -j), "show ID" (postcat -bh
 *	-q ID), "release ID" (postsuper -H), "delete ID" (postsuper -d) and
 *	"send ADDRESS" (a notice on standard input to sendmail -f <>).
 *
 *	postqueue -j prints one JSON object per line; the ones in queue
 *	"hold" become RgDeskHeld, parsed with json-glib.  Subject,
 *	Message-ID and the X-Replyguard lang= and rules= are read from the
 *	message's headers with GMime (RFC 2047 decoded).
 * DIAGNOSTICS
 *	NULL/FALSE with error set: the helper could not run or failed (its
 *	standard error is in the message), or printed something unparsable.
 *	A failing postqueue is an error, never an empty list.
 */
#include <string.h>

#include <gmime/gmime.h>
#include <json-glib/json-glib.h>

#include "rg_desk_queue.h"

/* rg_desk_queue_id_ok - whether id looks like a Postfix queue id */
gboolean rg_desk_queue_id_ok(const char *id)
{
    gsize n;

    if (id == NULL)
        return FALSE;
    for (n = 0; id[n]; n++)
        if (!g_ascii_isalnum(id[n]))
            return FALSE;
    return n >= 6 && n <= 20;
}

/* rg_desk_held_free - NULL is fine */
void rg_desk_held_free(RgDeskHeld *h)
{
    if (h == NULL)
        return;
    g_free(h->queue_id);
    g_free(h->sender);
    g_free(h->recipients);
    g_free(h->subject);
    g_free(h->message_id);
    g_free(h->language);
    g_free(h->rules);
    g_free(h);
}

/* run_helper - run the helper with verb [arg], input on stdin; its stdout */
static gboolean run_helper(const RgDeskQueue *q, const char *verb,
                           const char *arg, const char *input, GBytes **out,
                           char **err_text, GError **error)
{
    g_autoptr(GSubprocess) p = NULL;
    g_autoptr(GBytes) in = input ? g_bytes_new(input, strlen(input)) : NULL;
    g_autoptr(GBytes) err = NULL;
    const char *argv[7];
    int n = 0;
    gsize len;
    const char *e;

    argv[n++] = q->helper;
    if (q->postfix_dir) {
        argv[n++] = "-c";
        argv[n++] = q->postfix_dir;
    }
    argv[n++] = verb;
    if (arg)
        argv[n++] = arg;
    argv[n] = NULL;
    p = g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                          G_SUBPROCESS_FLAGS_STDERR_PIPE |
                          (input ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0), error);
    if (p == NULL || !g_subprocess_communicate(p, in, NULL, out, &err, error))
        return FALSE;
    e = err ? g_bytes_get_data(err, &len) : NULL;
    if (err_text)
        *err_text = e ? g_strstrip(g_strndup(e, len)) : g_strdup("");
    if (!g_subprocess_get_if_exited(p) || g_subprocess_get_exit_status(p) != 0) {
        g_autofree char *msg = e ? g_strstrip(g_strndup(e, len)) : g_strdup("");

        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                    "%s %s%s%s failed (status %d)%s%s", q->helper, verb,
                    arg ? " " : "", arg ? arg : "",
                    g_subprocess_get_if_exited(p)
                    ? g_subprocess_get_exit_status(p) : -1,
                    msg[0] ? ": " : "", msg);
        return FALSE;
    }
    return TRUE;
}

/* rg_desk_queue_parse_json - the "hold" entries of postqueue -j output */
GPtrArray *rg_desk_queue_parse_json(const char *text, GError **error)
{
    GPtrArray *held = g_ptr_array_new_with_free_func(
        (GDestroyNotify) rg_desk_held_free);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    char **l;

    for (l = lines; *l; l++) {
        g_autoptr(JsonParser) parser = json_parser_new();
        JsonObject *o;
        JsonArray *rcpts;
        RgDeskHeld *h;
        GString *to;
        guint i;

        if (g_strstrip(*l)[0] == '\0')
            continue;
        if (!json_parser_load_from_data(parser, *l, -1, error) ||
            !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser))) {
            if (error && *error == NULL)
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                            "postqueue -j: not an object");
            g_ptr_array_unref(held);
            return NULL;
        }
        o = json_node_get_object(json_parser_get_root(parser));
        if (g_strcmp0(json_object_get_string_member_with_default(
                          o, "queue_name", ""), "hold") != 0)
            continue;
        h = g_new0(RgDeskHeld, 1);
        h->queue_id = g_strdup(json_object_get_string_member_with_default(
                                   o, "queue_id", ""));
        h->arrival = json_object_get_int_member_with_default(o, "arrival_time", 0);
        h->sender = g_strdup(json_object_get_string_member_with_default(
                                 o, "sender", ""));
        to = g_string_new(NULL);
        rcpts = json_object_has_member(o, "recipients")
            ? json_object_get_array_member(o, "recipients") : NULL;
        for (i = 0; rcpts && i < json_array_get_length(rcpts); i++) {
            JsonObject *r = json_array_get_object_element(rcpts, i);

            if (r == NULL)
                continue;
            if (to->len)
                g_string_append_c(to, ',');
            g_string_append(to, json_object_get_string_member_with_default(
                                r, "address", ""));
        }
        h->recipients = g_string_free(to, FALSE);
        if (rg_desk_queue_id_ok(h->queue_id))
            g_ptr_array_add(held, h);
        else
            rg_desk_held_free(h);
    }
    return held;
}

/* param - the value of NAME= in an X-Replyguard header (caller frees) */
static char *param(const char *header, const char *name)
{
    g_auto(GStrv) parts = g_strsplit(header, ";", -1);
    gsize n = strlen(name);
    char **p;

    for (p = parts; *p; p++) {
        const char *s = g_strstrip(*p);

        if (strncmp(s, name, n) == 0 && s[n] == '=')
            return g_strdup(s + n + 1);
    }
    return NULL;
}

/* rg_desk_held_fill - subject, Message-ID, language and rules from the message */
void rg_desk_held_fill(RgDeskHeld *h, const char *data, gsize len)
{
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
    const char *v;

    g_object_unref(parser);
    g_object_unref(stream);
    if (msg == NULL)
        return;
    v = g_mime_message_get_subject(msg);
    g_free(h->subject);
    h->subject = g_strdup(v ? v : "");
    g_free(h->message_id);
    v = g_mime_message_get_message_id(msg);
    h->message_id = v ? g_strdup_printf("<%s>", v) : NULL;
    v = g_mime_object_get_header(GMIME_OBJECT(msg), "X-Replyguard");
    if (v) {
        g_free(h->language);
        g_free(h->rules);
        h->language = param(v, "lang");
        h->rules = param(v, "rules");
    }
    g_object_unref(msg);
}

/* rg_desk_queue_list - the held messages, headers read (caller frees) */
GPtrArray *rg_desk_queue_list(const RgDeskQueue *q, GError **error)
{
    g_autoptr(GBytes) out = NULL;
    g_autofree char *text = NULL;
    const char *listing;
    GPtrArray *held;
    gsize len;
    guint i;

    if (!run_helper(q, "list", NULL, NULL, &out, NULL, error))
        return NULL;
    listing = g_bytes_get_data(out, &len);
    /* an empty hold queue prints nothing: no data at all (NULL) */
    text = g_strndup(listing ? listing : "", len);
    held = rg_desk_queue_parse_json(text, error);
    for (i = 0; held && i < held->len; i++) {
        RgDeskHeld *h = held->pdata[i];
        g_autofree char *data = rg_desk_queue_read(q, h->queue_id, &len, NULL);

        if (data)
            rg_desk_held_fill(h, data, len);
    }
    return held;
}

/* rg_desk_queue_read - the held message id as bytes (caller frees) */
char *rg_desk_queue_read(const RgDeskQueue *q, const char *id, gsize *len,
                         GError **error)
{
    g_autoptr(GBytes) out = NULL;

    if (!rg_desk_queue_id_ok(id)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "not a queue id");
        return NULL;
    }
    if (!run_helper(q, "show", id, NULL, &out, NULL, error))
        return NULL;
    return g_bytes_unref_to_data(g_steal_pointer(&out), len);
}

/* rg_desk_queue_act - run a helper verb on id; *detail: what it said */
gboolean rg_desk_queue_act(const RgDeskQueue *q, const char *verb,
                           const char *id, const char *input, char **detail,
                           GError **error)
{
    g_autoptr(GBytes) out = NULL;
    char *err_text = NULL;
    gboolean ok = run_helper(q, verb, id, input, &out, &err_text, error);

    *detail = err_text ? err_text : g_strdup("");
    return ok;
}
