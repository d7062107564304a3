/*
 * rg_atoms.c - the literals a pattern cannot match without
 *
 * Owns the reading of a PCRE2 pattern (the subset policies are written
 * in) into a set of atoms: literal strings such that every string the
 * pattern matches contains at least one of them.  The prefilter looks
 * for atoms only (a literal scan compiles in milliseconds, where the
 * patterns themselves take Vectorscan minutes), and runs a pattern's
 * PCRE2 search only where one of its atoms ended.
 *
 * Each part of the pattern is read as either its exact strings (a small
 * finite set: "napisa[łl]" is {napisał, napisal}) or the atoms one of
 * which it contains, or nothing known ("\w*", ".").  A sequence keeps
 * exact strings while their product stays small and otherwise keeps the
 * best atom set of its parts (the one whose shortest atom is longest),
 * and the next best, of another part, as a second set: a match holds an
 * atom of each ("sorry ... but": {sorry} and {but}); an alternation
 * unites its branches' sets, and their second sets (a branch without one
 * giving its first); a part that may match the empty
 * string ("x?", "x*", "{0,n}", a lookaround, an anchor) contributes
 * nothing required.  In a caseless pattern strings are kept as written
 * and compared caselessly by the prefilter.
 *
 * Constructs not read here (backreferences, inline options, \p, \x, \Q,
 * POSIX classes, conditionals) give no atoms: the pattern is always
 * searched.
 *
 * The same reading bounds a match's length (RgSpan): an ASCII character
 * or class of them counts 1 byte (in a text the prefilter takes, only
 * ASCII matches ASCII, caselessly too: texts with the KELVIN SIGN or the
 * LONG S are not taken, rg_prefilter.c), any other character 4 (its
 * longest UTF-8 form, in any case); an open repeat of one
 * character item ("\s+", "\w*", "[^\n]*", ".*") is bounded by the
 * longest run of bytes in the text such a character can be made of
 * (whitespace, word characters, other than word characters, or anything
 * but a newline; a byte past ASCII counts in every run, so every Unicode
 * \s, \w and \W is inside); an open repeat of anything else, or of a
 * class that may match a newline and a word character, has no bound.
 * Lookarounds and anchors take no bytes.
 *
 * And it bounds where in a match the atoms can start (the lead): exact
 * strings start their part's match; in a sequence, the atoms taken from
 * a part start at most the longest the parts before it can be, plus that
 * part's own lead; an alternation's at the most of its branches'.
 */
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rg_atoms.h"

#define EXACT_MAX 16            /* strings an exact set may hold */
#define ATOMS_MAX 4096          /* atoms a set may hold */
#define CLASS_EXACT_MAX 8       /* characters a class is expanded to */

/* what a one-character item may match, for the run that bounds an open
 * repeat of it: the longest whitespace run, word run, or line */
#define C_ONE 1u                /* the item is one character */
#define C_SPACE 2u              /* whitespace only */
#define C_WORD 4u               /* word characters only */
#define C_NO_NEWLINE 8u         /* never a newline */
#define C_NONWORD 16u           /* never a word character */
typedef guint Run;

/* what a part of a pattern is known to match: exact strings, or atoms
 * one of which it contains (both NULL when nothing is known); how long
 * a match of it can be; with atoms, how far from the start of its match
 * one of them can start (exact strings start it); and a second set of
 * atoms one of which it also contains, from another of its parts, or
 * NULL */
typedef struct {
    GPtrArray *exact;
    GPtrArray *atoms;
    RgSpan span;
    Run run;
    RgSpan lead;
    GPtrArray *also;
    RgSpan also_lead;           /* how far into a match its atoms start */
} Info;

#define CHAR_BYTES 4            /* a character's longest UTF-8 form */
#define CHAR_BYTES_OF(c) ((c) < 0x80 ? 1u : CHAR_BYTES)

static const RgSpan span_char = {CHAR_BYTES, 0, 0, 0, FALSE, 0};

