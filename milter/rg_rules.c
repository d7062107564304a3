/*
 * rg_rules.c - the checks of SPEC section 4 over a reply model
 *
 * One function per rule (or pair of rules sharing their evidence), each
 * adding at most one finding.  Language rules read only the new text; the
 * signature rules read only the signature block; caps reads the new text
 * and the Subject.  Phrase rules match the phrases of every loaded
 * language, since a reply may mix languages and short texts can be
 * detected wrongly; voice.plural counts the forms of the detected
 * language only (a word can be a pronoun in one language and a
 * preposition in another), and hints are always in the detected language.
 */
#include <string.h>

#include "rg_rules.h"
#include "rg_text.h"
#include "rg_words.h"

#define EXCERPT_MAX 120         /* bytes of excerpt kept */
#define COUNT_MAX 10000         /* matches counted at most, per set */

typedef struct {
    const char *text;
    gsize start;
    gsize end;
} Span;

/* level_of - configured level of a rule */
static RgLevel level_of(const RgCheck *c, RgRuleId rule)
{
    return c->config->levels[rule];
}

/* excerpt - a copy of text[start, end) on one line, at most EXCERPT_MAX bytes */
static char *excerpt(const char *text, gsize start, gsize end)
{
    gsize n = rg_text_clip(text + start, end - start, EXCERPT_MAX);
    char *e = g_strndup(text + start, n);

    g_strdelimit(e, "\n", ' ');
    return e;
}

/* add - record a finding of rule at its configured level */
static void add(const RgCheck *c, RgResult *r, RgRuleId rule,
                const char *detail, const Span *where)
{
    g_autofree char *ex = NULL;
    g_autofree char *hint = NULL;
    gsize line = 0;
    const char *base = c->policy->hints[rule];

    if (where != NULL) {
        ex = excerpt(where->text, where->start, where->end);
        if (where->text == c->reply->agent)
            line = rg_text_line_of(where->text, where->start);
    }
    hint = detail ? g_strdup_printf("%s (%s)", base, detail) : g_strdup(base);
    rg_result_add(r, rule, level_of(c, rule), hint, ex, line);
}

/* first_match - search a set in the new text */
static int first_match(const RgCheck *c, const RgPatternSet *set,
                       RgMatch *m, GError **error)
{
    return rg_pattern_set_search(set, c->matcher, c->reply->agent,
                                 c->reply->new_len, 0, m, error);
}

/* count_matches - number of matches of a set in the new text, or -1 */
static int count_matches(const RgCheck *c, const RgPatternSet *set,
                         RgMatch *first, GError **error)
{
    gsize offset = 0;
    int n = 0;

    while (n < COUNT_MAX) {
        RgMatch m;
        int rc = rg_pattern_set_search(set, c->matcher, c->reply->agent,
                                       c->reply->new_len, offset, &m, error);

        if (rc < 0)
            return -1;
        if (rc == 0)
            break;
        if (n == 0 && first != NULL)
            *first = m;
        n++;
        offset = m.end > m.start ? m.end : m.end + 1;
    }
    return n;
}

/* check_apology - apology.missing and apology.conditional */
static gboolean check_apology(const RgCheck *c, RgResult *r, GError **error)
{
    const RgPatternSet *apology = c->policies->any[RG_SET_APOLOGY];
    const RgPatternSet *hedge = c->policies->any[RG_SET_HEDGE];
    g_autoptr(GArray) hedges = g_array_new(FALSE, FALSE, sizeof(RgMatch));
    gboolean unhedged = FALSE;
    gsize offset = 0;
    RgMatch m;
    int rc;

    for (int i = 0; i < COUNT_MAX; i++) {
        rc = rg_pattern_set_search(hedge, c->matcher, c->reply->agent,
                                   c->reply->new_len, offset, &m, error);
        if (rc < 0)
            return FALSE;
        if (rc == 0)
            break;
        g_array_append_val(hedges, m);
        offset = m.end > m.start ? m.end : m.end + 1;
    }
    offset = 0;
    for (int i = 0; i < COUNT_MAX && !unhedged; i++) {
        gboolean covered = FALSE;

        rc = rg_pattern_set_search(apology, c->matcher, c->reply->agent,
                                   c->reply->new_len, offset, &m, error);
        if (rc < 0)
            return FALSE;
        if (rc == 0)
            break;
        for (guint h = 0; h < hedges->len; h++) {
            const RgMatch *hm = &g_array_index(hedges, RgMatch, h);

            if (m.start < hm->end && hm->start < m.end)
                covered = TRUE;
        }
        unhedged = !covered;
        offset = m.end > m.start ? m.end : m.end + 1;
    }
    if (hedges->len > 0 && level_of(c, RG_RULE_APOLOGY_CONDITIONAL) !=
        RG_LEVEL_OFF) {
        const RgMatch *hm = &g_array_index(hedges, RgMatch, 0);
        Span s = {c->reply->agent, hm->start, hm->end};

        add(c, r, RG_RULE_APOLOGY_CONDITIONAL, NULL, &s);
    }
    if (unhedged || level_of(c, RG_RULE_APOLOGY_MISSING) == RG_LEVEL_OFF)
        return TRUE;
    if (c->config->apology_required == RG_APOLOGY_COMPLAINT) {
        const RgPatternSet *complaint = c->policies->any[RG_SET_COMPLAINT];
        int in_subject = rg_pattern_set_search(complaint, c->matcher,
                                               c->message->subject,
                                               strlen(c->message->subject), 0,
                                               &m, error);
        int in_quote;

        if (in_subject < 0)
            return FALSE;
        in_quote = in_subject ? 0 :
            rg_pattern_set_search(complaint, c->matcher, c->reply->quoted,
                                  c->reply->quoted_len, 0, &m, error);
        if (in_quote < 0)
            return FALSE;
        if (!in_subject && !in_quote)
            return TRUE;
    }
    add(c, r, RG_RULE_APOLOGY_MISSING, NULL, NULL);
    return TRUE;
}

