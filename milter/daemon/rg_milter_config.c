/*
 * rg_milter_config.c - the daemon's settings ([milter]) and its snapshot
 *
 * Owns the [milter] defaults and keys (one table, read by the engine's
 * config loader) and the loading of a snapshot: the config file is read
 * once, strictly (a regular file not writable by group or others, since
 * its sendmail command runs in the daemon), and both layers read their
 * groups from it.
 */
#include <stddef.h>
#include <string.h>

#include <gio/gio.h>

#include <glib/gstdio.h>

#include "rg_milter_config.h"

static const char *const modes[] = {"enforce", "monitor", NULL};
static const char *const on_error[] = {"tempfail", "accept", NULL};
static const char *const result_header[] = {"full", "verdict", "none", NULL};

#define FIELD(f) offsetof(RgMilterConfig, f)
static const RgConfigKey milter_keys[] = {
    {"mode", RG_KEY_CHOICE, FIELD(mode), modes},
    {"on-error", RG_KEY_CHOICE, FIELD(on_error), on_error},
    {"socket", RG_KEY_STRING, FIELD(socket), NULL},
    {"socket-mode", RG_KEY_STRING, FIELD(socket_mode), NULL},
    {"socket-group", RG_KEY_STRING, FIELD(socket_group), NULL},
    {"pid-file", RG_KEY_STRING, FIELD(pid_file), NULL},
    {"user", RG_KEY_STRING, FIELD(user), NULL},
    {"check-all", RG_KEY_BOOL, FIELD(check_all), NULL},
    {"check-authenticated", RG_KEY_BOOL, FIELD(check_authenticated), NULL},
    {"check-daemons", RG_KEY_LIST, FIELD(check_daemons), NULL},
    {"check-senders", RG_KEY_LIST, FIELD(check_senders), NULL},
    {"replies-only", RG_KEY_BOOL, FIELD(replies_only), NULL},
    {"skip-auto-submitted", RG_KEY_BOOL, FIELD(skip_auto_submitted), NULL},
    {"skip-recipients", RG_KEY_LIST, FIELD(skip_recipients), NULL},
    {"skip-internal", RG_KEY_BOOL, FIELD(skip_internal), NULL},
    {"result-header", RG_KEY_CHOICE, FIELD(result_header), result_header},
    {"header-on-pass", RG_KEY_BOOL, FIELD(header_on_pass), NULL},
    {"notice", RG_KEY_BOOL, FIELD(notice), NULL},
    {"notice-from", RG_KEY_STRING, FIELD(notice_from), NULL},
    {"sendmail", RG_KEY_STRING, FIELD(sendmail), NULL},
    {"notice-timeout", RG_KEY_SECONDS, FIELD(notice_timeout), NULL},
    {"max-collected", RG_KEY_SIZE, FIELD(max_collected), NULL},
    {"idle-timeout", RG_KEY_SECONDS, FIELD(idle_timeout), NULL},
    {"stats-listen", RG_KEY_STRING, FIELD(stats_listen), NULL},
    {"check-api", RG_KEY_BOOL, FIELD(check_api), NULL},
    {"check-token-file", RG_KEY_STRING, FIELD(check_token_file), NULL},
    {"check-max-size", RG_KEY_SIZE, FIELD(check_max_size), NULL},
};
#undef FIELD

/* the groups of a config file that are the daemon's, not the engine's */
static const char *const daemon_groups[] = {"milter", NULL};

/* rg_milter_config_new_default - the shipped defaults; caller frees */
RgMilterConfig *rg_milter_config_new_default(void)
{
    RgMilterConfig *c = g_new0(RgMilterConfig, 1);

    c->mode = RG_MODE_ENFORCE;
    c->on_error = RG_ON_ERROR_TEMPFAIL;
    c->socket = g_strdup("unix:/run/replyguard/replyguard.sock");
    c->socket_mode = g_strdup("0660");
    c->check_authenticated = TRUE;
    c->header_on_pass = TRUE;
    c->skip_internal = TRUE;
    c->sendmail = g_strdup("/usr/sbin/sendmail");
    c->notice_timeout = 30;
    c->max_collected = 256 * 1024 * 1024;
    c->idle_timeout = 900;
    c->check_max_size = 1024 * 1024;
    return c;
}

