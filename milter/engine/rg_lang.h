/*
 * rg_lang.h - which loaded policy's language a text is written in
 */
#ifndef RG_LANG_H
#define RG_LANG_H

#include <glib.h>

#include "rg_policy.h"

G_BEGIN_DECLS

const RgPolicy *rg_lang_detect(const RgPolicySet *ps, const char *text,
                               gsize len, const char *content_language,
                               const char *default_language);

G_END_DECLS

#endif
