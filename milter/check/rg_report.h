/*
 * rg_report.h - results as text reports and JSON lines
 */
#ifndef RG_REPORT_H
#define RG_REPORT_H

#include <glib.h>

#include "replyguard/rg_json.h"
#include "replyguard/rg_result.h"

G_BEGIN_DECLS

void rg_report_json(GString *out, const char *source, const RgResult *result,
                    const char *error);
void rg_report_text(GString *out, const char *source, const RgResult *result,
                    const char *error, gboolean explain);

G_END_DECLS

#endif
