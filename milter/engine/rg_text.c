/*
 * rg_text.c - bytes in any charset to clean, matchable UTF-8
 *
 * Owns no state.  Conversion uses GLib's iconv wrapper with GMime's
 * charset-name canonicalisation (so "cp1250", "latin2" and the like
 * work); a charset iconv does not know falls back to the configured
 * fallback charset, then to UTF-8 with invalid bytes replaced.
 */
#include <errno.h>
#include <gmime/gmime.h>
#include <string.h>

#include "rg_bytes.h"
#include "rg_text.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* is_utf8_name - whether a charset name means UTF-8 or a subset of it */
static gboolean is_utf8_name(const char *charset)
{
    return charset == NULL || *charset == '\0' ||
        g_ascii_strcasecmp(charset, "utf-8") == 0 ||
        g_ascii_strcasecmp(charset, "utf8") == 0 ||
        g_ascii_strcasecmp(charset, "us-ascii") == 0 ||
        g_ascii_strcasecmp(charset, "ascii") == 0;
}

/* plain_run - how many bytes from p on are printable ASCII but '`', or
 * LF: eight at a time, the first other byte found by its bit */
static gsize plain_run(const char *p, const char *end)
{
    const char *start = p;

    while (end - p >= 8) {
        const guint64 w = rg_bytes_load(p);
        /* past ASCII; below 0x20 but LF; DEL; the grave accent */
        const guint64 bad = rg_bytes_high(w) |
            (~rg_bytes_low_ge(w, 0x20) & RG_HIGH & ~rg_bytes_eq(w, '\n')) |
            rg_bytes_eq(w, 0x7F) | rg_bytes_eq(w, '`');

        if (bad != 0)
            return (gsize) (p - start) + rg_bytes_first(bad);
        p += 8;
    }
    return (gsize) (p - start);
}

/* valid_utf8 - g_utf8_validate_len (a NUL byte is invalid too), with
 * runs of ASCII skipped eight bytes at a time: a text is valid when
 * every stretch of bytes past ASCII is (a sequence never holds one) */
static gboolean valid_utf8(const char *data, gsize len)
{
    const char *p = data, *end;

    if (len == 0)
        return TRUE;            /* data may be NULL: no offset from it */
    end = data + len;

    while (p < end) {
        if (end - p >= 8) {
            const guint64 w = rg_bytes_load(p);

            if ((rg_bytes_high(w) | rg_bytes_eq(w, 0)) == 0) {
                p += 8;         /* ASCII, no NUL */
                continue;
            }
        }
        if (*p == '\0')
            return FALSE;
        if ((guchar) *p < 0x80) {
            p++;
            continue;
        }
        const char *stretch = p;

        while (p < end && (guchar) *p >= 0x80)
            p++;
        if (!g_utf8_validate_len(stretch, (gsize) (p - stretch), NULL))
            return FALSE;
    }
    return TRUE;
}

/* make_valid - invalid UTF-8 with every invalid sequence replaced;
 * caller frees */
static char *make_valid(const char *data, gsize len, gsize *out_len)
{
    char *out = g_utf8_make_valid(data, (gssize) len);

    *out_len = strlen(out);
    return out;
}

/* convert - iconv from charset; FALSE if iconv does not know the charset */
static gboolean convert(const char *data, gsize len, const char *charset,
                        GString *out)
{
    const char *name = g_mime_charset_iconv_name(charset);
    GIConv cd = g_iconv_open("UTF-8", name ? name : charset);
    char buf[4096];
    char *in = (char *) data;
    gsize inleft = len;

    if (cd == (GIConv) - 1)
        return FALSE;
    while (inleft > 0) {
        char *outp = buf;
        gsize outleft = sizeof buf;
        gsize rc = g_iconv(cd, &in, &inleft, &outp, &outleft);

        g_string_append_len(out, buf, (gssize) (outp - buf));
        if (rc == (gsize) - 1) {
            if (errno == E2BIG)
                continue;
            /* EILSEQ or EINVAL: replace one byte and go on */
            g_string_append(out, replacement);
            in++;
            inleft--;
        }
    }
    g_iconv_close(cd);
    return TRUE;
}

/* from_invalid - rg_text_to_utf8 of data that is not valid UTF-8 */
static char *from_invalid(const char *data, gsize len, const char *charset,
                          const char *fallback, gsize *out_len)
{
    GString *out;

    if (is_utf8_name(charset) && is_utf8_name(fallback))
        return make_valid(data, len, out_len);
    out = g_string_sized_new(len + len / 2 + 16);
    if (is_utf8_name(charset) || !convert(data, len, charset, out)) {
        g_string_truncate(out, 0);
        if (is_utf8_name(fallback) || !convert(data, len, fallback, out)) {
            g_string_free(out, TRUE);
            return make_valid(data, len, out_len);
        }
    }
    if (!valid_utf8(out->str, out->len)) {
        char *valid = make_valid(out->str, out->len, out_len);

        g_string_free(out, TRUE);
        return valid;
    }
    *out_len = out->len;
    return g_string_free(out, FALSE);
}

