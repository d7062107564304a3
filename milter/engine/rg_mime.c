/*
 * rg_mime.c - from a GMime message to the text the rules read
 *
 * Owns the choice of body part and its decoding.  Decoding reads through
 * a GMime filter stream and stops at a bound derived from the scan limit,
 * so a huge part never becomes a huge buffer.  Parts of attached or
 * forwarded messages (message/rfc822) are never read as the agent's text,
 * and MIME trees are walked to a fixed depth.
 */
#include <string.h>

#include "rg_html.h"
#include "rg_mime.h"
#include "rg_text.h"

#define MAX_DEPTH 32            /* MIME nesting walked at most */
#define SUBJECT_MAX 4096        /* bytes of Subject read at most */
#define HTML_FACTOR 4           /* HTML bytes read per byte of text kept */
#define META_SCAN 2048          /* bytes of HTML searched for a charset */

/* rg_message_free - accepts NULL */
void rg_message_free(RgMessage *m)
{
    if (m == NULL)
        return;
    g_free(m->subject);
    g_free(m->body);
    g_free(m->content_language);
    g_free(m->inline_image_name);
    g_free(m);
}

/* is_attachment - a part with Content-Disposition: attachment */
static gboolean is_attachment(GMimeObject *part)
{
    GMimeContentDisposition *d = g_mime_object_get_content_disposition(part);

    return d != NULL && g_mime_content_disposition_is_attachment(d);
}

/* is_text - a non-attachment text/SUBTYPE leaf */
static gboolean is_text(GMimeObject *part, const char *subtype)
{
    GMimeContentType *ct = g_mime_object_get_content_type(part);

    return GMIME_IS_TEXT_PART(part) && ct != NULL &&
        g_mime_content_type_is_type(ct, "text", subtype) &&
        !is_attachment(part);
}

/* find_body - the part holding the agent's text, or NULL */
static GMimeObject *find_body(GMimeObject *part, int depth)
{
    if (part == NULL || depth > MAX_DEPTH)
        return NULL;
    if (GMIME_IS_MULTIPART(part)) {
        GMimeMultipart *mp = GMIME_MULTIPART(part);
        GMimeContentType *ct = g_mime_object_get_content_type(part);
        int n = g_mime_multipart_get_count(mp);

        if (ct && g_mime_content_type_is_type(ct, "multipart", "alternative")) {
            GMimeObject *html = NULL;

            for (int i = 0; i < n; i++) {
                GMimeObject *child = g_mime_multipart_get_part(mp, i);

                if (is_text(child, "plain"))
                    return child;
                if (html == NULL && is_text(child, "html"))
                    html = child;
            }
            if (html != NULL)
                return html;
        }
        for (int i = 0; i < n; i++) {
            GMimeObject *found = find_body(g_mime_multipart_get_part(mp, i),
                                           depth + 1);

            if (found != NULL)
                return found;
        }
        return NULL;
    }
    if (is_text(part, "plain") || is_text(part, "html"))
        return part;
    return NULL;
}

/* count_images - inline images of the agent's own message */
static void count_images(GMimeObject *part, int depth, RgMessage *m)
{
    GMimeContentType *ct;

    if (part == NULL || depth > MAX_DEPTH)
        return;
    if (GMIME_IS_MULTIPART(part)) {
        GMimeMultipart *mp = GMIME_MULTIPART(part);
        int n = g_mime_multipart_get_count(mp);

        for (int i = 0; i < n; i++)
            count_images(g_mime_multipart_get_part(mp, i), depth + 1, m);
        return;
    }
    ct = g_mime_object_get_content_type(part);
    if (ct == NULL || !GMIME_IS_PART(part) ||
        g_strcmp0(g_mime_content_type_get_media_type(ct), "image") != 0 ||
        is_attachment(part))
        return;
    /* inline by disposition, or referenced by Content-ID without one */
    if (g_mime_object_get_content_disposition(part) != NULL ||
        g_mime_object_get_content_id(part) != NULL) {
        if (m->inline_images++ == 0) {
            const char *name = g_mime_part_get_filename(GMIME_PART(part));

            if (name == NULL)
                name = g_mime_object_get_content_id(part);
            m->inline_image_name = g_strdup(name ? name : "image");
        }
    }
}

