/*
 * NAME
 *	rg_desk_html - escaping for the review desk's pages and exports
 * SYNOPSIS
 *	void rg_desk_html_append(GString *out, const char *text, gssize len)
 *	char *rg_desk_html_escape(const char *text)
 *	void rg_desk_csv_append(GString *out, const char *field)
 * DESCRIPTION
 *	Every string the desk shows passes through here.  HTML escaping
 *	replaces & < > " ' with entities (safe in element content and in
 *	quoted attribute values) and any invalid UTF-8 byte and control
 *	character other than tab and newline with U+FFFD, so a hostile
 *	subject or body renders as text.
 *
 *	CSV fields are always quoted ("" doubles a quote); a field that a
 *	spreadsheet would read as a formula (= + - @ tab CR first) gets a
 *	leading apostrophe.
 * DIAGNOSTICS
 *	None; NULL text appends nothing.
 */
#include <string.h>

#include "rg_desk_html.h"

/* rg_desk_html_append - append text (len bytes, -1: NUL-terminated) escaped */
void rg_desk_html_append(GString *out, const char *text, gssize len)
{
    const char *p, *end;

    if (text == NULL)
        return;
    if (len < 0)
        len = (gssize) strlen(text);
    p = text;
    end = text + len;
    while (p < end) {
        gunichar c = g_utf8_get_char_validated(p, end - p);

        if (c == (gunichar) -1 || c == (gunichar) -2) {
            g_string_append(out, "\xEF\xBF\xBD");
            p++;
            continue;
        }
        switch (c) {
        case '&': g_string_append(out, "&amp;"); break;
        case '<': g_string_append(out, "&lt;"); break;
        case '>': g_string_append(out, "&gt;"); break;
        case '"': g_string_append(out, "&quot;"); break;
        case '\'': g_string_append(out, "&#39;"); break;
        case '\t': case '\n': g_string_append_c(out, (char) c); break;
        default:
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
                g_string_append(out, "\xEF\xBF\xBD");
            else
                g_string_append_unichar(out, c);
        }
        p = g_utf8_next_char(p);
    }
}

/* rg_desk_html_escape - a new escaped copy of text (caller frees) */
char *rg_desk_html_escape(const char *text)
{
    GString *out = g_string_new(NULL);

    rg_desk_html_append(out, text, -1);
    return g_string_free(out, FALSE);
}

/* rg_desk_csv_append - append one quoted CSV field, formula-safe */
void rg_desk_csv_append(GString *out, const char *field)
{
    const char *p;

    g_string_append_c(out, '"');
    if (field && strchr("=+-@\t\r", field[0]) && field[0])
        g_string_append_c(out, '\'');
    for (p = field ? field : ""; *p; p++) {
        if (*p == '"')
            g_string_append_c(out, '"');
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
}
