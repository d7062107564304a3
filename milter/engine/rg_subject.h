/*
 * rg_subject.h - the Subject: reply prefixes, and whether it names the case
 */
#ifndef RG_SUBJECT_H
#define RG_SUBJECT_H

#include <glib.h>

#include "rg_pattern.h"
#include "rg_policy.h"

G_BEGIN_DECLS

int rg_subject_strip_prefixes(const RgPolicySet *ps, RgMatcher *matcher,
                              const char *subject, gsize *offset,
                              GError **error);
int rg_subject_has_reference(const RgPolicySet *ps, const RgPatternSet *ticket,
                             RgMatcher *matcher, const char *core,
                             GError **error);

G_END_DECLS

#endif
