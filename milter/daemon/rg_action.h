/*
 * rg_action.h - what the milter tells the MTA about a result, as text
 *
 * Pure functions from a result to the strings the daemon hands libmilter:
 * the X-Replyguard header value, the quarantine reason and the lines of a
 * multi-line SMTP reply.  Everything that reaches a header or an SMTP
 * reply passes through rg_action_sanitize: no CR, LF or other control
 * characters, '%' doubled for libmilter, valid UTF-8, length-capped on a
 * character boundary.
 */
#ifndef RG_ACTION_H
#define RG_ACTION_H

#include <glib.h>

#include "replyguard/rg_result.h"
#include "rg_milter_config.h"

G_BEGIN_DECLS

#define RG_HEADER_NAME "X-Replyguard"
#define RG_REASON_MAX 99        /* Postfix keeps 100 bytes of a hold reason */
#define RG_REPLY_LINES_MAX 32   /* libmilter's smfi_setmlreply limit */
#define RG_REPLY_LINE_MAX 980   /* bytes of reply text a line may carry */
#define RG_EXCERPT_MAX 60       /* characters of an excerpt in a reply */

char *rg_action_sanitize(const char *text, gsize max_bytes,
                         gboolean for_libmilter);
char *rg_action_header(const RgResult *result, RgMode mode);
char *rg_action_reason(const RgResult *result);
GPtrArray *rg_action_reply_lines(const RgResult *result);
GPtrArray *rg_action_reply_lines_for(const RgResult *result, gboolean utf8);
char *rg_action_reply_one_line(const GPtrArray *lines);

G_END_DECLS

#endif
