/*
 * rg_config.h - replyguard.conf: the file, and the engine's settings in it
 *
 * One file serves the daemon and the CLI.  A config file is loaded once
 * (rg_config_file_load: a regular file, size-capped, syntax checked line
 * by line so every error names file:line); then each layer reads its own
 * groups from it with a table of keys (rg_config_file_read_group).  The
 * engine owns [engine], [levels] and [profile NAME] (RgConfig below);
 * the daemon owns
 * [milter].  See replyguard.conf(5).
 */
#ifndef RG_CONFIG_H
#define RG_CONFIG_H

#include <glib.h>

#include "replyguard/rg_types.h"

G_BEGIN_DECLS

/* ---- the file ---------------------------------------------------------- */

typedef struct RgKeyFile RgConfigFile;

/* Flags for rg_config_file_load. */
#define RG_CONFIG_STRICT (1u << 0)      /* refuse a group/world-writable file */

RgConfigFile *rg_config_file_load(const char *path, guint flags,
                                  GError **error);
RgConfigFile *rg_config_file_load_data(const char *data, gsize len,
                                       const char *name, GError **error);
void rg_config_file_free(RgConfigFile *file);
const char *rg_config_file_name(const RgConfigFile *file);
gboolean rg_config_file_has_group(const RgConfigFile *file, const char *group);

/* A key of a group, as a field of a settings struct. */
typedef enum {
    RG_KEY_STRING,              /* char *, not empty */
    RG_KEY_LIST,                /* char **, ";"-separated, NULL-terminated */
    RG_KEY_BOOL,                /* gboolean: yes/no, true/false, on/off, 1/0 */
    RG_KEY_SIZE,                /* gsize: 1048576, 512k, 1M, 2G; not 0 */
    RG_KEY_UINT,                /* guint32, not 0 */
    RG_KEY_SECONDS,             /* guint seconds: 30, 30s, 5m, 1h; 0 allowed */
    RG_KEY_CHOICE               /* int: index of the value in choices */
} RgKeyType;

typedef struct {
    const char *name;
    RgKeyType type;
    gsize offset;               /* offsetof(struct, field) */
    const char *const *choices; /* RG_KEY_CHOICE: NULL-terminated words */
} RgConfigKey;

gboolean rg_config_file_read_group(const RgConfigFile *file,
                                   const char *group, const RgConfigKey *keys,
                                   guint n_keys, gpointer settings,
                                   GError **error);

/* ---- the engine's settings ------------------------------------------- */

typedef enum {
    RG_APOLOGY_ALWAYS = 0,
    RG_APOLOGY_COMPLAINT
} RgApologyMode;

/* What a reply in a language with no policy gets. */
typedef enum {
    RG_UNKNOWN_PASS = 0,        /* no findings; "und" in the result */
    RG_UNKNOWN_DEFAULT          /* the default language's policy */
} RgUnknownLanguage;

/* A [profile NAME] section: selectors and overrides (rg_profile.c). */
typedef struct RgProfile RgProfile;

/* The language code of a reply in no loaded language (RFC 5646). */
#define RG_LANGUAGE_UNKNOWN "und"

typedef struct {
    char *path;                 /* config file, or NULL for defaults */

    /* [engine] */
    char *policy_dir;
    char **languages;           /* NULL: every policy in policy_dir */
    char *default_language;
    RgUnknownLanguage unknown_language;
    RgApologyMode apology_required;
    char *ticket_pattern;
    char **acronyms;            /* added to the policies' lists */
    gsize scan_limit;           /* bytes of body text examined */
    gsize max_message;          /* bytes of a message parsed at most */
    char *fallback_charset;     /* for 8-bit text with no or unknown charset */
    guint32 match_limit;
    guint32 depth_limit;

    /* [levels] */
    RgLevel *levels;            /* per rule (rg_rule_count()) */

    /* [profile NAME] sections, in file order: the first match wins */
    GPtrArray *profiles;        /* of RgProfile*, or NULL */
} RgConfig;

RgConfig *rg_config_new_default(void);
RgConfig *rg_config_new(const RgConfigFile *file,
                        const char *const *other_groups, GError **error);
RgConfig *rg_config_load(const char *path, const char *const *other_groups,
                         GError **error);
RgConfig *rg_config_load_data(const char *data, gsize len, const char *name,
                              const char *const *other_groups, GError **error);
void rg_config_free(RgConfig *config);
char **rg_config_profile_overlaps(const RgConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgConfig, rg_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgConfigFile, rg_config_file_free)

/* whether an address matches one entry of a list: an address, a domain
 * ("dom" or "@dom") or every subdomain (".dom"); profiles and the
 * daemon's scope read their lists with it */
gboolean rg_profile_sender_matches(char *const *entries, const char *sender);

G_END_DECLS

#endif
