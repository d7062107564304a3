/*
 * NAME
 *	rg_desk_pages - HTML of the review desk
 * SYNOPSIS
 *	GString *rg_desk_page_begin(title, viewer)
 *	void rg_desk_page_list(page, viewer, held, query, now, overdue_s)
 *	void rg_desk_page_message(page, viewer, held, result)
 *	void rg_desk_page_audit(page, rows)
 *	char *rg_desk_page_end(page)
 * DESCRIPTION
 *	Plain HTML5 forms, no script (the Content-Security-Policy allows
 *	none), one stylesheet (/desk.css).  Every text that comes from a
 *	message, a user or the audit store goes through rg_desk_html_append;
 *	nothing else is written into a page unescaped except the fixed
 *	markup here.  Every form that changes state carries the session's
 *	CSRF token; action buttons are shown to reviewers only (the server
 *	refuses a viewer's action anyway).
 *
 *	The reply view shows the decoded body as its zones (new text,
 *	signature, quoted original) with each finding that has a place in
 *	the body or the Subject marked at its excerpt (<mark
 *	class="finding">, the rule and hint as its title) and listed below
 *	with its level and hint in the reply's language.
 * DIAGNOSTICS
 *	None.
 */
#include <string.h>

#include "replyguard/rg_types.h"
#include "rg_desk_audit.h"
#include "rg_desk_html.h"
#include "rg_desk_pages.h"

#define E(s) rg_desk_html_append(page, (s), -1)

const char rg_desk_css[] =
    "body{font-family:system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}\n"
    "header{background:#1d2330;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center}\n"
    "header a{color:#cfe0ff;text-decoration:none}header .who{margin-left:auto}\n"
    "header form{display:inline}main{padding:1em 1.5em}\n"
    "table{border-collapse:collapse;width:100%;background:#fff}\n"
    "th,td{border-bottom:1px solid #dde1e7;padding:.35em .5em;text-align:left;vertical-align:top;font-size:.92em}\n"
    "th a{color:inherit}tr:hover td{background:#f0f4fb}\n"
    ".overdue{background:#fff1d6;border:1px solid #e8b44a;padding:.4em .8em;display:inline-block;margin:.5em 0}\n"
    ".zone{border-left:4px solid #aab;padding:.3em .8em;margin:.6em 0;background:#fff;white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:.9em}\n"
    ".zone-new{border-color:#2a7de1}.zone-signature{border-color:#3aa55d}.zone-quoted{border-color:#999;color:#555}\n"
    ".zone h3{font-family:system-ui,sans-serif;font-size:.8em;text-transform:uppercase;color:#667;margin:0 0 .3em}\n"
    "mark.finding{background:#ffe08a;border-bottom:2px solid #d9534f}\n"
    ".level-hold,.level-reject{color:#b02a2a;font-weight:600}.level-flag{color:#a86400}\n"
    ".findings li{margin:.4em 0}.hint{color:#334}\n"
    ".actions{margin:1em 0;padding:.8em;background:#fff;border:1px solid #dde1e7}\n"
    ".actions textarea{width:100%;max-width:40em;height:3em;display:block;margin:.3em 0}\n"
    "button{padding:.35em .9em;margin-right:.4em}.ok{color:#1f7a3a}.failed{color:#b02a2a}\n"
    ".filters input{width:9em}.login{max-width:22em;margin:4em auto;background:#fff;padding:1.5em;border:1px solid #dde1e7}\n"
    ".login input{display:block;width:100%;margin:.3em 0 .8em}.problem{color:#b02a2a}\n";

/* rg_desk_outcome_free - NULL is fine */
void rg_desk_outcome_free(RgDeskOutcome *o)
{
    if (o == NULL)
        return;
    g_free(o->queue_id);
    g_free(o->action);
    g_free(o->detail);
    g_free(o);
}

/* rg_desk_age_text - "3d 4h", "2h 5m", "7m", "12s" (caller frees) */
char *rg_desk_age_text(gint64 s)
{
    if (s < 0)
        s = 0;
    if (s >= 86400)
        return g_strdup_printf("%dd %dh", (int) (s / 86400), (int) (s % 86400 / 3600));
    if (s >= 3600)
        return g_strdup_printf("%dh %dm", (int) (s / 3600), (int) (s % 3600 / 60));
    if (s >= 60)
        return g_strdup_printf("%dm", (int) (s / 60));
    return g_strdup_printf("%ds", (int) s);
}

