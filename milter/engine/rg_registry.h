/*
 * rg_registry.h - rule and pattern-set ids, from the registry rg_rules.def
 *
 * Private to the engine.  RgRuleIndex names each rule's index (the
 * public RgRuleId), RgSetId each pattern set; rg_registry_set() says
 * which policy group and key prefix feed a set and how it is built.
 */
#ifndef RG_REGISTRY_H
#define RG_REGISTRY_H

#include <glib.h>

#include "replyguard/rg_types.h"

G_BEGIN_DECLS

/* Rule flags (rg_rules.def). */
#define RG_WHOLE (1u << 0)      /* judges an absence: needs all the agent wrote */

typedef enum {
#define RG_RULE(name, id, level, check, flags) RG_RULE_##name,
#define RG_SET(name, group, key, flags)
#include "rg_rules.def"
#undef RG_RULE
#undef RG_SET
    RG_RULE_COUNT
} RgRuleIndex;

typedef enum {
#define RG_RULE(name, id, level, check, flags)
#define RG_SET(name, group, key, flags) RG_SET_##name,
#include "rg_rules.def"
#undef RG_RULE
#undef RG_SET
    RG_SET_COUNT
} RgSetId;

typedef struct {
    const char *group;          /* policy group: a rule id or "reply" */
    const char *key;            /* keys "key.LABEL" feed the set */
    guint flags;                /* rg_pattern_set_build flags */
} RgSetSource;

const RgSetSource *rg_registry_set(RgSetId set);
int rg_registry_set_of_key(const char *group, const char *key);
int rg_registry_first_set(RgRuleId rule);

G_END_DECLS

#endif