/* span_add - a followed by b */
static RgSpan span_add(RgSpan a, RgSpan b)
{
    return (RgSpan) {a.bytes + b.bytes, a.space + b.space, a.word + b.word,
        a.line + b.line, a.open || b.open, a.nonword + b.nonword};
}

/* span_max - at least as long as either */
static RgSpan span_max(RgSpan a, RgSpan b)
{
    return (RgSpan) {MAX(a.bytes, b.bytes), MAX(a.space, b.space),
        MAX(a.word, b.word), MAX(a.line, b.line), a.open || b.open,
        MAX(a.nonword, b.nonword)};
}

/* span_times - a n times (no bound past a large n) */
static RgSpan span_times(RgSpan a, guint n)
{
    if (n > 65536)
        return (RgSpan) {0, 0, 0, 0, TRUE, 0};
    return (RgSpan) {a.bytes * n, a.space * n, a.word * n, a.line * n, a.open,
        a.nonword * n};
}

/* run_of_char - what the character c is */
static Run run_of_char(gunichar c)
{
    if (c == '\n')
        return C_ONE | C_SPACE | C_NONWORD;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
        return C_ONE | C_SPACE | C_NO_NEWLINE | C_NONWORD;
    /* past ASCII a byte counts in both runs */
    if (c >= 0x80)
        return C_ONE | C_WORD | C_NO_NEWLINE | C_NONWORD;
    if (g_ascii_isalnum(c) || c == '_')
        return C_ONE | C_WORD | C_NO_NEWLINE;
    return C_ONE | C_NO_NEWLINE | C_NONWORD;
}

/* run_bound - an open repeat of an item: bounded by a run, or open */
static RgSpan run_bound(Run run)
{
    RgSpan out = {0, 0, 0, 0, FALSE, 0};

    if (!(run & C_ONE))
        out.open = TRUE;
    else if (run & C_SPACE)
        out.space = 1;
    else if (run & C_WORD)
        out.word = 1;
    else if (run & C_NONWORD)
        out.nonword = 1;
    else if (run & C_NO_NEWLINE)
        out.line = 1;
    else
        out.open = TRUE;
    return out;
}

typedef struct {
    const char *p;
    gboolean ok;                /* FALSE once a construct is not read */
    guint depth;
} Reader;

static Info read_alternation(Reader *r);

static GPtrArray *strings_new(void)
{
    return g_ptr_array_new_with_free_func(g_free);
}

/* strings_add - add a copy of s unless already there */
static void strings_add(GPtrArray *set, const char *s)
{
    for (guint i = 0; i < set->len; i++)
        if (strcmp(g_ptr_array_index(set, i), s) == 0)
            return;
    g_ptr_array_add(set, g_strdup(s));
}

static void info_clear(Info *info)
{
    g_clear_pointer(&info->exact, g_ptr_array_unref);
    g_clear_pointer(&info->atoms, g_ptr_array_unref);
    g_clear_pointer(&info->also, g_ptr_array_unref);
}

/* info_exact1 - the string s (empty: a zero-width item) */
static Info info_exact1(const char *s)
{
    const glong n = g_utf8_strlen(s, -1);
    Info info = {.exact = strings_new(),
        .run = n == 1 ? run_of_char(g_utf8_get_char(s)) : 0};

    for (const char *c = s; *c; c = g_utf8_next_char(c))
        info.span.bytes += CHAR_BYTES_OF(g_utf8_get_char(c));

    g_ptr_array_add(info.exact, g_strdup(s));
    return info;
}

static const Info info_unknown = {.span = {0, 0, 0, 0, TRUE, 0},
    .lead = {0, 0, 0, 0, TRUE, 0}};

/* info_char - one character of unknown strings, of the given run */
static Info info_char(Run run)
{
    return (Info) {.span = span_char, .run = run,
        .lead = {0, 0, 0, 0, TRUE, 0}};
}

/* shortest - the length in characters of a set's shortest string */
static glong shortest(const GPtrArray *set)
{
    glong best = G_MAXLONG;

    for (guint i = 0; i < set->len; i++)
        best = MIN(best, g_utf8_strlen(g_ptr_array_index(set, i), -1));
    return set->len ? best : 0;
}

