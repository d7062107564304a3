/*
 * rg_action.c - result header, hold reason and SMTP reply text
 *
 * See rg_action.h.  The reply lists every finding, highest level first in
 * rule order, as "rule-id (line N: "excerpt"): hint", so the writer sees
 * what to change in the reply's language without opening anything else.
 */
#include <string.h>

#include "rg_action.h"

/*
 * rg_action_sanitize - text made safe for a header or an SMTP reply:
 * invalid UTF-8 and control characters become spaces, bidi controls
 * (U+202A-E, U+2066-9, U+200E/F, U+061C) are dropped, runs of spaces
 * collapse, '%' is doubled when for_libmilter, and the result is cut to
 * max_bytes on a character boundary (with "..." when cut).  Caller frees.
 */
char *rg_action_sanitize(const char *text, gsize max_bytes,
                         gboolean for_libmilter)
{
    g_autofree char *valid = g_utf8_make_valid(text ? text : "", -1);
    GString *out = g_string_sized_new(MIN(strlen(valid), max_bytes) + 4);
    gboolean cut = FALSE;

    for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        const char *next = g_utf8_next_char(p);
        gsize need = c == '%' && for_libmilter ? 2 : (gsize) (next - p);

        /* bidi controls would reorder what the writer reads: dropped */
        if (c == 0x061c || c == 0x200e || c == 0x200f ||
            (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
            continue;
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
            c == 0x2028 || c == 0x2029) {
            c = ' ';
            need = 1;
        }
        if (c == ' ' && (out->len == 0 || out->str[out->len - 1] == ' '))
            continue;
        if (out->len + need > max_bytes) {
            cut = TRUE;
            break;
        }
        if (c == ' ')
            g_string_append_c(out, ' ');
        else if (c == '%' && for_libmilter)
            g_string_append(out, "%%");
        else
            g_string_append_len(out, p, next - p);
    }
    if (cut) {
        /* room for "..." on a character boundary */
        while (out->len > 0 && out->len + 3 > max_bytes) {
            const char *prev = g_utf8_find_prev_char(out->str,
                                                     out->str + out->len);

            g_string_truncate(out, prev ? (gsize) (prev - out->str) : 0);
        }
        /* never leave half of a "%%" pair */
        if (for_libmilter) {
            gsize run = 0;

            while (run < out->len && out->str[out->len - 1 - run] == '%')
                run++;
            if (run % 2 == 1)
                g_string_truncate(out, out->len - 1);
        }
        g_string_append(out, "...");
    }
    while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate(out, out->len - 1);
    return g_string_free(out, FALSE);
}

/* append_token - a language code or rule list reduced to [A-Za-z0-9._,-] */
static void append_token(GString *out, const char *s)
{
    for (; s && *s; s++)
        if (g_ascii_isalnum(*s) || strchr("._,-", *s))
            g_string_append_c(out, *s);
}

/*
 * rg_action_header - "flag; lang=pl; profile=legal; rules=a,b" (rules
 * at flag and above; profile when a [profile] was chosen), with
 * "mode=monitor" when nothing was enforced.  ASCII only.
 */
char *rg_action_header(const RgResult *result, RgMode mode)
{
    GString *out = g_string_new(rg_verdict_name(result->verdict));
    g_autofree char *rules = rg_result_rule_list(result, RG_LEVEL_FLAG);

    if (mode == RG_MODE_MONITOR)
        g_string_append(out, "; mode=monitor");
    g_string_append(out, "; lang=");
    append_token(out, result->language);
    if (result->profile) {
        g_string_append(out, "; profile=");
        append_token(out, result->profile);
    }
    if (rules[0]) {
        g_string_append(out, "; rules=");
        append_token(out, rules);
    }
    if (result->truncated)
        g_string_append(out, "; truncated=yes");
    return g_string_free(out, FALSE);
}

/*
 * rg_action_reason - the quarantine reason: "replyguard: a,b,c" with the
 * rules at hold and above, cut at a rule boundary to fit RG_REASON_MAX
 */
char *rg_action_reason(const RgResult *result)
{
    g_autofree char *rules = rg_result_rule_list(result, RG_LEVEL_HOLD);
    g_auto(GStrv) names = g_strsplit(rules, ",", -1);
    GString *out = g_string_new("replyguard: ");
    guint shown = 0;
    guint total = g_strv_length(names);

    for (guint i = 0; i < total; i++) {
        gsize room = RG_REASON_MAX - out->len;
        gsize need = strlen(names[i]) + (shown ? 1 : 0);

        /* leave room for ",+NN" when more remain */
        if (need + (i + 1 < total ? 4 : 0) > room)
            break;
        if (shown++)
            g_string_append_c(out, ',');
        append_token(out, names[i]);
    }
    if (shown < total)
        g_string_append_printf(out, "%s+%u", shown ? "," : "", total - shown);
    if (total == 0)
        g_string_append(out, "held");
    return g_string_free(out, FALSE);
}