/* next_line - the line of the agent text starting at offset */
static Span next_line(const RgCheck *c, gsize offset)
{
    const char *text = c->reply->agent;
    const char *nl = memchr(text + offset, '\n', c->reply->agent_len - offset);
    Span s = {text, offset, nl ? (gsize) (nl - text) : c->reply->agent_len};

    return s;
}

/* block_has - whether a set matches in the signature block */
static int block_has(const RgCheck *c, RgSetId set, GError **error)
{
    RgMatch m;

    return rg_pattern_set_search(c->policies->any[set], c->matcher,
                                 c->reply->agent, c->reply->agent_len,
                                 c->reply->new_len, &m, error);
}

/* check_signature - signature.missing and signature.incomplete */
static gboolean check_signature(const RgCheck *c, RgResult *r, GError **error)
{
    int words = 0;
    gboolean first = TRUE;
    Span name = {c->reply->agent, 0, 0};
    gsize offset = c->reply->signature_body;

    while (c->reply->has_signature && offset < c->reply->agent_len) {
        Span l = next_line(c, offset);
        int n;

        offset = l.end + 1;
        while (l.start < l.end && strchr(" ,-", l.text[l.start]))
            l.start++;
        if (l.start == l.end)
            continue;
        n = rg_reply_name_words(l.text + l.start, l.end - l.start,
                                c->policies, c->matcher, error);
        if (n < 0)
            return FALSE;
        if (n >= 2 || (n == 1 && first)) {
            words = n;
            name = l;
            break;
        }
        first = FALSE;
    }
    if (words == 0) {
        if (level_of(c, RG_RULE_SIGNATURE_MISSING) != RG_LEVEL_OFF) {
            Span end = {c->reply->agent, c->reply->new_len, c->reply->new_len};

            if (c->reply->has_signature) {
                add(c, r, RG_RULE_SIGNATURE_MISSING, NULL, &end);
            } else {
                /* absent: point at the line where it was expected, just
                 * after the new text */
                gsize line = c->reply->new_len > 0
                    ? rg_text_line_of(c->reply->agent, c->reply->new_len - 1) + 1
                    : 1;

                rg_result_add(r, RG_RULE_SIGNATURE_MISSING,
                              level_of(c, RG_RULE_SIGNATURE_MISSING),
                              c->policy->hints[RG_RULE_SIGNATURE_MISSING], NULL,
                              line);
            }
        }
        return TRUE;
    }
    if (level_of(c, RG_RULE_SIGNATURE_INCOMPLETE) == RG_LEVEL_OFF)
        return TRUE;

    g_autoptr(GPtrArray) lacking = g_ptr_array_new();
    int title = block_has(c, RG_SET_TITLE, error);
    int phone = title < 0 ? -1 : block_has(c, RG_SET_PHONE, error);
    int email = phone < 0 ? -1 : block_has(c, RG_SET_EMAIL, error);

    if (email < 0)
        return FALSE;
    if (words < 2)
        g_ptr_array_add(lacking, c->policy->missing[RG_MISSING_NAME]);
    if (!title)
        g_ptr_array_add(lacking, c->policy->missing[RG_MISSING_TITLE]);
    if (!phone && !email)
        g_ptr_array_add(lacking, c->policy->missing[RG_MISSING_CONTACT]);
    if (lacking->len > 0) {
        g_ptr_array_add(lacking, NULL);
        g_autofree char *detail = g_strjoinv(", ", (char **) lacking->pdata);

        add(c, r, RG_RULE_SIGNATURE_INCOMPLETE, detail, &name);
    }
    return TRUE;
}

