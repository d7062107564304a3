/*
 * rg_desk_audit.h - the append-only audit trail of the review desk
 */
#ifndef RG_DESK_AUDIT_H
#define RG_DESK_AUDIT_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct RgDeskAudit RgDeskAudit;

typedef struct {
    gint64 id;                  /* set by the store */
    char *at;                   /* UTC, ISO 8601; set by the store */
    char *user;
    char *action;               /* release, delete, return */
    char *queue_id;
    char *message_id;
    char *sender;
    char *recipient;
    char *subject;
    char *rules;
    char *comment;
    char *outcome;              /* ok or failed */
    char *detail;               /* what the Postfix command said */
} RgDeskAuditEntry;

RgDeskAudit *rg_desk_audit_open(const char *path, GError **error);
void rg_desk_audit_close(RgDeskAudit *audit);
gboolean rg_desk_audit_append(RgDeskAudit *audit, RgDeskAuditEntry *entry,
                              GError **error);
GPtrArray *rg_desk_audit_list(RgDeskAudit *audit, guint limit,
                              GError **error);
char *rg_desk_audit_csv(RgDeskAudit *audit, GError **error);
void rg_desk_audit_entry_free(RgDeskAuditEntry *entry);

G_END_DECLS

#endif