/* finding_line - one reply line for a finding, sanitised; caller frees */
static char *finding_line(const RgFinding *f)
{
    g_autoptr(GString) raw = g_string_new(rg_rule_name(f->rule));

    if (f->excerpt != NULL) {
        g_autofree char *ex = rg_action_sanitize(f->excerpt, RG_EXCERPT_MAX * 4,
                                                 FALSE);
        glong chars = g_utf8_strlen(ex, -1);

        if (chars > RG_EXCERPT_MAX) {
            char *end = g_utf8_offset_to_pointer(ex, RG_EXCERPT_MAX);

            *end = '\0';
        }
        if (f->line > 0)
            g_string_append_printf(raw, " (line %" G_GSIZE_FORMAT ": \"%s%s\")",
                                   f->line, ex,
                                   chars > RG_EXCERPT_MAX ? "..." : "");
        else
            g_string_append_printf(raw, " (\"%s%s\")", ex,
                                   chars > RG_EXCERPT_MAX ? "..." : "");
    }
    g_string_append_printf(raw, ": %s", f->hint ? f->hint : "");
    return rg_action_sanitize(raw->str, RG_REPLY_LINE_MAX, TRUE);
}

/*
 * rg_action_reply_lines - the text lines of a 550 5.7.1 reply: a heading,
 * then every finding, highest level first; at most RG_REPLY_LINES_MAX
 * lines, the last saying how many were left out.  Free with
 * g_ptr_array_unref.
 */
GPtrArray *rg_action_reply_lines(const RgResult *result)
{
    return rg_action_reply_lines_for(result, TRUE);
}

/* to_ascii - a sanitised line in ASCII: letters transliterated (ż to z),
 * anything else '?'; caller frees */
static char *to_ascii(char *line)
{
    char *ascii = g_str_to_ascii(line, "C");

    g_free(line);
    return ascii;
}

/*
 * rg_action_reply_lines_for - as rg_action_reply_lines, in UTF-8 only
 * when utf8 (the session announced SMTPUTF8), else in ASCII: a client
 * without SMTPUTF8 must not get 8-bit reply text.  Free with
 * g_ptr_array_unref.
 */
GPtrArray *rg_action_reply_lines_for(const RgResult *result, gboolean utf8)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) head = g_string_new("replyguard: reply not sent; lang=");
    guint total = result->findings->len;
    guint listed = 0;

    append_token(head, result->language);
    g_string_append(head, "; fix and send again:");
    g_ptr_array_add(lines, g_string_free(g_steal_pointer(&head), FALSE));
    for (int level = RG_LEVEL_REJECT; level >= RG_LEVEL_HINT; level--) {
        for (guint i = 0; i < total; i++) {
            const RgFinding *f = g_ptr_array_index(result->findings, i);

            if ((int) f->level != level)
                continue;
            if (lines->len == RG_REPLY_LINES_MAX - 1 && total - listed > 1) {
                g_ptr_array_add(lines, g_strdup_printf(
                    "... and %u more finding(s)", total - listed));
                return lines;
            }
            g_ptr_array_add(lines, utf8 ? finding_line(f)
                            : to_ascii(finding_line(f)));
            listed++;
        }
    }
    return lines;
}

/*
 * rg_action_reply_one_line - the reply lines as one line of at most
 * RG_REPLY_LINE_MAX bytes, for mail that came in through sendmail(1):
 * Postfix writes a multi-line milter reply into that bounce with its
 * line breaks as "__" and every line's "550-5.7.1" in the text.  Whole
 * lines, joined by a space, as many as fit; the count of those left out
 * at the end.  Caller frees.
 */
char *rg_action_reply_one_line(const GPtrArray *lines)
{
    GString *out = g_string_new(NULL);
    /* room for the note, with the longest count it can carry */
    const gsize note_room = sizeof " (and 4294967295 more line(s))";

    for (guint i = 0; i < lines->len; i++) {
        const char *l = g_ptr_array_index(lines, i);
        const gsize add = strlen(l) + (out->len ? 1 : 0);
        const gboolean last = i + 1 == lines->len;

        if (out->len + add > RG_REPLY_LINE_MAX - (last ? 0 : note_room)) {
            g_string_append_printf(out, "%s(and %u more line(s))",
                                   out->len ? " " : "", lines->len - i);
            break;
        }
        if (out->len)
            g_string_append_c(out, ' ');
        g_string_append(out, l);
    }
    return g_string_free(out, FALSE);
}
