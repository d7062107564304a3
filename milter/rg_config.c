/*
 * rg_config.c - the replyguard.conf settings shared by daemon and CLI
 *
 * Owns the defaults and the parsing of the config file.  Keys are
 * described once in the table config_keys (group, name, type, field);
 * unknown groups or keys and bad values are refused with file:line.
 */
#include <stddef.h>
#include <string.h>

#include "rg_config.h"
#include "rg_keyfile.h"

#ifndef RG_POLICY_DIR
#define RG_POLICY_DIR "/usr/local/share/replyguard/policies"
#endif

#define RG_DEFAULT_TICKET_PATTERN \
    "(?:#|\\b(?:nr|no|br)\\.?\\s*)?\\d{3,}|\\b[A-Z][A-Z0-9]{1,9}-\\d{2,}\\b"

typedef enum {
    KEY_STRING,
    KEY_LIST,
    KEY_BOOL,
    KEY_SIZE,
    KEY_UINT,
    KEY_APOLOGY,
    KEY_MODE,
    KEY_ON_ERROR
} KeyType;

static const struct {
    const char *group;
    const char *name;
    KeyType type;
    size_t offset;
} config_keys[] = {
    {"engine", "policy-dir", KEY_STRING, offsetof(RgConfig, policy_dir)},
    {"engine", "languages", KEY_LIST, offsetof(RgConfig, languages)},
    {"engine", "default-language", KEY_STRING,
     offsetof(RgConfig, default_language)},
    {"engine", "apology-required", KEY_APOLOGY,
     offsetof(RgConfig, apology_required)},
    {"engine", "ticket-pattern", KEY_STRING,
     offsetof(RgConfig, ticket_pattern)},
    {"engine", "acronyms", KEY_LIST, offsetof(RgConfig, acronyms)},
    {"engine", "scan-limit", KEY_SIZE, offsetof(RgConfig, scan_limit)},
    {"engine", "fallback-charset", KEY_STRING,
     offsetof(RgConfig, fallback_charset)},
    {"engine", "max-message", KEY_SIZE, offsetof(RgConfig, max_message)},
    {"engine", "match-limit", KEY_UINT, offsetof(RgConfig, match_limit)},
    {"engine", "depth-limit", KEY_UINT, offsetof(RgConfig, depth_limit)},
    {"milter", "mode", KEY_MODE, offsetof(RgConfig, mode)},
    {"milter", "on-error", KEY_ON_ERROR, offsetof(RgConfig, on_error)},
    {"milter", "socket", KEY_STRING, offsetof(RgConfig, socket)},
    {"milter", "pid-file", KEY_STRING, offsetof(RgConfig, pid_file)},
    {"milter", "user", KEY_STRING, offsetof(RgConfig, user)},
    {"milter", "check-all", KEY_BOOL, offsetof(RgConfig, check_all)},
    {"milter", "check-authenticated", KEY_BOOL,
     offsetof(RgConfig, check_authenticated)},
    {"milter", "check-daemons", KEY_LIST, offsetof(RgConfig, check_daemons)},
    {"milter", "check-senders", KEY_LIST, offsetof(RgConfig, check_senders)},
    {"milter", "replies-only", KEY_BOOL, offsetof(RgConfig, replies_only)},
    {"milter", "header-on-pass", KEY_BOOL,
     offsetof(RgConfig, header_on_pass)},
    {"milter", "notice", KEY_BOOL, offsetof(RgConfig, notice)},
    {"milter", "notice-from", KEY_STRING, offsetof(RgConfig, notice_from)},
    {"milter", "sendmail", KEY_STRING, offsetof(RgConfig, sendmail)},
};

/* rg_config_new_default - the shipped defaults; caller frees */
RgConfig *rg_config_new_default(void)
{
    RgConfig *c = g_new0(RgConfig, 1);

    c->policy_dir = g_strdup(RG_POLICY_DIR);
    c->default_language = g_strdup("en");
    c->apology_required = RG_APOLOGY_ALWAYS;
    c->ticket_pattern = g_strdup(RG_DEFAULT_TICKET_PATTERN);
    c->scan_limit = 1024 * 1024;
    c->fallback_charset = g_strdup("windows-1250");
    c->match_limit = 1000000;
    c->depth_limit = 10000;
    for (int r = 0; r < RG_RULE_COUNT; r++)
        c->levels[r] = rg_rule_default_level((RgRuleId) r);
    c->mode = RG_MODE_ENFORCE;
    c->on_error = RG_ON_ERROR_TEMPFAIL;
    c->socket = g_strdup("unix:/run/replyguard/replyguard.sock");
    c->check_authenticated = TRUE;
    c->header_on_pass = TRUE;
    c->max_message = 8 * 1024 * 1024;
    c->sendmail = g_strdup("/usr/sbin/sendmail");
    return c;
}

