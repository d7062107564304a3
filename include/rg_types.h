/*
 * rg_types.h - levels, verdicts, rule ids and the error domain
 *
 * The vocabulary every replyguard module shares: the four finding levels
 * (plus "off"), the verdicts they map to, the stable rule ids with their
 * shipped default levels, and the GError domain used for config, policy,
 * parse and limit errors.
 */
#ifndef RG_TYPES_H
#define RG_TYPES_H

#include <glib.h>

G_BEGIN_DECLS

/* Finding levels, lowest first.  RG_LEVEL_OFF disables a rule. */
typedef enum {
    RG_LEVEL_OFF = -1,
    RG_LEVEL_HINT = 0,
    RG_LEVEL_FLAG,
    RG_LEVEL_HOLD,
    RG_LEVEL_REJECT
} RgLevel;

/* Message verdicts: the highest level among the findings (hint -> pass). */
typedef enum {
    RG_VERDICT_PASS = 0,
    RG_VERDICT_FLAG,
    RG_VERDICT_HOLD,
    RG_VERDICT_REJECT
} RgVerdict;

/* Stable rule ids; the order is the order findings are reported in. */
typedef enum {
    RG_RULE_APOLOGY_MISSING = 0,
    RG_RULE_APOLOGY_CONDITIONAL,
    RG_RULE_SIGNATURE_MISSING,
    RG_RULE_SIGNATURE_INCOMPLETE,
    RG_RULE_SUBJECT_NO_REFERENCE,
    RG_RULE_CAPS_SHOUTING,
    RG_RULE_VOICE_PLURAL,
    RG_RULE_VOICE_IMPERSONAL,
    RG_RULE_DEFLECT_CONTRACT,
    RG_RULE_DEFLECT_MANAGEMENT,
    RG_RULE_DEFLECT_WEBSITE,
    RG_RULE_DEFLECT_THIRD_PARTY,
    RG_RULE_THANKS_MISSING,
    RG_RULE_CONTACT_MISSING,
    RG_RULE_IMAGE_INLINE,
    RG_RULE_COUNT
} RgRuleId;

#define RG_ERROR (rg_error_quark())

typedef enum {
    RG_ERROR_CONFIG,            /* bad config file */
    RG_ERROR_POLICY,            /* bad policy file or pattern */
    RG_ERROR_PARSE,             /* message could not be parsed at all */
    RG_ERROR_LIMIT,             /* a regex match or resource limit was hit */
    RG_ERROR_IO,                /* a file could not be read */
    RG_ERROR_INTERNAL           /* anything else */
} RgErrorCode;

GQuark rg_error_quark(void);

const char *rg_level_name(RgLevel level);
gboolean rg_level_parse(const char *name, RgLevel *level);
const char *rg_verdict_name(RgVerdict verdict);
RgVerdict rg_verdict_from_level(RgLevel level);

const char *rg_rule_name(RgRuleId rule);
RgLevel rg_rule_default_level(RgRuleId rule);
gboolean rg_rule_parse(const char *name, RgRuleId *rule);

G_END_DECLS

#endif
