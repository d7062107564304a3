/*
 * rg_rules.c - the rule registry's check functions, and the run over them
 *
 * One function per rule, each adding at most one finding.  Language
 * rules read only the new text; the signature rules read only the
 * signature block; caps reads the new text and the Subject.  Phrase
 * rules match the phrases of every loaded language, since a reply may mix
 * languages and short texts can be detected wrongly; voice.plural counts
 * the forms of the detected language only (a word can be a pronoun in one
 * language and a preposition in another), and hints are always in the
 * detected language.  Evidence two rules share (the matches of a set in
 * the new text; the signature's name line) is found once, on first use.
 */
#include <string.h>

#include "rg_registry.h"
#include "rg_rules.h"
#include "rg_subject.h"
#include "rg_text.h"
#include "rg_words.h"

#define EXCERPT_MAX 120         /* bytes of excerpt kept */
#define COUNT_MAX 10000         /* matches counted at most, per set */
#define SIGNATURE_LINES_MAX 12  /* lines of a block read for the name */
#define TITLE_LINES_MAX 5       /* lines of a block a title stands within */

typedef gboolean (*RgCheckFunc)(const RgCheck *c, RgRuleId rule,
                                RgResult *r, GError **error);

/* the name line of the signature block, found once */
typedef struct {
    gboolean done;
    int words;                  /* capitalised words of the name, 0: none */
    gsize start;                /* the name in the agent's text */
    gsize end;
    gboolean lower_title;       /* a line reads as a lower-case job title */
} Signature;

struct RgEvidence {
    GArray *matches[RG_SET_COUNT];      /* of RgMatch in the new text, or NULL */
    Signature signature;
};

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
    const char *subject = c->message->subject;
    RgWhere in = RG_WHERE_NONE;
    gsize offset = 0;

    if (where != NULL) {
        ex = excerpt(where->text, where->start, where->end);
        if (where->text == c->reply->agent) {
            line = rg_text_line_of(where->text, where->start);
            in = RG_WHERE_BODY;
            offset = rg_reply_body_offset(c->reply, where->start);
        } else if (where->text >= subject &&
                   where->text <= subject + strlen(subject)) {
            in = RG_WHERE_SUBJECT;
            offset = (gsize) (where->text - subject) + where->start;
        } else {
            in = RG_WHERE_PART;
            offset = where->start;
        }
    }
    hint = detail ? g_strdup_printf("%s (%s)", base, detail) : g_strdup(base);
    rg_result_add_at(r, rule, level_of(c, rule), hint, ex, line, in, offset,
                     where ? where->end - where->start : 0);
}

/* lang_search - the first match at or after offset in the new text of a
 * set of every active language (the reply's, and any other it is written
 * in to a good part): 1, 0 or -1 with error */
static int lang_search(const RgCheck *c, RgSetId set, gsize offset,
                       RgMatch *m, GError **error)
{
    gboolean found = FALSE;

    for (guint i = 0; i < c->policies->policies->len; i++) {
        const RgPolicy *p = g_ptr_array_index(c->policies->policies, i);
        RgMatch here;
        int rc;

        if (!c->active[i])
            continue;
        rc = rg_pattern_set_search(p->sets[set], c->matcher, c->reply->agent,
                                   c->reply->new_len, offset, &here, error);
        if (rc < 0)
            return -1;
        if (rc == 1 && (!found || here.start < m->start)) {
            *m = here;
            found = TRUE;
        }
    }
    return found ? 1 : 0;
}

/* first_match - a set's first match in the new text: 1, 0 or -1 */
static int first_match(const RgCheck *c, RgSetId set, RgMatch *m,
                       GError **error)
{
    return lang_search(c, set, 0, m, error);
}

/* all_matches - matches of a set in the new text, at most COUNT_MAX, into
 * out; in the reply's language only, or (in_active) in every active one;
 * FALSE with error on a match failure */