/* has_text - whether a string has a letter or digit */
static gboolean has_text(const char *s)
{
    for (; *s; s = g_utf8_next_char(s))
        if (g_unichar_isalnum(g_utf8_get_char(s)))
            return TRUE;
    return FALSE;
}

/* check_subject - subject.no-reference */
static gboolean check_subject(const RgCheck *c, RgResult *r, GError **error)
{
    const char *s = c->subject;
    gsize len = strlen(s);
    RgMatch m;
    int rc;
    Span where = {c->message->subject, 0, strlen(c->message->subject)};

    if (level_of(c, RG_RULE_SUBJECT_NO_REFERENCE) == RG_LEVEL_OFF)
        return TRUE;
    if (has_text(s)) {
        rc = rg_pattern_set_search(c->ticket, c->matcher, s, len, 0, &m, error);
        if (rc != 0)
            return rc > 0;
        rc = rg_pattern_set_search(c->policies->any[RG_SET_GENERIC],
                                   c->matcher, s, len, 0, &m, error);
        if (rc <= 0)
            return rc == 0;
    }
    add(c, r, RG_RULE_SUBJECT_NO_REFERENCE, NULL, where.end > 0 ? &where : NULL);
    return TRUE;
}

/* is_acronym - whether a caps word is on the allow-list */
static gboolean is_acronym(const RgCheck *c, const char *text, const RgWord *w)
{
    char buf[64];
    gsize n = w->end - w->start;

    if (n >= sizeof buf)
        return FALSE;
    memcpy(buf, text + w->start, n);
    buf[n] = '\0';
    return g_hash_table_contains(c->acronyms, buf);
}

/* paragraph_break - whether a blank line separates two offsets */
static gboolean paragraph_break(const char *text, gsize from, gsize to)
{
    gboolean seen = FALSE;

    for (gsize i = from; i < to; i++) {
        if (text[i] == '\n') {
            if (seen)
                return TRUE;
            seen = TRUE;
        } else if (text[i] != ' ') {
            seen = FALSE;
        }
    }
    return FALSE;
}

/*
 * find_shouting - a run of 3+ caps words, or a paragraph mostly in caps,
 * in text[0, len); fills s and returns TRUE when found.  Acronyms, single
 * capital letters and numbers neither count nor break a run; a word with
 * a lower-case letter or a blank line does.
 */
static gboolean find_shouting(const RgCheck *c, const char *text, gsize len,
                              Span *s)
{
    g_autoptr(GArray) words = rg_words_split(text, len);
    guint run = 0;
    gsize run_start = 0;
    guint caps = 0;
    guint lower = 0;
    gsize para_start = 0;
    gsize prev_end = 0;

    for (guint i = 0; i <= words->len; i++) {
        const RgWord *w = i < words->len ? &g_array_index(words, RgWord, i) : NULL;

        if (w == NULL || paragraph_break(text, prev_end, w->start)) {
            if (caps >= 3 && caps > lower) {
                *s = (Span) {text, para_start, prev_end};
                return TRUE;
            }
            caps = lower = 0;
            run = 0;
            if (w == NULL)
                break;
            para_start = w->start;
        }
        prev_end = w->end;
        if (rg_word_is_caps(w)) {
            if (is_acronym(c, text, w))
                continue;
            caps++;
            if (run++ == 0)
                run_start = w->start;
            if (run >= 3) {
                /* extend over the rest of the run for the excerpt */
                gsize end = w->end;

                for (guint j = i + 1; j < words->len; j++) {
                    const RgWord *x = &g_array_index(words, RgWord, j);

                    if (x->lower > 0 || paragraph_break(text, end, x->start))
                        break;
                    end = x->end;
                }
                *s = (Span) {text, run_start, end};
                return TRUE;
            }
        } else if (w->lower > 0) {
            if (w->letters >= 2)
                lower++;
            run = 0;
        }
    }
    return FALSE;
}

/* check_caps - caps.shouting in the Subject and the new text */
static gboolean check_caps(const RgCheck *c, RgResult *r)
{
    Span s;

    if (level_of(c, RG_RULE_CAPS_SHOUTING) == RG_LEVEL_OFF)
        return TRUE;
    if (find_shouting(c, c->subject, strlen(c->subject), &s) ||
        find_shouting(c, c->reply->agent, c->reply->new_len, &s))
        add(c, r, RG_RULE_CAPS_SHOUTING, NULL, &s);
    return TRUE;
}

/* check_voice - voice.plural: "we" forms at least 2 and more than "I" forms */
static gboolean check_voice(const RgCheck *c, RgResult *r, GError **error)
{
    RgMatch first;
    int plural;
    int singular;

    if (level_of(c, RG_RULE_VOICE_PLURAL) == RG_LEVEL_OFF)
        return TRUE;
    plural = count_matches(c, c->policy->sets[RG_SET_PLURAL], &first, error);
    if (plural < 2)
        return plural >= 0;
    singular = count_matches(c, c->policy->sets[RG_SET_SINGULAR], NULL, error);
    if (singular < 0)
        return FALSE;
    if (plural > singular) {
        Span s = {c->reply->agent, first.start, first.end};

        add(c, r, RG_RULE_VOICE_PLURAL, NULL, &s);
    }
    return TRUE;
}

