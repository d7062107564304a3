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
 * best atom set of its parts (the one whose shortest atom is longest); an
 * alternation unites its branches' sets; a part that may match the empty
 * string ("x?", "x*", "{0,n}", a lookaround, an anchor) contributes
 * nothing required.  In a caseless pattern strings are kept as written
 * and compared caselessly by the prefilter.
 *
 * Constructs not read here (backreferences, inline options, \p, \x, \Q,
 * POSIX classes, conditionals) give no atoms: the pattern is always
 * searched.
 */
#include <stdlib.h>
#include <string.h>

#include "rg_atoms.h"

#define EXACT_MAX 16            /* strings an exact set may hold */
#define ATOMS_MAX 4096          /* atoms a set may hold */
#define CLASS_EXACT_MAX 8       /* characters a class is expanded to */

/* what a part of a pattern is known to match: exact strings, or atoms
 * one of which it contains; both NULL when nothing is known */
typedef struct {
    GPtrArray *exact;
    GPtrArray *atoms;
} Info;

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
}

static Info info_exact1(const char *s)
{
    Info info = {strings_new(), NULL};

    g_ptr_array_add(info.exact, g_strdup(s));
    return info;
}

static const Info info_unknown = {NULL, NULL};

/* shortest - the length in characters of a set's shortest string */
static glong shortest(const GPtrArray *set)
{
    glong best = G_MAXLONG;

    for (guint i = 0; i < set->len; i++)
        best = MIN(best, g_utf8_strlen(g_ptr_array_index(set, i), -1));
    return set->len ? best : 0;
}

/* required - the atoms a part gives: its exact strings when none is
 * empty, or its atoms; NULL when nothing is required.  Consumes info. */
static GPtrArray *required(Info info)
{
    if (info.exact != NULL && shortest(info.exact) == 0) {
        info_clear(&info);
        return NULL;
    }
    if (info.exact != NULL)
        return info.exact;
    return info.atoms;
}

/* better - the more selective of two atom sets (consumes both) */
static GPtrArray *better(GPtrArray *a, GPtrArray *b)
{
    gboolean take_b;

    if (a == NULL || b == NULL)
        return a ? a : b;
    take_b = shortest(b) > shortest(a) ||
        (shortest(b) == shortest(a) && b->len < a->len);
    g_ptr_array_unref(take_b ? a : b);
    return take_b ? b : a;
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

/* read_class - a "[...]" at r->p: its characters when few, else unknown */
static Info read_class(Reader *r)
{
    GPtrArray *chars = strings_new();
    gboolean small = r->p[1] != '^';
    gboolean first = TRUE;

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
        for (gunichar c = lo; small && c <= hi; c++)
            small = class_add(chars, c);
    }
    if (r->ok)
        r->p++;
    if (!small || !r->ok) {
        g_ptr_array_unref(chars);
        return info_unknown;
    }
    return (Info) {chars, NULL};
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
        return info_unknown;
    }
    if (c[0] == '\\') {
        const char e = c[1];

        r->p += 2;
        if (e != '\0' && strchr("AzZGbB", e))
            return info_exact1("");
        if (e != '\0' && strchr("wWdDsS", e))
            return info_unknown;
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

    if (min == 0 && max == 1 && item.exact != NULL) {
        out.exact = item.exact;
        strings_add(out.exact, "");
        return out;
    }
    if (min == 0) {
        info_clear(&item);
        return max == 0 ? info_exact1("") : info_unknown;
    }
    if (min == 1 && max == 1)
        return item;
    out.atoms = required(item);
    return out;
}

/* read_sequence - items up to "|", ")" or the end */
static Info read_sequence(Reader *r)
{
    GPtrArray *best = NULL;     /* the best atoms of the parts so far */
    GPtrArray *run = strings_new();     /* exact strings of the last run */
    gboolean inexact = FALSE;

    g_ptr_array_add(run, g_strdup(""));
    while (r->ok && *r->p && *r->p != '|' && *r->p != ')') {
        Info item = read_item(r);
        guint min, max;

        if (r->ok && read_quantifier(r, &min, &max))
            item = repeated(item, min, max);
        if (item.exact != NULL) {
            GPtrArray *joined = product(run, item.exact);

            if (joined == NULL) {
                best = better(best, required((Info) {run, NULL}));
                run = item.exact;
                inexact = TRUE;
            } else {
                g_ptr_array_unref(run);
                g_ptr_array_unref(item.exact);
                run = joined;
            }
            continue;
        }
        best = better(best, required((Info) {run, NULL}));
        best = better(best, item.atoms);
        run = strings_new();
        g_ptr_array_add(run, g_strdup(""));
        inexact = TRUE;
    }
    if (!inexact)
        return (Info) {run, NULL};
    return (Info) {NULL, better(best, required((Info) {run, NULL}))};
}

/* read_alternation - sequences separated by "|" */
static Info read_alternation(Reader *r)
{
    Info all = read_sequence(r);

    while (r->ok && *r->p == '|') {
        Info next;

        r->p++;
        next = read_sequence(r);
        if (all.exact && next.exact &&
            all.exact->len + next.exact->len <= EXACT_MAX) {
            for (guint i = 0; i < next.exact->len; i++)
                strings_add(all.exact, g_ptr_array_index(next.exact, i));
            info_clear(&next);
            continue;
        }
        {
            GPtrArray *a = required(all), *b = required(next);

            all = info_unknown;
            if (a != NULL && b != NULL && a->len + b->len <= ATOMS_MAX) {
                for (guint i = 0; i < b->len; i++)
                    strings_add(a, g_ptr_array_index(b, i));
                all.atoms = g_steal_pointer(&a);
            }
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
                    info_clear(&next);
                }
            }
        }
    }
    return all;
}

/*
 * rg_atoms_of - atoms of a pattern: strings of at least RG_ATOM_MIN
 * characters one of which every match contains; NULL when there is no
 * such set or the pattern is not read here.  Caller unrefs.
 */
GPtrArray *rg_atoms_of(const char *pattern)
{
    Reader r = {pattern, TRUE, 0};
    Info info = read_alternation(&r);
    GPtrArray *atoms;

    if (!r.ok || *r.p != '\0') {
        info_clear(&info);
        return NULL;
    }
    atoms = required(info);
    if (atoms != NULL && shortest(atoms) < RG_ATOM_MIN)
        g_clear_pointer(&atoms, g_ptr_array_unref);
    return atoms;
}
