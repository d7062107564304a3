/*
 * rg_reply.c - split a reply body into new text, signature and quoted original
 *
 * Owns the reply model.  Steps, on the body's lines:
 *   1. the quoted original starts at the first attribution line,
 *      separator, or Outlook "From:" line followed within four lines by a
 *      "Sent:" line; before it, lines starting with '>' are quoted too;
 *   2. in what is left, the signature block starts at the last sign-off
 *      line that is near the end, or at a "-- " line (taking a sign-off
 *      just above it along), or else at a last paragraph that opens with
 *      a person's name;
 *   3. the agent's part is the new text followed by the block.
 */
#include <string.h>

#include "rg_reply.h"
#include "rg_words.h"

#define SIGNOFF_MAX_LINE 100    /* bytes: longer lines are prose */
#define SIGNATURE_MAX_LINES 15  /* a sign-off further from the end is prose */
#define NAME_MAX_LINE 60        /* bytes: a longer line is no name */
#define NAME_MAX_WORDS 4        /* words of a name at most */
#define OUTLOOK_SENT_WINDOW 4   /* lines from "From:" to "Sent:" at most */
#define OUTLOOK_MAX_TRIES 1000  /* "From:" lines tried at most */
#define NAME_PARAGRAPH_LINES 8  /* a name paragraph this near the end */

typedef struct {
    gsize start;
    gsize end;                  /* without the line end */
} Line;

/* rg_reply_free - accepts NULL */
void rg_reply_free(RgReply *r)
{
    if (r == NULL)
        return;
    g_free(r->agent);
    g_free(r->quoted);
    if (r->map)
        g_array_unref(r->map);
    if (r->zones)
        g_array_unref(r->zones);
    g_free(r);
}

/* split_lines - line boundaries of text */
static GArray *split_lines(const char *text, gsize len)
{
    GArray *lines = g_array_sized_new(FALSE, FALSE, sizeof(Line), len / 40 + 4);
    gsize start = 0;

    while (start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        gsize end = nl ? (gsize) (nl - text) : len;
        Line l = {start, end};

        while (l.end > l.start && text[l.end - 1] == ' ')
            l.end--;
        g_array_append_val(lines, l);
        start = end + 1;
    }
    return lines;
}

