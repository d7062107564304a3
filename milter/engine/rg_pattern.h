/*
 * rg_pattern.h - named PCRE2 pattern sets, compiled once, matched with limits
 *
 * A pattern set is the list of patterns a policy gives for one purpose
 * (apology phrases, attribution lines, ...).  Each pattern is compiled on
 * its own to report errors with file:line:offset, then the set is joined
 * into one alternation and JIT-compiled, so a rule costs one scan of the
 * text whatever the number of phrases.  Sets are immutable once built and
 * shared between threads; each scan brings its own RgMatcher.
 */
#ifndef RG_PATTERN_H
#define RG_PATTERN_H

#include <glib.h>

G_BEGIN_DECLS

#include "rg_prefilter.h"

typedef struct RgPatternSet RgPatternSet;
typedef struct RgMatcher RgMatcher;

typedef struct {
    gsize start;                /* byte offset of the match */
    gsize end;                  /* byte offset just past it */
    guint pattern;              /* index of the pattern that matched */
} RgMatch;

/* Flags for rg_pattern_set_build. */
#define RG_PATTERN_ANCHORED  (1u << 0) /* match only at the start offset */
#define RG_PATTERN_CASE      (1u << 1) /* case-sensitive */
#define RG_PATTERN_BODY      (1u << 2) /* searched in the whole body too
                                        * (the reply model): in the
                                        * prefilter's body database */

RgPatternSet *rg_pattern_set_new(void);
void rg_pattern_set_free(RgPatternSet *set);
gboolean rg_pattern_set_add(RgPatternSet *set, const char *name,
                            const char *source, const char *where,
                            GError **error);
void rg_pattern_set_extend(RgPatternSet *set, const RgPatternSet *other);
gboolean rg_pattern_set_build(RgPatternSet *set, guint flags, GError **error);
guint rg_pattern_set_size(const RgPatternSet *set);
const char *rg_pattern_set_name(const RgPatternSet *set, guint pattern);
guint rg_pattern_set_captures(const RgPatternSet *set);
void rg_pattern_set_prefilter(RgPatternSet *set, RgPrefilter *pf);

RgMatcher *rg_matcher_new(guint captures, guint32 match_limit,
                          guint32 depth_limit, const RgPrefilter *pf);
void rg_matcher_free(RgMatcher *matcher);
void rg_matcher_reset(RgMatcher *matcher);
guint rg_matcher_searches(const RgMatcher *matcher, guint *skipped);
void rg_matcher_prefilter(RgMatcher *matcher, const char *text, gsize len,
                          gboolean body);
void rg_matcher_stable(RgMatcher *matcher, const char *text, gsize len);

int rg_pattern_set_search(const RgPatternSet *set, RgMatcher *matcher,
                          const char *text, gsize len, gsize offset,
                          RgMatch *match, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgPatternSet, rg_pattern_set_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgMatcher, rg_matcher_free)

G_END_DECLS

#endif