/* required - the atoms a part gives: its exact strings when none is
 * empty, or its atoms; NULL when nothing is required.  Consumes info
 * (its second set too: take that first). */
static GPtrArray *required(Info info)
{
    g_clear_pointer(&info.also, g_ptr_array_unref);
    if (info.exact != NULL && shortest(info.exact) == 0) {
        info_clear(&info);
        return NULL;
    }
    if (info.exact != NULL)
        return info.exact;
    return info.atoms;
}

/* copy_string - GCopyFunc for g_ptr_array_copy of strings */
static gpointer copy_string(gconstpointer str, gpointer unused)
{
    (void) unused;
    return g_strdup(str);
}

/* lead_of - how far from a part's start the atoms required() gives can
 * start (before it consumes info) */
static RgSpan lead_of(const Info *info)
{
    return info->exact != NULL ? (RgSpan) {0, 0, 0, 0, FALSE, 0} : info->lead;
}

/* second_of - a part's second set, taken from it, and its lead; else a
 * copy of the set required() will give: in an alternation, a branch with
 * no second set has its first as its second */
static GPtrArray *second_of(Info *info, RgSpan *lead)
{
    if (info->also != NULL) {
        *lead = info->also_lead;
        return g_steal_pointer(&info->also);
    }
    *lead = lead_of(info);
    if (info->exact != NULL)
        return shortest(info->exact) > 0 ?
            g_ptr_array_copy(info->exact, copy_string, NULL) : NULL;
    return info->atoms ? g_ptr_array_copy(info->atoms, copy_string, NULL)
        : NULL;
}

/* more_selective - whether atom set b is more selective than a: its
 * shortest atom longer, or as long with fewer atoms */
static gboolean more_selective(const GPtrArray *a, const GPtrArray *b)
{
    return shortest(b) > shortest(a) ||
        (shortest(b) == shortest(a) && b->len < a->len);
}

/* keep_second - the more selective of *second and b (consumes b), with
 * its lead */
static void keep_second(GPtrArray **second, RgSpan *lead, GPtrArray *b,
                        RgSpan b_lead)
{
    if (b == NULL)
        return;
    if (*second == NULL || more_selective(*second, b)) {
        if (*second)
            g_ptr_array_unref(*second);
        *second = b;
        *lead = b_lead;
    } else {
        g_ptr_array_unref(b);
    }
}

/* a second set of atoms and its lead, as a sequence collects them */
typedef struct {
    GPtrArray *set;
    RgSpan lead;
} Second;

/* better - the more selective of two atom sets (consumes both); *lead
 * is a's lead, and becomes b_lead when b is taken; the other set goes,
 * with its lead, to *second when more selective than it */
static GPtrArray *better(GPtrArray *a, GPtrArray *b, RgSpan *lead,
                         RgSpan b_lead, Second *second)
{
    gboolean take_b;

    if (a == NULL || b == NULL) {
        if (a == NULL)
            *lead = b_lead;
        return a ? a : b;
    }
    take_b = more_selective(a, b);
    if (take_b) {
        keep_second(&second->set, &second->lead, a, *lead);
        *lead = b_lead;
        return b;
    }
    keep_second(&second->set, &second->lead, b, b_lead);
    return a;
}

/* product - every a followed by every b, or NULL past EXACT_MAX */
static GPtrArray *product(const GPtrArray *a, const GPtrArray *b)
{
    GPtrArray *out;

    if ((gsize) a->len * b->len > EXACT_MAX)
        return NULL;
    out = strings_new();
    for (guint i = 0; i < a->len; i++)
        for (guint j = 0; j < b->len; j++) {
            g_autofree char *s = g_strconcat(g_ptr_array_index(a, i),
                                             g_ptr_array_index(b, j), NULL);

            strings_add(out, s);
        }
    return out;
}

