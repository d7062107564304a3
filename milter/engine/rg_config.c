/*
 * rg_config.c - replyguard.conf: the engine's settings, and the file API
 *
 * Owns the engine's defaults and the reading of [engine] and [levels].
 * The keys of [engine] are one table (engine_keys), read by the shared
 * loader (rg_keyfile); a group the caller does not own is refused unless
 * the caller names it as another layer's ([milter] for the daemon and
 * the CLI), so a typo in a group name never goes unnoticed.
 */
#include <stddef.h>
#include <string.h>

#include "replyguard/rg_config.h"
#include "rg_keyfile.h"
#include "rg_profile.h"

#ifndef RG_POLICY_DIR
#define RG_POLICY_DIR "/usr/local/share/replyguard/policies"
#endif

#define RG_DEFAULT_TICKET_PATTERN \
    "(?:#|\\b(?:nr|no|br)\\.?\\s*)?\\d{3,}|\\b[A-Z][A-Z0-9]{1,9}-\\d{2,}\\b"
#define RG_DEFAULT_SCAN_LIMIT (1024 * 1024)
#define RG_DEFAULT_MAX_MESSAGE (8 * 1024 * 1024)
#define RG_DEFAULT_MATCH_LIMIT 1000000
#define RG_DEFAULT_DEPTH_LIMIT 10000

static const char *const apology_modes[] = {"always", "complaint", NULL};
static const char *const unknown_modes[] = {"pass", "default", NULL};

#define FIELD(f) offsetof(RgConfig, f)
static const RgConfigKey engine_keys[] = {
    {"policy-dir", RG_KEY_STRING, FIELD(policy_dir), NULL},
    {"languages", RG_KEY_LIST, FIELD(languages), NULL},
    {"default-language", RG_KEY_STRING, FIELD(default_language), NULL},
    {"unknown-language", RG_KEY_CHOICE, FIELD(unknown_language), unknown_modes},
    {"apology-required", RG_KEY_CHOICE, FIELD(apology_required), apology_modes},
    {"ticket-pattern", RG_KEY_STRING, FIELD(ticket_pattern), NULL},
    {"acronyms", RG_KEY_LIST, FIELD(acronyms), NULL},
    {"scan-limit", RG_KEY_SIZE, FIELD(scan_limit), NULL},
    {"fallback-charset", RG_KEY_STRING, FIELD(fallback_charset), NULL},
    {"max-message", RG_KEY_SIZE, FIELD(max_message), NULL},
    {"match-limit", RG_KEY_UINT, FIELD(match_limit), NULL},
    {"depth-limit", RG_KEY_UINT, FIELD(depth_limit), NULL},
};
#undef FIELD

/* ---- the file ---------------------------------------------------------- */

/* rg_config_file_load - read and check a config file; caller frees */
RgConfigFile *rg_config_file_load(const char *path, guint flags,
                                  GError **error)
{
    return rg_key_file_load(path, RG_ERROR_CONFIG, flags, error);
}

/* rg_config_file_load_data - a config file from text; name for errors */
RgConfigFile *rg_config_file_load_data(const char *data, gsize len,
                                       const char *name, GError **error)
{
    return rg_key_file_load_data(data, len, name, RG_ERROR_CONFIG, error);
}

/* rg_config_file_free - accepts NULL */
void rg_config_file_free(RgConfigFile *file)
{
    rg_key_file_free(file);
}

/* rg_config_file_name - the path or name given at load (borrowed) */
const char *rg_config_file_name(const RgConfigFile *file)
{
    return rg_key_file_name(file);
}

/* rg_config_file_has_group - whether the file has [group] */
gboolean rg_config_file_has_group(const RgConfigFile *file, const char *group)
{
    return g_key_file_has_group(rg_key_file_keys(file), group);
}

/* rg_config_file_read_group - the keys of [group] into settings */
gboolean rg_config_file_read_group(const RgConfigFile *file,
                                   const char *group, const RgConfigKey *keys,
                                   guint n_keys, gpointer settings,
                                   GError **error)
{
    return rg_key_file_read_group(file, group, keys, n_keys, settings, error);
}

/* ---- the engine's settings ------------------------------------------- */

