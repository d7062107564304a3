/*
 * rg_types.c - names of levels and verdicts, and the error domain
 *
 * Rules are named by the registry (rg_registry.c).
 */
#include "replyguard/rg_types.h"

G_DEFINE_QUARK(replyguard-error-quark, rg_error)

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
