/*
 * rg_json.h - results as JSON lines (replyguard-check and the check API)
 */
#ifndef RG_JSON_H
#define RG_JSON_H

#include <glib.h>

#include "replyguard/rg_result.h"

G_BEGIN_DECLS

/* Flags for rg_json_result. */
#define RG_JSON_OFFSETS (1u << 0)       /* "where", "start", "end" per
                                         * finding, in characters */

void rg_json_string(GString *out, const char *s);
void rg_json_result(GString *out, const char *source, const RgResult *result,
                    const char *error, guint flags);

G_END_DECLS

#endif
