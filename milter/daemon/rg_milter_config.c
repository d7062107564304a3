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
    {"result-header", RG_KEY_CHOICE, FIELD(result_header), result_header},
    {"header-on-pass", RG_KEY_BOOL, FIELD(header_on_pass), NULL},
    {"notice", RG_KEY_BOOL, FIELD(notice), NULL},
    {"notice-from", RG_KEY_STRING, FIELD(notice_from), NULL},
    {"sendmail", RG_KEY_STRING, FIELD(sendmail), NULL},
    {"notice-timeout", RG_KEY_SECONDS, FIELD(notice_timeout), NULL},
    {"max-collected", RG_KEY_SIZE, FIELD(max_collected), NULL},
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
    c->sendmail = g_strdup("/usr/sbin/sendmail");
    c->notice_timeout = 30;
    c->max_collected = 256 * 1024 * 1024;
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
    g_free(c);
}

/* rg_milter_config_new - defaults overridden by the file's [milter] */
RgMilterConfig *rg_milter_config_new(const RgConfigFile *file, GError **error)
{
    g_autoptr(RgMilterConfig) c = rg_milter_config_new_default();

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
    return g_steal_pointer(&c);
}

/* snapshot_free - the last reference is gone */
static void snapshot_free(RgSnapshot *s)
{
    rg_engine_unref(s->engine);
    rg_milter_config_free(s->milter);
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