/* line_at - index of the line holding offset */
static guint line_at(const GArray *lines, gsize offset)
{
    guint lo = 0;
    guint hi = lines->len;

    while (lo + 1 < hi) {
        guint mid = (lo + hi) / 2;

        if (g_array_index(lines, Line, mid).start <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* first_match_line - line of the first match of set, or lines->len */
static int first_match_line(const RgPatternSet *set, RgMatcher *m,
                            const char *text, gsize len, const GArray *lines,
                            guint *line, GError **error)
{
    RgMatch match;
    int rc = rg_pattern_set_search(set, m, text, len, 0, &match, error);

    *line = rc == 1 ? line_at(lines, match.start) : lines->len;
    return rc;
}

/* outlook_block_line - first "From:" line with a "Sent:" line just below */
static int outlook_block_line(const RgPolicySet *ps, RgMatcher *m,
                              const char *text, gsize len,
                              const GArray *lines, guint *line,
                              GError **error)
{
    gsize offset = 0;
    RgMatch match;
    int rc;

    *line = lines->len;
    for (int guard = 0; guard < OUTLOOK_MAX_TRIES; guard++) {
        rc = rg_pattern_set_search(ps->any[RG_SET_HEADER_FROM], m, text, len,
                                   offset, &match, error);
        if (rc <= 0)
            return rc;
        guint from = line_at(lines, match.start);
        guint last = MIN(from + OUTLOOK_SENT_WINDOW, lines->len - 1);
        const Line *next = &g_array_index(lines, Line, MIN(from + 1, last));
        const Line *stop = &g_array_index(lines, Line, last);
        RgMatch sent;

        if (from + 1 < lines->len) {
            rc = rg_pattern_set_search(ps->any[RG_SET_HEADER_SENT], m, text,
                                       stop->end, next->start, &sent, error);
            if (rc < 0)
                return rc;
            if (rc == 1) {
                *line = from;
                return 1;
            }
        }
        offset = g_array_index(lines, Line, from).end + 1;
        if (offset >= len)
            return 0;
    }
    return 0;
}

/* is_quoted_line - first non-blank character is '>' */
static gboolean is_quoted_line(const char *text, const Line *l)
{
    for (gsize i = l->start; i < l->end; i++) {
        if (text[i] == '>')
            return TRUE;
        if (text[i] != ' ')
            return FALSE;
    }
    return FALSE;
}

/* is_blank - only spaces */
static gboolean is_blank(const char *text, const Line *l)
{
    for (gsize i = l->start; i < l->end; i++)
        if (text[i] != ' ')
            return FALSE;
    return TRUE;
}

/* is_rule_line - a line of only -, _, =, * or ~ (a drawn separator) */
static gboolean is_rule_line(const char *text, const Line *l)
{
    gsize n = 0;

    for (gsize i = l->start; i < l->end; i++, n++)
        if (!strchr("-_=*~ ", text[i]))
            return FALSE;
    return n >= 3;
}

/* ltrim - first non-space offset of a line */
static gsize ltrim(const char *text, const Line *l)
{
    gsize i = l->start;

    while (i < l->end && text[i] == ' ')
        i++;
    return i;
}

/*
 * rg_reply_name_words - whether a line is a person's name: 1 to 4
 * capitalised words (a double-barrelled surname counts once), nothing but letters, spaces, '-', '\'' and '.', no
 * team, company or title word.  Returns the number of words, 0 when it is
 * not a name, -1 on a match error.
 */
int rg_reply_name_words(const char *line, gsize len, const RgPolicySet *ps,
                        RgMatcher *matcher, GError **error)
{
    g_autoptr(GArray) words = NULL;
    RgMatch match;
    int rc;
    int n = 0;

    while (len > 0 && strchr(" ,.", line[len - 1]))
        len--;
    while (len > 0 && line[0] == ' ') {
        line++;
        len--;
    }
    if (len == 0 || len > NAME_MAX_LINE)
        return 0;
    for (gsize i = 0; i < len; i++) {
        unsigned char c = (unsigned char) line[i];

        if (c < 0x80 && !g_ascii_isalpha(c) && !strchr(" -'.", c))
            return 0;
    }
    words = rg_words_split(line, len);
    if (words->len == 0 || words->len > NAME_MAX_WORDS)
        return 0;
    for (guint i = 0; i < words->len; i++) {
        const RgWord *w = &g_array_index(words, RgWord, i);
        gboolean initial = w->letters == 1 && w->upper == 1;

        gboolean joined = w->start > 0 && strchr("-'", line[w->start - 1]);

        if (!initial && !rg_word_is_capitalised(line, w))
            return 0;
        if (!initial && !joined)
            n++;
    }
    if (n == 0)
        return 0;
    for (int s = RG_SET_TEAM; s <= RG_SET_TITLE; s++) {
        rc = rg_pattern_set_search(ps->any[s], matcher, line, len, 0, &match,
                                   error);
        if (rc != 0)
            return rc < 0 ? -1 : 0;
    }
    return n;
}

/* find_signoff - the last sign-off line among keep[from, to) near the
 * end into *found (-1: none); FALSE with error on a match failure */
static gboolean find_signoff(const char *body, const GArray *lines,
                             const GArray *keep, guint from, guint to,
                             const RgPolicySet *ps, RgMatcher *m, int *found,
                             GError **error)
{
    *found = -1;
    for (guint k = from; k < to; k++) {
        const Line *l = &g_array_index(lines, Line,
                                       g_array_index(keep, guint, k));
        gsize s = ltrim(body, l);
        RgMatch match;
        int rc;

        if (l->end - s == 0 || l->end - s > SIGNOFF_MAX_LINE)
            continue;
        rc = rg_pattern_set_search(ps->any[RG_SET_SIGNOFF], m, body, l->end,
                                   s, &match, error);
        if (rc < 0)
            return FALSE;
        if (rc == 1 && to - k <= SIGNATURE_MAX_LINES)
            *found = (int) k;
    }
    return TRUE;
}

/* is_delimiter - the "-- " signature delimiter (trailing space optional) */
static gboolean is_delimiter(const char *body, const Line *l)
{
    return l->end - l->start == 2 && body[l->start] == '-' &&
        body[l->start + 1] == '-';
}

/* find_signature - index in keep where the block starts, or to; -1 on error */
static int find_signature(const char *body, const GArray *lines,
                          const GArray *keep, guint to,
                          const RgPolicySet *ps, RgMatcher *m,
                          gboolean *found, GError **error)
{
    int signoff;
    int delim = -1;

    *found = TRUE;
    if (!find_signoff(body, lines, keep, 0, to, ps, m, &signoff, error))
        return -1;
    for (guint k = 0; k < to && delim < 0; k++)
        if (is_delimiter(body, &g_array_index(lines, Line,
                                              g_array_index(keep, guint, k))))
            delim = (int) k;
    if (delim >= 0 && (signoff < 0 || delim < signoff)) {
        /* a sign-off just above the delimiter belongs to the block */
        int above;

        if (!find_signoff(body, lines, keep, delim > 2 ? delim - 2 : 0,
                          (guint) delim, ps, m, &above, error))
            return -1;
        return above >= 0 ? above : delim;
    }
    if (signoff >= 0)
        return signoff;

    /* no sign-off: a last paragraph that opens with a person's name */
    for (int k = (int) to - 1; k >= 0 && (int) to - k <= NAME_PARAGRAPH_LINES;
         k--) {
        const Line *l = &g_array_index(lines, Line,
                                       g_array_index(keep, guint, k));
        const Line *prev = k > 0 ? &g_array_index(lines, Line,
                                                  g_array_index(keep, guint,
                                                                k - 1)) : NULL;

        if (is_blank(body, l))
            continue;
        if (prev == NULL || is_blank(body, prev)) {
            int words = rg_reply_name_words(body + l->start, l->end - l->start,
                                            ps, m, error);

            if (words < 0)
                return -1;
            if (words >= 2)
                return k;
            break;
        }
    }
    *found = FALSE;
    return (int) to;
}

/* rg_reply_body_offset - where an offset of the agent's text stands in
 * the body */
gsize rg_reply_body_offset(const RgReply *r, gsize agent_offset)
{
    guint lo = 0;
    guint hi = r->map->len;

    if (hi == 0)
        return agent_offset;
    while (lo + 1 < hi) {
        guint mid = (lo + hi) / 2;

        if (g_array_index(r->map, RgLineMap, mid).agent <= agent_offset)
            lo = mid;
        else
            hi = mid;
    }
    const RgLineMap *m = &g_array_index(r->map, RgLineMap, lo);

    return m->body + (agent_offset - m->agent);
}

/* add_zone_line - body line i (of kind) to the zones, extending the last
 * zone when it is of the same kind */
static void add_zone_line(GArray *zones, RgZoneKind kind, guint i,
                          const Line *l, gsize body_len)
{
    RgZone *last = zones->len
        ? &g_array_index(zones, RgZone, zones->len - 1) : NULL;
    gsize end = MIN(l->end + 1, body_len);

    if (last && last->kind == kind) {
        last->last_line = i + 1;
        last->end = end;
        return;
    }
    RgZone z = {kind, i + 1, i + 1, l->start, end};

    g_array_append_val(zones, z);
}

/* make_zones - every body line as new text, signature or quoted: kept
 * lines by where the block starts, quoted ones as such, the blank lines
 * trimmed off the agent's part with their neighbours */
static GArray *make_zones(const GArray *lines, const guint8 *quoted,
                          const GArray *keep, gsize sig_line, gsize body_len)
{
    GArray *zones = g_array_new(FALSE, FALSE, sizeof(RgZone));
    RgZoneKind kind = RG_ZONE_NEW;
    guint first = keep->len ? g_array_index(keep, guint, 0) : lines->len;

    for (guint i = 0; i < lines->len; i++) {
        if (quoted[i]) {
            add_zone_line(zones, RG_ZONE_QUOTED, i,
                          &g_array_index(lines, Line, i), body_len);
            continue;
        }
        if (i >= first && i >= sig_line)
            kind = RG_ZONE_SIGNATURE;
        add_zone_line(zones, kind, i, &g_array_index(lines, Line, i),
                      body_len);
    }
    return zones;
}

/* rg_reply_split - the reply model of a normalised body; caller frees */
RgReply *rg_reply_split(const char *body, gsize len, const RgPolicySet *ps,
                        RgMatcher *m, GError **error)
{
    g_autoptr(RgReply) r = g_new0(RgReply, 1);
    g_autoptr(GArray) lines = split_lines(body, len);
    g_autoptr(GArray) keep = g_array_new(FALSE, FALSE, sizeof(guint));
    g_autoptr(GString) agent = g_string_sized_new(len + 1);
    g_autoptr(GString) quoted = g_string_new(NULL);
    g_autofree guint8 *quoted_line = g_new0(guint8, lines->len + 1);
    guint quote_start = lines->len;
    guint cand;
    guint first = 0;
    guint last;
    gsize sig_line;
    int sig;

    if (first_match_line(ps->any[RG_SET_ATTRIBUTION], m, body, len, lines,
                         &cand, error) < 0)
        return NULL;
    quote_start = MIN(quote_start, cand);
    if (first_match_line(ps->any[RG_SET_SEPARATOR], m, body, len, lines,
                         &cand, error) < 0)
        return NULL;
    quote_start = MIN(quote_start, cand);
    if (outlook_block_line(ps, m, body, len, lines, &cand, error) < 0)
        return NULL;
    quote_start = MIN(quote_start, cand);
    r->quote_found = quote_start < lines->len;

    for (guint i = 0; i < lines->len; i++) {
        const Line *l = &g_array_index(lines, Line, i);

        if (i >= quote_start || is_quoted_line(body, l)) {
            g_string_append_len(quoted, body + l->start,
                                (gssize) (l->end - l->start));
            g_string_append_c(quoted, '\n');
            quoted_line[i] = 1;
        } else {
            g_array_append_val(keep, i);
        }
    }
    /* trim blank and drawn-separator lines at both ends */
    last = keep->len;
    while (first < last &&
           is_blank(body, &g_array_index(lines, Line,
                                         g_array_index(keep, guint, first))))
        first++;
    while (last > first) {
        const Line *l = &g_array_index(lines, Line,
                                       g_array_index(keep, guint, last - 1));

        if (!is_blank(body, l) && !is_rule_line(body, l))
            break;
        last--;
    }
    if (first > 0)
        g_array_remove_range(keep, 0, first);
    g_array_set_size(keep, last - first);

    sig = find_signature(body, lines, keep, keep->len, ps, m,
                         &r->has_signature, error);
    if (sig < 0)
        return NULL;
    r->map = g_array_sized_new(FALSE, FALSE, sizeof(RgLineMap), keep->len);
    sig_line = (guint) sig < keep->len ? g_array_index(keep, guint, sig)
        : G_MAXSIZE;
    for (guint k = 0; k < keep->len; k++) {
        const Line *l = &g_array_index(lines, Line, g_array_index(keep, guint, k));

        if (k == (guint) sig) {
            RgMatch match;
            gsize s = ltrim(body, l);
            int rc = is_delimiter(body, l) ? 0
                : rg_pattern_set_search(ps->any[RG_SET_SIGNOFF], m, body,
                                        l->end, s, &match, error);

            if (rc < 0)
                return NULL;
            r->new_len = agent->len;
            r->signature_body = agent->len;
            if (is_delimiter(body, l))
                r->signature_body = agent->len + (l->end - l->start);
            else if (rc == 1)
                r->signature_body = agent->len + (match.end - l->start);
        }
        RgLineMap lm = {agent->len, l->start};

        g_array_append_val(r->map, lm);
        g_string_append_len(agent, body + l->start, (gssize) (l->end - l->start));
        g_string_append_c(agent, '\n');
    }
    r->zones = make_zones(lines, quoted_line, keep, sig_line, len);
    if ((guint) sig >= keep->len) {
        r->new_len = agent->len;
        r->signature_body = agent->len;
    }
    r->agent_len = agent->len;
    r->agent = g_string_free(g_steal_pointer(&agent), FALSE);
    r->quoted_len = quoted->len;
    r->quoted = g_string_free(g_steal_pointer(&quoted), FALSE);
    return g_steal_pointer(&r);
}
