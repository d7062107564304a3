/*
 * rg_policy.h - language policies: phrases, word lists and hints per language
 *
 * One policy file per language (policies/pl.policy, ...).  A policy holds
 * the pattern sets the rules match with, the stop words and letters that
 * identify the language, and the hint for every rule.  A policy set is all
 * the policies of a directory plus, for each pattern set, the union over
 * all languages (used where the language is not known yet: quote and
 * signature splitting, subject prefixes).  Immutable once loaded.
 */
#ifndef RG_POLICY_H
#define RG_POLICY_H

#include <glib.h>

#include "rg_pattern.h"
#include "rg_types.h"

G_BEGIN_DECLS

typedef enum {
    RG_SET_PREFIX = 0,          /* [reply] prefix.*: subject reply prefixes */
    RG_SET_ATTRIBUTION,         /* [reply] attribution.*: "On ... wrote:" */
    RG_SET_SEPARATOR,           /* [reply] separator.*: "-----Original Message-----" */
    RG_SET_HEADER_FROM,         /* [reply] header-from.*: Outlook "From:" */
    RG_SET_HEADER_SENT,         /* [reply] header-sent.*: Outlook "Sent:" */
    RG_SET_SIGNOFF,             /* [reply] signoff.*: closing lines */
    RG_SET_APOLOGY,             /* [apology.missing] match.* */
    RG_SET_COMPLAINT,           /* [apology.missing] complaint.* */
    RG_SET_HEDGE,               /* [apology.conditional] match.* */
    RG_SET_TEAM,                /* [signature.missing] team.* */
    RG_SET_TITLE,               /* [signature.incomplete] title.* */
    RG_SET_PHONE,               /* [signature.incomplete] phone.* */
    RG_SET_EMAIL,               /* [signature.incomplete] email.* */
    RG_SET_GENERIC,             /* [subject.no-reference] generic.* */
    RG_SET_PLURAL,              /* [voice.plural] plural.* */
    RG_SET_SINGULAR,            /* [voice.plural] singular.* */
    RG_SET_IMPERSONAL,          /* [voice.impersonal] match.* */
    RG_SET_CONTRACT,            /* [deflect.contract] match.* */
    RG_SET_MANAGEMENT,          /* [deflect.management] match.* */
    RG_SET_WEBSITE,             /* [deflect.website] match.* */
    RG_SET_THIRD_PARTY,         /* [deflect.third-party] match.* */
    RG_SET_THANKS,              /* [thanks.missing] match.* */
    RG_SET_CONTACT,             /* [contact.missing] match.* */
    RG_SET_COUNT
} RgSetId;

typedef enum {
    RG_MISSING_NAME = 0,
    RG_MISSING_TITLE,
    RG_MISSING_CONTACT,
    RG_MISSING_COUNT
} RgMissingPart;

/* Texts of the notice sent to the writer of a held reply. */
typedef enum {
    RG_NOTICE_SUBJECT = 0,      /* [policy] notice-subject */
    RG_NOTICE_INTRO,            /* [policy] notice-intro */
    RG_NOTICE_FIX,              /* [policy] notice-fix: heading of the list */
    RG_NOTICE_COUNT
} RgNoticeText;

typedef struct {
    char *code;                 /* "pl" */
    char *name;                 /* "polski" */
    char *path;
    GHashTable *stopwords;      /* lower-case word -> itself */
    GHashTable *letters;        /* gunichar -> 1: letters typical of the language */
    char **content_languages;   /* Content-Language tags naming it */
    char **acronyms;            /* upper-case words that are not shouting */
    RgPatternSet *sets[RG_SET_COUNT];
    char *hints[RG_RULE_COUNT];
    char *missing[RG_MISSING_COUNT];    /* words for signature parts */
    char *notice[RG_NOTICE_COUNT];
} RgPolicy;

typedef struct {
    GPtrArray *policies;        /* of RgPolicy*, sorted by code */
    RgPatternSet *any[RG_SET_COUNT];    /* union over all policies */
    guint max_captures;
} RgPolicySet;

RgPolicy *rg_policy_load(const char *path, GError **error);
RgPolicy *rg_policy_load_data(const char *data, gsize len, const char *name,
                              GError **error);
void rg_policy_free(RgPolicy *policy);

RgPolicySet *rg_policy_set_load(const char *dir, char *const *languages,
                                GError **error);
RgPolicySet *rg_policy_set_new(GPtrArray *policies, GError **error);
void rg_policy_set_free(RgPolicySet *set);
const RgPolicy *rg_policy_set_find(const RgPolicySet *set, const char *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgPolicy, rg_policy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgPolicySet, rg_policy_set_free)

G_END_DECLS

#endif