/* rg_desk_page_begin - the page head and navigation (caller ends it) */
GString *rg_desk_page_begin(const char *title, const RgDeskViewer *v)
{
    GString *page = g_string_new("<!DOCTYPE html>\n<html lang=\"en\"><head>"
                                 "<meta charset=\"utf-8\"><title>");

    E(title);
    g_string_append(page, " - replyguard desk</title>"
                    "<link rel=\"stylesheet\" href=\"/desk.css\"></head><body>"
                    "<header><strong>replyguard desk</strong>");
    if (v && v->user) {
        g_string_append(page, "<a href=\"/\">Held replies</a>"
                        "<a href=\"/audit\">Audit trail</a><span class=\"who\">");
        E(v->user);
        g_string_append(page, " (");
        E(v->role);
        g_string_append(page, ")</span><form method=\"post\" action=\"/logout\">"
                        "<input type=\"hidden\" name=\"csrf\" value=\"");
        E(v->csrf);
        g_string_append(page, "\"><button id=\"logout\">Log out</button></form>");
    }
    g_string_append(page, "</header><main>");
    return page;
}

/* rg_desk_page_end - close the page; the HTML (caller frees) */
char *rg_desk_page_end(GString *page)
{
    g_string_append(page, "</main></body></html>\n");
    return g_string_free(page, FALSE);
}

/* rg_desk_page_login - the login form */
void rg_desk_page_login(GString *page, const char *problem)
{
    g_string_append(page, "<form class=\"login\" method=\"post\" action=\"/login\">"
                    "<h2>Log in</h2>");
    if (problem) {
        g_string_append(page, "<p class=\"problem\" id=\"problem\">");
        E(problem);
        g_string_append(page, "</p>");
    }
    g_string_append(page, "<label>User<input name=\"user\" id=\"user\" "
                    "autocomplete=\"username\" required></label>"
                    "<label>Password<input type=\"password\" name=\"password\" "
                    "id=\"password\" autocomplete=\"current-password\" required></label>"
                    "<button id=\"login\">Log in</button></form>");
}

/* rg_desk_page_problem - a message in place of a page's content */
void rg_desk_page_problem(GString *page, const char *problem)
{
    g_string_append(page, "<p class=\"problem\" id=\"problem\">");
    E(problem);
    g_string_append(page, "</p><p><a href=\"/\">Back to the held replies</a></p>");
}

/* compare_held - sort order of the list by the query (GCompareDataFunc) */
static int compare_held(gconstpointer pa, gconstpointer pb, gpointer data)
{
    const RgDeskHeld *a = *(RgDeskHeld *const *) pa, *b = *(RgDeskHeld *const *) pb;
    const RgDeskListQuery *q = data;
    const char *s = q->sort ? q->sort : "age";
    int c;

    if (strcmp(s, "id") == 0)
        c = g_strcmp0(a->queue_id, b->queue_id);
    else if (strcmp(s, "agent") == 0)
        c = g_strcmp0(a->sender, b->sender);
    else if (strcmp(s, "customer") == 0)
        c = g_strcmp0(a->recipients, b->recipients);
    else if (strcmp(s, "subject") == 0)
        c = g_utf8_collate(a->subject ? a->subject : "", b->subject ? b->subject : "");
    else if (strcmp(s, "language") == 0)
        c = g_strcmp0(a->language, b->language);
    else if (strcmp(s, "rules") == 0)
        c = g_strcmp0(a->rules, b->rules);
    else                        /* age: oldest first */
        c = a->arrival < b->arrival ? -1 : a->arrival > b->arrival;
    if (c == 0)
        c = g_strcmp0(a->queue_id, b->queue_id);
    return q->desc ? -c : c;
}

/* rg_desk_list_select - the held replies the query keeps, sorted (borrowed items) */
GPtrArray *rg_desk_list_select(GPtrArray *held, const RgDeskListQuery *q,
                               gint64 now)
{
    GPtrArray *out = g_ptr_array_new();
    guint i;

    for (i = 0; i < held->len; i++) {
        RgDeskHeld *h = held->pdata[i];

        if (q->rule && q->rule[0] && !(h->rules && strstr(h->rules, q->rule)))
            continue;
        if (q->agent && q->agent[0] && !(h->sender && strstr(h->sender, q->agent)))
            continue;
        if (q->min_age_s && now - h->arrival < (gint64) q->min_age_s)
            continue;
        g_ptr_array_add(out, h);
    }
    g_ptr_array_sort_with_data(out, compare_held, (gpointer) q);
    return out;
}