/* read_decoded - transfer-decoded bytes of a part, at most limit; caller frees */
static GByteArray *read_decoded(GMimePart *part, gsize limit,
                                gboolean *truncated)
{
    GByteArray *out = g_byte_array_new();
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    GMimeStream *raw;
    GMimeStream *filtered;
    GMimeFilter *filter;
    char buf[8192];

    *truncated = FALSE;
    if (content == NULL || (raw = g_mime_data_wrapper_get_stream(content)) ==
        NULL)
        return out;
    g_mime_stream_reset(raw);
    filtered = g_mime_stream_filter_new(raw);
    filter = g_mime_filter_basic_new(g_mime_data_wrapper_get_encoding(content),
                                     FALSE);
    g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), filter);
    g_object_unref(filter);
    for (;;) {
        ssize_t n = g_mime_stream_read(filtered, buf, sizeof buf);

        if (n <= 0)
            break;
        if (out->len + (gsize) n > limit) {
            g_byte_array_append(out, (guint8 *) buf, (guint) (limit - out->len));
            *truncated = TRUE;
            break;
        }
        g_byte_array_append(out, (guint8 *) buf, (guint) n);
    }
    g_object_unref(filtered);
    g_mime_stream_reset(raw);
    return out;
}

/* html_meta_charset - charset named by <meta ... charset=...>, or NULL; caller frees */
static char *html_meta_charset(const char *html, gsize len)
{
    gsize n = MIN(len, META_SCAN);

    for (gsize i = 0; i + 8 < n; i++) {
        if (g_ascii_strncasecmp(html + i, "charset=", 8) == 0) {
            gsize j = i + 8;
            gsize k;

            while (j < n && (html[j] == '"' || html[j] == '\''))
                j++;
            for (k = j; k < n && (g_ascii_isalnum(html[k]) || html[k] == '-' ||
                                  html[k] == '_'); k++)
                ;
            return k > j ? g_strndup(html + j, k - j) : NULL;
        }
    }
    return NULL;
}

/* read_body - decode, convert and normalise the chosen part into m */
static void read_body(GMimeObject *part, gsize scan_limit,
                      const char *fallback, RgMessage *m)
{
    gboolean html = is_text(part, "html");
    gboolean cut = FALSE;
    GByteArray *raw = read_decoded(GMIME_PART(part),
                                   html ? scan_limit * HTML_FACTOR : scan_limit,
                                   &cut);
    g_autofree char *meta = NULL;
    const char *charset = g_mime_object_get_content_type_parameter(part,
                                                                   "charset");
    gboolean clipped = FALSE;

    if (charset == NULL && html)
        charset = meta = html_meta_charset((char *) raw->data, raw->len);
    if (html) {
        gsize ulen = 0;
        g_autofree char *utf8 = rg_text_to_utf8((char *) raw->data, raw->len,
                                                charset, fallback, &ulen);
        guint data_images = 0;
        gsize tlen = 0;
        g_autofree char *text = rg_html_to_text(utf8, ulen, &tlen,
                                                &data_images);

        m->body = rg_text_normalize(text, tlen, scan_limit, &m->body_len,
                                    &clipped);
        m->body_is_html = TRUE;
        if (data_images > 0 && m->inline_images == 0)
            m->inline_image_name = g_strdup("data: image");
        m->inline_images += data_images;
    } else
        m->body = rg_text_decode((char *) raw->data, raw->len, charset,
                                 fallback, scan_limit, &m->body_len, &clipped);
    g_byte_array_unref(raw);
    cut = cut || clipped;
    m->truncated = cut;
}

/* primary_tag - "en" of "en-GB, pl"; caller frees */
static char *primary_tag(const char *value)
{
    gsize n = 0;

    if (value == NULL)
        return NULL;
    while (g_ascii_isspace(*value))
        value++;
    while (g_ascii_isalpha(value[n]) && n < 8)
        n++;
    return n ? g_ascii_strdown(value, (gssize) n) : NULL;
}

/* rg_message_from_mime - the text view of a parsed message; caller frees */
RgMessage *rg_message_from_mime(GMimeMessage *mime, gsize scan_limit,
                                const char *fallback_charset)
{
    RgMessage *m = g_new0(RgMessage, 1);
    GMimeObject *root = g_mime_message_get_mime_part(mime);
    GMimeObject *body;
    const char *subject = g_mime_message_get_subject(mime);
    gsize slen = 0;

    if (subject == NULL)
        subject = "";
    m->subject = rg_text_decode(subject, strlen(subject), NULL,
                                fallback_charset, SUBJECT_MAX, &slen, NULL);
    g_strdelimit(m->subject, "\n", ' ');
    g_strstrip(m->subject);
    m->content_language = primary_tag(
        g_mime_object_get_header(GMIME_OBJECT(mime), "Content-Language"));
    if (m->content_language == NULL && root != NULL)
        m->content_language = primary_tag(
            g_mime_object_get_header(root, "Content-Language"));
    m->is_reply =
        g_mime_object_get_header(GMIME_OBJECT(mime), "In-Reply-To") != NULL ||
        g_mime_object_get_header(GMIME_OBJECT(mime), "References") != NULL;

    count_images(root, 0, m);
    body = find_body(root, 0);
    if (body != NULL) {
        read_body(body, scan_limit, fallback_charset, m);
    } else {
        m->body = g_strdup("");
        m->body_len = 0;
    }
    return m;
}
