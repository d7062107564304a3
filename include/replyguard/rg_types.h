/*
 * rg_types.h - levels, verdicts, rule ids and the error domain
 *
 * The vocabulary every replyguard module shares: the four finding levels
 * (plus "off"), the verdicts they map to, the stable rule ids of the
 * registry with their shipped default levels, and the GError domain used
 * for config, policy, parse and limit errors.  A rule is known to the
 * outside by its id string ("apology.missing") and its index
 * (0 .. rg_rule_count() - 1, the order findings are reported in).
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

/* A rule: its index in the registry. */
typedef guint RgRuleId;

#define RG_ERROR (rg_error_quark())

typedef enum {
    RG_ERROR_CONFIG,            /* bad config file */
    RG_ERROR_POLICY,            /* bad policy file or pattern */
    RG_ERROR_PARSE,             /* message could not be parsed at all */
    RG_ERROR_LIMIT,             /* a regex match or resource limit was hit */
    RG_ERROR_IO,                /* a file could not be read */
    RG_ERROR_NOT_FOUND,         /* an input does not exist */
    RG_ERROR_INTERNAL           /* anything else */
} RgErrorCode;

GQuark rg_error_quark(void);

const char *rg_level_name(RgLevel level);
gboolean rg_level_parse(const char *name, RgLevel *level);
const char *rg_verdict_name(RgVerdict verdict);
RgVerdict rg_verdict_from_level(RgLevel level);

guint rg_rule_count(void);
const char *rg_rule_name(RgRuleId rule);
RgLevel rg_rule_default_level(RgRuleId rule);
gboolean rg_rule_parse(const char *name, RgRuleId *rule);

G_END_DECLS

#endif