/* check_phrase - a rule that fires on the first phrase of its set */
static gboolean check_phrase(const RgCheck *c, RgResult *r, RgRuleId rule,
                             RgSetId set, GError **error)
{
    RgMatch m;
    int rc;

    if (level_of(c, rule) == RG_LEVEL_OFF)
        return TRUE;
    rc = first_match(c, c->policies->any[set], &m, error);
    if (rc == 1) {
        Span s = {c->reply->agent, m.start, m.end};

        add(c, r, rule, NULL, &s);
    }
    return rc >= 0;
}

/* check_absent - a hint rule that fires when its set matches nowhere */
static gboolean check_absent(const RgCheck *c, RgResult *r, RgRuleId rule,
                             RgSetId set, GError **error)
{
    RgMatch m;
    int rc;

    if (level_of(c, rule) == RG_LEVEL_OFF)
        return TRUE;
    rc = first_match(c, c->policies->any[set], &m, error);
    if (rc == 0)
        add(c, r, rule, NULL, NULL);
    return rc >= 0;
}

/* check_image - image.inline */
static void check_image(const RgCheck *c, RgResult *r)
{
    if (c->message->inline_images > 0 &&
        level_of(c, RG_RULE_IMAGE_INLINE) != RG_LEVEL_OFF) {
        const char *name = c->message->inline_image_name;
        Span s = {name, 0, strlen(name)};

        add(c, r, RG_RULE_IMAGE_INLINE, NULL, &s);
    }
}

/*
 * rg_rules_strip_prefixes - skip reply prefixes ("Re:", "AW:", "Re[2]:",
 * "RE: Odp:" ...) at the start of a subject.  Returns how many were
 * skipped (offset is set past them), or -1 on a match error.
 */
int rg_rules_strip_prefixes(const RgPolicySet *ps, RgMatcher *matcher,
                            const char *subject, gsize *offset,
                            GError **error)
{
    gsize len = strlen(subject);
    gsize pos = 0;
    int count = 0;

    while (count < 32) {
        RgMatch m;
        gsize p;
        int rc;

        while (pos < len && (subject[pos] == ' ' || subject[pos] == '\t'))
            pos++;
        rc = rg_pattern_set_search(ps->any[RG_SET_PREFIX], matcher, subject,
                                   len, pos, &m, error);
        if (rc < 0)
            return -1;
        if (rc == 0 || m.end == pos)
            break;
        p = m.end;
        while (p < len && subject[p] == ' ')
            p++;
        if (p < len && (subject[p] == '[' || subject[p] == '(')) {
            char close = subject[p] == '[' ? ']' : ')';
            gsize q = p + 1;

            while (q < len && g_ascii_isdigit(subject[q]))
                q++;
            if (q > p + 1 && q < len && subject[q] == close)
                p = q + 1;
        }
        while (p < len && subject[p] == ' ')
            p++;
        if (p >= len || subject[p] != ':')
            break;
        pos = p + 1;
        count++;
    }
    while (pos < len && subject[pos] == ' ')
        pos++;
    *offset = pos;
    return count;
}

/* rg_rules_run - every enabled rule; FALSE with error on a match failure */
gboolean rg_rules_run(const RgCheck *c, RgResult *r, GError **error)
{
    if (!check_apology(c, r, error) ||
        !check_signature(c, r, error) ||
        !check_subject(c, r, error) ||
        !check_caps(c, r) ||
        !check_voice(c, r, error) ||
        !check_phrase(c, r, RG_RULE_VOICE_IMPERSONAL, RG_SET_IMPERSONAL, error) ||
        !check_phrase(c, r, RG_RULE_DEFLECT_CONTRACT, RG_SET_CONTRACT, error) ||
        !check_phrase(c, r, RG_RULE_DEFLECT_MANAGEMENT, RG_SET_MANAGEMENT,
                      error) ||
        !check_phrase(c, r, RG_RULE_DEFLECT_WEBSITE, RG_SET_WEBSITE, error) ||
        !check_phrase(c, r, RG_RULE_DEFLECT_THIRD_PARTY, RG_SET_THIRD_PARTY,
                      error) ||
        !check_absent(c, r, RG_RULE_THANKS_MISSING, RG_SET_THANKS, error) ||
        !check_absent(c, r, RG_RULE_CONTACT_MISSING, RG_SET_CONTACT, error))
        return FALSE;
    check_image(c, r);
    return TRUE;
}
