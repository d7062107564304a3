/*
 * rg_report.c - results as text reports and JSON lines
 *
 * The JSON lines are the engine's (rg_json.c), so the daemon's check
 * API answers byte for byte the same.
 */
#include <string.h>

#include "replyguard/rg_json.h"
#include "rg_report.h"

/* rg_report_json - one JSON object and a newline; error replaces the result */
void rg_report_json(GString *out, const char *source, const RgResult *r,
                    const char *error)
{
    rg_json_result(out, source, r, error, 0);
}

/* explain_result - the subject, scan time, language scores and the
 * body's zones, each line marked with its part */
static void explain_result(GString *out, const RgResult *r)
{
    g_string_append_printf(out, "  subject: %s\n  scan time: %.3f ms\n"
                           "  pattern searches: %u run, %u ruled out by the "
                           "prefilter\n", r->subject, r->elapsed_ms,
                           r->searches, r->searches_skipped);
    if (r->scores != NULL) {
        g_string_append_printf(out, "  language scores (%u words):", r->words);
        for (guint i = 0; i < r->scores->len; i++) {
            const RgLanguageScore *s = &g_array_index(r->scores,
                                                      RgLanguageScore, i);

            g_string_append_printf(out, " %s=%d", s->code, s->score);
        }
        g_string_append_c(out, '\n');
    }
    for (guint i = 0; r->zones && i < r->zones->len; i++) {
        const RgZone *z = &g_array_index(r->zones, RgZone, i);

        g_string_append_printf(out, "  %-9s lines %zu-%zu\n",
                               rg_zone_name(z->kind), (size_t) z->first_line,
                               (size_t) z->last_line);
    }
    for (guint i = 0; r->zones && i < r->zones->len; i++) {
        const RgZone *z = &g_array_index(r->zones, RgZone, i);
        static const char mark[] = {'|', '#', '>'};
        const char *p = r->text + z->start;
        const char *end = r->text + MIN(z->end, r->text_len);

        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t) (end - p));
            const char *stop = nl ? nl : end;

            g_string_append_printf(out, "  %c %.*s\n", mark[z->kind],
                                   (int) (stop - p), p);
            p = stop + 1;
        }
    }
}

/* rg_report_text - a readable report of one message */
void rg_report_text(GString *out, const char *source, const RgResult *r,
                    const char *error, gboolean explain)
{
    if (r == NULL) {
        g_string_append_printf(out, "%s: error: %s\n", source,
                               error ? error : "unknown error");
        return;
    }
    g_string_append_printf(out, "%s: %s (language %s)%s\n", source,
                           rg_verdict_name(r->verdict), r->language,
                           r->truncated ? " [body cut at the scan limit]" : "");
    if (explain)
        explain_result(out, r);
    for (guint i = 0; i < r->findings->len; i++) {
        const RgFinding *f = g_ptr_array_index(r->findings, i);

        g_string_append_printf(out, "  %-6s %s", rg_level_name(f->level),
                               rg_rule_name(f->rule));
        if (f->line > 0)
            g_string_append_printf(out, " (line %zu)", (size_t) f->line);
        g_string_append_c(out, '\n');
        if (f->excerpt)
            g_string_append_printf(out, "         \"%s\"\n", f->excerpt);
        g_string_append_printf(out, "         %s\n", f->hint);
    }
    if (r->findings->len == 0)
        g_string_append(out, "  no findings\n");
}
