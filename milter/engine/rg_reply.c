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
#define NAME_PREFIXES_MAX 3     /* "mgr inż." before a name, at most */
#define NAME_PREFIX_MAX 6       /* bytes of one such prefix */
#define OUTLOOK_SENT_WINDOW 4   /* lines from "From:" to "Sent:" at most */
#define OUTLOOK_MAX_TRIES 1000  /* "From:" lines tried at most */

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
    if (r->words)
        g_array_unref(r->words);
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
    /* degrees and forms of address before a name: "ing.", "mgr inż.",
     * "Dr." */
    for (int i = 0; i < NAME_PREFIXES_MAX; i++) {
        gsize t = 0;

        while (t < len && line[t] != ' ')
            t++;
        if (t == len || t > NAME_PREFIX_MAX ||
            !(line[t - 1] == '.' || g_ascii_islower(line[0])))
            break;
        line += t;
        len -= t;
        while (len > 0 && line[0] == ' ') {
            line++;
            len--;
        }
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

/* kinds of line a signature block is made of (bits) */
#define K_CLOSING (1u << 0)     /* a sign-off: "Kind regards," */
#define K_NAME (1u << 1)        /* a person's name */
#define K_TITLE (1u << 2)       /* a job title */
#define K_CONTACT (1u << 3)     /* a phone number or e-mail address */
#define K_ORG (1u << 4)         /* a team or company word, a web address */
#define K_SHORT (1u << 5)       /* a few words, not a sentence */
#define K_FOOTER (1u << 6)      /* a mobile footer, disclaimer or banner cue */
#define K_FULLNAME (1u << 7)    /* a name of two words or more */
#define K_SIGNATURE (K_CLOSING | K_NAME | K_TITLE | K_CONTACT | K_ORG | K_SHORT)
#define K_EVIDENCE (K_CLOSING | K_FULLNAME | K_TITLE | K_CONTACT | K_ORG)

#define SIG_LINE_MAX 100        /* bytes of a signature line (a "|" line: 2x) */
#define SHORT_LINE_MAX 60       /* bytes of a short line */
#define SHORT_WORDS_MAX 7       /* words of a short line */
#define TAIL_PROSE_MAX 12       /* lines of banner prose below a signature */
#define CLOSING_WORDS_MAX 4     /* words of an unlisted sign-off ("Cheers,") */

/* set_hit - 1 when set matches in text[0, len), 0 when not, -1 on error */
static int set_hit(const RgPatternSet *set, RgMatcher *m, const char *text,
                   gsize len, GError **error)
{
    RgMatch match;

    return rg_pattern_set_search(set, m, text, len, 0, &match, error);
}

/* is_sentence - ends like prose: a full stop, "?" or "!" after a few
 * words (abbreviations such as "S.A." or "d.o.o." are not sentences) */
static gboolean is_sentence(const char *text, gsize len, guint words)
{
    char last = len ? text[len - 1] : 0;

    if (last == '?' || last == '!')
        return TRUE;
    if (last != '.' || words < 3)
        return FALSE;
    /* "... S.A." / "d.o.o." */
    return !(len >= 3 && text[len - 3] == '.');
}

/* classify_part - the kinds of one part of a signature line */
static int classify_part(const char *text, gsize len, const RgPolicySet *ps,
                         RgMatcher *m, guint *kinds, GError **error)
{
    static const RgSetId evidence[] = {RG_SET_TITLE, RG_SET_PHONE,
                                       RG_SET_EMAIL, RG_SET_TEAM};
    static const guint bits[] = {K_TITLE, K_CONTACT, K_CONTACT, K_ORG};
    int n;

    while (len > 0 && text[0] == ' ') {
        text++;
        len--;
    }
    while (len > 0 && strchr(" ,", text[len - 1]))
        len--;
    if (len == 0)
        return 0;
    for (guint i = 0; i < G_N_ELEMENTS(evidence); i++) {
        int rc = set_hit(ps->any[evidence[i]], m, text, len, error);

        if (rc < 0)
            return -1;
        if (rc)
            *kinds |= bits[i];
    }
    if (g_strstr_len(text, (gssize) len, "www.") ||
        g_strstr_len(text, (gssize) len, "://"))
        *kinds |= K_ORG;
    n = rg_reply_name_words(text, len, ps, m, error);
    if (n < 0)
        return -1;
    if (n > 0)
        *kinds |= K_NAME;
    if (n > 1)
        *kinds |= K_FULLNAME;
    return 0;
}

/* classify_line - the kinds of a line (0: prose); -1 on a match error */
static int classify_line(const char *body, const Line *l,
                         const RgPolicySet *ps, RgMatcher *m, guint *kinds,
                         GError **error)
{
    gsize s = ltrim(body, l);
    const char *text = body + s;
    gsize len = l->end - s;
    gboolean piped = memchr(text, '|', len) != NULL;
    guint words = rg_words_count(text, len);
    RgMatch match;
    int rc;

    *kinds = 0;
    rc = set_hit(ps->any[RG_SET_FOOTER], m, text, len, error);
    if (rc < 0)
        return -1;
    if (rc)
        *kinds |= K_FOOTER;
    if (len > (piped ? 2 * SIG_LINE_MAX : SIG_LINE_MAX))
        return 0;
    rc = rg_pattern_set_search(ps->any[RG_SET_SIGNOFF], m, body, l->end, s,
                               &match, error);
    if (rc < 0)
        return -1;
    if (rc && len <= SIGNOFF_MAX_LINE)
        *kinds |= K_CLOSING;
    if (len <= SHORT_LINE_MAX && words <= SHORT_WORDS_MAX &&
        !is_sentence(text, len, words))
        *kinds |= K_SHORT;
    /* "Name | Title | phone", "Name, Title": each part on its own */
    for (gsize a = 0; a < len;) {
        gsize b = a;

        while (b < len && text[b] != '|' && text[b] != ',')
            b++;
        if (classify_part(text + a, b - a, ps, m, kinds, error) < 0)
            return -1;
        a = b + 1;
    }
    /* a sentence is prose, whatever words it holds */
    if (is_sentence(text, len, words) && !(*kinds & (K_CONTACT | K_CLOSING)))
        *kinds &= K_FOOTER;
    return 0;
}

/* closing_like - a line that reads as a sign-off though no policy lists
 * it: a few words ending with "," ("Cheers,", "Thanks again,", "Lp,") */
static gboolean closing_like(const char *body, const Line *l)
{
    gsize s = ltrim(body, l);
    gsize len = l->end - s;

    return len > 1 && body[l->end - 1] == ',' &&
        rg_words_count(body + s, len) <= CLOSING_WORDS_MAX;
}

/*
 * find_block - the signature block by its shape: the last paragraphs of
 * the agent's part made only of signature lines (name, title, phone or
 * e-mail, team or company, web address, sign-off, a few words) with at
 * least one that is evidence, a sign-off at the end of the paragraph
 * above included.  Below a signature that has both a name or sign-off and
 * a title, contact or company (a strong one), up to TAIL_PROSE_MAX lines
 * of any text are its footer (banners, disclaimers); below any other,
 * only paragraphs that read as footers (mobile footers, disclaimers).
 * Returns the index in keep where the block starts, or to; -1 on error.
 */
static int find_block(const char *body, const GArray *lines,
                      const GArray *keep, guint to, const RgPolicySet *ps,
                      RgMatcher *m, GError **error)
{
    g_autofree guint *kinds = g_new0(guint, to + 1);
    int start = (int) to;
    guint have = 0;             /* kinds seen in the block's paragraphs */
    guint tail = 0;             /* uncued prose lines below the block */
    gboolean tentative = FALSE; /* short paragraphs above start were passed */
    int k = (int) to - 1;

#define KEEP_LINE(i) (&g_array_index(lines, Line, g_array_index(keep, guint, (i))))
    while (k >= 0) {
        int end = k;
        int first;
        guint all = K_SIGNATURE;
        guint any = 0;
        gboolean footer = FALSE;

        /* one paragraph: [first, end] */
        while (k >= 0 && !is_blank(body, KEEP_LINE(k)) &&
               !is_rule_line(body, KEEP_LINE(k)))
            k--;
        first = k + 1;
        while (k >= 0 && (is_blank(body, KEEP_LINE(k)) ||
                          is_rule_line(body, KEEP_LINE(k))))
            k--;
        if (first > end)
            continue;
        /* lines are classified as the walk up reaches their paragraph:
         * the prose above the block is never read */
        for (int i = first; i <= end; i++)
            if (classify_line(body, KEEP_LINE(i), ps, m, &kinds[i], error) < 0)
                return -1;
        for (int i = first; i <= end; i++) {
            all &= kinds[i] & K_SIGNATURE ? K_SIGNATURE : 0;
            any |= kinds[i];
            footer = footer || (kinds[i] & K_FOOTER);
        }
        if (end - first >= SIGNATURE_MAX_LINES)
            all = 0;            /* a block is a few lines, not a list */
        if (all && (any & K_EVIDENCE)) {
            start = first;
            have |= any;
            tentative = FALSE;
            continue;
        }
        /* a short paragraph of a few words between signature paragraphs
         * ("BrightGrid Energy" in a block spaced out by blank lines) is
         * taken when evidence stands above it too */
        if (all && start < (int) to && end - first < 2) {
            tentative = TRUE;
            continue;
        }
        if (start == (int) to) {
            /* below any signature yet: a footer, or a paragraph that ends
             * in one ("... thanks.\nKind regards,\nAnn Lee") */
            int t = end;

            if (footer)
                continue;
            while (t >= first && (kinds[t] & K_SIGNATURE))
                t--;
            guint tail_kinds = 0;

            for (int i = t + 1; i <= end; i++)
                tail_kinds |= kinds[i];
            /* "... prose.\nKind regards,\nAnn Lee", or "... prose!\nAnn
             * Lee\nSupport Specialist\n+44 ..." */
            if (t < end && end - t <= SIGNATURE_MAX_LINES &&
                ((kinds[t + 1] & K_CLOSING) ||
                 closing_like(body, KEEP_LINE(t + 1)) ||
                 ((kinds[t + 1] & K_NAME) && end > t + 1 &&
                  (tail_kinds & (K_TITLE | K_CONTACT))))) {
                if (tail_kinds & K_EVIDENCE) {
                    start = t + 1;
                    have |= tail_kinds;
                    break;
                }
            }
            tail += (guint) (end - first + 1);
            if (tail <= TAIL_PROSE_MAX)
                continue;
            break;
        }
        /* prose above the block: its last line may be the sign-off */
        if (!tentative &&
            ((kinds[end] & K_CLOSING) || closing_like(body, KEEP_LINE(end))))
            start = end;
        break;
    }
#undef KEEP_LINE
    if (start == (int) to)
        return (int) to;
    if (tail > 0 && !((have & (K_NAME | K_CLOSING)) &&
                      (have & (K_TITLE | K_CONTACT | K_ORG))))
        return (int) to;
    return start;
}

/* find_signature - index in keep where the block starts, or to; -1 on
 * error.  A "-- " line starts it (with a sign-off just above); else its
 * shape (find_block); else the last sign-off near the end. */
static int find_signature(const char *body, const GArray *lines,
                          const GArray *keep, guint to,
                          const RgPolicySet *ps, RgMatcher *m,
                          gboolean *found, GError **error)
{
    int signoff;
    int delim = -1;
    int block;

    *found = TRUE;
    for (guint k = 0; k < to && delim < 0; k++)
        if (is_delimiter(body, &g_array_index(lines, Line,
                                              g_array_index(keep, guint, k))))
            delim = (int) k;
    if (delim >= 0) {
        /* a sign-off just above the delimiter belongs to the block */
        int above;

        if (!find_signoff(body, lines, keep, delim > 2 ? delim - 2 : 0,
                          (guint) delim, ps, m, &above, error))
            return -1;
        return above >= 0 ? above : delim;
    }
    block = find_block(body, lines, keep, to, ps, m, error);
    if (block < 0)
        return -1;
    if (block < (int) to)
        return block;
    if (!find_signoff(body, lines, keep, 0, to, ps, m, &signoff, error))
        return -1;
    if (signoff >= 0)
        return signoff;
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
            if (is_delimiter(body, l) || (rc == 0 && closing_like(body, l)))
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
    r->words = rg_words_split(r->agent, r->new_len);
    r->quoted_len = quoted->len;
    r->quoted = g_string_free(g_steal_pointer(&quoted), FALSE);
    return g_steal_pointer(&r);
}
