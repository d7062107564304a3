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

/* make_valid - UTF-8 with every invalid sequence replaced; caller frees */
static char *make_valid(const char *data, gsize len, gsize *out_len)
{
    char *out;

    if (g_utf8_validate_len(data, len, NULL)) {
        out = g_strndup(data, len);
        *out_len = len;
        return out;
    }
    out = g_utf8_make_valid(data, (gssize) len);
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
    GString *out;

    if (g_utf8_validate_len(data, len, NULL) ||
        (is_utf8_name(charset) && is_utf8_name(fallback)))
        return make_valid(data, len, out_len);
    out = g_string_sized_new(len + len / 2 + 16);
    if (is_utf8_name(charset) || !convert(data, len, charset, out)) {
        g_string_truncate(out, 0);
        if (is_utf8_name(fallback) || !convert(data, len, fallback, out)) {
            g_string_free(out, TRUE);
            return make_valid(data, len, out_len);
        }
    }
    if (!g_utf8_validate_len(out->str, out->len, NULL)) {
        char *valid = make_valid(out->str, out->len, out_len);

        g_string_free(out, TRUE);
        return valid;
    }
    *out_len = out->len;
    return g_string_free(out, FALSE);
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

/*
 * rg_text_normalize - normalised copy of valid UTF-8, at most limit bytes
 *
 * CR LF and lone CR become LF.  clipped (may be NULL) tells whether
 * the limit cut the text.  Caller frees.
 */
char *rg_text_normalize(const char *utf8, gsize len, gsize limit,
                        gsize *out_len, gboolean *clipped)
{
    GString *out = g_string_sized_new(MIN(len, limit) + 1);
    const char *p = utf8 ? utf8 : "";
    const char *end = p + (utf8 ? len : 0);

    while (p < end && out->len < limit) {
        unsigned char b = (unsigned char) *p;

        if (b >= 0x20 && b < 0x7F && b != 0x60) {
            g_string_append_c(out, (char) b);
            p++;
            continue;
        }
        if (b == '\r') {
            g_string_append_c(out, '\n');
            p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
            continue;
        }
        gunichar c = g_utf8_get_char(p);
        const char *next = g_utf8_next_char(p);
        const char *mapped = map_char(c);

        if (next > end)
            break;
        if (mapped != NULL)
            g_string_append(out, mapped);
        else if (out->len + (gsize) (next - p) <= limit)
            g_string_append_len(out, p, next - p);
        else
            break;
        p = next;
    }
    if (out->len > limit)
        g_string_truncate(out, rg_text_clip(out->str, out->len, limit));
    if (clipped != NULL)
        *clipped = p < end;
    *out_len = out->len;
    return g_string_free(out, FALSE);
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