static gboolean all_matches(const RgCheck *c, RgSetId set, gboolean in_active,
                            GArray *out, GError **error)
{
    gsize offset = 0;

    while (out->len < COUNT_MAX) {
        RgMatch m;
        int rc = in_active ? lang_search(c, set, offset, &m, error)
            : rg_pattern_set_search(c->policy->sets[set], c->matcher,
                                    c->reply->agent, c->reply->new_len,
                                    offset, &m, error);

        if (rc < 0)
            return FALSE;
        if (rc == 0)
            break;
        g_array_append_val(out, m);
        offset = m.end > m.start ? m.end : m.end + 1;
    }
    return TRUE;
}

/* count_matches - number of matches of a set of the reply's language in
 * the new text (the first into *first when there is one), or -1 */
static int count_matches(const RgCheck *c, RgSetId set, RgMatch *first,
                         GError **error)
{
    g_autoptr(GArray) found = g_array_new(FALSE, FALSE, sizeof(RgMatch));

    if (!all_matches(c, set, FALSE, found, error))
        return -1;
    if (found->len > 0 && first != NULL)
        *first = g_array_index(found, RgMatch, 0);
    return (int) found->len;
}

/* set_matches - the matches of a set of the active languages in the new
 * text, found once per message (borrowed), or NULL with error */
static const GArray *set_matches(const RgCheck *c, RgSetId set,
                                 GError **error)
{
    GArray **slot = &c->evidence->matches[set];

    if (*slot == NULL) {
        GArray *found = g_array_new(FALSE, FALSE, sizeof(RgMatch));

        if (!all_matches(c, set, TRUE, found, error)) {
            g_array_unref(found);
            return NULL;
        }
        *slot = found;
    }
    return *slot;
}

/* overlaps - whether a match overlaps any of a list */
static gboolean overlaps(const RgMatch *m, const GArray *list)
{
    for (guint i = 0; i < list->len; i++) {
        const RgMatch *o = &g_array_index(list, RgMatch, i);

        if (m->start < o->end && o->start < m->end)
            return TRUE;
    }
    return FALSE;
}

/* rg_check_apology_conditional - an apology hedged with "if" or "but" */
static gboolean rg_check_apology_conditional(const RgCheck *c, RgRuleId rule,
                                             RgResult *r, GError **error)
{
    const GArray *hedges = set_matches(c, RG_SET_HEDGE, error);

    if (hedges == NULL)
        return FALSE;
    if (hedges->len > 0) {
        const RgMatch *hm = &g_array_index(hedges, RgMatch, 0);
        Span s = {c->reply->agent, hm->start, hm->end};

        add(c, r, rule, NULL, &s);
    }
    return TRUE;
}

/* complaint_mentioned - 1 when the Subject or the quoted original names a
 * complaint, 0 when not, -1 on a match error */
static int complaint_mentioned(const RgCheck *c, GError **error)
{
    const RgPatternSet *complaint = c->policies->any[RG_SET_COMPLAINT];
    RgMatch m;
    int rc = rg_pattern_set_search(complaint, c->matcher, c->message->subject,
                                   strlen(c->message->subject), 0, &m, error);

    if (rc != 0)
        return rc;
    return rg_pattern_set_search(complaint, c->matcher, c->reply->quoted,
                                 c->reply->quoted_len, 0, &m, error);
}

/* rg_check_apology_missing - no apology that no hedge covers (required
 * always, or only when the reply concerns a complaint) */