/* sort_link - a column heading that sorts by key (toggling the order) */
static void sort_link(GString *page, const RgDeskListQuery *q, const char *key,
                      const char *label)
{
    gboolean current = g_strcmp0(q->sort ? q->sort : "age", key) == 0;
    g_autofree char *rule = g_uri_escape_string(q->rule ? q->rule : "", NULL, FALSE);
    g_autofree char *agent = g_uri_escape_string(q->agent ? q->agent : "", NULL, FALSE);
    g_autofree char *href = g_strdup_printf(
        "/?sort=%s&order=%s&rule=%s&agent=%s&min_age=%u", key,
        current && !q->desc ? "desc" : "asc", rule, agent, q->min_age_s / 60);

    g_string_append(page, "<th><a href=\"");
    E(href);
    g_string_append(page, "\">");
    E(label);
    if (current)
        g_string_append(page, q->desc ? " &#9660;" : " &#9650;");
    g_string_append(page, "</a></th>");
}

/* action_box - comment and the three action buttons (reviewers only) */
static void action_box(GString *page, const RgDeskViewer *v, const char *what)
{
    if (g_strcmp0(v->role, "reviewer") != 0) {
        g_string_append(page, "<p class=\"actions\">You may read held replies; "
                        "releasing, deleting and returning them needs the reviewer role.</p>");
        return;
    }
    g_string_append(page, "<div class=\"actions\"><label>Comment (required, kept in the audit trail) for ");
    E(what);
    g_string_append(page, "<textarea name=\"comment\" id=\"comment\" required></textarea></label>"
                    "<button name=\"action\" value=\"release\" id=\"release\">Release</button>"
                    "<button name=\"action\" value=\"delete\" id=\"delete\">Delete</button>"
                    "<button name=\"action\" value=\"return\" id=\"return\">Return to agent</button></div>");
}

/* rg_desk_page_list - the held replies, filters, and the bulk action form */
void rg_desk_page_list(GString *page, const RgDeskViewer *v, GPtrArray *held,
                       const RgDeskListQuery *q, gint64 now, guint overdue_s)
{
    g_autoptr(GPtrArray) rows = rg_desk_list_select(held, q, now);
    g_autofree char *limit = rg_desk_age_text(overdue_s);
    guint i, overdue = 0;

    for (i = 0; i < held->len; i++)
        if (now - ((RgDeskHeld *) held->pdata[i])->arrival >= (gint64) overdue_s)
            overdue++;
    g_string_append_printf(page, "<h2>Held replies: <span id=\"held-count\">%u</span></h2>"
                           "<p class=\"overdue\" id=\"overdue\"><strong>%u</strong> held longer than ",
                           held->len, overdue);
    E(limit);
    g_string_append(page, "</p><form class=\"filters\" method=\"get\" action=\"/\">"
                    "<input type=\"hidden\" name=\"sort\" value=\"");
    E(q->sort ? q->sort : "age");
    g_string_append(page, "\"><label>Rule <input name=\"rule\" id=\"filter-rule\" value=\"");
    E(q->rule);
    g_string_append(page, "\"></label> <label>Agent <input name=\"agent\" id=\"filter-agent\" value=\"");
    E(q->agent);
    g_string_append_printf(page, "\"></label> <label>Held at least <input name=\"min_age\" "
                           "id=\"filter-age\" type=\"number\" min=\"0\" value=\"%u\"> minutes</label> "
                           "<button>Filter</button></form>", q->min_age_s / 60);
    g_string_append(page, "<form method=\"post\" action=\"/action\"><input type=\"hidden\" name=\"csrf\" value=\"");
    E(v->csrf);
    g_string_append(page, "\"><table id=\"held\"><thead><tr><th></th>");
    sort_link(page, q, "id", "Queue id");
    sort_link(page, q, "age", "Age");
    sort_link(page, q, "agent", "Agent");
    sort_link(page, q, "customer", "Customer");
    sort_link(page, q, "subject", "Subject");
    sort_link(page, q, "language", "Lang");
    sort_link(page, q, "rules", "Rules");
    g_string_append(page, "</tr></thead><tbody>");
    for (i = 0; i < rows->len; i++) {
        RgDeskHeld *h = rows->pdata[i];
        g_autofree char *age = rg_desk_age_text(now - h->arrival);

        g_string_append(page, "<tr class=\"held\" data-id=\"");
        E(h->queue_id);
        g_string_append(page, "\"><td><input type=\"checkbox\" name=\"id\" value=\"");
        E(h->queue_id);
        g_string_append(page, "\"></td><td><a class=\"open\" href=\"/message?id=");
        E(h->queue_id);
        g_string_append(page, "\">");
        E(h->queue_id);
        g_string_append(page, "</a></td><td>");
        E(age);
        g_string_append(page, "</td><td class=\"agent\">");
        E(h->sender);
        g_string_append(page, "</td><td class=\"customer\">");
        E(h->recipients);
        g_string_append(page, "</td><td class=\"subject\">");
        E(h->subject);
        g_string_append(page, "</td><td class=\"lang\">");
        E(h->language ? h->language : "-");
        g_string_append(page, "</td><td class=\"rules\">");
        E(h->rules ? h->rules : "-");
        g_string_append(page, "</td></tr>");
    }
    if (rows->len == 0)
        g_string_append(page, "<tr><td colspan=\"8\">No held replies match.</td></tr>");
    g_string_append(page, "</tbody></table>");
    action_box(page, v, "the selected replies");
    g_string_append(page, "</form>");
}

