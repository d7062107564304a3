/*
 * rg_registry.c - names, default levels and pattern sets of the registry
 *
 * The tables here are rg_rules.def read as data; rg_rules.c reads it
 * once more for the check functions.  Everything else asks here what a
 * rule or a set is.
 */
#include <string.h>

#include "rg_pattern.h"
#include "rg_registry.h"

static const struct {
    const char *name;
    RgLevel level;
} rules[RG_RULE_COUNT] = {
#define RG_RULE(name, id, level, check, flags) [RG_RULE_##name] = {id, RG_LEVEL_##level},
#define RG_SET(name, group, key, flags)
#include "rg_rules.def"
#undef RG_RULE
#undef RG_SET
};

static const RgSetSource sets[RG_SET_COUNT] = {
#define RG_RULE(name, id, level, check, flags)
#define RG_SET(name, group, key, flags) [RG_SET_##name] = {group, key, flags},
#include "rg_rules.def"
#undef RG_RULE
#undef RG_SET
};

/* rg_rule_count - number of rules in the registry */
guint rg_rule_count(void)
{
    return RG_RULE_COUNT;
}

/* rg_rule_name - the stable id of a rule, e.g. "apology.missing" */
const char *rg_rule_name(RgRuleId rule)
{
    g_return_val_if_fail(rule < RG_RULE_COUNT, "unknown");
    return rules[rule].name;
}

/* rg_rule_default_level - the shipped level of a rule */
RgLevel rg_rule_default_level(RgRuleId rule)
{
    g_return_val_if_fail(rule < RG_RULE_COUNT, RG_LEVEL_OFF);
    return rules[rule].level;
}

/* rg_rule_parse - rule id string to its index */
gboolean rg_rule_parse(const char *name, RgRuleId *rule)
{
    for (guint i = 0; i < RG_RULE_COUNT; i++) {
        if (strcmp(name, rules[i].name) == 0) {
            *rule = i;
            return TRUE;
        }
    }
    return FALSE;
}

/* rg_registry_set - where a set's patterns come from (static) */
const RgSetSource *rg_registry_set(RgSetId set)
{
    g_return_val_if_fail(set < RG_SET_COUNT, &sets[0]);
    return &sets[set];
}

/* rg_registry_set_of_key - the set a policy key "PREFIX.LABEL" of group
 * feeds, or -1 */
int rg_registry_set_of_key(const char *group, const char *key)
{
    for (int i = 0; i < RG_SET_COUNT; i++) {
        size_t n = strlen(sets[i].key);

        if (strcmp(group, sets[i].group) == 0 &&
            strncmp(key, sets[i].key, n) == 0 && key[n] == '.' &&
            key[n + 1] != '\0')
            return i;
    }
    return -1;
}

/* rg_registry_first_set - the first set of a rule's own group, or -1 */
int rg_registry_first_set(RgRuleId rule)
{
    for (int i = 0; rule < RG_RULE_COUNT && i < RG_SET_COUNT; i++)
        if (strcmp(sets[i].group, rules[rule].name) == 0)
            return i;
    return -1;
}
