/*
 * rg_needs.c - a set of bytes one of which every match of a pattern
 * holds, read from its PCRE2 source (UTF, UCP, caseless or not)
 *
 * Owns no state.  The source's top level is read as a sequence of
 * elements.  An element that must occur (no quantifier, or one of at
 * least one) and can only match a few bytes gives them: a digit (\d is
 * an ASCII digit or, under UCP, a character past ASCII: any byte past
 * ASCII), a character that is not a letter, a class made of those.  The
 * smallest such set is the pattern's.  Letters give nothing (caseless
 * matching folds them, some to characters past ASCII); so do groups,
 * which are not looked into.  A pattern whose source reads in a way this
 * does not follow (an alternation at the top, \Q...\E, back references,
 * verbs, the x option, a brace that is not a quantifier) gives no set.
 * The prefilter's atoms skip the patterns that hold literals; this skips
 * the ones that hold none, such as phone numbers and e-mail addresses.
 */
#include <string.h>

#include "rg_bytes.h"
#include "rg_needs.h"

/* what one element of the top-level sequence is */
typedef enum {
    ELEM_ZERO,                  /* matches no character: \b, ^, (?=...) */
    ELEM_ANY,                   /* matches characters not followed here */
    ELEM_BYTES,                 /* one character, one of the set's bytes */
    ELEM_FAIL                   /* not understood: the pattern gives none */
} Elem;

static void add_byte(RgNeeds *n, guchar b)
{
    n->bits[b >> 6] |= G_GUINT64_CONSTANT(1) << (b & 63);
}

/* has_byte - whether byte b is in the set */
static inline gboolean has_byte(const RgNeeds *n, guchar b)
{
    return n->bits[b >> 6] >> (b & 63) & 1;
}

/* add_digits - what \d matches under UCP, as bytes */
static void add_digits(RgNeeds *n)
{
    for (guchar c = '0'; c <= '9'; c++)
        add_byte(n, c);
    n->bits[2] = n->bits[3] = G_MAXUINT64;
}

/* plain - an ASCII character with no case forms, matching only itself */
static gboolean plain(guchar c)
{
    return c >= 0x20 && c < 0x7F && !g_ascii_isalpha(c);
}

/* skip_braced - past "{...}" at *p when there is one */
static gboolean skip_braced(const char **p)
{
    const char *end;

    if (**p != '{')
        return TRUE;
    if ((end = strchr(*p, '}')) == NULL)
        return FALSE;
    *p = end + 1;
    return TRUE;
}

/* escape - the escape at *p (after its backslash), in a class or not;
 * *p moves past it */
static Elem escape(const char **p, gboolean in_class, RgNeeds *n)
{
    const guchar c = (guchar) **p;

    if (c == '\0')
        return ELEM_FAIL;
    (*p)++;
    if (!g_ascii_isalnum(c)) {
        if (c >= 0x80)
            return ELEM_FAIL;   /* an escaped character past ASCII */
        add_byte(n, c);
        return ELEM_BYTES;
    }
    switch (c) {
    case 'd':
        add_digits(n);
        return ELEM_BYTES;
    case 'b':
    case 'B':
    case 'A':
    case 'z':
    case 'Z':
    case 'G':
    case 'K':
        /* in a class \b is a backspace: a character, not followed */
        return in_class ? (c == 'b' ? ELEM_ANY : ELEM_FAIL) : ELEM_ZERO;
    case 'D':
    case 'w':
    case 'W':
    case 's':
    case 'S':
    case 'h':
    case 'H':
    case 'v':
    case 'V':
    case 'R':
    case 'X':
    case 'n':
    case 't':
    case 'r':
    case 'f':
    case 'e':
    case 'a':
        return ELEM_ANY;
    case 'p':
    case 'P':
        if (**p == '{')
            return skip_braced(p) ? ELEM_ANY : ELEM_FAIL;
        if (**p == '\0')
            return ELEM_FAIL;
        (*p)++;
        return ELEM_ANY;
    case 'x':
        if (**p == '{')
            return skip_braced(p) ? ELEM_ANY : ELEM_FAIL;
        for (int i = 0; i < 2 && g_ascii_isxdigit(**p); i++)
            (*p)++;
        return ELEM_ANY;
    default:
        return ELEM_FAIL;       /* back references, \Q, \N, \c, \o, ... */
    }
}

/* utf8_char - past one literal character starting at *p */
static void utf8_char(const char **p)
{
    (*p)++;
    while (((guchar) **p & 0xC0) == 0x80)
        (*p)++;
}

/* class_member - one member of a class at *p: its bytes into n when it
 * is a digit, \d or a character with no case forms; ELEM_ANY otherwise */
