/*
 * rg_log.h - the daemon's log: syslog, or stderr in the foreground
 */
#ifndef RG_LOG_H
#define RG_LOG_H

#include <glib.h>
#include <syslog.h>

G_BEGIN_DECLS

void rg_log_open(gboolean to_stderr);
char *rg_log_escape(const char *value);
void rg_log(int priority, const char *format, ...) G_GNUC_PRINTF(2, 3);

G_END_DECLS

#endif