/*
 * rg_text_to_utf8 - decode bytes in charset to valid UTF-8; caller frees
 *
 * UTF-8 text is kept when it is valid whatever the label says, since
 * mislabelled UTF-8 is far more common than 8-bit text that happens to be
 * valid UTF-8.  Otherwise the declared charset is used, then fallback.
 */
char *rg_text_to_utf8(const char *data, gsize len, const char *charset,
                      const char *fallback, gsize *out_len)
{
    if (valid_utf8(data, len)) {
        *out_len = len;
        return g_strndup(data, len);
    }
    return from_invalid(data, len, charset, fallback, out_len);
}

/* map_char - normalised form of c: a replacement string, "" to drop, NULL to keep */
static const char *map_char(gunichar c)
{
    switch (c) {
    case '\t':
    case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003:
    case 0x2004: case 0x2005: case 0x2006: case 0x2007: case 0x2008:
    case 0x2009: case 0x200A: case 0x202F: case 0x205F: case 0x3000:
        return " ";
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
    case 0xFEFF:
        return "";
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
    case 0x02BC: case 0x0060: case 0x00B4:
        return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
    case 0x00AB: case 0x00BB:
        return "\"";
    case 0x0085: case 0x2028: case 0x2029:
        return "\n";
    default:
        break;
    }
    if (c < 0x20 && c != '\n')
        return " ";
    if (c == 0x7F || (c >= 0x80 && c < 0xA0))
        return " ";
    return NULL;
}

/* special - the bytes of valid UTF-8 that normalising may change: C0
 * controls but LF, the grave accent and DEL, and the lead bytes of the
 * characters map_char changes (U+0080-00BF, U+02BC, U+2000-206F, U+3000,
 * U+FEFF); every other byte, continuation bytes included, is copied */
static const guint8 special[256] = {
    [0x00] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, [0x0B] = 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['`'] = 1, [0x7F] = 1, [0xC2] = 1, [0xCA] = 1, [0xE2] = 1, [0xE3] = 1,
    [0xEF] = 1,
};

/*
 * rg_text_normalize - normalised copy of valid UTF-8, at most limit bytes
 *
 * CR LF and lone CR become LF.  clipped (may be NULL) tells whether
 * the limit cut the text.  Runs of bytes that stay as they are are
 * copied whole; the output is never longer than the input (every mapping
 * is one byte or none).  Caller frees.
 */
char *rg_text_normalize(const char *utf8, gsize len, gsize limit,
                        gsize *out_len, gboolean *clipped)
{
    const char *p = utf8 ? utf8 : "";
    const char *end = p + (utf8 ? len : 0);
    char *out = g_malloc(MIN((gsize) (end - p), limit) + 1);
    gsize n = 0;

    while (p < end && n < limit) {
        const char *run = p;

        for (;;) {
            p += plain_run(p, end);
            if (p == end || special[(guchar) *p])
                break;
            p++;                /* a byte past ASCII, kept */
        }
        if (p > run) {
            gsize take = (gsize) (p - run);
            const gboolean cut = take > limit - n;

            if (cut) {
                /* what fits, to a character boundary, and no more */
                take = rg_text_clip(run, take, limit - n);
                p = run + take;
            }
            memcpy(out + n, run, take);
            n += take;
            if (cut)
                break;
            continue;
        }
        if (*p == '\r') {
            out[n++] = '\n';
            p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
            continue;
        }
        gunichar c = g_utf8_get_char(p);
        const char *next = g_utf8_next_char(p);
        const char *mapped = map_char(c);
        const gsize width = (gsize) (next - p);

        if (next > end)
            break;
        if (mapped != NULL) {
            const gsize m = strlen(mapped); /* 0 or 1: n < limit */

            memcpy(out + n, mapped, m);
            n += m;
        } else if (n + width <= limit) {
            memcpy(out + n, p, width);
            n += width;
        } else
            break;
        p = next;
    }
    out[n] = '\0';
    if (clipped != NULL)
        *clipped = p < end;
    *out_len = n;
    return out;
}

/*
 * rg_text_decode - rg_text_to_utf8 then rg_text_normalize, in one pass
 * over the input when it is valid UTF-8 already (the common case: no
 * copy in between); caller frees
 */
char *rg_text_decode(const char *data, gsize len, const char *charset,
                     const char *fallback, gsize limit, gsize *out_len,
                     gboolean *clipped)
{
    g_autofree char *utf8 = NULL;
    gsize ulen = 0;

    if (valid_utf8(data, len))
        return rg_text_normalize(data, len, limit, out_len, clipped);
    utf8 = from_invalid(data, len, charset, fallback, &ulen);
    return rg_text_normalize(utf8, ulen, limit, out_len, clipped);
}

/* rg_text_clip - the largest length <= limit that ends on a character boundary */
gsize rg_text_clip(const char *utf8, gsize len, gsize limit)
{
    if (len <= limit)
        return len;
    while (limit > 0 && ((unsigned char) utf8[limit] & 0xC0) == 0x80)
        limit--;
    return limit;
}

/* rg_text_line_of - 1-based line number of a byte offset */
gsize rg_text_line_of(const char *text, gsize offset)
{
    gsize line = 1;

    for (gsize i = 0; i < offset; i++)
        if (text[i] == '\n')
            line++;
    return line;
}