static Elem class_member(const char **p, RgNeeds *n, guchar *single)
{
    const guchar c = (guchar) **p;

    *single = 0;
    if (c == '[' && (*p)[1] == ':') {
        const char *end = strstr(*p + 2, ":]");

        if (end == NULL)
            return ELEM_FAIL;
        *p = end + 2;
        return ELEM_ANY;
    }
    if (c == '\\') {
        (*p)++;
        if (!g_ascii_isalnum((guchar) **p) && **p != '\0' &&
            (guchar) **p < 0x80)
            *single = (guchar) **p;
        return escape(p, TRUE, n);
    }
    if (c >= 0x80) {
        utf8_char(p);
        return ELEM_ANY;
    }
    (*p)++;
    if (!plain(c))
        return ELEM_ANY;
    *single = c;
    add_byte(n, c);
    return ELEM_BYTES;
}

/* char_class - the class at *p (after its "["); *p moves past its "]" */
static Elem char_class(const char **p, RgNeeds *n)
{
    RgNeeds bytes = {{0}, RG_NEEDS_NONE, 0};
    gboolean negated = **p == '^';
    gboolean any = FALSE;
    gboolean first = TRUE;

    if (negated)
        (*p)++;
    for (;;) {
        guchar lo, hi;
        Elem e;

        if (**p == '\0')
            return ELEM_FAIL;
        if (**p == ']' && !first)
            break;
        first = FALSE;
        e = class_member(p, &bytes, &lo);
        if (e == ELEM_FAIL)
            return ELEM_FAIL;
        if (**p == '-' && (*p)[1] != ']' && (*p)[1] != '\0') {
            /* a range: of ASCII digits, or not followed */
            (*p)++;
            e = class_member(p, &bytes, &hi) == ELEM_FAIL ? ELEM_FAIL
                : (g_ascii_isdigit(lo) && g_ascii_isdigit(hi) && lo <= hi)
                ? ELEM_BYTES : ELEM_ANY;
            if (e == ELEM_FAIL)
                return ELEM_FAIL;
            for (guint b = lo; e == ELEM_BYTES && b <= hi; b++)
                add_byte(&bytes, (guchar) b);
        }
        any = any || e != ELEM_BYTES;
    }
    (*p)++;
    if (negated || any)
        return ELEM_ANY;
    for (int i = 0; i < 4; i++)
        n->bits[i] |= bytes.bits[i];
    return ELEM_BYTES;
}

/* x_option - whether the options of the group at s (after its "(")
 * turn the x option on or off */