/* read_char - one character of the pattern at r->p (UTF-8), or 0 */
static gunichar read_char(Reader *r)
{
    gunichar c = g_utf8_get_char_validated(r->p, -1);

    if (c == (gunichar) - 1 || c == (gunichar) - 2 || c == 0) {
        r->ok = FALSE;
        return 0;
    }
    r->p = g_utf8_next_char(r->p);
    return c;
}

/* class_add - add c to a class's exact characters; FALSE past the cap */
static gboolean class_add(GPtrArray *chars, gunichar c)
{
    char buf[8] = {0};

    g_unichar_to_utf8(c, buf);
    strings_add(chars, buf);
    return chars->len <= CLASS_EXACT_MAX;
}

/* escape_run - what \w, \W, \d, \D, \s or \S may match */
static Run escape_run(char e)
{
    switch (e) {
    case 'w':
    case 'd':
        return C_ONE | C_WORD | C_NO_NEWLINE;
    case 's':
        return C_ONE | C_SPACE | C_NONWORD;
    case 'W':
        return C_ONE | C_NONWORD;
    case 'S':
        return C_ONE | C_NO_NEWLINE;
    default:
        return C_ONE;
    }
}

/* dot_run - what "." may match: anything but a newline when PCRE2's
 * newline is LF, as Debian builds it; else anything */
static Run dot_run(void)
{
    guint32 nl = 0;

    (void) pcre2_config(PCRE2_CONFIG_NEWLINE, &nl);
    return C_ONE | (nl == PCRE2_NEWLINE_LF ? C_NO_NEWLINE : 0);
}

/* read_class - a "[...]" at r->p: its characters when few, else unknown */
static Info read_class(Reader *r)
{
    GPtrArray *chars = strings_new();
    const gboolean negated = r->p[1] == '^';
    gboolean small = !negated;
    gboolean first = TRUE;
    Run run = C_ONE | C_SPACE | C_WORD | C_NO_NEWLINE | C_NONWORD;
    gboolean newline = FALSE;   /* a newline is listed */
    gboolean ascii = !negated;  /* only ASCII characters are listed */
    Info out;

    r->p += small ? 1 : 2;
    while (r->ok && (*r->p != ']' || first)) {
        gunichar lo, hi;

        first = FALSE;
        if (*r->p == '\0' || (r->p[0] == '[' && r->p[1] == ':')) {
            r->ok = FALSE;
            break;
        }
        if (r->p[0] == '\\') {
            const char e = r->p[1];

            if (e == '\0' || (g_ascii_isalnum(e) && !strchr("wWdDsSntrf", e))) {
                r->ok = FALSE;
                break;
            }
            r->p += 2;
            if (strchr("wWdDsS", e)) {
                small = FALSE;
                ascii = FALSE;
                run &= escape_run(e);
                newline = newline || e == 's';
                continue;
            }
            lo = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' :
                e == 'f' ? '\f' : (gunichar) e;
        } else
            lo = read_char(r);
        hi = lo;
        if (r->p[0] == '-' && r->p[1] != ']' && r->p[1] != '\0') {
            r->p++;
            if (*r->p == '\\') {
                r->ok = FALSE;
                break;
            }
            hi = read_char(r);
        }
        if (hi < lo || hi - lo >= CLASS_EXACT_MAX)
            small = FALSE;
        /* past ASCII every character is alike here: stop at 0x80 */
        for (gunichar c = lo; c <= hi && c <= 0x80; c++)
            run &= run_of_char(c);
        ascii = ascii && hi < 0x80;
        newline = newline || (lo <= '\n' && '\n' <= hi);
        for (gunichar c = lo; small && c <= hi; c++)
            small = class_add(chars, c);
    }
    if (r->ok)
        r->p++;
    if (!small || !r->ok) {
        g_ptr_array_unref(chars);
        out = info_unknown;
    } else {
        out = (Info) {.exact = chars, .span = span_char};
    }
    if (r->ok) {
        /* "[^...]": anything not listed, so a newline unless listed */
        out.span = ascii ? (RgSpan) {1, 0, 0, 0, FALSE, 0} : span_char;
        out.run = negated ? C_ONE | (newline ? C_NO_NEWLINE : 0) : run;
    }
    return out;
}

