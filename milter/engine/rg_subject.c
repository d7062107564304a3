/*
 * rg_subject.c - the Subject: reply prefixes, and whether it names the case
 *
 * Owns what the engine reads in a Subject beyond its capitals: the reply
 * prefixes of every loaded language ("Re:", "Odp:", "AW:", "Re[2]:",
 * repeated), and whether what is left names the case: a case reference
 * (the config's ticket pattern) or a topic, i.e. anything with letters
 * that is not one of the policies' generic subjects ("Reply", "Pytanie").
 */
#include <string.h>

#include "rg_subject.h"

#define MAX_PREFIXES 32         /* "Re: " repeated at most this often */

/*
 * rg_subject_strip_prefixes - skip reply prefixes ("Re:", "AW:", "Re[2]:",
 * "RE: Odp:" ...) at the start of a subject.  Returns how many were
 * skipped (offset is set past them), or -1 on a match error.
 */
int rg_subject_strip_prefixes(const RgPolicySet *ps, RgMatcher *matcher,
                              const char *subject, gsize *offset,
                              GError **error)
{
    gsize len = strlen(subject);
    gsize pos = 0;
    int count = 0;

    while (count < MAX_PREFIXES) {
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

/* has_text - whether a string has a letter or digit */
static gboolean has_text(const char *s)
{
    for (; *s; s = g_utf8_next_char(s))
        if (g_unichar_isalnum(g_utf8_get_char(s)))
            return TRUE;
    return FALSE;
}

/*
 * rg_subject_has_reference - whether the Subject, prefixes removed
 * (core), names the case: 1 yes, 0 no (empty or generic with no case
 * reference), -1 on a match error
 */
int rg_subject_has_reference(const RgPolicySet *ps, const RgPatternSet *ticket,
                             RgMatcher *matcher, const char *core,
                             GError **error)
{
    gsize len = strlen(core);
    RgMatch m;
    int rc;

    if (!has_text(core))
        return 0;
    rc = rg_pattern_set_search(ticket, matcher, core, len, 0, &m, error);
    if (rc != 0)
        return rc;
    rc = rg_pattern_set_search(ps->any[RG_SET_GENERIC], matcher, core, len, 0,
                               &m, error);
    return rc < 0 ? -1 : !rc;
}
