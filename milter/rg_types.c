/*
 * rg_types.c - names and defaults of levels, verdicts and rules
 *
 * The single table of rule ids and their shipped default levels
 * (SPEC section 4); everything else looks rules up here.
 */
#include <string.h>

#include "rg_types.h"

G_DEFINE_QUARK(replyguard-error-quark, rg_error)

static const struct {
    const char *name;
    RgLevel level;
} rule_table[RG_RULE_COUNT] = {
    [RG_RULE_APOLOGY_MISSING] = {"apology.missing", RG_LEVEL_HOLD},
    [RG_RULE_APOLOGY_CONDITIONAL] = {"apology.conditional", RG_LEVEL_FLAG},
    [RG_RULE_SIGNATURE_MISSING] = {"signature.missing", RG_LEVEL_HOLD},
    [RG_RULE_SIGNATURE_INCOMPLETE] = {"signature.incomplete", RG_LEVEL_FLAG},
    [RG_RULE_SUBJECT_NO_REFERENCE] = {"subject.no-reference", RG_LEVEL_FLAG},
    [RG_RULE_CAPS_SHOUTING] = {"caps.shouting", RG_LEVEL_FLAG},
    [RG_RULE_VOICE_PLURAL] = {"voice.plural", RG_LEVEL_FLAG},
    [RG_RULE_VOICE_IMPERSONAL] = {"voice.impersonal", RG_LEVEL_FLAG},
    [RG_RULE_DEFLECT_CONTRACT] = {"deflect.contract", RG_LEVEL_FLAG},
    [RG_RULE_DEFLECT_MANAGEMENT] = {"deflect.management", RG_LEVEL_FLAG},
    [RG_RULE_DEFLECT_WEBSITE] = {"deflect.website", RG_LEVEL_FLAG},
    [RG_RULE_DEFLECT_THIRD_PARTY] = {"deflect.third-party", RG_LEVEL_FLAG},
    [RG_RULE_THANKS_MISSING] = {"thanks.missing", RG_LEVEL_HINT},
    [RG_RULE_CONTACT_MISSING] = {"contact.missing", RG_LEVEL_HINT},
    [RG_RULE_IMAGE_INLINE] = {"image.inline", RG_LEVEL_HINT},
};

static const char *const level_names[] = {"hint", "flag", "hold", "reject"};
static const char *const verdict_names[] = {"pass", "flag", "hold", "reject"};

/* rg_level_name - the config/report spelling of a level */
const char *rg_level_name(RgLevel level)
{
    if (level < RG_LEVEL_HINT || level > RG_LEVEL_REJECT)
        return "off";
    return level_names[level];
}

/* rg_level_parse - "off", "hint", "flag", "hold" or "reject" to a level */
gboolean rg_level_parse(const char *name, RgLevel *level)
{
    if (g_ascii_strcasecmp(name, "off") == 0) {
        *level = RG_LEVEL_OFF;
        return TRUE;
    }
    for (int i = RG_LEVEL_HINT; i <= RG_LEVEL_REJECT; i++) {
        if (g_ascii_strcasecmp(name, level_names[i]) == 0) {
            *level = (RgLevel) i;
            return TRUE;
        }
    }
    return FALSE;
}

/* rg_verdict_name - "pass", "flag", "hold" or "reject" */
const char *rg_verdict_name(RgVerdict verdict)
{
    if (verdict > RG_VERDICT_REJECT)
        return "reject";
    return verdict_names[verdict];
}

/* rg_verdict_from_level - the verdict a finding of this level alone gives */
RgVerdict rg_verdict_from_level(RgLevel level)
{
    switch (level) {
    case RG_LEVEL_FLAG:
        return RG_VERDICT_FLAG;
    case RG_LEVEL_HOLD:
        return RG_VERDICT_HOLD;
    case RG_LEVEL_REJECT:
        return RG_VERDICT_REJECT;
    default:
        return RG_VERDICT_PASS;
    }
}

/* rg_rule_name - the stable id of a rule, e.g. "apology.missing" */
const char *rg_rule_name(RgRuleId rule)
{
    g_return_val_if_fail(rule < RG_RULE_COUNT, "unknown");
    return rule_table[rule].name;
}

/* rg_rule_default_level - the shipped level of a rule */
RgLevel rg_rule_default_level(RgRuleId rule)
{
    g_return_val_if_fail(rule < RG_RULE_COUNT, RG_LEVEL_OFF);
    return rule_table[rule].level;
}

/* rg_rule_parse - rule id string to enum */
gboolean rg_rule_parse(const char *name, RgRuleId *rule)
{
    for (int i = 0; i < RG_RULE_COUNT; i++) {
        if (strcmp(name, rule_table[i].name) == 0) {
            *rule = (RgRuleId) i;
            return TRUE;
        }
    }
    return FALSE;
}