/* skip_group - past a group whose contents are not required
 * (lookarounds, comments); r->p at its "(" */
static void skip_group(Reader *r)
{
    guint depth = 0;
    gboolean in_class = FALSE;

    for (; *r->p; r->p++) {
        if (r->p[0] == '\\' && r->p[1] != '\0')
            r->p++;
        else if (in_class)
            in_class = r->p[0] != ']';
        else if (r->p[0] == '[') {
            in_class = TRUE;
            if (r->p[1] == '^')
                r->p++;
            if (r->p[1] == ']')
                r->p++;
        } else if (r->p[0] == '(')
            depth++;
        else if (r->p[0] == ')' && --depth == 0) {
            r->p++;
            return;
        }
    }
    r->ok = FALSE;
}

/* read_group - "(...)" at r->p */
static Info read_group(Reader *r)
{
    const char *c = r->p;
    Info info;

    if (c[1] == '?' && (c[2] == '=' || c[2] == '!' || c[2] == '#' ||
                        (c[2] == '<' && (c[3] == '=' || c[3] == '!')))) {
        skip_group(r);
        return info_exact1("");
    }
    if (c[1] != '?')
        r->p += 1;
    else if (c[2] == ':' || c[2] == '>')
        r->p += 3;
    else if (c[2] == '<' || (c[2] == 'P' && c[3] == '<')) {
        const char *name_end = strchr(c, '>');

        if (name_end == NULL) {
            r->ok = FALSE;
            return info_unknown;
        }
        r->p = name_end + 1;
    } else {
        r->ok = FALSE;
        return info_unknown;
    }
    if (++r->depth > 64) {
        r->ok = FALSE;
        return info_unknown;
    }
    info = read_alternation(r);
    info.run = 0;               /* a group is not one character */
    r->depth--;
    if (*r->p != ')')
        r->ok = FALSE;
    else
        r->p++;
    return info;
}

/* read_item - one character, class, escape or group at r->p */
static Info read_item(Reader *r)
{
    const char *c = r->p;
    char buf[8] = {0};

    if (c[0] == '(')
        return read_group(r);
    if (c[0] == '[')
        return read_class(r);
    if (c[0] == '^' || c[0] == '$') {
        r->p++;
        return info_exact1("");
    }
    if (c[0] == '.') {
        r->p++;
        return info_char(dot_run());
    }
    if (c[0] == '\\') {
        const char e = c[1];

        r->p += 2;
        if (e != '\0' && strchr("AzZGbB", e))
            return info_exact1("");
        if (e != '\0' && strchr("wWdDsS", e))
            return info_char(escape_run(e));
        if (e == 'n' || e == 't' || e == 'r' || e == 'f') {
            buf[0] = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : '\f';
            return info_exact1(buf);
        }
        if (e == '\0' || g_ascii_isalnum(e) || (guchar) e >= 0x80) {
            r->ok = FALSE;
            return info_unknown;
        }
        buf[0] = e;
        return info_exact1(buf);
    }
    g_unichar_to_utf8(read_char(r), buf);
    return r->ok ? info_exact1(buf) : info_unknown;
}

/* read_quantifier - the repeat bounds at r->p, if any (max G_MAXUINT:
 * open); FALSE when there is none */
static gboolean read_quantifier(Reader *r, guint *min, guint *max)
{
    const char *q = r->p;

    if (*q == '*' || *q == '+' || *q == '?') {
        *min = *q == '+' ? 1 : 0;
        *max = *q == '?' ? 1 : G_MAXUINT;
        q++;
    } else if (*q == '{' && g_ascii_isdigit(q[1])) {
        char *end;

        *min = (guint) strtoul(q + 1, &end, 10);
        *max = *min;
        if (*end == ',') {
            *max = g_ascii_isdigit(end[1]) ?
                (guint) strtoul(end + 1, &end, 10) : G_MAXUINT;
            if (*end == ',')
                end++;
        }
        if (*end != '}')
            return FALSE;       /* a literal "{" */
        q = end + 1;
    } else
        return FALSE;
    if (*q == '?' || *q == '+')
        q++;                    /* lazy or possessive: the same strings */
    r->p = q;
    return TRUE;
}