/* finding_cmp - findings in body order */
static int finding_cmp(gconstpointer pa, gconstpointer pb)
{
    const RgFinding *a = *(RgFinding *const *) pa, *b = *(RgFinding *const *) pb;

    return a->offset < b->offset ? -1 : a->offset > b->offset;
}

/* marked_text - text[start, end) with the body findings in it marked */
static void marked_text(GString *page, const char *text, gsize start, gsize end,
                        GPtrArray *marks)
{
    gsize at = start;
    guint i;

    for (i = 0; i < marks->len; i++) {
        const RgFinding *f = marks->pdata[i];

        if (f->offset < at || f->offset + f->length > end || f->length == 0)
            continue;
        rg_desk_html_append(page, text + at, (gssize) (f->offset - at));
        g_string_append(page, "<mark class=\"finding\" data-rule=\"");
        E(rg_rule_name(f->rule));
        g_string_append(page, "\" title=\"");
        E(rg_rule_name(f->rule));
        g_string_append(page, ": ");
        E(f->hint);
        g_string_append(page, "\">");
        rg_desk_html_append(page, text + f->offset, (gssize) f->length);
        g_string_append(page, "</mark>");
        at = f->offset + f->length;
    }
    rg_desk_html_append(page, text + at, (gssize) (end - at));
}

/* rg_desk_page_message - one held reply: zones, marked findings, actions */
void rg_desk_page_message(GString *page, const RgDeskViewer *v,
                          const RgDeskHeld *h, const RgResult *r)
{
    static const char *const zone_title[] = {"New text", "Signature", "Quoted original"};
    g_autoptr(GPtrArray) marks = g_ptr_array_new();
    g_autoptr(GPtrArray) subject_marks = g_ptr_array_new();
    guint i;

    for (i = 0; i < r->findings->len; i++) {
        RgFinding *f = r->findings->pdata[i];

        if (f->where == RG_WHERE_BODY && f->excerpt)
            g_ptr_array_add(marks, f);
        else if (f->where == RG_WHERE_SUBJECT && f->excerpt)
            g_ptr_array_add(subject_marks, f);
    }
    g_ptr_array_sort(marks, finding_cmp);
    g_ptr_array_sort(subject_marks, finding_cmp);
    g_string_append(page, "<h2 id=\"subject\">");
    if (r->subject && r->subject[0])
        marked_text(page, r->subject, 0, strlen(r->subject), subject_marks);
    else
        g_string_append(page, "(no subject)");
    g_string_append(page, "</h2><table class=\"meta\"><tr><th>Queue id</th><td id=\"queue-id\">");
    E(h->queue_id);
    g_string_append(page, "</td></tr><tr><th>Agent</th><td>");
    E(h->sender);
    g_string_append(page, "</td></tr><tr><th>Customer</th><td>");
    E(h->recipients);
    g_string_append(page, "</td></tr><tr><th>Message-ID</th><td>");
    E(h->message_id ? h->message_id : "-");
    g_string_append(page, "</td></tr><tr><th>Verdict</th><td id=\"verdict\">");
    E(rg_verdict_name(r->verdict));
    g_string_append(page, " (language ");
    E(r->language);
    g_string_append(page, ")</td></tr></table><p><a id=\"raw\" href=\"/message?raw=1&amp;id=");
    E(h->queue_id);
    g_string_append(page, "\">Show the raw message</a></p>");
    if (r->text && r->zones) {
        for (i = 0; i < r->zones->len; i++) {
            const RgZone *z = &g_array_index(r->zones, RgZone, i);

            if (z->end > r->text_len || z->start > z->end)
                continue;
            g_string_append_printf(page, "<div class=\"zone zone-%s\"><h3>%s</h3>",
                                   rg_zone_name(z->kind),
                                   zone_title[z->kind < 3 ? z->kind : 0]);
            marked_text(page, r->text, z->start, z->end, marks);
            g_string_append(page, "</div>");
        }
    }
    g_string_append(page, "<h3>Findings</h3><ul class=\"findings\" id=\"findings\">");
    for (i = 0; i < r->findings->len; i++) {
        RgFinding *f = r->findings->pdata[i];

        g_string_append_printf(page, "<li><span class=\"level-%s\">%s</span> <code>",
                               rg_level_name(f->level), rg_level_name(f->level));
        E(rg_rule_name(f->rule));
        g_string_append(page, "</code>");
        if (f->excerpt) {
            g_string_append(page, " &#8220;");
            E(f->excerpt);
            g_string_append(page, "&#8221;");
            if (f->where == RG_WHERE_SUBJECT)
                g_string_append(page, " (in the Subject)");
            else if (f->line)
                g_string_append_printf(page, " (line %zu)", (size_t) f->line);
        }
        g_string_append(page, "<br><span class=\"hint\">");
        E(f->hint);
        g_string_append(page, "</span></li>");
    }
    if (r->findings->len == 0)
        g_string_append(page, "<li>No findings with the current policies.</li>");
    g_string_append(page, "</ul><form method=\"post\" action=\"/action\">"
                    "<input type=\"hidden\" name=\"csrf\" value=\"");
    E(v->csrf);
    g_string_append(page, "\"><input type=\"hidden\" name=\"id\" value=\"");
    E(h->queue_id);
    g_string_append(page, "\">");
    action_box(page, v, "this reply");
    g_string_append(page, "</form>");
}