/* rg_config_free - accepts NULL */
void rg_config_free(RgConfig *c)
{
    if (c == NULL)
        return;
    g_free(c->path);
    g_free(c->policy_dir);
    g_strfreev(c->languages);
    g_free(c->default_language);
    g_free(c->ticket_pattern);
    g_strfreev(c->acronyms);
    g_free(c->fallback_charset);
    g_free(c->socket);
    g_free(c->pid_file);
    g_free(c->user);
    g_strfreev(c->check_daemons);
    g_strfreev(c->check_senders);
    g_free(c->notice_from);
    g_free(c->sendmail);
    g_free(c);
}

/* parse_size - "1048576", "512k", "1M", "2G" */
static gboolean parse_size(const char *s, gsize *out)
{
    char *end = NULL;
    guint64 v = g_ascii_strtoull(s, &end, 10);

    if (end == s)
        return FALSE;
    switch (g_ascii_tolower(*end)) {
    case 'k':
        v *= 1024;
        end++;
        break;
    case 'm':
        v *= 1024 * 1024;
        end++;
        break;
    case 'g':
        v *= 1024ull * 1024 * 1024;
        end++;
        break;
    default:
        break;
    }
    if (*end != '\0' || v == 0 || v > G_MAXSIZE / 4)
        return FALSE;
    *out = (gsize) v;
    return TRUE;
}

/* choose - index of value in a NULL-terminated list of words, or -1 */
static int choose(const char *value, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (g_ascii_strcasecmp(value, words[i]) == 0)
            return i;
    return -1;
}

/* set_key - parse one known key into its field */
static gboolean set_key(RgConfig *c, const RgKeyFile *kf, int k,
                        GError **error)
{
    static const char *const apology[] = {"always", "complaint", NULL};
    static const char *const modes[] = {"enforce", "monitor", NULL};
    static const char *const on_error[] = {"tempfail", "accept", NULL};
    static const char *const bools[] = {"false", "true", "no", "yes", "off",
                                        "on", "0", "1", NULL};
    const char *group = config_keys[k].group;
    const char *name = config_keys[k].name;
    void *field = (char *) c + config_keys[k].offset;
    g_autofree char *value = g_key_file_get_value(rg_key_file_keys(kf), group,
                                                  name, NULL);
    int idx;

    g_strstrip(value);
    switch (config_keys[k].type) {
    case KEY_STRING:
        g_free(*(char **) field);
        *(char **) field = g_key_file_get_string(rg_key_file_keys(kf), group,
                                                 name, NULL);
        if (*(char **) field == NULL || **(char **) field == '\0') {
            rg_key_file_set_error(error, RG_ERROR_CONFIG, kf, group, name,
                                  "%s must not be empty", name);
            return FALSE;
        }
        return TRUE;
    case KEY_LIST:{
            char **list = g_key_file_get_string_list(rg_key_file_keys(kf),
                                                     group, name, NULL, NULL);
            GPtrArray *clean = g_ptr_array_new();

            for (char **w = list; w && *w; w++)
                if (*g_strstrip(*w))
                    g_ptr_array_add(clean, g_strdup(*w));
            g_ptr_array_add(clean, NULL);
            g_strfreev(list);
            g_strfreev(*(char ***) field);
            *(char ***) field = (char **) g_ptr_array_free(clean, FALSE);
            return TRUE;
        }
    case KEY_BOOL:
        idx = choose(value, bools);
        if (idx < 0)
            break;
        *(gboolean *) field = (idx % 2) == 1;
        return TRUE;
    case KEY_SIZE:
        if (!parse_size(value, (gsize *) field))
            break;
        return TRUE;
    case KEY_UINT:{
            guint64 v = 0;

            if (!g_ascii_string_to_unsigned(value, 10, 1, G_MAXUINT32, &v,
                                            NULL))
                break;
            *(guint32 *) field = (guint32) v;
            return TRUE;
        }
    case KEY_APOLOGY:
        idx = choose(value, apology);
        if (idx < 0)
            break;
        *(RgApologyMode *) field = (RgApologyMode) idx;
        return TRUE;
    case KEY_MODE:
        idx = choose(value, modes);
        if (idx < 0)
            break;
        *(RgMode *) field = (RgMode) idx;
        return TRUE;
    case KEY_ON_ERROR:
        idx = choose(value, on_error);
        if (idx < 0)
            break;
        *(RgOnError *) field = (RgOnError) idx;
        return TRUE;
    }
    rg_key_file_set_error(error, RG_ERROR_CONFIG, kf, group, name,
                          "bad value \"%s\" for %s", value, name);
    return FALSE;
}

