/*
 * rg_logreport.h - summaries from the daemon's log instead of the mail
 */
#ifndef RG_LOGREPORT_H
#define RG_LOGREPORT_H

#include <glib.h>

#include "replyguard/rg_result.h"
#include "rg_summary.h"

G_BEGIN_DECLS

/* One message as the daemon logged it. */
typedef struct {
    char day[11];               /* "YYYY-MM-DD", "" when the line has none */
    char *queue;
    char *sender;
    gboolean error;             /* an "error: ...; action=" line */
    RgResult *result;           /* verdict, language, profile and rule ids
                                 * (findings at level hint); NULL on error */
} RgLogEntry;

gboolean rg_log_parse_line(const char *line, const char *day,
                           RgLogEntry *entry);
void rg_log_entry_clear(RgLogEntry *entry);
gboolean rg_logreport_read(const char *path, RgSummary *summary,
                           guint *entries, GError **error);

G_END_DECLS

#endif
