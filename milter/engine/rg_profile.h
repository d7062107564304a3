/*
 * rg_profile.h - [profile NAME] sections: per-team policy overrides
 */
#ifndef RG_PROFILE_H
#define RG_PROFILE_H

#include <gmime/gmime.h>

#include "replyguard/rg_config.h"
#include "rg_keyfile.h"
#include "rg_pattern.h"
#include "rg_policy.h"

G_BEGIN_DECLS

#define RG_PROFILE_UNSET (-2)   /* a level or apology mode not overridden */

struct RgProfile {
    char *name;
    /* selectors: any one matching selects the profile */
    char **senders;             /* "user@dom", "dom", "@dom", ".dom" */
    char **logins;              /* SASL logins ({auth_authen}) */
    char *header;               /* "Name: value" as written */
    char *header_name;
    char *header_value;
    /* overrides */
    int apology_required;       /* RgApologyMode, or RG_PROFILE_UNSET */
    char *ticket_pattern;       /* NULL: the [engine] one */
    char **languages;           /* NULL: every loaded language */
    char **level_list;          /* "rule=level" entries as written */
    int *levels;                /* per rule: RgLevel or RG_PROFILE_UNSET */
};

/* A profile made ready for scanning with one engine. */
typedef struct {
    const RgProfile *profile;
    RgConfig view;              /* the engine's config with the overrides;
                                 * borrows its strings, owns only levels */
    RgPatternSet *ticket;       /* NULL: the engine's */
    gboolean *allowed;          /* per policy, or NULL: all */
    const RgPolicy *first;      /* first of languages, or NULL */
} RgProfileRun;

RgProfile *rg_profile_read(const RgKeyFile *kf, const char *group,
                           GError **error);
void rg_profile_free(RgProfile *profile);

GPtrArray *rg_profile_runs_new(const RgConfig *config,
                               const RgPolicySet *policies, GError **error);
const RgProfileRun *rg_profile_select(const GPtrArray *runs,
                                      const char *sender, const char *login,
                                      GMimeMessage *message);

G_END_DECLS

#endif