/* load_levels - the [levels] group: rule id = off|hint|flag|hold|reject */
static gboolean load_levels(RgConfig *c, const RgKeyFile *kf, GError **error)
{
    g_auto(GStrv) keys = g_key_file_get_keys(rg_key_file_keys(kf), "levels",
                                             NULL, NULL);

    for (char **k = keys; k && *k; k++) {
        g_autofree char *v = g_key_file_get_value(rg_key_file_keys(kf),
                                                  "levels", *k, NULL);
        RgRuleId rule;
        RgLevel level;

        if (!rg_rule_parse(*k, &rule)) {
            rg_key_file_set_error(error, RG_ERROR_CONFIG, kf, "levels", *k,
                                  "unknown rule id \"%s\"", *k);
            return FALSE;
        }
        if (!rg_level_parse(g_strstrip(v), &level)) {
            rg_key_file_set_error(error, RG_ERROR_CONFIG, kf, "levels", *k,
                                  "bad level \"%s\" (off, hint, flag, hold "
                                  "or reject)", v);
            return FALSE;
        }
        c->levels[rule] = level;
    }
    return TRUE;
}

/* load_group - every key of [engine] or [milter] */
static gboolean load_group(RgConfig *c, const RgKeyFile *kf,
                           const char *group, GError **error)
{
    g_auto(GStrv) keys = g_key_file_get_keys(rg_key_file_keys(kf), group,
                                             NULL, NULL);

    for (char **k = keys; k && *k; k++) {
        int found = -1;

        for (guint i = 0; i < G_N_ELEMENTS(config_keys); i++)
            if (strcmp(config_keys[i].group, group) == 0 &&
                strcmp(config_keys[i].name, *k) == 0)
                found = (int) i;
        if (found < 0) {
            rg_key_file_set_error(error, RG_ERROR_CONFIG, kf, group, *k,
                                  "unknown key \"%s\" in [%s]", *k, group);
            return FALSE;
        }
        if (!set_key(c, kf, found, error))
            return FALSE;
    }
    return TRUE;
}

/* rg_config_load_data - defaults overridden by config text; name for errors */
RgConfig *rg_config_load_data(const char *data, gsize len, const char *name,
                              GError **error)
{
    g_autoptr(RgKeyFile) kf = rg_key_file_load_data(data, len, name, error);
    g_autoptr(RgConfig) c = NULL;
    g_auto(GStrv) groups = NULL;

    if (kf == NULL)
        return NULL;
    c = rg_config_new_default();
    c->path = g_strdup(name);
    groups = g_key_file_get_groups(rg_key_file_keys(kf), NULL);
    for (char **g = groups; *g; g++) {
        gboolean ok;

        if (strcmp(*g, "levels") == 0)
            ok = load_levels(c, kf, error);
        else if (strcmp(*g, "engine") == 0 || strcmp(*g, "milter") == 0)
            ok = load_group(c, kf, *g, error);
        else {
            g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                        "%s: unknown group [%s] (expected [engine], [levels] "
                        "or [milter])", name, *g);
            ok = FALSE;
        }
        if (!ok)
            return NULL;
    }
    return g_steal_pointer(&c);
}

/* rg_config_load - read a config file; relative policy-dir is taken from its folder */
RgConfig *rg_config_load(const char *path, GError **error)
{
    g_autofree char *data = NULL;
    gsize len = 0;
    GError *local = NULL;
    RgConfig *c;

    if (!g_file_get_contents(path, &data, &len, &local)) {
        g_set_error(error, RG_ERROR, RG_ERROR_CONFIG, "%s", local->message);
        g_error_free(local);
        return NULL;
    }
    c = rg_config_load_data(data, len, path, error);
    if (c && !g_path_is_absolute(c->policy_dir)) {
        g_autofree char *dir = g_path_get_dirname(path);
        char *abs = g_build_filename(dir, c->policy_dir, NULL);

        g_free(c->policy_dir);
        c->policy_dir = abs;
    }
    return c;
}