static gboolean x_option(const char *s)
{
    return s[0] == '?' &&
        memchr(s + 1, 'x', strspn(s + 1, "abcdefghijklmnopqrstuvwxyz"
                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ-^")) != NULL;
}

/* skip_group - past the group whose "(" *p is past; FALSE when its end
 * is not found or it holds what this file does not follow */
static gboolean skip_group(const char **p)
{
    RgNeeds ignored = {{0}, RG_NEEDS_NONE, 0};
    guint depth = 1;

    while (depth > 0) {
        const char c = **p;

        if (c == '\0')
            return FALSE;
        if (c == '\\') {
            (*p)++;
            if (escape(p, FALSE, &ignored) == ELEM_FAIL)
                return FALSE;
        } else if (c == '[') {
            (*p)++;
            if (char_class(p, &ignored) == ELEM_FAIL)
                return FALSE;
        } else {
            if (c == '(' && ((*p)[1] == '*' || x_option(*p + 1)))
                return FALSE;   /* a verb, the x option */
            depth += c == '(';
            depth -= c == ')';
            (*p)++;
        }
    }
    return TRUE;
}

/* group - the group at *p (after its "(") as an element */
static Elem group(const char **p)
{
    const char *s = *p;

    if (s[0] == '*')
        return ELEM_FAIL;       /* a verb such as (*UCP) */
    if (x_option(s))
        return ELEM_FAIL;       /* the x option changes how it reads */
    if (s[0] == '?') {
        const gsize flags = strspn(s + 1, "abcdefghijklmnopqrstuvwxyz"
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ-^");

        if (s[1 + flags] == ')' && flags > 0) {
            *p = s + 2 + flags; /* options for the rest: no character */
            return ELEM_ZERO;
        }
        if (s[1] == '#') {
            const char *end = strchr(s, ')');

            if (end == NULL)
                return ELEM_FAIL;
            *p = end + 1;
            return ELEM_ZERO;
        }
        if (!skip_group(p))
            return ELEM_FAIL;
        /* lookarounds match no character */
        return (s[1] == '=' || s[1] == '!' ||
                (s[1] == '<' && (s[2] == '=' || s[2] == '!')))
            ? ELEM_ZERO : ELEM_ANY;
    }
    return skip_group(p) ? ELEM_ANY : ELEM_FAIL;
}

/* quantifier - the least count the quantifier at *p allows (1: none
 * there), *p past it; -1 for a brace that is not a quantifier */
static int quantifier(const char **p)
{
    int least = 1;
    const char *s = *p;

    if (*s == '?' || *s == '*') {
        least = 0;
        s++;
    } else if (*s == '+') {
        s++;
    } else if (*s == '{') {
        const char *d = s + 1;

        if (!g_ascii_isdigit(*d))
            return -1;
        least = 0;
        for (; g_ascii_isdigit(*d) && least < 100000; d++)
            least = least * 10 + (*d - '0');
        if (*d == ',')
            for (d++; g_ascii_isdigit(*d); d++)
                ;
        if (*d != '}')
            return -1;
        s = d + 1;
    } else {
        return 1;
    }
    if (*s == '?' || *s == '+')
        s++;                    /* lazy, possessive */
    *p = s;
    return least;
}

/* popcount - bytes in a set */
static guint popcount(const RgNeeds *n)
{
    guint k = 0;

    for (int i = 0; i < 4; i++)
        k += (guint) __builtin_popcountll(n->bits[i]);
    return k;
}

/* kind_of - how to look for a set's bytes */
static void kind_of(RgNeeds *n)
{
    RgNeeds digit = {{0}, RG_NEEDS_NONE, 0};

    add_digits(&digit);
    n->kind = RG_NEEDS_SET;
    if (popcount(n) == 1) {
        n->kind = RG_NEEDS_BYTE;
        for (guint b = 0; b < 256; b++)
            if (has_byte(n, (guchar) b))
                n->byte = (guchar) b;
    } else if (memcmp(n->bits, digit.bits, sizeof digit.bits) == 0) {
        n->kind = RG_NEEDS_DIGIT;
    }
}

/* rg_needs_met - whether text[0, len) holds a byte of needs (always,
 * with none known): memchr for one byte, eight bytes at a time for \d's */
gboolean rg_needs_met(const RgNeeds *needs, const char *text, gsize len)
{
    gsize i = 0;

    if (needs->kind == RG_NEEDS_NONE)
        return TRUE;
    if (needs->kind == RG_NEEDS_BYTE)
        return memchr(text, needs->byte, len) != NULL;
    if (needs->kind == RG_NEEDS_DIGIT)
        for (; i + 8 <= len; i += 8) {
            const guint64 w = rg_bytes_load(text + i);

            if (rg_bytes_high(w) |
                (rg_bytes_low_ge(w, '0') & rg_bytes_low_le(w, '9')))
                return TRUE;
        }
    for (; i < len; i++)
        if (has_byte(needs, (guchar) text[i]))
            return TRUE;
    return FALSE;
}

/* rg_needs_read - the smallest set of bytes one of which every match of
 * pattern holds, read from its top level; FALSE (needs of kind
 * RG_NEEDS_NONE) when none is known */
gboolean rg_needs_read(const char *pattern, RgNeeds *needs)
{
    const char *p = pattern;
    gboolean found = FALSE;

    memset(needs, 0, sizeof *needs);
    while (*p) {
        RgNeeds bytes = {{0}, RG_NEEDS_NONE, 0};
        const guchar c = (guchar) *p;
        Elem e;
        int least;

        if (c == '|' || c == ')')
            return FALSE;       /* alternatives at the top */
        if (c == '\\') {
            p++;
            e = escape(&p, FALSE, &bytes);
        } else if (c == '[') {
            p++;
            e = char_class(&p, &bytes);
        } else if (c == '(') {
            p++;
            e = group(&p);
        } else if (c == '^' || c == '$') {
            p++;
            e = ELEM_ZERO;
        } else if (c == '*' || c == '+' || c == '?' || c == '{') {
            return FALSE;       /* a quantifier with nothing before it */
        } else if (c == '.' || c >= 0x80) {
            utf8_char(&p);
            e = ELEM_ANY;
        } else {
            p++;
            e = plain(c) ? ELEM_BYTES : ELEM_ANY;
            if (e == ELEM_BYTES)
                add_byte(&bytes, c);
        }
        if (e == ELEM_FAIL)
            return FALSE;
        least = quantifier(&p);
        if (least < 0)
            return FALSE;
        if (e == ELEM_BYTES && least > 0 &&
            (!found || popcount(&bytes) < popcount(needs))) {
            *needs = bytes;
            found = TRUE;
        }
    }
    if (found)
        kind_of(needs);
    return found;
}
