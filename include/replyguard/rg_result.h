/*
 * rg_result.h - the findings and verdict of one scanned message
 */
#ifndef RG_RESULT_H
#define RG_RESULT_H

#include <glib.h>

#include "replyguard/rg_types.h"

G_BEGIN_DECLS

typedef struct {
    RgRuleId rule;              /* index in the registry: rg_rule_name() */
    RgLevel level;
    char *hint;                 /* in the reply's language */
    char *excerpt;              /* offending words, or NULL */
    gsize line;                 /* 1-based line in the agent's text, 0: none */
} RgFinding;

typedef struct {
    RgVerdict verdict;
    char *language;             /* code of the policy used */
    char *subject;
    char *from;                 /* From address, lower-cased, or NULL */
    GPtrArray *findings;        /* of RgFinding*, in rule order */
    gboolean truncated;         /* the scan limit cut the body */
    gboolean is_reply;          /* In-Reply-To/References or a reply prefix */
    double elapsed_ms;
} RgResult;

RgResult *rg_result_new(void);
void rg_result_free(RgResult *result);
void rg_result_add(RgResult *result, RgRuleId rule, RgLevel level,
                   const char *hint, const char *excerpt, gsize line);
void rg_result_finish(RgResult *result);
char *rg_result_rule_list(const RgResult *result, RgLevel min_level);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgResult, rg_result_free)

G_END_DECLS

#endif
