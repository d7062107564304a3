/*
 * rg_lang.h - which loaded policy's language a text is written in
 */
#ifndef RG_LANG_H
#define RG_LANG_H

#include <glib.h>

#include "rg_policy.h"

G_BEGIN_DECLS

#include "replyguard/rg_result.h"

const RgPolicy *rg_lang_detect(const RgPolicySet *ps, const char *text,
                               const GArray *words,
                               const char *content_language,
                               const char *default_language, int *scores,
                               guint *words_seen);
gboolean rg_lang_unknown(const RgPolicySet *ps, const int *scores,
                         guint words, const char *content_language);
void rg_lang_active(const RgPolicySet *ps, const int *scores,
                    const RgPolicy *chosen, gboolean *active);

G_END_DECLS

#endif
