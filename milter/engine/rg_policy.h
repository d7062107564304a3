/*
 * rg_policy.h - language policies: phrases, word lists and hints per language
 *
 * One policy file per language (policies/pl.policy, ...).  A policy holds
 * the pattern sets the rules match with, the stop words and letters that
 * identify the language, and the hint for every rule.  A policy set is all
 * the policies of a directory plus, for each pattern set, the union over
 * all languages (used where the language is not known yet: quote and
 * signature splitting, subject prefixes).  Which groups and keys feed
 * which set is the registry's (rg_rules.def).  Immutable once loaded.
 */
#ifndef RG_POLICY_H
#define RG_POLICY_H

#include <glib.h>

#include "replyguard/rg_engine.h"
#include "rg_pattern.h"
#include "rg_registry.h"

G_BEGIN_DECLS

typedef enum {
    RG_MISSING_NAME = 0,
    RG_MISSING_TITLE,
    RG_MISSING_CONTACT,
    RG_MISSING_COUNT
} RgMissingPart;

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
    /* the policies' stop words and letters in one table each, for one
     * lookup per word: word -> guint8[policies], gunichar ->
     * guint8[policies] (1: the policy lists it) */
    GHashTable *stopword_of;
    GHashTable *letter_of;
} RgPolicySet;

RgPolicy *rg_policy_load(const char *path, guint flags, GError **error);
RgPolicy *rg_policy_load_data(const char *data, gsize len, const char *name,
                              GError **error);
void rg_policy_free(RgPolicy *policy);

RgPolicySet *rg_policy_set_load(const char *dir, char *const *languages,
                                guint flags, GError **error);
RgPolicySet *rg_policy_set_new(GPtrArray *policies, GError **error);
void rg_policy_set_free(RgPolicySet *set);
const RgPolicy *rg_policy_set_find(const RgPolicySet *set, const char *code);
void rg_policy_set_prefilter(RgPolicySet *set, RgPrefilter *pf);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgPolicy, rg_policy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgPolicySet, rg_policy_set_free)

G_END_DECLS

#endif