/* rg_milter_config_socket_mode - "0660" into mode (may be NULL); FALSE
 * unless octal, owner read-write, and nothing executable */
gboolean rg_milter_config_socket_mode(const char *text, guint *mode)
{
    char *end = NULL;
    guint64 m;

    if (text == NULL || text[0] == '\0')
        return FALSE;
    m = g_ascii_strtoull(text, &end, 8);
    if (*end != '\0' || m > 0666 || (m & 0600) != 0600)
        return FALSE;
    if (mode)
        *mode = (guint) m;
    return TRUE;
}

/* rg_milter_config_free - accepts NULL */
void rg_milter_config_free(RgMilterConfig *c)
{
    if (c == NULL)
        return;
    g_free(c->socket);
    g_free(c->socket_mode);
    g_free(c->socket_group);
    g_free(c->pid_file);
    g_free(c->user);
    g_strfreev(c->check_daemons);
    g_strfreev(c->check_senders);
    g_strfreev(c->skip_recipients);
    g_free(c->notice_from);
    g_free(c->sendmail);
    g_free(c->stats_listen);
    g_free(c->check_token_file);
    g_free(c->check_token);
    g_free(c);
}

/* rg_milter_parse_listen - "127.0.0.1:PORT" or "[::1]:PORT" into a host
 * (caller frees), a port and whether it is a loopback address */
gboolean rg_milter_parse_listen(const char *listen, char **host,
                                guint16 *port, gboolean *loopback)
{
    const char *colon = strrchr(listen, ':');
    g_autofree char *h = NULL;
    g_autoptr(GInetAddress) a = NULL;
    guint64 p = 0;

    if (colon == NULL && g_ascii_string_to_unsigned(listen, 10, 1, 65535, &p,
                                                    NULL)) {
        *host = g_strdup("127.0.0.1");  /* a bare port: loopback */
        *port = (guint16) p;
        *loopback = TRUE;
        return TRUE;
    }
    if (colon == NULL || colon == listen)
        return FALSE;
    if (listen[0] == '[' && colon[-1] == ']')
        h = g_strndup(listen + 1, (gsize) (colon - listen - 2));
    else
        h = g_strndup(listen, (gsize) (colon - listen));
    a = g_inet_address_new_from_string(h);
    if (a == NULL || !g_ascii_string_to_unsigned(colon + 1, 10, 1, 65535, &p,
                                                 NULL))
        return FALSE;
    *loopback = g_inet_address_get_is_loopback(a);
    *port = (guint16) p;
    *host = g_steal_pointer(&h);
    return TRUE;
}

/* read_token - the bearer token: the first line of check-token-file */
static gboolean read_token(RgMilterConfig *c, GError **error)
{
    g_autofree char *text = NULL;
    GError *local = NULL;
    char *nl;

    if (!g_file_get_contents(c->check_token_file, &text, NULL, &local)) {
        g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                    "[milter] check-token-file: %s", local->message);
        g_error_free(local);
        return FALSE;
    }
    nl = strchr(text, '\n');
    if (nl)
        *nl = '\0';
    g_strstrip(text);
    if (strlen(text) < 16) {
        g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                    "[milter] check-token-file %s: the token needs 16 "
                    "characters or more", c->check_token_file);
        return FALSE;
    }
    c->check_token = g_steal_pointer(&text);
    return TRUE;
}

