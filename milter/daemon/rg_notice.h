/*
 * rg_notice.h - the notice to the writer of a held reply
 *
 * A short text/plain message in the reply's language: which reply
 * (recipients, subject, date), that it is held for review, and each
 * finding with its excerpt and hint.  Marked Auto-Submitted: auto-replied
 * and sent with the null envelope sender, so it is never checked, held or
 * bounced in a loop.  Sent by running the configured sendmail command
 * directly (no shell) with the envelope sender as the only recipient.
 */
#ifndef RG_NOTICE_H
#define RG_NOTICE_H

#include <glib.h>

#include "rg_milter_config.h"

G_BEGIN_DECLS

gboolean rg_notice_address_ok(const char *address);
char *rg_notice_build(const RgSnapshot *snapshot, const char *sender,
                      const GPtrArray *recipients, const RgResult *result);

typedef struct RgNoticeJob RgNoticeJob;

RgNoticeJob *rg_notice_job_new(const RgSnapshot *snapshot, const char *sender,
                               const GPtrArray *recipients,
                               const RgResult *result, const char *key,
                               GError **error);
void rg_notice_job_queue(RgNoticeJob *job);
void rg_notice_job_free(RgNoticeJob *job);
void rg_notice_shutdown(void);

G_END_DECLS

#endif
