/*
 * rg_config.h - the replyguard.conf settings shared by daemon and CLI
 *
 * One file, read by both front ends: [engine] (policies, languages, scan
 * limit, ticket pattern...), [levels] (per-rule level or off) and
 * [milter] (mode, error action, scope, socket, notices).  See
 * replyguard.conf(5).
 */
#ifndef RG_CONFIG_H
#define RG_CONFIG_H

#include <glib.h>

#include "rg_types.h"

G_BEGIN_DECLS

typedef enum {
    RG_APOLOGY_ALWAYS = 0,
    RG_APOLOGY_COMPLAINT
} RgApologyMode;

typedef enum {
    RG_MODE_ENFORCE = 0,
    RG_MODE_MONITOR
} RgMode;

typedef enum {
    RG_ON_ERROR_TEMPFAIL = 0,
    RG_ON_ERROR_ACCEPT
} RgOnError;

typedef struct {
    char *path;                 /* config file, or NULL for defaults */

    /* [engine] */
    char *policy_dir;
    char **languages;           /* NULL: every policy in policy_dir */
    char *default_language;
    RgApologyMode apology_required;
    char *ticket_pattern;
    char **acronyms;            /* added to the policies' lists */
    gsize scan_limit;           /* bytes of body text examined */
    gsize max_message;          /* bytes of a message parsed at most */
    char *fallback_charset;     /* for 8-bit text with no or unknown charset */
    guint32 match_limit;
    guint32 depth_limit;

    /* [levels] */
    RgLevel levels[RG_RULE_COUNT];

    /* [milter] */
    RgMode mode;
    RgOnError on_error;
    char *socket;
    char *pid_file;
    char *user;
    gboolean check_all;
    gboolean check_authenticated;
    char **check_daemons;
    char **check_senders;
    gboolean replies_only;
    gboolean header_on_pass;
    gboolean notice;
    char *notice_from;
    char *sendmail;
} RgConfig;

RgConfig *rg_config_new_default(void);
RgConfig *rg_config_load(const char *path, GError **error);
RgConfig *rg_config_load_data(const char *data, gsize len, const char *name,
                              GError **error);
void rg_config_free(RgConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgConfig, rg_config_free)

G_END_DECLS

#endif
