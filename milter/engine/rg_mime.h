/*
 * rg_mime.h - from a GMime message to the text the rules read
 *
 * Picks the body (text/plain alternative, else text/html made plain),
 * decodes transfer encoding and charset within the scan limit, and
 * collects the Subject, Content-Language and inline images.
 */
#ifndef RG_MIME_H
#define RG_MIME_H

#include <gmime/gmime.h>

G_BEGIN_DECLS

typedef struct {
    char *subject;              /* decoded, normalised, never NULL */
    char *body;                 /* normalised UTF-8, never NULL */
    gsize body_len;
    gboolean body_is_html;
    gboolean truncated;         /* the scan limit cut the body */
    gboolean is_reply;          /* has In-Reply-To or References */
    char *content_language;     /* primary tag, lower case, or NULL */
    guint inline_images;
    char *inline_image_name;    /* first inline image's file name or id */
} RgMessage;

RgMessage *rg_message_from_mime(GMimeMessage *mime, gsize scan_limit,
                                const char *fallback_charset);
void rg_message_free(RgMessage *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgMessage, rg_message_free)

G_END_DECLS

#endif