/* repeated - what item repeated min..max times matches (consumes item) */
static Info repeated(Info item, guint min, guint max)
{
    Info out = info_unknown;

    out.span = max == G_MAXUINT ? run_bound(item.run)
        : span_times(item.span, max);
    if (min == 1 && max == 1)
        return item;
    out.lead = lead_of(&item);  /* the first copy starts the match */
    if (min > 0) {
        out.also = g_steal_pointer(&item.also);
        out.also_lead = item.also_lead;
    }
    if (min == 0 && max == 1 && item.exact != NULL) {
        out.exact = item.exact;
        strings_add(out.exact, "");
        return out;
    }
    if (min == 0) {
        info_clear(&item);
        if (max == 0)
            return info_exact1("");
        return out;
    }
    out.atoms = required(item);
    return out;
}

/* read_sequence - items up to "|", ")" or the end */
static Info read_sequence(Reader *r)
{
    GPtrArray *best = NULL;     /* the best atoms of the parts so far */
    Second second = {NULL, {0, 0, 0, 0, FALSE, 0}};    /* the next best,
                                                        * of another part */
    GPtrArray *run = strings_new();     /* exact strings of the last run */
    gboolean inexact = FALSE;
    RgSpan span = {0, 0, 0, 0, FALSE, 0};
    RgSpan best_lead = span;    /* where best can start in the sequence */
    RgSpan run_lead = span;     /* where the last run starts */
    Info out;

    g_ptr_array_add(run, g_strdup(""));
    while (r->ok && *r->p && *r->p != '|' && *r->p != ')') {
        Info item = read_item(r);
        const RgSpan before = span;
        guint min, max;

        if (r->ok && read_quantifier(r, &min, &max))
            item = repeated(item, min, max);
        span = span_add(span, item.span);
        if (item.exact != NULL) {
            GPtrArray *joined = product(run, item.exact);

            if (joined == NULL) {
                best = better(best, required((Info) {.exact = run}),
                              &best_lead, run_lead, &second);
                run = item.exact;
                run_lead = before;
                inexact = TRUE;
            } else {
                g_ptr_array_unref(run);
                g_ptr_array_unref(item.exact);
                run = joined;
            }
            continue;
        }
        best = better(best, required((Info) {.exact = run}), &best_lead,
                      run_lead, &second);
        keep_second(&second.set, &second.lead, g_steal_pointer(&item.also),
                    span_add(before, item.also_lead));
        best = better(best, item.atoms, &best_lead,
                      span_add(before, item.lead), &second);
        run = strings_new();
        g_ptr_array_add(run, g_strdup(""));
        run_lead = span;
        inexact = TRUE;
    }
    if (!inexact)
        out = (Info) {.exact = run, .span = span};
    else {
        best = better(best, required((Info) {.exact = run}), &best_lead,
                      run_lead, &second);
        if (best == NULL)
            g_clear_pointer(&second.set, g_ptr_array_unref);
        out = (Info) {.atoms = best, .span = span, .lead = best_lead,
            .also = second.set, .also_lead = second.lead};
    }
    return out;
}

