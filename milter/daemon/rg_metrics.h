/*
 * rg_metrics.h - the daemon's counters, in the Prometheus text format
 */
#ifndef RG_METRICS_H
#define RG_METRICS_H

#include <glib.h>

#include "replyguard/rg_result.h"

G_BEGIN_DECLS

typedef struct RgMetrics RgMetrics;

RgMetrics *rg_metrics_new(void);
void rg_metrics_free(RgMetrics *metrics);
RgMetrics *rg_metrics(void);

void rg_metrics_checked(RgMetrics *metrics, const RgResult *result,
                        const char *action);
void rg_metrics_skipped(RgMetrics *metrics, const char *reason);
void rg_metrics_error(RgMetrics *metrics, gboolean accepted);
void rg_metrics_reload(RgMetrics *metrics, gboolean ok);
void rg_metrics_notice(RgMetrics *metrics, gboolean sent);
void rg_metrics_request(RgMetrics *metrics, const char *path, guint status);
void rg_metrics_render(RgMetrics *metrics, GString *out);

G_END_DECLS

#endif
