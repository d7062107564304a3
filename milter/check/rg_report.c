/*
 * rg_report.c - results as text reports and JSON lines
 *
 * JSON is written by hand: one object per message on one line, strings
 * escaped per RFC 8259 (control characters as \u00XX, UTF-8 kept).
 */
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
    g_string_append_printf(out, "],\"truncated\":%s,\"scan_ms\":%.3f}\n",
                           r->truncated ? "true" : "false", r->elapsed_ms);
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
        g_string_append_printf(out, "  subject: %s\n  scan time: %.3f ms\n",
                               r->subject, r->elapsed_ms);
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
