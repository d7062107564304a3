/*
 * rg_html.h - text/html to plain text, quotes marked as "> " lines
 */
#ifndef RG_HTML_H
#define RG_HTML_H

#include <glib.h>

G_BEGIN_DECLS

char *rg_html_to_text(const char *html, gsize len, gsize *out_len,
                      guint *data_images);

G_END_DECLS

#endif
