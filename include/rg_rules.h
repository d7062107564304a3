/*
 * rg_rules.h - the checks of SPEC section 4 over a reply model
 */
#ifndef RG_RULES_H
#define RG_RULES_H

#include <glib.h>

#include "rg_config.h"
#include "rg_mime.h"
#include "rg_pattern.h"
#include "rg_policy.h"
#include "rg_reply.h"
#include "rg_result.h"

G_BEGIN_DECLS

typedef struct {
    const RgConfig *config;
    const RgPolicySet *policies;
    const RgPolicy *policy;     /* the reply's language */
    const RgPatternSet *ticket; /* case reference pattern */
    GHashTable *acronyms;       /* upper-case words that are not shouting */
    RgMatcher *matcher;
    const RgMessage *message;
    const RgReply *reply;
    const char *subject;        /* reply prefixes removed */
} RgCheck;

gboolean rg_rules_run(const RgCheck *check, RgResult *result, GError **error);
int rg_rules_strip_prefixes(const RgPolicySet *ps, RgMatcher *matcher,
                            const char *subject, gsize *offset,
                            GError **error);

G_END_DECLS

#endif