/* read_alternation - sequences separated by "|" */
static Info read_alternation(Reader *r)
{
    Info all = read_sequence(r);
    RgSpan span = all.span;

    while (r->ok && *r->p == '|') {
        Info next;

        r->p++;
        next = read_sequence(r);
        span = span_max(span, next.span);
        if (all.exact && next.exact &&
            all.exact->len + next.exact->len <= EXACT_MAX) {
            for (guint i = 0; i < next.exact->len; i++)
                strings_add(all.exact, g_ptr_array_index(next.exact, i));
            info_clear(&next);
            continue;
        }
        {
            const RgSpan lead = span_max(lead_of(&all), lead_of(&next));
            /* one branch with a second set gives the whole one: the
             * second sets united, a branch's first standing in for a
             * second it does not have */
            const gboolean seconds = all.also != NULL || next.also != NULL;
            RgSpan la, lb;
            GPtrArray *sa = seconds ? second_of(&all, &la) : NULL;
            GPtrArray *sb = seconds ? second_of(&next, &lb) : NULL;
            GPtrArray *a = required(all), *b = required(next);

            all = info_unknown;
            if (a != NULL && b != NULL && a->len + b->len <= ATOMS_MAX) {
                for (guint i = 0; i < b->len; i++)
                    strings_add(a, g_ptr_array_index(b, i));
                all.atoms = g_steal_pointer(&a);
                all.lead = lead;
                if (sa != NULL && sb != NULL &&
                    sa->len + sb->len <= ATOMS_MAX) {
                    for (guint i = 0; i < sb->len; i++)
                        strings_add(sa, g_ptr_array_index(sb, i));
                    all.also = g_steal_pointer(&sa);
                    all.also_lead = span_max(la, lb);
                }
            }
            if (sa)
                g_ptr_array_unref(sa);
            if (sb)
                g_ptr_array_unref(sb);
            if (a)
                g_ptr_array_unref(a);
            if (b)
                g_ptr_array_unref(b);
            if (all.atoms == NULL) {
                /* one branch requires nothing: neither does the whole;
                 * read the rest for its syntax only */
                while (r->ok && *r->p == '|') {
                    r->p++;
                    next = read_sequence(r);
                    span = span_max(span, next.span);
                    info_clear(&next);
                }
            }
        }
    }
    all.span = span;
    all.run = 0;
    return all;
}

/* read_pattern - the whole of pattern into *info; FALSE (nothing to
 * free) when a construct is not read here */
static gboolean read_pattern(const char *pattern, Info *info)
{
    Reader r = {pattern, TRUE, 0};

    *info = read_alternation(&r);
    if (r.ok && *r.p == '\0')
        return TRUE;
    info_clear(info);
    return FALSE;
}

/* nothing known: no atoms, no bound */
static const RgAtoms atoms_none = {NULL, NULL, {0, 0, 0, 0, TRUE, 0},
    {0, 0, 0, 0, TRUE, 0}, {0, 0, 0, 0, TRUE, 0}};

/*
 * rg_atoms_read - a pattern read once (RgAtoms): its atoms (strings of at
 * least RG_ATOM_MIN characters one of which every match contains; NULL
 * when there is no such set), a second such set from another part of
 * the pattern (at least RG_ATOM_SECOND_MIN characters; NULL when none:
 * a match holds an atom of each), how long a match can be and how far
 * into a match each set's atoms can start.  When the first set is too
 * short the second takes its place.  FALSE, with no atoms and no bound,
 * when the pattern is not read here.  out need not be set before; clear
 * it with rg_atoms_clear.
 */
gboolean rg_atoms_read(const char *pattern, RgAtoms *out)
{
    Info info;

    *out = atoms_none;
    if (!read_pattern(pattern, &info))
        return FALSE;
    out->span = info.span;
    out->also_lead = info.also_lead;
    out->also = g_steal_pointer(&info.also);
    out->lead = lead_of(&info);
    out->atoms = required(info);
    if (out->also != NULL && shortest(out->also) < RG_ATOM_SECOND_MIN)
        g_clear_pointer(&out->also, g_ptr_array_unref);
    if (out->atoms != NULL && shortest(out->atoms) < RG_ATOM_MIN)
        g_clear_pointer(&out->atoms, g_ptr_array_unref);
    if (out->atoms == NULL && out->also != NULL) {
        out->atoms = g_steal_pointer(&out->also);
        out->lead = out->also_lead;
    }
    return TRUE;
}

/* rg_atoms_clear - free what rg_atoms_read gave; no atoms, no bound */
void rg_atoms_clear(RgAtoms *a)
{
    if (a->atoms != NULL)
        g_ptr_array_unref(a->atoms);
    if (a->also != NULL)
        g_ptr_array_unref(a->also);
    *a = atoms_none;
}
