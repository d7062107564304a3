/*
 * rg_rules.h - the checks of SPEC section 4 over a reply model
 *
 * rg_rules_run calls the check function of every rule of the registry
 * (rg_rules.def) that is not off, in registry order.  A check reads an
 * RgCheck: the message, its reply model, the policies and the evidence
 * the checks share (matches of a pattern set in the new text, the
 * signature's name line), each found once per message.
 */
#ifndef RG_RULES_H
#define RG_RULES_H

#include <glib.h>

#include "replyguard/rg_config.h"
#include "replyguard/rg_result.h"
#include "rg_mime.h"
#include "rg_pattern.h"
#include "rg_policy.h"
#include "rg_reply.h"

G_BEGIN_DECLS

typedef struct RgEvidence RgEvidence;

typedef struct {
    const RgConfig *config;
    const RgPolicySet *policies;
    const RgPolicy *policy;     /* the reply's language */
    const gboolean *active;     /* per policy of policies: the languages the
                                 * new text is written in (phrases of all
                                 * of them are matched) */
    const RgPatternSet *ticket; /* case reference pattern */
    GHashTable *acronyms;       /* upper-case words that are not shouting */
    RgMatcher *matcher;
    const RgMessage *message;
    const RgReply *reply;
    const char *subject;        /* reply prefixes removed */
    RgEvidence *evidence;       /* filled as the checks ask; rg_rules_run's */
} RgCheck;

gboolean rg_rules_run(RgCheck *check, RgResult *result, GError **error);

G_END_DECLS

#endif
