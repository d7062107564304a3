/*
 * rg_report.c - results as text reports and JSON lines
 *
 * JSON is written by hand: one object per message on one line, strings
 * escaped per RFC 8259 (control characters as \u00XX, UTF-8 kept).
 */
#include <string.h>

#include "rg_report.h"

/* rg_json_string - append s as a JSON string, or null */
void rg_json_string(GString *out, const char *s)
{
    if (s == NULL) {
        g_string_append(out, "null");
        return;
    }
    g_string_append_c(out, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char) *s;

        switch (c) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        default:
            if (c < 0x20)
                g_string_append_printf(out, "\\u%04x", c);
            else
                g_string_append_c(out, (char) c);
        }
    }
    g_string_append_c(out, '"');
}

/* rg_report_json - one JSON object and a newline; error replaces the result */
void rg_report_json(GString *out, const char *source, const RgResult *r,
                    const char *error)
{
    g_string_append(out, "{\"source\":");
    rg_json_string(out, source);
    if (r == NULL) {
        g_string_append(out, ",\"verdict\":\"error\",\"error\":");
        rg_json_string(out, error ? error : "unknown error");
        g_string_append(out, "}\n");
        return;
    }
    g_string_append_printf(out, ",\"verdict\":\"%s\",\"language\":",
                           rg_verdict_name(r->verdict));
    rg_json_string(out, r->language);
    g_string_append(out, ",\"subject\":");
    rg_json_string(out, r->subject);
    g_string_append(out, ",\"findings\":[");
    for (guint i = 0; i < r->findings->len; i++) {
        const RgFinding *f = g_ptr_array_index(r->findings, i);

        g_string_append(out, i ? ",{\"rule\":" : "{\"rule\":");
        rg_json_string(out, rg_rule_name(f->rule));
        g_string_append_printf(out, ",\"level\":\"%s\",\"hint\":",
                               rg_level_name(f->level));
        rg_json_string(out, f->hint);
        g_string_append(out, ",\"excerpt\":");
        rg_json_string(out, f->excerpt);
        if (f->line > 0)
            g_string_append_printf(out, ",\"line\":%zu}", (size_t) f->line);
        else
            g_string_append(out, ",\"line\":null}");
    }
    g_string_append(out, "]");
    if (r->zones != NULL) {
        g_string_append(out, ",\"zones\":[");
        for (guint i = 0; i < r->zones->len; i++) {
            const RgZone *z = &g_array_index(r->zones, RgZone, i);

            g_string_append_printf(out, "%s{\"part\":\"%s\",\"first_line\":%zu,"
                                   "\"last_line\":%zu}", i ? "," : "",
                                   rg_zone_name(z->kind), (size_t) z->first_line,
                                   (size_t) z->last_line);
        }
        g_string_append(out, "]");
    }
    if (r->scores != NULL) {
        g_string_append(out, ",\"language_scores\":{");
        for (guint i = 0; i < r->scores->len; i++) {
            const RgLanguageScore *s = &g_array_index(r->scores,
                                                      RgLanguageScore, i);

            g_string_append_printf(out, "%s", i ? "," : "");
            rg_json_string(out, s->code);
            g_string_append_printf(out, ":%d", s->score);
        }
        g_string_append(out, "}");
    }
    g_string_append_printf(out, ",\"truncated\":%s,\"scan_ms\":%.3f}\n",
                           r->truncated ? "true" : "false", r->elapsed_ms);
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