/* rg_desk_page_outcomes - what an action did, message by message */
void rg_desk_page_outcomes(GString *page, GPtrArray *outcomes)
{
    guint i;

    g_string_append(page, "<h2>Done</h2><table id=\"outcomes\"><tr><th>Queue id</th>"
                    "<th>Action</th><th>Outcome</th><th>Postfix said</th></tr>");
    for (i = 0; i < outcomes->len; i++) {
        RgDeskOutcome *o = outcomes->pdata[i];

        g_string_append(page, "<tr><td>");
        E(o->queue_id);
        g_string_append(page, "</td><td>");
        E(o->action);
        g_string_append_printf(page, "</td><td class=\"%s\">%s</td><td>",
                               o->ok ? "ok" : "failed", o->ok ? "ok" : "failed");
        E(o->detail);
        g_string_append(page, "</td></tr>");
    }
    g_string_append(page, "</table><p><a href=\"/\" id=\"back\">Back to the held replies</a></p>");
}

/* rg_desk_page_audit - the audit trail, newest first, and the CSV link */
void rg_desk_page_audit(GString *page, GPtrArray *rows)
{
    guint i;

    g_string_append(page, "<h2>Audit trail</h2><p><a href=\"/audit.csv\" id=\"csv\">"
                    "Export as CSV</a></p><table id=\"audit\"><tr><th>When (UTC)</th>"
                    "<th>Who</th><th>What</th><th>Queue id</th><th>Message-ID</th>"
                    "<th>Agent</th><th>Customer</th><th>Subject</th><th>Rules</th>"
                    "<th>Comment</th><th>Outcome</th></tr>");
    for (i = 0; i < rows->len; i++) {
        const RgDeskAuditEntry *e = rows->pdata[i];
        const char *cells[] = {e->at, e->user, e->action, e->queue_id,
            e->message_id, e->sender, e->recipient, e->subject, e->rules,
            e->comment};
        guint j;

        g_string_append(page, "<tr class=\"entry\">");
        for (j = 0; j < G_N_ELEMENTS(cells); j++) {
            g_string_append(page, "<td>");
            E(cells[j] ? cells[j] : "");
            g_string_append(page, "</td>");
        }
        g_string_append_printf(page, "<td class=\"%s\">",
                               g_strcmp0(e->outcome, "ok") == 0 ? "ok" : "failed");
        E(e->outcome);
        if (e->detail && e->detail[0]) {
            g_string_append(page, ": ");
            E(e->detail);
        }
        g_string_append(page, "</td></tr>");
    }
    if (rows->len == 0)
        g_string_append(page, "<tr><td colspan=\"11\">Nothing yet.</td></tr>");
    g_string_append(page, "</table>");
}