/* rg_milter_config_new - defaults overridden by the file's [milter] */
RgMilterConfig *rg_milter_config_new(const RgConfigFile *file, GError **error)
{
    g_autoptr(RgMilterConfig) c = rg_milter_config_new_default();

    g_autofree char *host = NULL;
    guint16 port = 0;
    gboolean loopback = TRUE;

    if (!rg_config_file_read_group(file, "milter", milter_keys,
                                   G_N_ELEMENTS(milter_keys), c, error))
        return NULL;
    if (!rg_milter_config_socket_mode(c->socket_mode, NULL)) {
        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                    "%s: [milter] socket-mode = %s: not an octal mode "
                    "between 0600 and 0666", rg_config_file_name(file),
                    c->socket_mode);
        return NULL;
    }
    if (c->idle_timeout == 0) {
        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                    "%s: [milter] idle-timeout = 0: a session needs at least "
                    "one second", rg_config_file_name(file));
        return NULL;
    }
    if (c->stats_listen &&
        !rg_milter_parse_listen(c->stats_listen, &host, &port, &loopback)) {
        g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                    "%s: [milter] stats-listen: expected HOST:PORT with a "
                    "numeric address, found \"%s\"",
                    rg_config_file_name(file), c->stats_listen);
        return NULL;
    }
    if (c->check_token_file && !read_token(c, error))
        return NULL;
    if (c->stats_listen && !loopback && c->check_token == NULL) {
        g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                    "%s: [milter] stats-listen %s is not loopback: set "
                    "check-token-file", rg_config_file_name(file),
                    c->stats_listen);
        return NULL;
    }
    return g_steal_pointer(&c);
}

/* stamp_file - a file's bytes into the checksum, its mtime into *mtime */
static void stamp_file(GChecksum *sum, const char *path, gint64 *mtime)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    GStatBuf st;

    if (g_stat(path, &st) == 0)
        *mtime = MAX(*mtime, (gint64) st.st_mtime);
    if (g_file_get_contents(path, &text, &len, NULL))
        g_checksum_update(sum, (const guchar *) text, (gssize) len);
}

/* by_name - g_ptr_array_sort order of paths */
static gint by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* stamp - the snapshot's version (a checksum of the config file and the
 * policy files, in name order) and their newest mtime */
static void stamp(RgSnapshot *s, const char *path)
{
    g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
    const char *dir = rg_engine_config(s->engine)->policy_dir;
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    if (path)
        stamp_file(sum, path, &s->mtime);
    while (d && (name = g_dir_read_name(d)) != NULL)
        if (g_str_has_suffix(name, ".policy"))
            g_ptr_array_add(names, g_build_filename(dir, name, NULL));
    g_ptr_array_sort(names, by_name);
    for (guint i = 0; i < names->len; i++)
        stamp_file(sum, g_ptr_array_index(names, i), &s->mtime);
    s->version = g_strndup(g_checksum_get_string(sum), 12);
}

/* snapshot_free - the last reference is gone */
static void snapshot_free(RgSnapshot *s)
{
    rg_engine_unref(s->engine);
    rg_milter_config_free(s->milter);
    g_free(s->version);
    g_free(s);
}

/*
 * rg_snapshot_load - engine and [milter] settings from the config file
 * at path (NULL: the built-in defaults); NULL with error (file:line) when
 * anything in it is refused.  Caller unrefs.
 */
RgSnapshot *rg_snapshot_load(const char *path, GError **error)
{
    g_autoptr(RgConfigFile) file = path
        ? rg_config_file_load(path, RG_CONFIG_STRICT, error) : NULL;
    RgSnapshot *s;
    RgConfig *config;

    if (path != NULL && file == NULL)
        return NULL;
    s = g_new0(RgSnapshot, 1);
    s->refcount = 1;
    config = file ? rg_config_new(file, daemon_groups, error)
        : rg_config_new_default();
    if (config != NULL)
        s->milter = file ? rg_milter_config_new(file, error)
            : rg_milter_config_new_default();
    if (s->milter != NULL)
        s->engine = rg_engine_new(config, RG_CONFIG_STRICT, error);
    else
        rg_config_free(config);
    if (s->engine == NULL) {
        snapshot_free(s);
        return NULL;
    }
    stamp(s, path);
    return s;
}

/* rg_snapshot_ref - take a reference */
RgSnapshot *rg_snapshot_ref(RgSnapshot *s)
{
    g_atomic_int_inc(&s->refcount);
    return s;
}

/* rg_snapshot_unref - drop a reference; the last one frees; accepts NULL */
void rg_snapshot_unref(RgSnapshot *s)
{
    if (s != NULL && g_atomic_int_dec_and_test(&s->refcount))
        snapshot_free(s);
}