/* rg_config_new_default - the shipped defaults; caller frees */
RgConfig *rg_config_new_default(void)
{
    RgConfig *c = g_new0(RgConfig, 1);

    c->policy_dir = g_strdup(RG_POLICY_DIR);
    c->default_language = g_strdup("en");
    c->apology_required = RG_APOLOGY_ALWAYS;
    c->ticket_pattern = g_strdup(RG_DEFAULT_TICKET_PATTERN);
    c->scan_limit = RG_DEFAULT_SCAN_LIMIT;
    c->max_message = RG_DEFAULT_MAX_MESSAGE;
    c->fallback_charset = g_strdup("windows-1250");
    c->match_limit = RG_DEFAULT_MATCH_LIMIT;
    c->depth_limit = RG_DEFAULT_DEPTH_LIMIT;
    c->levels = g_new(RgLevel, rg_rule_count());
    for (RgRuleId r = 0; r < rg_rule_count(); r++)
        c->levels[r] = rg_rule_default_level(r);
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
    g_free(c->levels);
    if (c->profiles)
        g_ptr_array_unref(c->profiles);
    g_free(c);
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
            rg_key_file_set_error(error, kf, "levels", *k,
                                  "unknown rule id \"%s\"", *k);
            return FALSE;
        }
        if (!rg_level_parse(g_strstrip(v), &level)) {
            rg_key_file_set_error(error, kf, "levels", *k,
                                  "bad level \"%s\" (off, hint, flag, hold "
                                  "or reject)", v);
            return FALSE;
        }
        c->levels[rule] = level;
    }
    return TRUE;
}

/* policy_dir_beside - a relative policy-dir is taken from the folder of
 * the file that names it */
static void policy_dir_beside(RgConfig *c, const RgKeyFile *kf)
{
    const char *dir = rg_key_file_dir(kf);
    char *abs;

    if (dir == NULL || g_path_is_absolute(c->policy_dir))
        return;
    abs = g_canonicalize_filename(c->policy_dir, dir);
    g_free(c->policy_dir);
    c->policy_dir = abs;
}

/*
 * rg_config_new - the engine's settings: defaults overridden by the
 * file's [engine] and [levels] (a relative policy-dir is taken from the
 * file's folder); other_groups (NULL-terminated, may be
 * NULL) are groups of other layers, left to them.  Caller frees.
 */
RgConfig *rg_config_new(const RgConfigFile *file,
                        const char *const *other_groups, GError **error)
{
    g_autoptr(RgConfig) c = rg_config_new_default();
    g_auto(GStrv) groups = g_key_file_get_groups(rg_key_file_keys(file), NULL);

    c->path = g_strdup(rg_key_file_name(file));
    for (char **g = groups; *g; g++) {
        gboolean ok;

        if (strcmp(*g, "levels") == 0) {
            ok = load_levels(c, file, error);
        } else if (strcmp(*g, "engine") == 0) {
            ok = rg_key_file_read_group(file, "engine", engine_keys,
                                        G_N_ELEMENTS(engine_keys), c, error);
        } else if (g_str_has_prefix(*g, "profile ") ||
                   strcmp(*g, "profile") == 0) {
            ok = TRUE;          /* read below, over the final [levels] */
        } else if (other_groups && g_strv_contains(other_groups, *g)) {
            ok = TRUE;
        } else {
            rg_key_file_set_error(error, file, *g, NULL,
                                  "unknown group [%s] (expected [engine], "
                                  "[levels], [profile NAME] or [milter])", *g);
            ok = FALSE;
        }
        if (!ok)
            return NULL;
    }
    for (char **g = groups; *g; g++) {
        RgProfile *p;

        if (!g_str_has_prefix(*g, "profile ") && strcmp(*g, "profile") != 0)
            continue;
        p = rg_profile_read(file, *g, error);
        if (p == NULL)
            return NULL;
        if (c->profiles == NULL)
            c->profiles = g_ptr_array_new_with_free_func(
                (GDestroyNotify) rg_profile_free);
        g_ptr_array_add(c->profiles, p);
    }
    policy_dir_beside(c, file);
    return g_steal_pointer(&c);
}

/* rg_config_load_data - the engine's settings from config text */
RgConfig *rg_config_load_data(const char *data, gsize len, const char *name,
                              const char *const *other_groups, GError **error)
{
    g_autoptr(RgConfigFile) file = rg_config_file_load_data(data, len, name,
                                                            error);

    return file ? rg_config_new(file, other_groups, error) : NULL;
}

/* rg_config_load - the engine's settings from a config file; a relative
 * policy-dir is taken from the file's folder */
RgConfig *rg_config_load(const char *path, const char *const *other_groups,
                         GError **error)
{
    g_autoptr(RgConfigFile) file = rg_config_file_load(path, 0, error);

    return file ? rg_config_new(file, other_groups, error) : NULL;
}
