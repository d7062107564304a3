/*
 * rg_result.h - the findings and verdict of one scanned message
 */
#ifndef RG_RESULT_H
#define RG_RESULT_H

#include <glib.h>

#include "replyguard/rg_types.h"

G_BEGIN_DECLS

/* Where a finding's excerpt stands. */
typedef enum {
    RG_WHERE_NONE = 0,          /* nowhere: something is missing */
    RG_WHERE_BODY,              /* in the decoded body text */
    RG_WHERE_SUBJECT,           /* in the decoded Subject */
    RG_WHERE_PART               /* a MIME part (image.inline) */
} RgWhere;

typedef struct {
    RgRuleId rule;              /* index in the registry: rg_rule_name() */
    RgLevel level;
    char *hint;                 /* in the reply's language */
    char *excerpt;              /* offending words, or NULL */
    gsize line;                 /* 1-based line in the agent's text, 0: none */
    RgWhere where;
    gsize offset;               /* byte offset of the excerpt in the body
                                 * text or the Subject (by where) */
    gsize length;               /* its length in bytes there */
} RgFinding;

/* The parts of a reply body (SPEC section 3), as runs of lines. */
typedef enum {
    RG_ZONE_NEW = 0,            /* what the agent wrote */
    RG_ZONE_SIGNATURE,          /* the signature block */
    RG_ZONE_QUOTED              /* the quoted original */
} RgZoneKind;

typedef struct {
    RgZoneKind kind;
    gsize first_line;           /* 1-based lines of the body text */
    gsize last_line;
    gsize start;                /* bytes [start, end) of the body text */
    gsize end;
} RgZone;

/* How strongly the new text reads as a loaded language. */
typedef struct {
    char code[16];              /* policy code */
    int score;                  /* stop words and typical letters found */
} RgLanguageScore;

typedef struct {
    RgVerdict verdict;
    char *language;             /* code of the policy used */
    char *profile;              /* name of the [profile] chosen, or NULL */
    char *subject;
    char *from;                 /* From address, lower-cased, or NULL */
    char *date;                 /* day of the Date header, "YYYY-MM-DD" in
                                 * its own time zone, or NULL */
    GPtrArray *findings;        /* of RgFinding*, in rule order */
    gboolean truncated;         /* the scan limit cut the body */
    gboolean is_reply;          /* In-Reply-To/References or a reply prefix */
    double elapsed_ms;

    /* with RgScanOptions.keep_text only, else NULL */
    char *text;                 /* the decoded, normalised body text */
    gsize text_len;
    GArray *zones;              /* of RgZone, in body order */
    GArray *scores;             /* of RgLanguageScore, by policy code */
    guint words;                /* words the language was detected on */
    guint searches;             /* pattern searches run */
    guint searches_skipped;     /* ruled out by the prefilter */
} RgResult;

RgResult *rg_result_new(void);
void rg_result_free(RgResult *result);
void rg_result_add(RgResult *result, RgRuleId rule, RgLevel level,
                   const char *hint, const char *excerpt, gsize line);
void rg_result_add_at(RgResult *result, RgRuleId rule, RgLevel level,
                      const char *hint, const char *excerpt, gsize line,
                      RgWhere where, gsize offset, gsize length);
const char *rg_zone_name(RgZoneKind kind);
void rg_result_finish(RgResult *result);
char *rg_result_rule_list(const RgResult *result, RgLevel min_level);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgResult, rg_result_free)

G_END_DECLS

#endif
