/*
 * rg_summary.h - counts over many results: per verdict, rule and sender
 */
#ifndef RG_SUMMARY_H
#define RG_SUMMARY_H

#include <glib.h>

#include "replyguard/rg_result.h"

G_BEGIN_DECLS

typedef struct RgSummary RgSummary;

RgSummary *rg_summary_new(void);
void rg_summary_free(RgSummary *summary);
void rg_summary_add(RgSummary *summary, const RgResult *result,
                    const char *sender);
void rg_summary_add_day(RgSummary *summary, const RgResult *result,
                        const char *day);
void rg_summary_text(const RgSummary *summary, GString *out);
void rg_summary_json(const RgSummary *summary, GString *out);

G_END_DECLS

#endif
