/*
 * rg_desk_pages.h - the review desk's HTML pages
 */
#ifndef RG_DESK_PAGES_H
#define RG_DESK_PAGES_H

#include <glib.h>

#include "replyguard/rg_result.h"
#include "rg_desk_queue.h"

G_BEGIN_DECLS

/* Who looks at a page (NULL user: not logged in). */
typedef struct {
    const char *user;
    const char *role;
    const char *csrf;
} RgDeskViewer;

/* The list's sorting and filters, from the query string. */
typedef struct {
    const char *sort;           /* id, age, agent, customer, subject,
                                 * language, rules; default age */
    gboolean desc;
    const char *rule;           /* substring of rules, or NULL */
    const char *agent;          /* substring of the sender, or NULL */
    guint min_age_s;            /* held at least this long */
} RgDeskListQuery;

/* What one action did to one message. */
typedef struct {
    char *queue_id;
    char *action;
    gboolean ok;
    char *detail;
} RgDeskOutcome;

GString *rg_desk_page_begin(const char *title, const RgDeskViewer *viewer);
char *rg_desk_page_end(GString *page);
void rg_desk_page_login(GString *page, const char *problem);
GPtrArray *rg_desk_list_select(GPtrArray *held, const RgDeskListQuery *query,
                               gint64 now);
void rg_desk_page_list(GString *page, const RgDeskViewer *viewer,
                       GPtrArray *held, const RgDeskListQuery *query,
                       gint64 now, guint overdue_s);
void rg_desk_page_message(GString *page, const RgDeskViewer *viewer,
                          const RgDeskHeld *held, const RgResult *result);
void rg_desk_page_audit(GString *page, GPtrArray *rows);
void rg_desk_page_outcomes(GString *page, GPtrArray *outcomes);
void rg_desk_page_problem(GString *page, const char *problem);
void rg_desk_outcome_free(RgDeskOutcome *outcome);
char *rg_desk_age_text(gint64 seconds);

extern const char rg_desk_css[];

G_END_DECLS

#endif
