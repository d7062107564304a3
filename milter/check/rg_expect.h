/*
 * rg_expect.h - results held against labels: exact matches, per-rule
 * precision and recall
 */
#ifndef RG_EXPECT_H
#define RG_EXPECT_H

#include <glib.h>

#include "replyguard/rg_result.h"

G_BEGIN_DECLS

typedef struct RgExpect RgExpect;

RgExpect *rg_expect_load(const char *path, GError **error);
void rg_expect_free(RgExpect *expect);
void rg_expect_add(RgExpect *expect, const char *source,
                   const RgResult *result);
void rg_expect_report(const RgExpect *expect, GString *out);
gboolean rg_expect_all_match(const RgExpect *expect);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgExpect, rg_expect_free)

G_END_DECLS

#endif