static gboolean rg_check_apology_missing(const RgCheck *c, RgRuleId rule,
                                         RgResult *r, GError **error)
{
    const GArray *hedges = set_matches(c, RG_SET_HEDGE, error);
    const GArray *apologies = hedges ? set_matches(c, RG_SET_APOLOGY, error)
        : NULL;

    if (apologies == NULL)
        return FALSE;
    for (guint i = 0; i < apologies->len; i++)
        if (!overlaps(&g_array_index(apologies, RgMatch, i), hedges))
            return TRUE;
    if (c->config->apology_required == RG_APOLOGY_COMPLAINT) {
        int rc = complaint_mentioned(c, error);

        if (rc <= 0)
            return rc == 0;
    }
    add(c, r, rule, NULL, NULL);
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

/* block_has - whether a set matches in the signature block: 1, 0 or -1 */
static int block_has(const RgCheck *c, RgSetId set, GError **error)
{
    RgMatch m;

    return rg_pattern_set_search(c->policies->any[set], c->matcher,
                                 c->reply->agent, c->reply->agent_len,
                                 c->reply->new_len, &m, error);
}

/* span_has - whether a set matches in a span: 1, 0 or -1 */
static int span_has(const RgCheck *c, RgSetId set, const Span *s,
                    GError **error)
{
    RgMatch m;

    return rg_pattern_set_search(c->policies->any[set], c->matcher, s->text,
                                 s->end, s->start, &m, error);
}

/* trim_span - a span without spaces and separators at its ends */
static Span trim_span(Span s)
{
    while (s.start < s.end && strchr(" ,-|", s.text[s.start]))
        s.start++;
    while (s.end > s.start && strchr(" ,-|.", s.text[s.end - 1]))
        s.end--;
    return s;
}

/* next_part - the part of a signature line from *from to the next "|",
 * "," or spaced dash; *from moves past it */
static Span next_part(const Span *line, gsize *from)
{
    const char *t = line->text;
    gsize i = *from;

    while (i < line->end && t[i] != '|' && t[i] != ',' &&
           !(t[i] == ' ' && i + 2 < line->end && t[i + 2] == ' ' &&
             (t[i + 1] == '-')))
        i++;
    Span part = {t, *from, i};

    *from = i < line->end ? i + 1 : i;
    return trim_span(part);
}

/* lower_title - a part that reads as a job title in languages that write
 * titles in lower case ("Likwidatorka szkód", "savjetnica za putnike"):
 * a few words, one of them a lower-case word of three letters or more,
 * no digits or "@" */
static gboolean lower_title(const Span *part)
{
    g_autoptr(GArray) words = rg_words_split(part->text + part->start,
                                             part->end - part->start);
    gboolean lower = FALSE;

    if (words->len == 0 || words->len > 5 ||
        memchr(part->text + part->start, '@', part->end - part->start))
        return FALSE;
    for (guint i = 0; i < words->len; i++) {
        const RgWord *w = &g_array_index(words, RgWord, i);

        if (w->digits > 0)
            return FALSE;
        lower = lower || (w->letters >= 3 && w->upper == 0);
    }
    return lower;
}

/* has_upper - whether a span has an upper-case letter */
static gboolean has_upper(const Span *s)
{
    for (const char *p = s->text + s->start; p < s->text + s->end;
         p = g_utf8_next_char(p))
        if (g_unichar_isupper(g_utf8_get_char(p)))
            return TRUE;
    return FALSE;
}

/* signature_name - the block's name (the first part of a line with two
 * or more name words, or a one-word name on its first line) and whether
 * a line reads as a job title; found once */
static const Signature *signature_name(const RgCheck *c, GError **error)
{
    Signature *sig = &c->evidence->signature;
    gboolean first = TRUE;
    gsize offset = c->reply->signature_body;
    guint lines = 0;

    while (!sig->done && c->reply->has_signature &&
           offset < c->reply->agent_len && lines < SIGNATURE_LINES_MAX) {
        Span l = trim_span(next_line(c, offset));
        gsize from = l.start;
        int closing;
        int team;

        offset = next_line(c, offset).end + 1;
        if (l.start == l.end)
            continue;
        lines++;
        /* a sign-off inside the block ("Thanks again.", then "Regards,") */
        closing = span_has(c, RG_SET_SIGNOFF, &l, error);
        team = closing < 0 ? -1 : span_has(c, RG_SET_TEAM, &l, error);
        if (team < 0)
            return NULL;
        if (closing && sig->words == 0)
            continue;
        /* a block signed by a team first names no person after it:
         * "Customer Care Team / Acme Lettings" */
        if (team && sig->words == 0) {
            int title = span_has(c, RG_SET_TITLE, &l, error);

            if (title < 0)
                return NULL;
            if (!title)
                break;
        }
        while (from < l.end) {
            Span part = next_part(&l, &from);
            int n;

            if (part.start == part.end)
                continue;
            n = rg_reply_name_words(part.text + part.start,
                                    part.end - part.start, c->policies,
                                    c->matcher, error);
            if (n < 0)
                return NULL;
            if (sig->words == 0 && (n >= 2 || (n == 1 && first))) {
                sig->words = n;
                sig->start = part.start;
                sig->end = part.end;
            } else if (n == 0 && !team && sig->words > 0 &&
                       lines <= TITLE_LINES_MAX && lower_title(&part)) {
                sig->lower_title = TRUE;
            }
        }
        /* the rest of a sign-off line ("Pozdrawiam serdecznie,") does
         * not end the first line */
        first = first && !has_upper(&l);
    }
    sig->done = TRUE;
    return sig;
}

/* rg_check_signature_missing - no signature block naming a person */
static gboolean rg_check_signature_missing(const RgCheck *c, RgRuleId rule,
                                           RgResult *r, GError **error)
{
    const Signature *sig = signature_name(c, error);
    gsize line;

    if (sig == NULL)
        return FALSE;
    if (sig->words > 0)
        return TRUE;
    if (c->reply->has_signature) {
        Span end = {c->reply->agent, c->reply->new_len, c->reply->new_len};

        add(c, r, rule, NULL, &end);
        return TRUE;
    }
    /* absent: point at the line where it was expected, just after the
     * new text */
    line = c->reply->new_len > 0
        ? rg_text_line_of(c->reply->agent, c->reply->new_len - 1) + 1 : 1;
    rg_result_add(r, rule, level_of(c, rule), c->policy->hints[rule], NULL,
                  line);
    return TRUE;
}

/* rg_check_signature_incomplete - a named block lacking name and
 * surname, job title, or a phone or e-mail */
static gboolean rg_check_signature_incomplete(const RgCheck *c, RgRuleId rule,
                                              RgResult *r, GError **error)
{
    const Signature *sig = signature_name(c, error);
    g_autoptr(GPtrArray) lacking = g_ptr_array_new();
    int title;
    int phone;
    int email;

    if (sig == NULL)
        return FALSE;
    if (sig->words == 0)
        return TRUE;
    title = sig->lower_title ? 1 : block_has(c, RG_SET_TITLE, error);
    phone = title < 0 ? -1 : block_has(c, RG_SET_PHONE, error);
    email = phone < 0 ? -1 : block_has(c, RG_SET_EMAIL, error);
    if (email < 0)
        return FALSE;
    if (sig->words < 2)
        g_ptr_array_add(lacking, c->policy->missing[RG_MISSING_NAME]);
    if (!title)
        g_ptr_array_add(lacking, c->policy->missing[RG_MISSING_TITLE]);
    if (!phone && !email)
        g_ptr_array_add(lacking, c->policy->missing[RG_MISSING_CONTACT]);
    if (lacking->len > 0) {
        Span name = {c->reply->agent, sig->start, sig->end};

        g_ptr_array_add(lacking, NULL);
        g_autofree char *detail = g_strjoinv(", ", (char **) lacking->pdata);

        add(c, r, rule, detail, &name);
    }
    return TRUE;
}

/* rg_check_subject - subject.no-reference: an empty or generic Subject
 * with no case reference */
static gboolean rg_check_subject(const RgCheck *c, RgRuleId rule, RgResult *r,
                                 GError **error)
{
    Span where = {c->message->subject, 0, strlen(c->message->subject)};
    int rc = rg_subject_has_reference(c->policies, c->ticket, c->matcher,
                                      c->subject, error);

    if (rc == 0)
        add(c, r, rule, NULL, where.end > 0 ? &where : NULL);
    return rc >= 0;
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
 * in text, whose words (rg_words_split) are given; fills s and returns
 * TRUE when found.  Acronyms, single capital letters and numbers neither
 * count nor break a run; a word with a lower-case letter or a blank line
 * does.
 */
static gboolean find_shouting(const RgCheck *c, const char *text,
                              const GArray *words, Span *s)
{
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

/* rg_check_caps - caps.shouting in the Subject and the new text */
static gboolean rg_check_caps(const RgCheck *c, RgRuleId rule, RgResult *r,
                              GError **error)
{
    g_autoptr(GArray) subject = rg_words_split(c->subject, strlen(c->subject));
    Span s;

    (void) error;
    if (find_shouting(c, c->subject, subject, &s) ||
        find_shouting(c, c->reply->agent, c->reply->words, &s))
        add(c, r, rule, NULL, &s);
    return TRUE;
}

/* rg_check_voice_plural - "we" forms at least 2 and more than "I" forms,
 * in the detected language */
static gboolean rg_check_voice_plural(const RgCheck *c, RgRuleId rule,
                                      RgResult *r, GError **error)
{
    RgMatch first;
    int plural;
    int singular;

    plural = count_matches(c, RG_SET_PLURAL, &first, error);
    if (plural < 2)
        return plural >= 0;
    singular = count_matches(c, RG_SET_SINGULAR, NULL, error);
    if (singular < 0)
        return FALSE;
    if (plural > singular) {
        Span s = {c->reply->agent, first.start, first.end};

        add(c, r, rule, NULL, &s);
    }
    return TRUE;
}

/* rule_set - the first pattern set of a rule's own policy group */
static RgSetId rule_set(RgRuleId rule)
{
    int set = rg_registry_first_set(rule);

    g_return_val_if_fail(set >= 0, 0);
    return (RgSetId) set;
}

/* rg_check_phrase - fires on the first match of the rule's own set */
static gboolean rg_check_phrase(const RgCheck *c, RgRuleId rule, RgResult *r,
                                GError **error)
{
    RgMatch m;
    int rc = first_match(c, rule_set(rule), &m, error);

    if (rc == 1) {
        Span s = {c->reply->agent, m.start, m.end};

        add(c, r, rule, NULL, &s);
    }
    return rc >= 0;
}

/* rg_check_absent - fires when the rule's own set matches nowhere */
static gboolean rg_check_absent(const RgCheck *c, RgRuleId rule, RgResult *r,
                                GError **error)
{
    RgMatch m;
    int rc = first_match(c, rule_set(rule), &m, error);

    if (rc == 0)
        add(c, r, rule, NULL, NULL);
    return rc >= 0;
}

/* rg_check_image - image.inline: a picture in the body */
static gboolean rg_check_image(const RgCheck *c, RgRuleId rule, RgResult *r,
                               GError **error)
{
    (void) error;
    if (c->message->inline_images > 0) {
        const char *name = c->message->inline_image_name;
        Span s = {name, 0, strlen(name)};

        add(c, r, rule, NULL, &s);
    }
    return TRUE;
}

/* the check and flags of every rule, in registry order */
static const struct {
    RgCheckFunc check;
    guint flags;
} rules[RG_RULE_COUNT] = {
#define RG_RULE(name, id, level, check, flags) [RG_RULE_##name] = {check, flags},
#define RG_SET(name, group, key, flags)
#include "rg_rules.def"
#undef RG_RULE
#undef RG_SET
};

/* evidence_free - the per-message evidence */
static void evidence_free(RgEvidence *ev)
{
    for (int i = 0; i < RG_SET_COUNT; i++)
        if (ev->matches[i])
            g_array_unref(ev->matches[i]);
    g_free(ev);
}

/*
 * rg_rules_run - every rule that is not off; FALSE with error on a match
 * failure.  When the message was cut (max-message or the scan limit)
 * before any quoted original began, what the agent wrote may go on past
 * the cut: rules that judge something missing (RG_WHOLE) are not run, so
 * a reply is never held for a signature it may well have.
 */
gboolean rg_rules_run(RgCheck *c, RgResult *r, GError **error)
{
    gboolean partial = c->message->truncated && !c->reply->quote_found;
    gboolean ok = TRUE;

    c->evidence = g_new0(RgEvidence, 1);
    for (RgRuleId rule = 0; ok && rule < RG_RULE_COUNT; rule++)
        if (level_of(c, rule) != RG_LEVEL_OFF &&
            !(partial && (rules[rule].flags & RG_WHOLE)))
            ok = rules[rule].check(c, rule, r, error);
    evidence_free(c->evidence);
    c->evidence = NULL;
    return ok;
}
