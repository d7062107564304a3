/*
 * rg_json.c - results as JSON lines, the same for every front end
 *
 * Owns the JSON form of a result: replyguard-check --format json writes
 * it, and so does the daemon's check API (with RG_JSON_OFFSETS), so the
 * two answer byte for byte the same.  Written by hand: one object per
 * message on one line, strings escaped per RFC 8259 (control characters
 * as \u00XX, UTF-8 kept).
 */
#include <string.h>

#include "replyguard/rg_json.h"

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

/* char_offset - a byte offset of text as a count of characters */
static glong char_offset(const char *text, gsize len, gsize at)
{
    if (text == NULL)
        return (glong) at;
    at = MIN(at, len);
    return g_utf8_pointer_to_offset(text, text + at);
}

/* where_name - the JSON name of an excerpt's place */
static const char *where_name(RgWhere where)
{
    switch (where) {
    case RG_WHERE_BODY:
        return "text";
    case RG_WHERE_SUBJECT:
        return "subject";
    case RG_WHERE_PART:
        return "part";
    case RG_WHERE_NONE:
    default:
        return NULL;
    }
}

/* append_offsets - where a finding's excerpt stands, in characters */
static void append_offsets(GString *out, const RgResult *r, const RgFinding *f)
{
    const char *where = where_name(f->where);
    const char *text = f->where == RG_WHERE_SUBJECT ? r->subject : r->text;
    gsize len = f->where == RG_WHERE_SUBJECT
        ? (r->subject ? strlen(r->subject) : 0) : r->text_len;
    glong start;

    if (where == NULL || f->excerpt == NULL || f->where == RG_WHERE_PART) {
        g_string_append(out, ",\"where\":null,\"start\":null,\"end\":null");
        return;
    }
    start = char_offset(text, len, f->offset);
    g_string_append_printf(out, ",\"where\":\"%s\",\"start\":%ld,\"end\":%ld",
                           where, start,
                           char_offset(text, len, f->offset + f->length));
}

/* rg_json_result - one JSON object and a newline; error replaces the
 * result; flags RG_JSON_OFFSETS adds where each excerpt stands */
void rg_json_result(GString *out, const char *source, const RgResult *r,
                    const char *error, guint flags)
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
    if (r->profile != NULL) {
        g_string_append(out, ",\"profile\":");
        rg_json_string(out, r->profile);
    }
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
            g_string_append_printf(out, ",\"line\":%zu", (size_t) f->line);
        else
            g_string_append(out, ",\"line\":null");
        if (flags & RG_JSON_OFFSETS)
            append_offsets(out, r, f);
        g_string_append_c(out, '}');
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

